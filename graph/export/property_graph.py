"""Step 6 (export): the property graph of GraphML and GEXF, its nodes and edges from :mod:`graph.projection`.

It is the graph for Gephi and other network tools: typed nodes and edges built from the records.

Nodes are networks, reports, platforms, countries, regions, languages, actors, tactics, topics,
indicators and named operations; links between networks are ``relatedNetwork`` edges with their
kind, score and bases.
node ids are the node's IRI under ``https://w3id.org/cio-graph/id/`` (``network/tiktok-2024-12-...``).
Every node has ``label`` and ``kind`` (a network's label is short and unique, its full title in
``title``: see :mod:`graph.export.gephi`); every edge has ``relation`` (the cio: property it stands for).
Attribute values are str, int, float or bool only (lists are joined with ``"; "``).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Protocol

from cio_graph.graph import reference
from cio_graph.graph.export import gephi
from cio_graph.graph.periods import period_bounds
from cio_graph.graph.projection import Edge, Node, label, network_label, project, project_report, report_of
from cio_graph.graph.record_types import NetworkRecord, ReportRecord
from cio_graph.graph.spool import in_id_order
from cio_graph.graph.terms import actor_types

__all__ = [
    "LIST_SEPARATOR",
    "GraphEdge",
    "NetworkPart",
    "PartSink",
    "PropertyGraph",
    "Value",
    "edge_key",
    "build_country_flows",
    "build_property_graph",
]

LIST_SEPARATOR = "; "
Value = str | int | bool | float


GraphEdge = tuple[str, str, dict[str, Value]]
NetworkPart = tuple[str, dict[str, Value], list[GraphEdge]]  # a network's node id, attributes and edges


def edge_key(edge: tuple) -> tuple[str, str, str, Value]:
    """Edges sort by source, target, relation and stance (the attributes that tell parallel edges apart)."""
    return edge[0], edge[1], edge[2]["relation"], edge[2].get("stance", "")


@dataclass
class PropertyGraph:
    """Nodes by id, directed edges ``(source, target, attributes)``; ``start``/``end`` bound a node in time.

    The networks' nodes and the edges from them are ``parts`` (:data:`NetworkPart`), in node id
    order, each part's edges sorted: a list, or a file of them (:class:`graph.export.parts.PartsFile`)
    read again on each pass, so that the writers never hold every network at once; ``nodes`` and
    ``edges`` hold the rest (the nodes networks share: countries, tactics, actors, reports …).
    """

    nodes: dict[str, dict[str, Value]] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)
    parts: Iterable[NetworkPart] = field(default_factory=list)

    def add_node(self, node_id: str, **attributes: Value) -> None:
        self.nodes.setdefault(node_id, {}).update(attributes)

    def all_nodes(self) -> Iterator[tuple[str, dict[str, Value]]]:
        """Every node and its attributes, the shared ones first, unsorted."""
        yield from self.nodes.items()
        for node, attributes, _ in self.parts:
            yield node, attributes

    def all_edges(self) -> Iterator[GraphEdge]:
        """Every edge, unsorted."""
        yield from self.edges
        for _, _, edges in self.parts:
            yield from edges

    def sorted_nodes(self) -> Iterator[tuple[str, dict[str, Value]]]:
        """Every node by id."""
        return heapq.merge(sorted(self.nodes.items(), key=itemgetter(0)), self.all_nodes_of_parts(), key=itemgetter(0))

    def all_nodes_of_parts(self) -> Iterator[tuple[str, dict[str, Value]]]:
        for node, attributes, _ in self.parts:
            yield node, attributes

    def sorted_edges(self) -> Iterator[tuple[str, str, dict[str, Value], dict[str, Value]]]:
        """Every edge by :func:`edge_key`, each with its source node's attributes after its own."""
        shared = sorted(((s, t, a, self.nodes.get(s) or {}) for s, t, a in self.edges), key=edge_key)
        of_networks = ((s, t, a, node) for _, node, edges in self.parts for s, t, a in edges)
        return heapq.merge(shared, of_networks, key=edge_key)

    def degrees(self) -> Counter[str]:
        """The degree of every shared node (edges in and out; networks are not counted)."""
        shared = self.nodes
        degree: Counter[str] = Counter()
        for source, target, _ in self.all_edges():
            if source in shared:
                degree[source] += 1
            if target in shared:
                degree[target] += 1
        return degree


def joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def network_attributes(record: NetworkRecord) -> dict[str, Value]:
    """A network's node attributes: figures as ints, lists joined with ``"; "``."""
    start, end = period_bounds(record["period"])
    attributes: dict[str, Value] = {
        "label": gephi.network_label(record),
        "title": network_label(record),
        "kind": "network",
        "record_id": record["id"],
        "platform": record["platform"],
        "period": record["period"],
        "start": start,
        "end": end,
        "detection_source": record.get("detection_source") or "",
        "global_audience": bool(record.get("global_audience")),
        "description": record.get("description") or "",
        "origin_countries": joined(c["code"] for c in record.get("origin_countries") or ()),
        "target_countries": joined(c["code"] for c in record.get("target_countries") or ()),
        "target_regions": joined(r["name"] for r in record.get("target_regions") or ()),
        "languages": joined(lang["code"] for lang in record.get("languages") or ()),
        "actors": joined(a["name"] for a in record.get("actors") or ()),
        "tactics": joined(t["id"] for t in record.get("tactics") or ()),
        "topics": joined(t["id"] for t in record.get("topics") or ()),
    }
    for key, count in (
        ("accounts", record.get("accounts")),
        ("followers", record.get("followers")),
        ("row", record.get("row")),
    ):
        if count is not None:
            attributes[key] = int(count)
    if month := record.get("month"):
        attributes["month"] = month
    attributes.update(
        assets=joined(f"{kind}={count}" for kind, count in sorted((record.get("assets") or {}).items())),
        followers_detail=joined(
            f"{kind}={count}" for kind, count in sorted((record.get("followers_detail") or {}).items())
        ),
        other_platforms=joined(sorted(record.get("other_platforms") or ())),
        leads_from=joined(sorted(record.get("leads_from") or ())),
        consistent_with=joined(sorted(record.get("consistent_with") or ())),
        attribution=joined(sorted(record.get("attribution") or ())),
        named_operation=record.get("named_operation") or "",
        indicators=len(record.get("iocs") or ()),
    )
    spend = record.get("ad_spend")
    if spend and spend.get("amount") is not None:
        attributes["ad_spend"] = float(spend["amount"])
        attributes["ad_spend_currency"] = spend.get("currency") or ""
    return attributes


def country_attributes(code: str) -> dict[str, Value]:
    country = reference.country(code)
    if country is None:
        return {"label": label("country", code), "kind": "country", "alpha2": code}
    return {"label": label("country", code), "kind": "country", "alpha2": country.alpha2, "alpha3": country.alpha3}


class PartSink(Protocol):
    """Where :func:`build_property_graph` puts the networks' parts: a list, or a file of them."""

    def append(self, part: NetworkPart, /) -> None: ...


def build_property_graph(
    reports: list[ReportRecord], networks: Sequence[NetworkRecord], parts: PartSink | None = None
) -> PropertyGraph:
    """The heterogeneous graph of every record (independent of input order); the networks' parts go
    to ``parts`` (default: a list in memory) in node id order."""
    sink: PartSink = parts if parts is not None else []
    graph = PropertyGraph(parts=sink)  # type: ignore[arg-type]
    for report in reports:
        add_report(graph, report)
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)  # of regions, actors and operations
    kinds: dict[str, str] = {}
    actor_aliases: defaultdict[str, set[str]] = defaultdict(set)
    widened = gephi.label_widenings(networks)  # the others' labels are their network_label
    types = actor_types(networks)
    for record in in_id_order(networks):
        report_node = Node("report", (report_of(record),)).id
        if report_node not in graph.nodes:
            add_report(graph, {"id": report_of(record), "platform": record["platform"], "period": record["period"]})
        projected = project(record, types)
        network = projected.node.id
        edges: list[GraphEdge] = []
        links: list[tuple[str, str, str | None]] = [(report_node, "inReport", None)]
        for edge in projected.edges:
            if edge.relation == "relatedNetwork":
                if record["id"] < edge.target.key:
                    edges.append((network, edge.target.id, related_attributes(edge.attributes)))
            elif edge.relation != "consistentWith" or edge.target.key != record["platform"]:
                links.append((add_target(graph, edge, names, kinds, actor_aliases), edge.relation, government(edge)))
        for target, relation, stance in dict.fromkeys(links):
            attributes: dict[str, Value] = {"relation": relation}
            if stance is not None:
                attributes["stance"] = stance
            edges.append((network, target, attributes))
        edges.sort(key=edge_key)
        shown = widened.get(record["id"]) or gephi.network_label(record)
        sink.append((network, network_attributes(record) | {"label": shown}, edges))
    for node, counted in names.items():
        kind = kinds[node]
        name = label(kind, "", counted)
        if kind == "actor":
            graph.add_node(node, label=name, aliases=joined(sorted((set(counted) | actor_aliases[node]) - {name})))
        else:
            graph.add_node(node, label=name, kind=kind)
    for node, kind in kinds.items():
        if kind in ("tactic", "topic"):
            add_reference_node(graph, node, kind)
    if isinstance(sink, list):
        sink.sort(key=itemgetter(0))  # record ids sort as node ids unless an id has to be escaped
    return graph


def government(edge: Edge) -> str | None:
    """The stance a ``governmentStance`` edge carries (an actor's stance is in its relation)."""
    return edge.stance if edge.relation == "governmentStance" else None


def related_attributes(link: Mapping[str, Any]) -> dict[str, Value]:
    score = float(link["score"])
    return {
        "relation": "relatedNetwork",
        "link_kind": link["kind"],
        "score": score,
        "basis": joined(link.get("basis") or ()),
        "weight": score,
    }


