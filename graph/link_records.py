"""The links of :mod:`graph.links` set on the network records: each record's ``links``, found from a
slim view of the records (the fields links are made from), so that records kept on disk
(:mod:`graph.spool`) need not all be in memory to be linked.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from cio_graph.graph.earlier import earlier_takedowns
from cio_graph.graph.links import find_links, fold, indicator_key, origin_target_pairs, platform_slug
from cio_graph.graph.record_types import LinkRecord, NetworkRecord

__all__ = ["LINK_FIELDS", "ITEM_KEYS", "link_view", "linkable_views", "links_by_network", "attach_links"]

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
# what links read of a list field's items: ``None`` keeps the item, a key keeps that value of it
ITEM_KEYS: dict[str, str | None] = {
    "iocs": "value",
    "origin_countries": "code",
    "target_countries": "code",
    "actors": "name",
    "tactics": "id",
    "consistent_with": None,
    "other_platforms": None,
}


def link_view(record: NetworkRecord) -> NetworkRecord:
    """The part of a record links are found from (:data:`LINK_FIELDS`), as little of it as they read:
    countries and tactics as their codes, actors and indicators as one-key objects (their name,
    their value), repeated strings shared, empty fields left out, and the description only where it
    names an earlier takedown (:mod:`graph.earlier`). The same links, a fraction of the memory.

    >>> link_view({"id": "a", "platform": "meta", "period": "2024-Q1", "description": "Fake news.", "row": 3,
    ...            "actors": [{"name": "X", "type": "person", "evidence": "..."}], "iocs": [],
    ...            "origin_countries": [{"code": "RU", "name": "Russia", "evidence": "Russia"}]})
    {'id': 'a', 'platform': 'meta', 'period': '2024-Q1', 'origin_countries': ['RU'], 'actors': [{'name': 'X'}]}
    """
    fields: Mapping[str, Any] = record
    view: dict[str, Any] = {}
    for name in LINK_FIELDS:
        value = fields.get(name)
        if not value:
            continue
        if name not in ITEM_KEYS:
            view[name] = sys.intern(value) if name in ("platform", "period") else value
            continue
        key = ITEM_KEYS[name]
        if key is None:
            view[name] = value
        elif name in ("iocs", "actors"):  # read as objects: one key kept
            view[name] = [{key: item[key]} if isinstance(item, dict) and key in item else item for item in value]
        else:  # read as their codes (a code or an object with one)
            codes = (item[key] if isinstance(item, dict) else item for item in value)
            view[name] = [sys.intern(code) if isinstance(code, str) else code for code in codes]
    description = record.get("description") or ""
    if description and earlier_takedowns(description):
        view["description"] = description
    return view  # type: ignore[return-value]


def linkable_views(networks: Sequence[NetworkRecord]) -> list[NetworkRecord]:
    """The :func:`link_view` of every network that :func:`graph.links.find_links` could link, in
    two passes over the records; the others cannot change any link and are not kept.

    The first pass counts what networks share: the platforms of each origin->target block, named
    operations, indicators, and the (platform, origin) that networks' statements point at ("consistent
    with findings reported by" a platform, a continuation of an earlier takedown). The second keeps
    a network when it shares a block with another platform, an operation or an indicator with another
    network, makes such a statement, or is of a platform and origin one points at. A million networks
    of one platform with nothing in common keep none (their views were 0.9 GB).

    >>> def net(id, platform, origin, target):
    ...     return {"id": id, "platform": platform, "period": "2024-01",
    ...             "origin_countries": [origin], "target_countries": [target]}
    >>> [v["id"] for v in linkable_views([net("a", "meta", "RU", "DE"), net("b", "tiktok", "RU", "DE"),
    ...                                    net("c", "tiktok", "RU", "FR"), net("d", "tiktok", "CN", "US")])]
    ['a', 'b']
    """
    platforms_of: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    operations: Counter[str] = Counter()
    indicators: Counter[str] = Counter()
    pointed_at: set[tuple[str, Any]] = set()  # (platform, origin) a network's statement links to
    speakers: set[int] = set()  # positions of the networks making such statements
    for position, view in enumerate(map(link_view, networks)):
        for pair in origin_target_pairs(view):
            platforms_of[pair].add(view["platform"])
        if name := view.get("named_operation"):
            operations[fold(name)] += 1
        indicators.update({indicator_key(ioc) for ioc in view.get("iocs") or ()} - {""})
        platforms = [platform_slug(name) for name in view.get("consistent_with") or ()]
        if "description" in view:  # it names an earlier takedown of its own platform
            platforms.append(view["platform"])
        if platforms:
            speakers.add(position)
            pointed_at.update((p, origin) for p in platforms for origin in view.get("origin_countries") or ())
    kept = []
    for position, view in enumerate(map(link_view, networks)):
        name = view.get("named_operation")
        if (
            position in speakers
            or any(len(platforms_of[pair]) > 1 for pair in origin_target_pairs(view))
            or (name and operations[fold(name)] > 1)
            or any(indicators[indicator_key(ioc)] > 1 for ioc in view.get("iocs") or ())
            or any((view["platform"], origin) in pointed_at for origin in view.get("origin_countries") or ())
        ):
            kept.append(view)
    return kept


def links_by_network(networks: Sequence[NetworkRecord]) -> dict[str, list[LinkRecord]]:
    """The ``links`` of every network that has any, by network id, each sorted by score then id
    (found from :func:`linkable_views`)."""
    views = linkable_views(networks)
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
