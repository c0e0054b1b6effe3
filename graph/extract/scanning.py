"""Anchored scanning: many patterns run over one text, each tried only where a match can begin.

A pattern's *anchors* are the literal beginnings one of which every match has ("promot",
# "in the ⟨", "the ⟨"), read from the parsed pattern up to ANCHOR_LENGTH characters. One
# Aho-Corasick pass over a text finds where each pattern's anchors occur, and the pattern is
# matched there only: the same matches as ``re.finditer`` (leftmost first, not overlapping),
# without running every pattern over every character. A pattern without anchors (one that
# may begin with any letter) is simply run with ``finditer``.

Anchors are read from the parsed form of a pattern, which only CPython's private modules
``re._parser`` and ``re._constants`` give; this module alone reads them. On a Python whose
version is not known here, without those modules, or where they no longer read as expected,
every pattern is left unanchored: each then runs with ``finditer`` over the whole text, which
gives the same matches, only slower.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from functools import cached_property
from types import ModuleType
from typing import Any

import ahocorasick

__all__ = ["ANCHOR_LENGTH", "PARSER_READABLE", "Scan", "Scanner", "anchors"]

KNOWN_PYTHONS = ((3, 11), (3, 14))  # the versions whose parsed patterns are read here (first, last)
OPCODES_READ = (  # the names of re._constants read here
    "LITERAL",
    "RANGE",
    "CATEGORY",
    "CATEGORY_SPACE",
    "CATEGORY_DIGIT",
    "AT",
    "AT_BOUNDARY",
    "ASSERT",
    "ASSERT_NOT",
    "IN",
    "SUBPATTERN",
    "ATOMIC_GROUP",
    "BRANCH",
    "MAX_REPEAT",
    "MIN_REPEAT",
    "POSSESSIVE_REPEAT",
    "MAXREPEAT",
)


def _private_parser() -> tuple[ModuleType, ModuleType] | tuple[None, None]:
    """CPython's pattern parser and its constants, or (None, None) when missing or of an unknown version."""
    if not KNOWN_PYTHONS[0] <= sys.version_info[:2] <= KNOWN_PYTHONS[1]:
        return None, None
    try:
        parser = importlib.import_module("re._parser")
        constants = importlib.import_module("re._constants")
    except ImportError:
        return None, None
    if not hasattr(parser, "parse") or not all(hasattr(constants, name) for name in OPCODES_READ):
        return None, None
    return parser, constants


sre_parse: Any
sre: Any
sre_parse, sre = _private_parser()  # untyped private modules: read only when PARSER_READABLE

ANCHOR_LENGTH = 8  # characters of a match's beginning spelled out as anchors
MAX_ANCHORS = 256  # per pattern and part of a pattern; past that, anchors are cut shorter
MAX_CLASS = 12  # a character class is spelled out when it has at most this many characters
ANY_START = frozenset({""})  # no hold on how a match begins
ASCII_DIGITS = "0123456789"
WHITESPACE, OTHER_WHITESPACE = re.compile(r"\s"), re.compile(r"[^\S ]")
OTHER_DIGIT = re.compile(r"[^\D0-9]")


def _as_anchor_char(char: str) -> str:
    """Anchors read every whitespace character as a space; so is the scanned text."""
    return " " if char.isspace() else char


def _as_anchor_text(text: str) -> str:
    """``text`` read as anchors read it (same length)."""
    return WHITESPACE.sub(" ", text) if OTHER_WHITESPACE.search(text) else text


