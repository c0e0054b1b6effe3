"""Projections of the network graph: co-occurrence, similarity, communities and centrality."""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from cio_graph.queries.analysis.nodes import key, node
from cio_graph.queries.analysis.tactics import networks, networks_sharing_tactics, tactic_similarity, tactic_weights

__all__ = ["centrality", "cooccurrence", "similarity_graph", "tactic_communities", "tactic_cooccurrence"]


def cooccurrence(G: nx.MultiDiGraph, kind: str = "tactic") -> nx.Graph:
    """Projection onto the nodes of one kind: an edge when networks link to both, ``weight`` =
    how many; each node's ``networks`` = networks linked to it. Nodes are bare keys.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}])
    >>> T = cooccurrence(G)
    >>> T["x"]["y"]["weight"], T.nodes["z"]["networks"]
    (2, 1)
    """
    projection = nx.Graph()
    for item, item_kind in sorted(G.nodes(data="kind")):
        if item_kind == kind:
            projection.add_node(
                key(item), networks=len(set(G.predecessors(item))), label=G.nodes[item].get("label", key(item))
            )
    for network in networks(G):
        items = sorted({key(t) for t in G.successors(node("network", network)) if t.startswith(kind + ":")})
        for first, second in combinations(items, 2):
            weight = projection.get_edge_data(first, second, {"weight": 0})["weight"]
            projection.add_edge(first, second, weight=weight + 1)
    return projection


def tactic_cooccurrence(G: nx.MultiDiGraph, min_networks: int = 1) -> list[dict]:
    """Pairs of tactics used by the same networks, most frequent first (as the canned query
    ``tactic-co-occurrence``, without its accounts column).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}]}])
    >>> tactic_cooccurrence(G)
    [{'tactic_a': 'x', 'tactic_b': 'y', 'networks': 2}]
    """
    rows = [
        {"tactic_a": min(a, b), "tactic_b": max(a, b), "networks": w}
        for a, b, w in cooccurrence(G, "tactic").edges(data="weight")
        if w >= min_networks
    ]
    return sorted(rows, key=lambda r: (-r["networks"], r["tactic_a"], r["tactic_b"]))


def similarity_graph(G: nx.MultiDiGraph, weighting: str = "idf") -> nx.Graph:
    """Networks (bare ids) linked when they share a tactic, ``weight`` = :func:`tactic_similarity`.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}]}, {"id": "b", "tactics": [{"id": "x"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}])
    >>> sorted(similarity_graph(G, "jaccard").edges(data="weight"))
    [('a', 'b', 1.0)]
    """
    weights = tactic_weights(G) if weighting == "idf" else None
    similar = nx.Graph()
    similar.add_nodes_from(networks(G))
    for a, b, _ in networks_sharing_tactics(G, min_shared=1, max_share=1.0):
        weight = tactic_similarity(G, a, b, weighting, weights)
        if weight > 0:
            similar.add_edge(a, b, weight=weight)
    return similar


def tactic_communities(
    G: nx.MultiDiGraph, seed: int = 7, resolution: float = 1.0, weighting: str = "idf"
) -> list[list[str]]:
    """Communities of networks by their tactics: Louvain (fixed ``seed``) on :func:`similarity_graph`.

    Returns sorted lists of network ids, largest community first.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}]}, {"id": "b", "tactics": [{"id": "x"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}, {"id": "d", "tactics": [{"id": "y"}]}])
    >>> tactic_communities(G)
    [['a', 'b'], ['c', 'd']]
    """
    similar = similarity_graph(G, weighting)
    found = nx.community.louvain_communities(similar, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def centrality(G: nx.MultiDiGraph, kind: str = "tactic", measure: str = "degree") -> list[tuple[str, float]]:
    """Centrality of the nodes of one kind (``tactic``, ``actor``, ``country`` ...), highest first.

    ``degree``: share of all networks linked to it. ``betweenness`` and ``closeness``: on the
    :func:`cooccurrence` projection (unweighted: linked when some network uses both).

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "z"}]}])
    >>> centrality(G, "tactic")
    [('x', 1.0), ('y', 0.5), ('z', 0.5)]
    >>> centrality(G, "tactic", "betweenness")[0]
    ('x', 1.0)
    """
    projection = cooccurrence(G, kind)
    if measure == "degree":
        total = len(networks(G)) or 1
        scores = {item: data["networks"] / total for item, data in projection.nodes(data=True)}
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(projection)
    elif measure == "closeness":
        scores = nx.closeness_centrality(projection)
    else:
        raise ValueError(f"measure must be degree, betweenness or closeness, not {measure!r}")
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
