"""Countries: cross-border flows from origin to target, and one country's profile."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from cio_graph.queries.analysis.nodes import STANCES, key, node
from cio_graph.queries.analysis.tactics import linked, networks

__all__ = ["country_profile", "cross_border_flows"]


def cross_border_flows(G: nx.MultiDiGraph, min_networks: int = 1) -> list[dict]:
    """Origin -> target country pairs (origin != target) with networks, accounts and followers,
    most networks first (as the canned query ``cross-border-flows``).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([
    ...     {"id": "a", "accounts": 10, "followers": 5, "origin_countries": [{"code": "RU"}],
    ...      "target_countries": [{"code": "DE"}, {"code": "RU"}]},
    ...     {"id": "b", "accounts": 1, "followers": 2, "origin_countries": [{"code": "RU"}],
    ...      "target_countries": [{"code": "DE"}]}])
    >>> cross_border_flows(G)
    [{'origin': 'RU', 'target': 'DE', 'networks': 2, 'accounts': 11, 'followers': 7}]
    """
    flows: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for network in networks(G):
        data = G.nodes[node("network", network)]
        for origin in linked(G, network, "origin"):
            for target in linked(G, network, "target") - {origin}:
                row = flows[(origin, target)]
                row[0] += 1
                row[1] += data["accounts"] or 0
                row[2] += data["followers"] or 0
    rows = [
        {"origin": o, "target": t, "networks": n, "accounts": a, "followers": f}
        for (o, t), (n, a, f) in flows.items()
        if n >= min_networks
    ]
    return sorted(rows, key=lambda r: (-r["networks"], -r["accounts"], r["origin"], r["target"]))


def country_profile(G: nx.MultiDiGraph, country: str) -> dict:
    """One country at a glance: networks from and against it, domestic and foreign, and the
    tactics, languages and actors (by stance) of the networks targeting it, each a count of networks.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([
    ...     {"id": "a", "origin_countries": [{"code": "RU"}], "target_countries": [{"code": "MD"}],
    ...      "tactics": [{"id": "x"}]},
    ...     {"id": "b", "origin_countries": [{"code": "MD"}], "target_countries": [{"code": "MD"}]}])
    >>> profile = country_profile(G, "md")
    >>> profile["targeted"], profile["domestic"], profile["foreign_origins"], profile["tactics"]
    (2, 1, {'RU': 1}, {'x': 1})
    """
    code = country.upper()
    place = node("country", code)
    into = {key(n) for n, _, k in G.in_edges(place, keys=True) if k == "target"} if place in G else set()
    out = {key(n) for n, _, k in G.in_edges(place, keys=True) if k == "origin"} if place in G else set()

    def count(nets: set[str], relation: str, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, int]:
        counted = Counter(item for n in nets for item in linked(G, n, relation) - exclude)
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    actors: Counter[tuple[str, str]] = Counter()
    for network in into:
        for stance in STANCES:
            for actor in linked(G, network, stance):
                actors[(stance, G.nodes[node("actor", actor)]["label"])] += 1
    return {
        "country": code,
        "operated_from": len(out),
        "targeted": len(into),
        "domestic": len(into & out),
        "foreign_origins": count(into, "origin", {code}),
        "targets_abroad": count(out, "target", {code}),
        "tactics": count(into, "tactic"),
        "languages": count(into, "language"),
        "actors": dict(sorted(actors.items(), key=lambda item: (-item[1], item[0]))),
    }