def _class_chars(items: list, digits: str) -> list[str] | None:
    """The characters of a parsed character class (``\\d`` read as ``digits``), or None when too many
    or not listed."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(_as_anchor_char(chr(av)))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(_as_anchor_char(chr(c)) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.add(" ")
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT and digits:
            chars.update(digits)
        else:
            return None
    return sorted(chars) if len(chars) <= MAX_CLASS else None


def _cut(starts: set[str] | frozenset[str]) -> frozenset[str]:
    """At most MAX_ANCHORS strings, each a beginning of one of ``starts``."""
    length = ANCHOR_LENGTH
    while len(starts) > MAX_ANCHORS:
        length -= 1
        starts = {s[:length] for s in starts}
    return frozenset(starts)


def _starts(items: list, room: int, digits: str) -> frozenset[str]:
    """Strings (at most ``room`` long) one of which begins every match of the parsed ``items``.

    A string shorter than ``room`` means "then anything"; ``""`` means no hold at all. ``\\d``
    is read as the characters ``digits`` (none: no hold).
    """
    if room == 0 or not items:
        return ANY_START
    (op, av), rest = items[0], items[1:]
    if op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:  # zero width
        return _starts(rest, room, digits)
    if op is sre.LITERAL:
        return frozenset(_as_anchor_char(chr(av)) + s for s in _starts(rest, room - 1, digits))
    if op is sre.IN:
        chars = _class_chars(av, digits)
        if chars is None:
            return ANY_START
        tails = _starts(rest, room - 1, digits)
        return _cut({c + s for c in chars for s in tails})
    if op is sre.SUBPATTERN:
        add_flags, sub = av[1], av[3]
        return ANY_START if add_flags & re.IGNORECASE else _starts(list(sub.data) + rest, room, digits)
    if op is sre.ATOMIC_GROUP:
        return _starts(list(av.data) + rest, room, digits)
    if op is sre.BRANCH:
        starts: set[str] = set()
        for alternative in av[1]:
            starts |= _starts(list(alternative.data) + rest, room, digits)
        return ANY_START if "" in starts else _cut(starts)
    if op is sre.MAX_REPEAT or op is sre.MIN_REPEAT or op is sre.POSSESSIVE_REPEAT:
        low, high, sub = av
        if high == 0:
            return _starts(rest, room, digits)
        body = list(sub.data)
        if "" in _starts(body, room, digits):  # an iteration may be empty or begin with anything
            return ANY_START
        more = [] if high == 1 else [(op, (max(low - 1, 0), high if high is sre.MAXREPEAT else high - 1, sub))]
        once = _starts(body + more + rest, room, digits)
        return _cut(once | _starts(rest, room, digits)) if low == 0 else once
    return ANY_START


def anchors(pattern: re.Pattern[str], digits: str = "") -> frozenset[str] | None:
    """Strings one of which begins every match of ``pattern`` (read as :func:`_as_anchor_char` says), or None.

    >>> sorted(anchors(re.compile(r"\\b(?:promot|prais)\\w*|\\bin favou?r")))
    ['in favor', 'in favou', 'prais', 'promot']
    >>> anchors(re.compile(r"\\w+ed\\b")) is None
    True
    """
    if not PARSER_READABLE or pattern.flags & re.IGNORECASE:
        return None
    return _parsed_anchors(pattern, digits)


def _parsed_anchors(pattern: re.Pattern[str], digits: str) -> frozenset[str] | None:
    """The anchors read from the parsed pattern; None when the parser does not read as expected."""
    try:
        starts = _starts(list(sre_parse.parse(pattern.pattern, pattern.flags).data), ANCHOR_LENGTH, digits)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None
    return None if "" in starts else starts


def _parser_reads_as_expected() -> bool:
    """True when the private parser is there and gives the anchors it gave when this module was written."""
    if sre_parse is None:
        return False
    probe = re.compile(r"\b(?:promot|prais)\w*|\bin favou?r|[ab]\d")
    return _parsed_anchors(probe, "1") == {"in favor", "in favou", "prais", "promot", "a1", "b1"}


PARSER_READABLE = _parser_reads_as_expected()  # False: every pattern runs with finditer over the whole text


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class Scanner:
    """A set of patterns to run together over texts (see :meth:`scan`)."""

    def __init__(self, patterns: list[re.Pattern[str]], anchored: bool = True) -> None:
        """``anchored=False`` leaves every pattern unanchored (run with ``finditer``), as when the
        private parser is missing."""
        self.patterns = list(dict.fromkeys(patterns))
        # Patterns with the same anchors share one list of places to try (one "group").
        self.index: dict[int, int] = {}  # id() of each anchored pattern -> its group
        self.unanchored: list[re.Pattern[str]] = []  # run with finditer
        self.ascii_only: set[int] = set()  # groups anchored on ASCII digits for \d: not in other texts
        groups: dict[tuple[frozenset[str], bool, bool], int] = {}  # (anchors, word start, ASCII digits)
        for pattern in self.patterns:
            found = anchors(pattern) if anchored else None
            on_ascii_digits = anchored and found is None and anchors(pattern, ASCII_DIGITS) is not None
            if on_ascii_digits:
                found = anchors(pattern, ASCII_DIGITS)
            if found is None:
                self.unanchored.append(pattern)
                continue
            first = sre_parse.parse(pattern.pattern, pattern.flags).data[0]
            word_start = (
                first == (sre.AT, sre.AT_BOUNDARY)
                and not pattern.flags & (re.ASCII | re.LOCALE)
                and all(_is_word_char(a[0]) for a in found)
            )
            group = self.index[id(pattern)] = groups.setdefault((found, word_start, on_ascii_digits), len(groups))
            if on_ascii_digits:
                self.ascii_only.add(group)
        # per anchor: the groups it may start, and those it may start inside a word
        by_anchor: dict[str, list[tuple[int, bool]]] = {}
        for (found, word_start, _), group in groups.items():
            for anchor in found:
                by_anchor.setdefault(anchor, []).append((group, word_start))
        self.automaton = ahocorasick.Automaton() if by_anchor else None  # None: no pattern anchored
        for anchor, entries in by_anchor.items():
            assert self.automaton is not None
            anywhere = tuple(group for group, word_start in entries if not word_start)
            self.automaton.add_word(anchor, (len(anchor), tuple(group for group, _ in entries), anywhere))
        if self.automaton is not None:
            self.automaton.make_automaton()

    def scan(self, text: str) -> Scan:
        """Where each pattern's anchors occur in ``text``, ready to match there."""
        return Scan(self, text)


