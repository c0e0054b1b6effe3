"""Networks and their tactics: what a network links to, shared tactics and tactic similarity."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

import networkx as nx

from cio_graph.queries.analysis.nodes import key, node

__all__ = ["linked", "networks", "networks_sharing_tactics", "shared_tactics", "tactic_similarity", "tactic_weights"]


def networks(G: nx.MultiDiGraph) -> list[str]:
    """Ids of every network, sorted.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> networks(graph_from_records([{"id": "b"}, {"id": "a"}]))
    ['a', 'b']
    """
    return sorted(key(n) for n, kind in G.nodes(data="kind") if kind == "network")


def linked(G: nx.MultiDiGraph, network: str, relation: str) -> set[str]:
    """Keys of what ``network`` links to by ``relation`` (``"tactic"``, ``"origin"``, ...).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]}])
    >>> sorted(linked(G, "a", "tactic"))
    ['x', 'y']
    """
    source = node("network", network)
    if source not in G:
        raise KeyError(f"no network {network!r} in the graph")
    return {key(target) for _, target, k in G.out_edges(source, keys=True) if k == relation}


def shared_tactics(G: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    """Tactics both networks use, sorted.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "y"}, {"id": "z"}]}])
    >>> shared_tactics(G, "a", "b")
    ['y']
    """
    return sorted(linked(G, a, "tactic") & linked(G, b, "tactic"))


def tactic_weights(G: nx.MultiDiGraph) -> dict[str, float]:
    """Inverse document frequency of each tactic: ``log(networks / networks using it)``.

    A tactic every network uses weighs 0.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "common"}, {"id": "rare"}]},
    ...                         {"id": "b", "tactics": [{"id": "common"}]}])
    >>> {t: round(w, 3) for t, w in sorted(tactic_weights(G).items())}
    {'common': 0.0, 'rare': 0.693}
    """
    total = len(networks(G))
    return {key(t): math.log(total / G.in_degree(t)) for t, kind in G.nodes(data="kind") if kind == "tactic"}


def tactic_similarity(
    G: nx.MultiDiGraph, a: str, b: str, weighting: str = "jaccard", weights: dict[str, float] | None = None
) -> float:
    """Similarity of two networks' tactics: Jaccard, or IDF-weighted Jaccard (``weighting="idf"``).

    The IDF weighting makes a tactic nearly every network uses (inauthentic accounts) count
    little and a rare one count much. ``weights`` can pass precomputed :func:`tactic_weights`.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "common"}, {"id": "rare"}]},
    ...                         {"id": "b", "tactics": [{"id": "common"}]},
    ...                         {"id": "c", "tactics": [{"id": "common"}, {"id": "rare"}]}])
    >>> tactic_similarity(G, "a", "b"), round(tactic_similarity(G, "a", "b", "idf"), 3)
    (0.5, 0.0)
    >>> tactic_similarity(G, "a", "c", "idf")
    1.0
    """
    first, second = linked(G, a, "tactic"), linked(G, b, "tactic")
    if weighting == "jaccard":
        union = first | second
        return len(first & second) / len(union) if union else 0.0
    if weighting != "idf":
        raise ValueError(f"weighting must be 'jaccard' or 'idf', not {weighting!r}")
    weights = weights if weights is not None else tactic_weights(G)
    union_weight = sum(weights[t] for t in first | second)
    return sum(weights[t] for t in first & second) / union_weight if union_weight else 0.0


def networks_sharing_tactics(
    G: nx.MultiDiGraph, min_shared: int = 2, max_share: float = 0.5, limit: int | None = None
) -> list[tuple[str, str, list[str]]]:
    """Pairs of networks sharing at least ``min_shared`` tactics, leaving out tactics used by
    more than ``max_share`` of all networks; most shared first, then by ids (as the canned
    query ``shared-tactics``).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}])
    >>> networks_sharing_tactics(G, min_shared=1, max_share=1.0)
    [('a', 'b', ['x', 'y']), ('a', 'c', ['y']), ('b', 'c', ['y'])]
    >>> networks_sharing_tactics(G, min_shared=1, max_share=0.9)
    [('a', 'b', ['x'])]
    """
    total = len(networks(G))
    shared: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for tactic, kind in sorted(G.nodes(data="kind")):
        if kind != "tactic" or G.in_degree(tactic) > max_share * total:
            continue
        users = sorted({key(n) for n in G.predecessors(tactic)})
        for pair in combinations(users, 2):
            shared[pair].append(key(tactic))
    pairs = [(a, b, tactics) for (a, b), tactics in shared.items() if len(tactics) >= min_shared]
    pairs.sort(key=lambda p: (-len(p[2]), p[0], p[1]))
    return pairs if limit is None else pairs[:limit]
