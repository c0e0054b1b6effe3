"""Step 4 (link): links between networks across platforms, each with its kind, score and the facts behind it.

Two kinds (see ``docs/links.md``):

*stated* links rest on what the reports say: two networks assigned to the same named operation,
the same indicator (domain, URL, account) listed for two networks, a network "consistent with
similar findings reported by" a platform whose disclosures of a near period from the same origin
the graph holds, and a network said to continue one its platform took down in a named period
(:mod:`graph.earlier`), linked to that platform's networks of the period from the same origin. A
stated link scores 1.0.

*inferred* links are candidates a researcher should judge: networks of different platforms
that share an origin→target pair, scored from that pair, how close their periods are, shared
actors, shared indicators, shared tactics and whether one lists accounts on the other's platform.
Candidates are blocked by origin→target pair and by period window before any pair is scored, so
the work grows with the networks of one block and window, not with all pairs; each network
keeps its best :data:`PER_NETWORK` inferred links.

Everything is computed from network records (dicts of ``networks.jsonl``), independent of their
order.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from cio_graph.graph.earlier import earlier_takedowns
from cio_graph.graph.periods import period_dates as _period_dates
from cio_graph.graph.record_types import IndicatorRecord, LinkRecord, NetworkRecord
from cio_graph.graph.reference import platform_slug
from cio_graph.graph.terms import unaccented

period_dates = lru_cache(maxsize=4096)(_period_dates)  # periods repeat across thousands of networks

__all__ = [
    "Link",
    "find_links",
    "indicator_key",
    "origin_target_pairs",
    "fold",
    "platform_slug",
    "MIN_SCORE",
    "PER_NETWORK",
    "WINDOW_DAYS",
    "WEIGHTS",
]

MIN_SCORE = 0.6  # inferred candidates below this are dropped
PER_NETWORK = 5  # inferred links kept per network (a pair is kept when either side keeps it)
WINDOW_DAYS = 184  # periods further apart than this are not compared
ADJACENT_DAYS = 92  # "adjacent" periods: at most a quarter apart
WEIGHTS = {
    "origin-target": 0.4,  # at least one shared origin->target pair (the blocking key)
    "period-overlap": 0.2,
    "period-adjacent": 0.1,
    "actor": 0.15,  # per shared actor, at most two counted
    "indicator": 0.3,
    "tactics": 0.1,  # times the Jaccard index of the two tactic sets
    "platform-presence": 0.1,  # one network lists accounts on the other's platform
}


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name.

    >>> fold("  Doppelgänger ") == fold("DOPPELGANGER")
    True
    """
    return " ".join(unaccented(str(text)).split())


def indicator_key(ioc: IndicatorRecord) -> str:
    """An indicator as compared across networks: refanged, no scheme, no ``www.``, no trailing ``/``.

    >>> indicator_key({"value": "hxxps://www.Example[.]com/a/"})
    'example.com/a'
    >>> indicator_key({"value": "http://x.com/abc"}) == indicator_key({"value": "https://X.com/ABC"})
    True
    """
    value = str(ioc.get("value", "")).strip()
    value = value.replace("hxxps://", "https://").replace("hxxp://", "http://")
    value = value.replace("[.]", ".").replace("(.)", ".").replace("[:]", ":").casefold()
    for scheme in ("https://", "http://"):
        if value.startswith(scheme):
            value = value[len(scheme) :]
    if value.startswith("www."):
        value = value[4:]
    return value.rstrip("/")


@dataclass
class Link:
    """One link between two networks (``a`` < ``b``), with why it was made."""

    a: str
    b: str
    kind: str = "inferred"  # "stated" or "inferred"
    score: float = 0.0
    basis: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)

    def state(self, basis: str, evidence: str) -> None:
        self.kind, self.score = "stated", 1.0
        self.basis.add(basis)
        self.evidence.add(evidence)

    def as_record(self, other: str, platform: str) -> LinkRecord:
        """The link as seen from one side, for the ``links`` of a network record."""
        return {
            "network": other,
            "platform": platform,
            "kind": self.kind,
            "score": round(self.score, 3),
            "basis": sorted(self.basis),
            "evidence": sorted(self.evidence),
        }