class Scan:
    """One text scanned for the anchors of a :class:`Scanner`'s patterns."""

    def __init__(self, scanner: Scanner, text: str) -> None:
        self.scanner = scanner
        self.text = text
        self.starts: dict[int, list[int]] = {}  # group -> where its patterns may match
        self._in_order: set[int] = set()  # groups whose starts are sorted and unique
        found = scanner.automaton.iter(_as_anchor_text(text)) if scanner.automaton is not None else ()
        for end, (length, ids, inside_word_ids) in found:
            start = end - length + 1
            if start:
                before = text[start - 1]
                if before != " " and _is_word_char(before):
                    ids = inside_word_ids
            for i in ids:
                if i in self.starts:
                    self.starts[i].append(start)
                else:
                    self.starts[i] = [start]

    def _anchored(self, pattern: re.Pattern[str]) -> int | None:
        """The scanner's number for ``pattern`` when its anchors hold in this text."""
        i = self.scanner.index.get(id(pattern))  # hashing a pattern costs more than matching it
        if i is None or (i in self.scanner.ascii_only and not self._ascii_digits):
            return None
        return i

    @cached_property
    def _ascii_digits(self) -> bool:
        """True when every digit of the text is one of 0-9."""
        return self.text.isascii() or not OTHER_DIGIT.search(self.text)

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False when ``pattern`` cannot match: none of its anchors occurs."""
        i = self._anchored(pattern)
        return i is None or i in self.starts

    def _candidates(self, group: int) -> list[int]:
        """Where the group's patterns may match, in order."""
        starts = self.starts.get(group)
        if not starts:
            return []
        if group not in self._in_order:
            starts[:] = sorted(set(starts))
            self._in_order.add(group)
        return starts

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches ``pattern.finditer(text)`` gives."""
        i = self._anchored(pattern)
        if i is None:
            return pattern.finditer(self.text)
        starts = self._candidates(i)
        return self._matches(pattern, starts) if starts else iter(())

    def _matches(self, pattern: re.Pattern[str], starts: list[int]) -> Iterator[re.Match[str]]:
        pos = 0  # matches do not overlap
        for start in starts:
            if start >= pos:
                m = pattern.match(self.text, start)
                if m:
                    yield m
                    pos = m.end()

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The match ``pattern.search(text)`` gives."""
        i = self._anchored(pattern)
        if i is None:
            return pattern.search(self.text)
        for start in self._candidates(i):
            m = pattern.match(self.text, start)
            if m:
                return m
        return None
