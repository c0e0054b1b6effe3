"""Step 7 (ask): networkx helpers across platforms: related networks, named operations, indicators.

They work on the graph of :mod:`queries.analysis` (``load_graph``, ``graph_from_records``), whose
networks carry these edges beside the entity links:

- ``network:a -> network:b``, key ``related``, with ``link_kind`` (``stated``/``inferred``),
  ``score`` and ``basis`` (both directions);
- ``network -> operation:<slug>``, key ``operation``;
- ``network -> indicator:<value>``, key ``indicator``;
- ``network -> platform:<slug>``, key ``also-on`` (the platforms it was also on).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from cio_graph.graph.record_types import NetworkRecord

__all__ = ["add_cross_platform", "related_networks", "operations_across_platforms", "shared_indicators"]


def add_cross_platform(G: nx.MultiDiGraph, records: list[NetworkRecord]) -> None:
    """Add the cross-platform edges of network records to ``G`` (see the module's docs)."""
    from cio_graph.graph.projection import label, project
    from cio_graph.queries.analysis.nodes import CROSS_PLATFORM_KEYS, edge_key

    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for record in sorted(records, key=lambda r: r["id"]):
        projected = project(record)
        network = projected.node.name
        for edge in projected.edges:  # related networks, operation, indicators, other platforms: in this order
            relation, target = edge_key(edge), edge.target
            if relation not in CROSS_PLATFORM_KEYS:
                continue
            if relation == "related":
                link = edge.attributes
                attributes = {
                    "link_kind": link["kind"],
                    "score": float(link["score"]),
                    "basis": tuple(link["basis"] or ()),
                }
                G.add_edge(network, target.name, key=relation, **attributes)
                continue
            if relation == "operation":
                names[target.name][target.label] += 1
            G.add_node(target.name, kind=target.kind, label=target.label)
            G.add_edge(network, target.name, key=relation)
    for operation, counted in names.items():  # labelled as the RDF model labels it
        G.nodes[operation]["label"] = label("operation", "", counted)


def related_networks(G: nx.MultiDiGraph, network: str, min_score: float = 0.0, kind: str | None = None) -> list[dict]:
    """The networks linked to ``network``, best first: id, platform, kind, score and bases.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph of :func:`queries.analysis.graph_from_records` or ``load_graph``.
    network : str
        A network id.
    min_score : float
        Leave out links scoring less (stated links score 1).
    kind : str, optional
        ``"stated"`` or ``"inferred"`` only.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([
    ...     {"id": "a", "platform": "meta", "links": [
    ...         {"network": "b", "platform": "google", "kind": "stated", "score": 1.0, "basis": ["same-operation"]}]},
    ...     {"id": "b", "platform": "google", "links": [
    ...         {"network": "a", "platform": "meta", "kind": "stated", "score": 1.0, "basis": ["same-operation"]}]}])
    >>> related_networks(G, "a")
    [{'network': 'b', 'platform': 'google', 'kind': 'stated', 'score': 1.0, 'basis': ['same-operation']}]
    """
    source = f"network:{network}"
    if source not in G:
        return []
    found = []
    for _, target, key, data in G.out_edges(source, keys=True, data=True):
        if key != "related" or data["score"] < min_score or (kind and data["link_kind"] != kind):
            continue
        found.append(
            {
                "network": target.split(":", 1)[1],
                "platform": G.nodes[target].get("platform", ""),
                "kind": data["link_kind"],
                "score": data["score"],
                "basis": list(data["basis"]),
            }
        )
    return sorted(found, key=lambda r: (-r["score"], r["network"]))


def operations_across_platforms(G: nx.MultiDiGraph, min_platforms: int = 1) -> list[dict]:
    """Named operations with the platforms, periods and networks that reports assign to them.

    Operations disclosed by most platforms come first; an operation is named as the graph labels
    it: the name most networks give it (ties: alphabetical).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([
    ...     {"id": "a", "platform": "meta", "period": "2024-H1", "named_operation": "Doppelganger"},
    ...     {"id": "b", "platform": "google", "period": "2024-Q2", "named_operation": "DOPPELGÄNGER"},
    ...     {"id": "c", "platform": "google", "period": "2024-Q2", "named_operation": "Spamouflage"}])
    >>> [(o["operation"], o["platforms"], o["networks"]) for o in operations_across_platforms(G, 2)]
    [('DOPPELGÄNGER', ['google', 'meta'], ['a', 'b'])]
    """
    members: defaultdict[str, set[str]] = defaultdict(set)
    for source, target, key in G.edges(keys=True):
        if key == "operation":
            members[target].add(source)
    rows = []
    for operation, nets in members.items():
        platforms = sorted({G.nodes[n].get("platform", "") for n in nets})
        if len(platforms) < min_platforms:
            continue
        rows.append(
            {
                "operation": G.nodes[operation].get("label", operation.split(":", 1)[1]),
                "platforms": platforms,
                "networks": sorted(n.split(":", 1)[1] for n in nets),
                "periods": sorted({G.nodes[n].get("period", "") for n in nets}),
            }
        )
    return sorted(rows, key=lambda r: (-len(r["platforms"]), -len(r["networks"]), r["operation"]))


def shared_indicators(G: nx.MultiDiGraph) -> list[dict]:
    """Indicators listed for more than one network, with those networks and their platforms.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([
    ...     {"id": "a", "platform": "meta", "iocs": [{"value": "hxxps://news[.]example/"}]},
    ...     {"id": "b", "platform": "meta", "iocs": [{"value": "https://www.news.example"}]}])
    >>> shared_indicators(G)
    [{'indicator': 'news.example', 'networks': ['a', 'b'], 'platforms': ['meta']}]
    """
    rows = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != "indicator":
            continue
        nets = sorted(source.split(":", 1)[1] for source, _, key in G.in_edges(node, keys=True) if key == "indicator")
        if len(nets) > 1:
            rows.append(
                {
                    "indicator": node.split(":", 1)[1],
                    "networks": nets,
                    "platforms": sorted({G.nodes[f"network:{n}"].get("platform", "") for n in nets}),
                }
            )
    return sorted(rows, key=lambda r: (-len(r["networks"]), r["indicator"]))
