"""The evidence of a network's extracted facts, located in its text.

Every fact a record carries has an evidence phrase: a substring of ``title + " " + description``
(see ``docs/records.md``). :func:`facts` lists a record's facts with their labels and evidence,
:func:`segments` cuts a text into runs, each with the labels of the facts whose evidence covers
it, so that a page can mark them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from cio_graph.graph import reference
from cio_graph.graph.record_types import NetworkRecord

__all__ = ["Fact", "Segment", "facts", "locate", "segments"]


@dataclass(frozen=True)
class Fact:
    """One extracted fact: its kind (``origin``, ``tactic``…), value, readable label and evidence."""

    kind: str
    value: str
    label: str
    evidence: str


@dataclass(frozen=True)
class Segment:
    """A run of text and the labels of the facts whose evidence covers it (empty: unmarked)."""

    text: str
    facts: tuple[str, ...] = ()


def country_name(code: str) -> str:
    """The country's common name, else its code.

    >>> country_name("RO"), country_name("ZZ")
    ('Romania', 'ZZ')
    """
    found = reference.country(code) if code else None
    return found.name if found else code


def tactic_label(slug: str) -> str:
    """The label of a tactic slug, else the slug."""
    found = reference.tactics_by_slug().get(slug)
    return found.label if found else slug


def facts(record: NetworkRecord) -> list[Fact]:
    """The facts of a network record that carry evidence, in a fixed order.

    >>> [f.label for f in facts({"origin_countries": [{"code": "RO", "evidence": "from Romania"}],
    ...                           "tactics": [{"id": "paid-ads", "evidence": "ads"}]})]
    ['origin: Romania', 'tactic: Paid ads']
    """
    found: list[Fact] = []
    for item in record.get("origin_countries") or []:
        found.append(Fact("origin", item["code"], f"origin: {country_name(item['code'])}", item.get("evidence") or ""))
    for item in record.get("target_countries") or []:
        found.append(Fact("target", item["code"], f"target: {country_name(item['code'])}", item.get("evidence") or ""))
    for item in record.get("target_regions") or []:
        found.append(Fact("region", item["name"], f"target region: {item['name']}", item.get("evidence") or ""))
    if record.get("global_audience") and record.get("global_audience_evidence"):
        found.append(Fact("global", "true", "global audience", record["global_audience_evidence"]))
    for item in record.get("languages") or []:
        found.append(
            Fact("language", item["code"], f"language: {item.get('name') or item['code']}", item.get("evidence") or "")
        )
    for item in record.get("actors") or []:
        found.append(
            Fact(
                "actor",
                item["name"],
                f"actor: {item['name']} ({item.get('type')}, {item.get('stance')})",
                item.get("evidence") or "",
            )
        )
    for item in record.get("government_stances") or []:
        found.append(
            Fact(
                "government",
                item["country"],
                f"government of {country_name(item['country'])}: {item.get('stance')}",
                item.get("evidence") or "",
            )
        )
    for item in record.get("tactics") or []:
        found.append(Fact("tactic", item["id"], f"tactic: {tactic_label(item['id'])}", item.get("evidence") or ""))
    for item in record.get("topics") or []:
        found.append(
            Fact("topic", item["id"], f"topic: {reference.topic_label(item['id'])}", item.get("evidence") or "")
        )
    return found


def locate(text: str, phrase: str) -> tuple[int, int] | None:
    """``(start, end)`` of the first occurrence of ``phrase`` in ``text`` (exact, else ignoring case).

    >>> locate("Operated from Romania", "from romania"), locate("abc", ""), locate("abc", "x")
    ((9, 21), None, None)
    """
    if not phrase:
        return None
    start = text.find(phrase)
    if start < 0:
        start = text.casefold().find(phrase.casefold())
        if start < 0 or len(text.casefold()) != len(text):
            return None
    return start, start + len(phrase)


def segments(text: str, found: list[Fact], offset: int = 0, full: str | None = None) -> list[Segment]:
    """``text`` cut into runs at the edges of the facts' evidence, each run with its facts' labels.

    The evidence is located in ``full`` (default: ``text``), of which ``text`` starts at
    ``offset``; so a title and a description can be cut apart from the joined text.

    >>> [(s.text, s.facts) for s in segments("Russian accounts targeting Poland",
    ...     [Fact("origin", "RU", "origin: Russia", "Russian"), Fact("target", "PL", "target: Poland", "targeting Poland")])]
    [('Russian', ('origin: Russia',)), (' accounts ', ()), ('targeting Poland', ('target: Poland',))]
    """
    full = text if full is None else full
    spans: list[tuple[int, int, str]] = []
    for fact in found:
        where = locate(full, fact.evidence)
        if where is None:
            continue
        start, end = max(where[0] - offset, 0), min(where[1] - offset, len(text))
        if start < end:
            spans.append((start, end, fact.label))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    runs: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        labels = tuple(dict.fromkeys(label for s, e, label in spans if s <= start and end <= e))
        if runs and runs[-1].facts == labels:
            runs[-1] = Segment(runs[-1].text + text[start:end], labels)
        else:
            runs.append(Segment(text[start:end], labels))
    return runs
