"""The graph for Gephi and other network tools: typed nodes and edges built from the records.

Nodes are networks, reports, platforms, countries, regions, languages, actors, tactics, topics,
indicators and named operations; links between networks are ``relatedNetwork`` edges with their
kind, score and bases.
node ids are the node's IRI under ``https://w3id.org/cio-graph/id/`` (``network/tiktok-2024-12-...``).
Every node has ``label`` and ``kind`` (a network's label is short and unique, its full title in
``title``: see :mod:`graph.export.gephi`); every edge has ``relation`` (the cio: property it stands for).
Attribute values are str, int, float or bool only (lists are joined with ``"; "``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cio_graph.graph import model, reference
from cio_graph.graph.export.gephi import network_label, unique_labels
from cio_graph.graph.links import indicator_key, platform_slug
from cio_graph.graph.model_disclosures import indicator_kind, indicator_node, operation_node
from cio_graph.graph.periods import period_bounds
from cio_graph.graph.vocab import DATA_IRI

LIST_SEPARATOR = "; "
Value = str | int | bool | float


@dataclass
class PropertyGraph:
    """Nodes by id, directed edges ``(source, target, attributes)``; ``start``/``end`` bound a node in time."""

    nodes: dict[str, dict[str, Value]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, Value]]] = field(default_factory=list)

    def add_node(self, node_id: str, **attributes: Value) -> None:
        self.nodes.setdefault(node_id, {}).update(attributes)

    def sorted_edges(self) -> list[tuple[str, str, dict[str, Value]]]:
        """Edges by source, target, relation and stance (the attributes that tell parallel edges apart)."""
        return sorted(self.edges, key=lambda e: (e[0], e[1], e[2]["relation"], e[2].get("stance", "")))


def node_id(iri: str) -> str:
    return iri.removeprefix(DATA_IRI)


def joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def network_attributes(record: dict) -> dict[str, Value]:
    """A network's node attributes: figures as ints, lists joined with ``"; "``."""
    start, end = period_bounds(record["period"])
    attributes: dict[str, Value] = {
        "label": network_label(record),
        "title": record.get("title") or model.network_label(record),
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
    for key in ("accounts", "followers", "row"):
        if record.get(key) is not None:
            attributes[key] = int(record[key])
    if record.get("month"):
        attributes["month"] = record["month"]
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
        return {"label": code, "kind": "country", "alpha2": code}
    return {"label": country.name, "kind": "country", "alpha2": country.alpha2, "alpha3": country.alpha3}


def build_property_graph(reports: list[dict], networks: list[dict]) -> PropertyGraph:
    """The heterogeneous graph of every record (independent of input order)."""
    graph = PropertyGraph()
    for report in reports:
        add_report(graph, report)
    region_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    actor_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    actor_aliases: defaultdict[str, set[str]] = defaultdict(set)
    topics: set[str] = set()
    tactics: set[str] = set()
    operation_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    labels = unique_labels(networks)
    types = model.actor_types(networks)
    for record in sorted(networks, key=lambda r: r["id"]):
        report_key = model.report_of(record)
        if node_id(model.report_node(report_key)) not in graph.nodes:
            add_report(graph, {"id": report_key, "platform": record["platform"], "period": record["period"]})
        network = node_id(model.network_node(record["id"]))
        attributes = network_attributes(record) | {"label": labels[record["id"]]}
        graph.add_node(network, **attributes)
        links: list[tuple[str, str, str | None]] = [(node_id(model.report_node(report_key)), "inReport", None)]
        links += disclosure_links(graph, record, operation_names, types)
        for item in record.get("origin_countries") or ():
            links.append((add_country(graph, item["code"]), "originCountry", None))
        for item in record.get("target_countries") or ():
            links.append((add_country(graph, item["code"]), "targetCountry", None))
        for item in record.get("target_regions") or ():
            region = node_id(model.region_node(item["name"]))
            region_names[region][item["name"]] += 1
            links.append((region, "targetRegion", None))
        for item in record.get("languages") or ():
            links.append((add_language(graph, item["code"]), "language", None))
        for item in record.get("actors") or ():
            actor_type = types.get(model.slug(item["name"]), item["type"])
            actor = node_id(model.actor_node(actor_type, item["name"]))
            actor_names[actor][item["name"]] += 1
            actor_aliases[actor].update(item.get("aliases") or ())
            graph.add_node(actor, kind="actor", actor_type=actor_type)
            links.append((actor, model.ACTOR_STANCES[item["stance"]].removeprefix(model.VOCAB_IRI), None))
        for item in record.get("government_stances") or ():
            links.append((add_country(graph, item["country"]), "governmentStance", item["stance"]))
        for item in record.get("tactics") or ():
            tactics.add(item["id"])
            links.append((node_id(model.tactic_node(item["id"])), "usesTactic", None))
        for item in record.get("topics") or ():
            topics.add(item["id"])
            links.append((node_id(model.topic_node(item["id"])), "topic", None))
        for target, relation, stance in dict.fromkeys(links):
            edge: dict[str, Value] = {"relation": relation}
            if stance is not None:
                edge["stance"] = stance
            graph.edges.append((network, target, edge))
        for link in record.get("links") or ():
            if record["id"] < link["network"]:
                graph.edges.append(
                    (
                        network,
                        node_id(model.network_node(link["network"])),
                        {
                            "relation": "relatedNetwork",
                            "link_kind": link["kind"],
                            "score": float(link["score"]),
                            "basis": joined(link.get("basis") or ()),
                            "weight": float(link["score"]),
                        },
                    )
                )
    for operation, names in operation_names.items():
        graph.add_node(operation, label=model.preferred(names), kind="operation")
    for region, names in region_names.items():
        graph.add_node(region, label=model.preferred(names), kind="region")
    for actor, names in actor_names.items():
        label = model.preferred(names)
        graph.add_node(actor, label=label, aliases=joined(sorted((set(names) | actor_aliases[actor]) - {label})))
    for slug in tactics:
        tactic = reference.tactics_by_slug()[slug]
        graph.add_node(
            node_id(model.tactic_node(slug)), label=tactic.label, kind="tactic", disarm_ids=joined(tactic.disarm_ids)
        )
    for topic in topics:
        node = node_id(model.topic_node(topic))
        graph.add_node(node, label=reference.topic_label(topic), kind="topic")
        code = reference.election_country(topic)
        if code is not None:
            graph.edges.append((node, add_country(graph, code), {"relation": "electionIn"}))
    return graph


def disclosure_links(
    graph: PropertyGraph, record: dict, operation_names: defaultdict[str, Counter[str]], types: dict[str, str]
) -> list[tuple[str, str, str | None]]:
    """Edges of a network's disclosed facts: indicators, operation, other platforms, leads."""
    links: list[tuple[str, str, str | None]] = []
    for ioc in record.get("iocs") or ():
        key = indicator_key(ioc)
        if not key:
            continue
        node = node_id(indicator_node(key))
        if node not in graph.nodes:
            attributes: dict[str, Value] = {
                "label": key,
                "kind": "indicator",
                "indicator_type": indicator_kind(ioc),
                "value": str(ioc.get("value") or key),
            }
            if ioc.get("platform"):
                attributes["platform"] = platform_slug(ioc["platform"])
            graph.add_node(node, **attributes)
        links.append((node, "indicator", None))
    if record.get("named_operation"):
        node = node_id(operation_node(record["named_operation"]))
        operation_names[node][record["named_operation"]] += 1
        links.append((node, "partOfOperation", None))
    for relation, names in (
        ("alsoOnPlatform", record.get("other_platforms")),
        ("consistentWith", record.get("consistent_with")),
    ):
        for platform in sorted({platform_slug(p) for p in names or ()} - {record["platform"]}):
            links.append((add_platform(graph, platform), relation, None))
    for organisation in sorted(set(record.get("leads_from") or ())):
        node = node_id(model.actor_node(types.get(model.slug(organisation), "organization"), organisation))
        graph.add_node(
            node, kind="actor", actor_type=types.get(model.slug(organisation), "organization"), label=organisation
        )
        links.append((node, "leadsFrom", None))
    return links


def add_platform(graph: PropertyGraph, platform: str) -> str:
    node = node_id(model.platform_node(platform))
    graph.add_node(node, label=reference.platform_label(platform), kind="platform")
    return node


def add_report(graph: PropertyGraph, report: dict) -> None:
    start, end = period_bounds(report["period"])
    platform = add_platform(graph, report["platform"])
    node = node_id(model.report_node(report["id"]))
    attributes: dict[str, Value] = {
        "label": report.get("title")
        or f"{reference.platform_label(report['platform'])} covert influence operations, {report['period']}",
        "kind": "report",
        "platform": report["platform"],
        "period": report["period"],
        "start": start,
        "end": end,
        "start_date": report.get("start_date") or start,
        "end_date": report.get("end_date") or end,
    }
    if report.get("reestablishing_accounts_removed") is not None:
        attributes["reestablishing_accounts_removed"] = int(report["reestablishing_accounts_removed"])
    graph.add_node(node, **attributes)
    graph.edges.append((node, platform, {"relation": "platform"}))


def add_country(graph: PropertyGraph, code: str) -> str:
    node = node_id(model.country_node(code))
    if node not in graph.nodes:
        graph.add_node(node, **country_attributes(code))
    return node


def add_language(graph: PropertyGraph, code: str) -> str:
    node = node_id(model.language_node(code))
    if node not in graph.nodes:
        language = reference.language(code)
        attributes: dict[str, Value] = {"label": code, "kind": "language"}
        if language is not None:
            attributes.update(label=language.name, iso639_3=language.iso639_3)
            if language.iso639_1:
                attributes["iso639_1"] = language.iso639_1
        graph.add_node(node, **attributes)
    return node


def build_country_flows(networks: list[dict]) -> PropertyGraph:
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