def _codes(record: NetworkRecord, field_name: str) -> list[str]:
    fields: Mapping[str, Any] = record  # the field is named at run time
    return sorted({item["code"] if isinstance(item, dict) else item for item in fields.get(field_name) or ()})


def origin_target_pairs(record: NetworkRecord) -> set[tuple[str, str | None]]:
    """The origin->target pairs of a network (target None where it names none): the blocks of
    inferred candidates."""
    targets: list[str | None] = [*_codes(record, "target_countries")] or [None]
    return {(origin, target) for origin in _codes(record, "origin_countries") for target in targets}


def _nearest_per_platform(members: Sequence[NetworkRecord]) -> Iterable[tuple[NetworkRecord, NetworkRecord]]:
    """Pairs inside a group: each network with the nearest (in time) network of every platform.

    Within its own platform that is the previous one in time: a group of n networks gives at most
    n x platforms pairs, never n².
    """
    ordered = sorted(members, key=lambda r: (period_dates(r["period"])[0], r["id"]))
    by_platform: dict[str, list[NetworkRecord]] = defaultdict(list)
    for record in ordered:
        by_platform[record["platform"]].append(record)
    for platform, records in by_platform.items():
        yield from itertools.pairwise(records)
        starts = [period_dates(r["period"])[0] for r in records]
        for record in ordered:
            if record["platform"] < platform:
                at = bisect.bisect_left(starts, period_dates(record["period"])[0])
                near = records[max(0, at - 2) : at + 2]  # the nearest in time is among the neighbours
                yield record, min(near, key=lambda r: (_gap(r["period"], record["period"]), r["id"]))


def _gap(a: str, b: str) -> int:
    """Days between two periods (0 when they overlap), from cached period bounds."""
    (a_start, a_end), (b_start, b_end) = period_dates(a), period_dates(b)
    if a_start <= b_end and b_start <= a_end:
        return 0
    return (b_start - a_end).days if a_end < b_start else (a_start - b_end).days


class _Links:
    def __init__(self) -> None:
        self.links: dict[tuple[str, str], Link] = {}

    def get(self, x: str, y: str) -> Link:
        a, b = sorted((x, y))
        found = self.links.get((a, b))
        if found is None:
            found = self.links[(a, b)] = Link(a, b)
        return found


def _stated(networks: Sequence[NetworkRecord], links: _Links) -> None:
    operations: dict[str, list[NetworkRecord]] = defaultdict(list)
    indicators: dict[str, list[NetworkRecord]] = defaultdict(list)
    names: dict[str, str] = {}
    for record in networks:
        if name := record.get("named_operation"):
            operations[fold(name)].append(record)
            names.setdefault(fold(name), name)
        for key in sorted({indicator_key(ioc) for ioc in record.get("iocs") or ()} - {""}):
            indicators[key].append(record)
    for key, members in sorted(operations.items()):
        for x, y in _nearest_per_platform(members):
            links.get(x["id"], y["id"]).state("same-operation", f"both assigned to the operation {names[key]}")
    for key, members in sorted(indicators.items()):
        for x, y in _nearest_per_platform(members):
            links.get(x["id"], y["id"]).state("shared-indicator", f"both list the indicator {key}")
    by_platform: dict[str, list[NetworkRecord]] = defaultdict(list)
    for record in networks:
        by_platform[record["platform"]].append(record)
    for record in networks:
        origins = set(_codes(record, "origin_countries"))
        for name in record.get("consistent_with") or ():
            platform = platform_slug(name)
            for other in by_platform.get(platform, ()):
                shared = origins & set(_codes(other, "origin_countries"))
                if other is record or not shared or _gap(record["period"], other["period"]) > ADJACENT_DAYS:
                    continue
                links.get(record["id"], other["id"]).state(
                    "consistent-with",
                    f"{record['id']} is consistent with findings reported by {name}; {other['id']} is "
                    f"{platform}'s network from {', '.join(sorted(shared))} of {other['period']}",
                )
    _earlier(networks, by_platform, links)


