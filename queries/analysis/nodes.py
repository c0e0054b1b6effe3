"""Node names of the analysis graph: ``"kind:key"`` strings, and the actor stances edges carry."""

from __future__ import annotations

__all__ = ["STANCES", "key", "node"]


STANCES = ("promoted", "criticized", "affiliated", "depicted", "mentioned")


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
