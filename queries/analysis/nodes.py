"""Step 7 (ask): node names and edge keys of the analysis graph (``"kind:key"``, edges keyed by what they say).

Node kinds and keys are those of :mod:`graph.projection` (``Node.name``); this module names the
edges, which the other graphs name by their ``cio:`` property.
"""

from __future__ import annotations

from cio_graph.graph.projection import ACTOR_RELATIONS, Edge

__all__ = ["CROSS_PLATFORM_KEYS", "EDGE_KEYS", "STANCES", "edge_key", "key", "node"]


STANCES = tuple(ACTOR_RELATIONS)  # promoted, criticized, affiliated, depicted, mentioned
#: The key of an edge by its ``cio:`` property; actor edges are keyed by their stance, government
#: stances by ``government-`` and the stance. Leads and "consistent with" are not in this graph.
EDGE_KEYS = {
    "originCountry": "origin",
    "targetCountry": "target",
    "targetRegion": "region",
    "language": "language",
    "usesTactic": "tactic",
    "topic": "topic",
    "relatedNetwork": "related",
    "partOfOperation": "operation",
    "indicator": "indicator",
    "alsoOnPlatform": "also-on",
}
#: The keys of the edges :func:`queries.cross_platform.add_cross_platform` adds.
CROSS_PLATFORM_KEYS = frozenset(("related", "operation", "indicator", "also-on"))


def edge_key(edge: Edge) -> str | None:
    """The key of a projected edge in this graph, or None for an edge it leaves out.

    >>> from cio_graph.graph.projection import project
    >>> [edge_key(e) for e in project({"id": "a", "government_stances": [{"country": "RU", "stance": "critical"}],
    ...                                "consistent_with": ["meta"]}).edges]
    ['government-critical', None]
    """
    if edge.relation == "governmentStance":
        return f"government-{edge.stance}"
    if edge.target.kind == "actor" and edge.relation != "leadsFrom":
        return edge.stance
    return EDGE_KEYS.get(edge.relation)


def node(kind: str, key: str) -> str:
    """The node of ``key`` of a kind.

    >>> node("country", "RO")
    'country:RO'
    """
    return f"{kind}:{key}"


def key(name: str) -> str:
    """The key of a node.

    >>> key("tactic:inauthentic-accounts")
    'inauthentic-accounts'
    """
    return name.split(":", 1)[1]