def _earlier(networks: Sequence[NetworkRecord], by_platform: dict[str, list[NetworkRecord]], links: _Links) -> None:
    """A network said to continue one its platform took down in a named period: linked to that
    platform's networks of the period from the same origin (the nearest in time when several)."""
    for record in networks:
        origins = set(_codes(record, "origin_countries"))
        for takedown in earlier_takedowns(record.get("description") or ""):
            start, end = period_dates(takedown.period)
            candidates = [
                other
                for other in by_platform.get(record["platform"], ())
                if other is not record
                and origins & set(_codes(other, "origin_countries"))
                and period_dates(other["period"])[0] <= end
                and start <= period_dates(other["period"])[1]
            ]
            for other in candidates:
                links.get(record["id"], other["id"]).state(
                    "earlier-network",
                    f'{record["id"]}: "{takedown.evidence}"; {other["id"]} is '
                    f"{record['platform']}'s network from the same origin of {other['period']}",
                )


def _reasons(x: NetworkRecord, y: NetworkRecord, pairs: set[tuple[str, str | None]]) -> tuple[set[str], set[str]]:
    """The bases and evidence of a kept inferred pair: the facts :func:`_quick_score` counted, in words."""
    basis, evidence = {"origin-target"}, set()
    for origin, target in sorted(pairs, key=str):
        evidence.add(f"shared origin->target {origin}->{target or '?'}")
    gap = _gap(x["period"], y["period"])
    if gap == 0:
        basis.add("period-overlap")
        evidence.add(f"periods overlap ({x['period']}, {y['period']})")
    elif gap <= ADJACENT_DAYS:
        basis.add("period-adjacent")
        evidence.add(f"periods {gap} days apart ({x['period']}, {y['period']})")
    actors = {fold(a["name"]): a["name"] for a in x.get("actors") or ()}
    shared_actors = sorted(actors[k] for k in {fold(a["name"]) for a in y.get("actors") or ()} & set(actors))
    if shared_actors:
        basis.add("shared-actor")
        evidence.update(f"shared actor {name}" for name in shared_actors)
    x_iocs = {indicator_key(i) for i in x.get("iocs") or ()} - {""}
    shared_iocs = sorted(x_iocs & {indicator_key(i) for i in y.get("iocs") or ()})
    if shared_iocs:
        basis.add("shared-indicator")
        evidence.update(f"shared indicator {key}" for key in shared_iocs)
    x_tactics = {t["id"] if isinstance(t, dict) else t for t in x.get("tactics") or ()}
    y_tactics = {t["id"] if isinstance(t, dict) else t for t in y.get("tactics") or ()}
    if x_tactics & y_tactics:
        jaccard = len(x_tactics & y_tactics) / len(x_tactics | y_tactics)
        basis.add("shared-tactics")
        evidence.add(f"shared tactics {', '.join(sorted(x_tactics & y_tactics))} (Jaccard {jaccard:.2f})")
    for one, other in ((x, y), (y, x)):
        if other["platform"] in {platform_slug(p) for p in one.get("other_platforms") or ()}:
            basis.add("platform-presence")
            evidence.add(f"{one['id']} lists accounts on {other['platform']}")
            break
    return basis, evidence


@dataclass(frozen=True)
class _Features:
    """What a candidate's score is computed from, read once per network."""

    platform: str
    start: date
    end: date
    actors: frozenset[str]
    iocs: frozenset[str]
    tactics: frozenset[str]
    present_on: frozenset[str]

    @classmethod
    def of(cls, record: NetworkRecord) -> _Features:
        start, end = period_dates(record["period"])
        return cls(
            record["platform"],
            start,
            end,
            frozenset(fold(a["name"]) for a in record.get("actors") or ()),
            frozenset(indicator_key(i) for i in record.get("iocs") or ()) - {""},
            frozenset(t["id"] if isinstance(t, dict) else t for t in record.get("tactics") or ()),
            frozenset(platform_slug(p) for p in record.get("other_platforms") or ()),
        )


