"""Field readers: the places, languages, stances toward governments and topics one text states."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cio_graph.graph.extract import prose
from cio_graph.graph.extract.patterns import (
    ANY_ELECTION,
    ELECTION_PATTERNS,
    GLOBAL_PATTERNS,
    LANGUAGE_PATTERNS,
    ORIGIN_PATTERNS,
    SEAT_CODES,
    STANCE_PATTERNS,
    TARGET_PATTERNS,
    WAR_TOPICS,
    Cue,
)
from cio_graph.graph.extract.skeleton import Skeleton, country_codes
from cio_graph.graph.gazetteer import LANGUAGE, LANGUAGE_STRONG, REGION, REGION_ADJ, Language, fold
from cio_graph.graph.taxonomy import tactic_read_from

__all__ = [
    "CLAUSE_BREAKS",
    "Fact",
    "Facts",
    "PRETENDED",
    "elections",
    "global_evidence",
    "languages",
    "multilingual",
    "places",
    "stances",
    "wars",
    "widened",
]


Fact = tuple[Any, str]  # (value, evidence): a code, a name, a Language... by field


class Facts:
    """Facts of one field keyed by value, keeping the first evidence seen."""

    def __init__(self, *found: list[Fact]) -> None:
        self.items: dict[Any, str] = {}  # keys of one kind per field: a code, a Language, a pair
        for facts in found:
            for key, evidence in facts:
                self.add(key, evidence)

    def add(self, key: Any, evidence: str) -> None:
        if key not in self.items and evidence:
            self.items[key] = evidence.strip()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)


PRETENDED = re.compile(  # a place the network only seemed to be in: "used VPNs to appear to be located in"
    r"\b(?:appear\w*|pretend\w*|claim\w*|purport\w*|seem\w*|falsely|posing\s+as|posed\s+as)\s+(?:to\s+(?:be\s+|have\s+been\s+)?)?(?:\w+\s+)?\Z"
)


def _pretended(skel: Skeleton, start: int) -> bool:
    """True when the phrase at ``start`` says where the network only seemed to be."""
    return bool(PRETENDED.search(skel.skeleton, max(0, start - 40), start))


def places(skel: Skeleton, cues: list[Cue], kind: str) -> list[Fact]:
    """The country codes (kind C/D) or regions (R/A) named in group ``n`` of each match."""
    found: list[Fact] = []
    for cue in cues:
        for m in cue.finditer(skel):
            if cue in ORIGIN_PATTERNS and _pretended(skel, m.start()):
                continue
            evidence = skel.evidence(m.start(), m.end())
            for mention in skel.mentions_in(m.group("n")):
                if kind == "country" and cues is TARGET_PATTERNS and prose.possessed(skel.text, mention.end):
                    continue  # "targeting the UK and Iran's regional interests": no audience in Iran
                if kind == "country":
                    found.extend((code, evidence) for code in country_codes([mention]))
                else:
                    region = mention.reading(REGION) or mention.reading(REGION_ADJ)
                    if region:
                        found.append((region, evidence))
    return found


def global_evidence(skel: Skeleton) -> str | None:
    """The first phrase saying the network targeted a worldwide audience."""
    for cue in GLOBAL_PATTERNS:
        m = next(cue.finditer(skel), None)
        if m:
            return skel.text[m.start() : m.end()]
    return None


def languages(skel: Skeleton) -> tuple[list[Fact], list[tuple[Language, int, int]]]:
    """Languages named in a language context, and each with its span in the text."""
    found, spans = [], []
    for cue in LANGUAGE_PATTERNS:
        for m in cue.finditer(skel):
            evidence = skel.evidence(m.start(), m.end())
            for mention in skel.mentions_in(m.group("n")):
                language = mention.reading(LANGUAGE) or mention.reading(LANGUAGE_STRONG)
                if isinstance(language, Language):
                    found.append((language, evidence))
                    spans.append((language, mention.start, mention.end))
    return found, spans


def stances(skel: Skeleton) -> list[tuple[str | None, str, str]]:
    """(country, stance, evidence) in text order; country None for "the government" unnamed."""
    found: list[tuple[str | None, str, str]] = []
    for cue in STANCE_PATTERNS:
        for m in cue.finditer(skel):
            groups = m.groupdict()
            stance = "critical" if groups.get("critical") else "supportive"
            evidence = skel.evidence(m.start(), m.end())
            if groups.get("bare"):
                found.append((None, stance, evidence))
                continue
            if groups.get("seat"):
                found.append((SEAT_CODES[fold(groups["seat"])], stance, evidence))
                continue
            found.extend((code, stance, evidence) for code in country_codes(skel.mentions_in(m.group("n"))))
    return found


def elections(skel: Skeleton) -> tuple[list[Fact], str | None]:
    """Countries of the elections named (code, evidence), and the evidence of an election named
    without any country (used when the row targets one country)."""
    found: list[Fact] = []
    named = False
    for cue in ELECTION_PATTERNS:
        for m in cue.finditer(skel):
            named = True
            evidence = skel.evidence(m.start(), m.end())
            found.extend((code, evidence) for code in country_codes(skel.mentions_in(m.group("n"))))
    if named:
        return found, None
    anywhere = next(ANY_ELECTION.finditer(skel), None)
    return found, skel.evidence(anywhere.start(), anywhere.end()) if anywhere else None


CLAUSE_BREAKS = '.,;:!?()[]"\n'


def widened(text: str, start: int, end: int, words: int = 3) -> str:
    """The phrase ``text[start:end]``, widened to three words or more within its clause.

    >>> widened("The network was found to repost the same videos.", 25, 31)
    'to repost the'
    """
    while len(text[start:end].split()) < words:
        grown = False
        if end < len(text) and text[end] == " " and end + 1 < len(text) and text[end + 1] not in CLAUSE_BREAKS:
            stop = min(
                (i for i in (text.find(" ", end + 1), *(text.find(c, end + 1) for c in ",.;:)")) if i != -1),
                default=len(text),
            )
            end, grown = stop, True
        if (
            len(text[start:end].split()) < words
            and start > 1
            and text[start - 1] == " "
            and text[start - 2] not in CLAUSE_BREAKS
        ):
            begin = max(text.rfind(" ", 0, start - 1), *(text.rfind(c, 0, start - 1) for c in ",.;:(")) + 1
            start, grown = begin, True
        if not grown:
            break
    return text[start:end]


def wars(skel: Skeleton) -> tuple[list[Fact], list[tuple[int, int]]]:
    """War topics named (topic, evidence), and the span of each mention."""
    found, spans = [], []
    for topic, cue in WAR_TOPICS:
        for m in cue.finditer(skel):
            found.append((topic, widened(skel.text, m.start(), m.end())))
            spans.append(m.span())
    return found, spans


def multilingual(text: str, spans: list[tuple[Language, int, int]]) -> list[Fact]:
    """The taxonomy's tactic read from languages (multilingual targeting) where one text names two or more."""
    slug = tactic_read_from("languages")
    if slug is None or len({language for language, _, _ in spans}) < 2:
        return []
    start, end = min(s for _, s, _ in spans), max(e for _, _, e in spans)
    return [(slug, text[start:end])]
