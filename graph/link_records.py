"""The links of :mod:`graph.links` set on the network records: each record's ``links``, found from a
slim view of the records (the fields links are made from), so that records kept on disk
(:mod:`graph.spool`) need not all be in memory to be linked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cio_graph.graph.earlier import earlier_takedowns
from cio_graph.graph.links import find_links
from cio_graph.graph.record_types import LinkRecord, NetworkRecord

__all__ = ["LINK_FIELDS", "link_view", "links_by_network", "attach_links"]

LINK_FIELDS = (
    "id",
    "platform",
    "period",
    "named_operation",
    "iocs",
    "origin_countries",
    "target_countries",
    "consistent_with",
    "actors",
    "tactics",
    "other_platforms",
)


def link_view(record: NetworkRecord) -> NetworkRecord:
    """The part of a record links are found from: :data:`LINK_FIELDS`, and the description only where
    it names an earlier takedown (:mod:`graph.earlier`); the same links, a fraction of the memory.

    >>> link_view({"id": "a", "platform": "meta", "period": "2024-Q1", "description": "Fake news.", "row": 3})
    {'id': 'a', 'platform': 'meta', 'period': '2024-Q1'}
    """
    fields: Mapping[str, Any] = record
    view: dict[str, Any] = {name: fields[name] for name in LINK_FIELDS if name in fields}
    description = record.get("description") or ""
    if description and earlier_takedowns(description):
        view["description"] = description
    return view  # type: ignore[return-value]


def links_by_network(networks: Iterable[NetworkRecord]) -> dict[str, list[LinkRecord]]:
    """The ``links`` of every network that has any, by network id, each sorted by score then id
    (the records are read once, into :func:`link_view`)."""
    views = [link_view(record) for record in networks]
    platform = {view["id"]: view["platform"] for view in views}
    per_network: dict[str, list[LinkRecord]] = defaultdict(list)
    for link in find_links(views):
        per_network[link.a].append(link.as_record(link.b, platform[link.b]))
        per_network[link.b].append(link.as_record(link.a, platform[link.a]))
    return {
        network: sorted(links, key=lambda link: (-link["score"], link["network"]))
        for network, links in per_network.items()
    }


def attach_links(networks: Sequence[NetworkRecord]) -> None:
    """Set the ``links`` of every network record (replacing any it had), each sorted by score then id."""
    links = links_by_network(networks)
    for record in networks:
        record["links"] = links.get(record["id"], [])