def _quick_score(x: _Features, y: _Features) -> float:
    """The score of an inferred candidate pair, from the features alone (its words: :func:`_reasons`)."""
    score = WEIGHTS["origin-target"]
    if x.start <= y.end and y.start <= x.end:
        score += WEIGHTS["period-overlap"]
    elif (y.start - x.end).days <= ADJACENT_DAYS and (x.start - y.end).days <= ADJACENT_DAYS:
        score += WEIGHTS["period-adjacent"]
    if x.actors and y.actors:
        score += WEIGHTS["actor"] * min(2, len(x.actors & y.actors))
    if x.iocs & y.iocs:
        score += WEIGHTS["indicator"]
    if x.tactics & y.tactics:
        score += WEIGHTS["tactics"] * len(x.tactics & y.tactics) / len(x.tactics | y.tactics)
    if y.platform in x.present_on or x.platform in y.present_on:
        score += WEIGHTS["platform-presence"]
    return round(score, 3)


def _inferred(networks: Sequence[NetworkRecord], links: _Links, min_score: float, per_network: int) -> None:
    by_id = {record["id"]: record for record in networks}
    pairs_of = {record["id"]: origin_target_pairs(record) for record in networks}
    blocks: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for record in networks:
        for pair in pairs_of[record["id"]]:
            blocks[pair].append(record["id"])
    features: dict[str, _Features] = {}  # read only for networks of blocks holding two platforms or more
    scores: dict[tuple[str, str], float] = {}
    for block in blocks.values():
        if len({by_id[i]["platform"] for i in block}) < 2:
            continue
        for i in block:
            if i not in features:
                features[i] = _Features.of(by_id[i])
        ordered = sorted(block, key=lambda i: (features[i].start, i))
        for position, x in enumerate(ordered):
            fx = features[x]
            for y in ordered[position + 1 :]:
                fy = features[y]
                if (fy.start - fx.end).days > WINDOW_DAYS:
                    break  # later starts are further still
                if fx.platform == fy.platform or (fx.start - fy.end).days > WINDOW_DAYS:
                    continue
                key = (x, y) if x < y else (y, x)
                if key not in scores:
                    scores[key] = _quick_score(fx, fy)
    best: dict[str, list[tuple[float, str, tuple[str, str]]]] = defaultdict(list)
    for key, score in scores.items():
        if score >= min_score:
            for side, other in (key, key[::-1]):
                best[side].append((-score, other, key))
    kept = {entry[2] for entries in best.values() for entry in sorted(entries)[:per_network]}
    for key in sorted(kept):
        basis, evidence = _reasons(by_id[key[0]], by_id[key[1]], pairs_of[key[0]] & pairs_of[key[1]])
        link = links.get(*key)
        link.basis |= basis
        link.evidence |= evidence
        if link.kind != "stated":
            link.score = scores[key]


def find_links(
    networks: Sequence[NetworkRecord], *, min_score: float = MIN_SCORE, per_network: int = PER_NETWORK
) -> list[Link]:
    """Every stated and inferred link among the networks, sorted by their two ids.

    >>> a = {"id": "meta-1", "platform": "meta", "period": "2024-H1", "named_operation": "Doppelganger",
    ...      "origin_countries": [{"code": "RU"}], "target_countries": [{"code": "DE"}]}
    >>> b = {"id": "tiktok-1", "platform": "tiktok", "period": "2024-03",
    ...      "origin_countries": [{"code": "RU"}], "target_countries": [{"code": "DE"}]}
    >>> c = {"id": "google-1", "platform": "google", "period": "2024-Q2", "named_operation": "DOPPELGANGER"}
    >>> [(link.a, link.b, link.kind, link.score, sorted(link.basis)) for link in find_links([a, b, c])]
    [('google-1', 'meta-1', 'stated', 1.0, ['same-operation']), ('meta-1', 'tiktok-1', 'inferred', 0.6, ['origin-target', 'period-overlap'])]
    """
    links = _Links()
    ordered = sorted(networks, key=lambda r: r["id"])
    _stated(ordered, links)
    _inferred(ordered, links, min_score, per_network)
    return [links.links[key] for key in sorted(links.links)]
