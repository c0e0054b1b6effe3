"""networkx helpers over the graph of networks and what they link to.

The graph is a :class:`networkx.MultiDiGraph`. Nodes are strings ``"kind:key"``:
``network:tiktok-2024-12-3f9a0c1b2d``, ``country:RO``, ``tactic:inauthentic-accounts``,
``language:ro``, ``actor:party/national-liberal-party``, ``topic:election-RO``,
``region:europe`` (the tails of the graph's IRIs), each with ``kind`` and ``label`` attributes;
networks also carry ``accounts``, ``followers``, ``period``, ``platform``, ``title`` and
``detection_source``. Edges go from a network to what it links to, keyed by relation:
``origin``, ``target``, ``region``, ``language``, ``tactic``, ``topic``, the actor stances
(``promoted``, ``criticized``, ``affiliated``, ``depicted``, ``mentioned``) and
``government-critical`` / ``government-supportive`` (to a country).
``G.graph["returning_accounts"]`` maps a month to the accounts removed from returning networks.

Helpers take and return bare keys (network ids, country codes, tactic slugs).

The package: :mod:`~queries.analysis.nodes` (node names), :mod:`~queries.analysis.loading`
(the graph from records or RDF), :mod:`~queries.analysis.tactics` (networks, their tactics and
similarity), :mod:`~queries.analysis.countries` (flows and country profiles),
:mod:`~queries.analysis.projections` (co-occurrence, communities, centrality) and
:mod:`~queries.analysis.timeline`; every helper is importable from ``queries.analysis``.
"""

from cio_graph.queries.analysis.countries import country_profile, cross_border_flows
from cio_graph.queries.analysis.loading import graph_from_rdf, graph_from_records, load_graph
from cio_graph.queries.analysis.nodes import STANCES, key, node
from cio_graph.queries.analysis.projections import (
    centrality,
    cooccurrence,
    similarity_graph,
    tactic_communities,
    tactic_cooccurrence,
)
from cio_graph.queries.analysis.tactics import (
    linked,
    networks,
    networks_sharing_tactics,
    shared_tactics,
    tactic_similarity,
    tactic_weights,
)
from cio_graph.queries.analysis.timeline import timeline

__all__ = [
    "STANCES",
    "centrality",
    "cooccurrence",
    "country_profile",
    "cross_border_flows",
    "graph_from_rdf",
    "graph_from_records",
    "key",
    "linked",
    "load_graph",
    "networks",
    "networks_sharing_tactics",
    "node",
    "shared_tactics",
    "similarity_graph",
    "tactic_communities",
    "tactic_cooccurrence",
    "tactic_similarity",
    "tactic_weights",
    "timeline",
]