def add_target(
    graph: PropertyGraph,
    edge: Edge,
    names: defaultdict[str, Counter[str]],
    kinds: dict[str, str],
    actor_aliases: defaultdict[str, set[str]],
) -> str:
    """The node id of an edge's target, its node added (labels chosen across records are counted)."""
    target = edge.target
    node, kind = target.id, target.kind
    if kind == "country":
        return add_country(graph, target.key)
    if kind == "language":
        return add_language(graph, target.key)
    if kind == "platform":
        return add_platform(graph, target.key)
    if kind == "indicator" and node not in graph.nodes:
        attributes: dict[str, Value] = {
            "label": target.key,
            "kind": "indicator",
            "indicator_type": target.attributes["indicator_type"],
            "value": str(target.attributes["value"] or target.key),
        }
        if target.attributes.get("platform"):
            attributes["platform"] = target.attributes["platform"]
        graph.add_node(node, **attributes)
    elif kind == "actor" and edge.relation == "leadsFrom":  # labelled as the lead names it, unless an actor
        graph.add_node(node, kind="actor", actor_type=target.parts[0], label=target.label)
    elif kind == "actor":
        names[node][target.label] += 1
        kinds[node] = kind
        actor_aliases[node].update(target.attributes.get("aliases") or ())
        graph.add_node(node, kind="actor", actor_type=target.parts[0])
    elif kind in ("region", "operation"):
        names[node][target.label] += 1
        kinds[node] = kind
    elif kind in ("tactic", "topic"):
        kinds.setdefault(node, kind)
    return node


def add_reference_node(graph: PropertyGraph, node: str, kind: str) -> None:
    """A tactic (with its DISARM ids) or a topic (with the country whose election it is)."""
    key = node.removeprefix(kind + "/")
    if kind == "tactic":
        disarm_ids = reference.tactics_by_slug()[key].disarm_ids
        graph.add_node(node, label=label(kind, key), kind=kind, disarm_ids=joined(disarm_ids))
        return
    graph.add_node(node, label=label(kind, key), kind=kind)
    code = reference.election_country(key)
    if code is not None:
        graph.edges.append((node, add_country(graph, code), {"relation": "electionIn"}))


def add_platform(graph: PropertyGraph, platform: str) -> str:
    node = Node("platform", (platform,)).id
    graph.add_node(node, label=label("platform", platform), kind="platform")
    return node


def add_report(graph: PropertyGraph, report: ReportRecord) -> None:
    start, end = period_bounds(report["period"])
    projected = project_report(report)
    platform = add_platform(graph, report["platform"])
    attributes: dict[str, Value] = {
        "label": projected.node.label,
        "kind": "report",
        "platform": report["platform"],
        "period": report["period"],
        "start": start,
        "end": end,
        "start_date": report.get("start_date") or start,
        "end_date": report.get("end_date") or end,
    }
    if (returning := report.get("reestablishing_accounts_removed")) is not None:
        attributes["reestablishing_accounts_removed"] = int(returning)
    graph.add_node(projected.node.id, **attributes)
    graph.edges.append((projected.node.id, platform, {"relation": "platform"}))


def add_country(graph: PropertyGraph, code: str) -> str:
    node = Node("country", (code,)).id
    if node not in graph.nodes:
        graph.add_node(node, **country_attributes(code))
    return node


def add_language(graph: PropertyGraph, code: str) -> str:
    node = Node("language", (code,)).id
    if node not in graph.nodes:
        language = reference.language(code)
        attributes: dict[str, Value] = {"label": label("language", code), "kind": "language"}
        if language is not None:
            attributes["iso639_3"] = language.iso639_3
            if language.iso639_1:
                attributes["iso639_1"] = language.iso639_1
        graph.add_node(node, **attributes)
    return node


def build_country_flows(networks: Sequence[NetworkRecord]) -> PropertyGraph:
    """Countries, and for every (origin, target) pair the networks, accounts and followers on it.

    A network with several origins or targets counts fully on each of its pairs; a network with
    the same country as origin and target makes a self-loop (a domestic operation).
    """
    graph = PropertyGraph()
    flows: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for record in networks:
        origins = sorted({c["code"] for c in record.get("origin_countries") or ()})
        targets = sorted({c["code"] for c in record.get("target_countries") or ()})
        for origin in origins:
            for target in targets:
                flow = flows[(add_country(graph, origin), add_country(graph, target))]
                flow[0] += 1
                flow[1] += int(record.get("accounts") or 0)
                flow[2] += int(record.get("followers") or 0)
    for (origin, target), (count, accounts, followers) in flows.items():
        graph.edges.append(
            (
                origin,
                target,
                {
                    "relation": "influences",
                    "networks": count,
                    "accounts": accounts,
                    "followers": followers,
                    "weight": float(count),
                },
            )
        )
    return graph
