"""Tactics: the taxonomy's cues run on a text, with their negations and the brands a network ran."""

from __future__ import annotations

import re
from functools import cache

import ahocorasick

from cio_graph.graph.extract import actor_cues as named
from cio_graph.graph.extract import prose
from cio_graph.graph.extract.fields import Fact, widened
from cio_graph.graph.extract.skeleton import Skeleton
from cio_graph.graph.taxonomy import load_tactics, tactic_read_from

__all__ = ["tactic_index", "tactics_in"]


@cache
def tactic_index() -> tuple[dict[str, re.Pattern[str]], ahocorasick.Automaton]:
    """Each tactic's compiled cues, and an automaton of the keywords its cues need."""
    patterns = {}
    keyed: dict[str, list[str]] = {}
    for tactic in load_tactics():
        if tactic.cues:
            patterns[tactic.slug] = re.compile(tactic.cues)
            for keyword in tactic.keywords:
                keyed.setdefault(keyword, []).append(tactic.slug)
    automaton = ahocorasick.Automaton()
    for keyword, slugs in keyed.items():
        automaton.add_word(keyword, (len(keyword), tuple(slugs)))
    automaton.make_automaton()
    return patterns, automaton


def _tactic_patterns(low: str) -> list[tuple[str, re.Pattern[str]]]:
    """The tactics one of whose keywords starts a word of the lower-cased text, in taxonomy order."""
    patterns, automaton = tactic_index()
    present: set[str] = set()
    for end, (length, slugs) in automaton.iter(low):
        start = end - length + 1
        if start == 0 or not low[start - 1].isalnum():
            present.update(slugs)
    return [(slug, pattern) for slug, pattern in patterns.items() if slug in present]


def tactics_in(skel: Skeleton) -> list[Fact]:
    """Tactics whose cues occur, each with its first cue phrase widened to three words."""
    found = []
    for slug, pattern in _tactic_patterns(skel.low):
        m = skel.text_scan.search(pattern)
        while m and prose.vetoed(slug, skel.low, m.start()):  # "did not engage in paid advertising"
            m = pattern.search(skel.low, m.end())
        if m:
            found.append((slug, widened(skel.text, m.start(), m.end())))
    branded = tactic_read_from("brands")  # outlets the network ran under brands of its own
    if branded and "brand" in skel.low and not any(slug == branded for slug, _ in found):
        brand = next(iter(named.brands(skel.text)), None)
        if brand:
            found.append((branded, brand[1]))
    return found
