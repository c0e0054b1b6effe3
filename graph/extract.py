"""Entity extraction with evidence from a network's title and description.

:func:`extract` reads the two halves of a report row and returns every fact the text states
(countries, audience, regions, languages, actors, stances toward governments, tactics,
topics), each with its evidence: the exact phrase of the title or description it came from.

How: the gazetteer finds country, demonym, language and region mentions in one pass; each
mention is replaced by a placeholder token (``⟨DL3⟩`` = demonym or language, mention 3) to give
a *skeleton* on which short, general cue patterns run ("targeted a ⟨D⟩ audience", "operated
from ⟨C⟩", "critical of the current ⟨D⟩ government"); matches map back to the original text
for the evidence. Actors are read from capitalised names after cue words ("promote",
"critical of", "images of", "affiliated with"), resolved against a knowledge base of
well-known parties, organisations and media (acronyms included), or found by name.
Nothing here is keyed to a particular report: the cues are ordinary English phrasings.
The cues that long report prose needs (Meta's network summaries, TAG bulletins: "linked to
Egypt", "supportive of Saudi Arabia and critical of Qatar", "employees of RT", brands the
network ran, the report's own words that are never actors, negated tactics) live in
:mod:`graph.extract_prose` and :mod:`graph.extract_actors`; the placeholder-token patterns in
:mod:`graph.extract_tokens`.

Speed: the many cue patterns are not run over every character. Each pattern's literal
beginnings (its *anchors*) are read from the pattern once; one Aho-Corasick pass per text
finds where they occur, and each pattern is matched there only (:class:`Scanner`), giving
the same matches as ``re.finditer``. What a title or description states on its own is
memoised per text (titles repeat across rows), and so are name-level steps (who a surface
form names, how a run of names splits).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from re import _constants as sre  # the parsed form of patterns, read for their anchors
from re import _parser as sre_parse

import ahocorasick

from graph import gazetteer
from graph import extract_actors as named
from graph import extract_prose as prose
from graph.extract_tokens import (  # the placeholder-token patterns, shared with graph.extract_prose
    COUNTRIES,
    COUNTRY_TOKEN,
    LANGUAGES,
    NATION,
    NATIONS,
    REGION_ADJ_TOKEN,
    REGIONS,
    STRONG_LANGUAGE_TOKEN,
)
from graph.gazetteer import (
    COUNTRY,
    DEMONYM,
    KnownActor,
    LANGUAGE,
    LANGUAGE_STRONG,
    REGION,
    REGION_ADJ,
    Language,
    Mention,
    fold,
    lookup_actor,
)
from graph.taxonomy import load_tactics

RUSSIA_UKRAINE = "russia-ukraine-war"
ISRAEL_HAMAS = "israel-hamas-war"

# ---------------------------------------------------------------------------------------------
# Anchored scanning: many patterns over one text, each tried only where a match can begin
#
# A pattern's *anchors* are the literal beginnings one of which every match has ("promot",
# "in the ⟨", "the ⟨"), read from the parsed pattern up to ANCHOR_LENGTH characters. One
# Aho-Corasick pass over a text finds where each pattern's anchors occur, and the pattern is
# matched there only: the same matches as ``re.finditer`` (leftmost first, not overlapping),
# without running every pattern over every character. A pattern without anchors (one that
# may begin with any letter) is simply run with ``finditer``.

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
    if pattern.flags & re.IGNORECASE:
        return None
    starts = _starts(list(sre_parse.parse(pattern.pattern, pattern.flags).data), ANCHOR_LENGTH, digits)
    return None if "" in starts else starts


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class Scanner:
    """A set of patterns to run together over texts (see :meth:`scan`)."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = list(dict.fromkeys(patterns))
        # Patterns with the same anchors share one list of places to try (one "group").
        self.index: dict[int, int] = {}  # id() of each anchored pattern -> its group
        self.unanchored: list[re.Pattern[str]] = []  # run with finditer
        self.ascii_only: set[int] = set()  # groups anchored on ASCII digits for \d: not in other texts
        groups: dict[tuple[frozenset[str], bool, bool], int] = {}  # (anchors, word start, ASCII digits)
        for pattern in self.patterns:
            found = anchors(pattern)
            on_ascii_digits = found is None and anchors(pattern, ASCII_DIGITS) is not None
            if on_ascii_digits:
                found = anchors(pattern, ASCII_DIGITS)
            if found is None:
                self.unanchored.append(pattern)
                continue
            first = sre_parse.parse(pattern.pattern, pattern.flags).data[0]
            word_start = (first == (sre.AT, sre.AT_BOUNDARY) and not pattern.flags & (re.ASCII | re.LOCALE)
                          and all(_is_word_char(a[0]) for a in found))
            group = self.index[id(pattern)] = groups.setdefault((found, word_start, on_ascii_digits), len(groups))
            if on_ascii_digits:
                self.ascii_only.add(group)
        # per anchor: the groups it may start, and those it may start inside a word
        by_anchor: dict[str, list[tuple[int, bool]]] = {}
        for (found, word_start, _), group in groups.items():
            for anchor in found:
                by_anchor.setdefault(anchor, []).append((group, word_start))
        self.automaton = ahocorasick.Automaton()
        for anchor, entries in by_anchor.items():
            anywhere = tuple(group for group, word_start in entries if not word_start)
            self.automaton.add_word(anchor, (len(anchor), tuple(group for group, _ in entries), anywhere))
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
        for end, (length, ids, inside_word_ids) in scanner.automaton.iter(_as_anchor_text(text)):
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
        if i is None or i in self.scanner.ascii_only and not self._ascii_digits:
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


# ---------------------------------------------------------------------------------------------
# Skeleton: the text with gazetteer mentions replaced by tokens


def lowercase(text: str) -> str:
    """``text`` in lower case, keeping every character's offset.

    >>> lowercase("İstanbul AND Gaza")
    'İstanbul and gaza'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


TOKEN_INDEX = re.compile(r"⟨[a-z]+(\d+)⟩")


@dataclass
class Skeleton:
    """A text, its gazetteer mentions and the text with the mentions replaced by tokens."""

    text: str
    mentions: list[Mention]
    skeleton: str = ""
    low: str = ""
    kinds: frozenset[str] = frozenset()  # the reading kinds of all mentions, lower case
    _ends: list[int] = field(default_factory=list)  # skeleton end of each token
    _shift: list[int] = field(default_factory=list)  # len(token) - len(mention) summed so far

    def __post_init__(self) -> None:
        low = self.low = lowercase(self.text)
        parts: list[str] = []
        last = 0
        length = 0
        shift = 0
        for i, mention in enumerate(self.mentions):
            parts.append(low[last : mention.start])
            length += mention.start - last
            token = f"⟨{mention.kinds.lower()}{i}⟩"
            parts.append(token)
            length += len(token)
            shift += len(token) - (mention.end - mention.start)
            self._ends.append(length)
            self._shift.append(shift)
            last = mention.end
        parts.append(low[last:])
        self.skeleton = "".join(parts)
        self.kinds = frozenset(k.lower() for m in self.mentions for k in m.kinds)

    def original(self, pos: int) -> int:
        """The text offset of skeleton offset ``pos`` (a token boundary or plain text)."""
        i = bisect.bisect_right(self._ends, pos)
        return pos - (self._shift[i - 1] if i else 0)

    def evidence(self, start: int, end: int) -> str:
        """The original text under the skeleton span ``start:end``."""
        return self.text[self.original(start) : self.original(end)]

    @cached_property
    def skeleton_scan(self) -> Scan:
        """The skeleton scanned for the cue patterns run on it."""
        return _skeleton_scanner().scan(self.skeleton)

    @cached_property
    def text_scan(self) -> Scan:
        """The lower-cased text scanned for the patterns run on it (tactics, actor cues, ...)."""
        return _text_scanner().scan(self.low)

    def mentions_in(self, fragment: str | None) -> list[Mention]:
        """The mentions whose tokens appear in a piece of the skeleton."""
        if not fragment:
            return []
        return [self.mentions[int(i)] for i in TOKEN_INDEX.findall(fragment)]


def _skeleton(text: str) -> Skeleton:
    return Skeleton(text, gazetteer.find_mentions(text))


def _codes(mentions: list[Mention]) -> list[str]:
    """Country codes of mentions read as country names or demonyms, in order."""
    out = []
    for mention in mentions:
        code = mention.reading(COUNTRY) or mention.reading(DEMONYM)
        if code and code not in out:
            out.append(code)
    return out


# ---------------------------------------------------------------------------------------------
# Cue patterns on the skeleton

AUDIENCE = (
    r"(?:audiences?|users|voters|electorate|public|population|viewers|netizens|"
    r"communit(?:y|ies)|markets?|residents|citizens|consumers|youth|followers)"
)
TARGET_VERB = r"(?:target\w*|aim\w*\s+at|direct\w*\s+at|focus\w*\s+on|reach\w*|address\w*|tailored\s+(?:to|for))"
FLAGS = 0  # patterns are written in lower case and run on lower-cased text


class Cue:
    """A pattern, tried only on texts holding one of ``words`` and a token of one of ``kinds``.

    The test is a cheap pre-check: without those the pattern cannot match. The pattern runs on
    the skeleton, or with ``on_text`` on the lower-cased text.
    """

    __slots__ = ("pattern", "kinds", "needs", "on_text")

    def __init__(
        self, pattern: re.Pattern[str], words: tuple[str, ...] = (), kinds: str = "", on_text: bool = False
    ) -> None:
        self.pattern = pattern
        self.kinds = frozenset(kinds.lower())
        self.needs = re.compile("|".join(map(re.escape, words))) if words else None
        self.on_text = on_text

    def finditer(self, skel: Skeleton) -> Iterator[re.Match[str]]:
        """Matches in the skeleton (or in the lower-cased text)."""
        if self.kinds and self.kinds.isdisjoint(skel.kinds):
            return iter(())
        scan = skel.text_scan if self.on_text else skel.skeleton_scan
        if not scan.may_match(self.pattern) or self.needs and not scan.search(self.needs):
            return iter(())
        return scan.finditer(self.pattern)

    def scanned(self) -> list[re.Pattern[str]]:
        """The patterns this cue runs on a scan."""
        return [self.pattern, self.needs] if self.needs else [self.pattern]


def _cue(pattern: str, words: tuple[str, ...] | str = (), kinds: str = "", on_text: bool = False) -> Cue:
    return Cue(re.compile(pattern), (words,) if isinstance(words, str) else words, kinds, on_text)


AUDIENCE_WORDS = (
    "audience", "user", "voter", "electorate", "public", "population", "viewer", "netizen", "communit",
    "market", "resident", "citizen", "consumer", "youth", "follower",
)
TARGET_WORDS = ("target", "aim", "direct", "focus", "reach", "address", "tailored")

TARGET_PATTERNS = [
    # "targeted a Romanian audience", "both Ukrainian and Russian audiences", "a US audience"
    _cue(rf"(?:\b{TARGET_VERB}\s+(?:[\w\-]+\s+){{0,3}}?)?(?P<n>{NATIONS})\s+(?:[\w\-]+\s+)?{AUDIENCE}\b", AUDIENCE_WORDS, "cd"),
    # "targeting Kenyan nationals", "targeted Filipinos"
    _cue(rf"\b{TARGET_VERB}\s+(?:(?:primarily|mainly|mostly|both|also|specifically|predominantly|largely|chiefly)\s+)?(?P<n>{NATIONS})(?:\s+(?:people|nationals))?(?!\s*-|\s+(?:speakers?|speaking|languages?|diaspora|government|administration|authorities|regime))", TARGET_WORDS, "cd"),
    # "the Romanian diaspora in Moldova" -> Moldova
    _cue(rf"{NATIONS}\s+diasporas?(?:\s+communit(?:y|ies))?\s+(?:living\s+|based\s+)?(?:in|across)\s+(?P<n>{COUNTRIES})", "diaspora", "cd"),
    # "the Turkish diaspora" (no place given)
    _cue(rf"(?P<n>{NATIONS})\s+diasporas?(?!\s+(?:communit(?:y|ies)\s+)?(?:living\s+|based\s+)?(?:in|across)\s+(?:the\s+)?{COUNTRY_TOKEN})", "diaspora", "cd"),
    # "audiences in the Philippines", "users from Kenya and Uganda"
    _cue(rf"\b(?:{AUDIENCE}|speakers)\s+(?:located\s+|based\s+|living\s+)?(?:in|from|across|throughout)\s+(?P<n>{COUNTRIES})", (*AUDIENCE_WORDS, "speakers"), "c"),
    # "in particular Saudi Arabia"
    _cue(rf"\b(?:in\s+particular|particularly|especially|notably|mainly|primarily)\s+(?:in\s+)?(?P<n>{COUNTRIES})", ("particular", "especially", "notably", "mainly", "primarily"), "c"),
]
TITLE_TARGET = _cue(rf"\b(?:in|across|throughout|towards?|on)\s+(?P<n>{COUNTRIES})", (), "c")

ORIGIN_PATTERNS = [
    _cue(rf"\b(?:operat\w*|run|runs|ran|based|located|originat\w*|emanat\w*|managed|controlled|conducted|"
        rf"directed|headquartered|coordinated|orchestrated)\s+(?:primarily\s+|mainly\s+|largely\s+|mostly\s+)?"
        rf"(?:from\s+within|from|in|out\s+of|within)\s+(?P<n>{COUNTRIES})", ("operat", "run", "ran", "based", "located", "originat", "emanat", "managed", "controlled", "conducted", "directed", "headquartered", "coordinated", "orchestrated"), "c"),
    _cue(rf"\b(?:individuals|operators|actors|persons|entities|organizers|people\s+behind\s+[\w\s]{{0,20}}?)\s+(?:located\s+|based\s+)?in\s+(?P<n>{COUNTRIES})", ("individuals", "operators", "actors", "persons", "entities", "organizers", "people"), "c"),
    _cue(rf"\btraced\s+(?:back\s+)?to\s+(?:\w+\s+){{0,3}}?(?P<n>{COUNTRIES})", "traced", "c"),
    _cue(rf"(?P<n>{NATION})-based\s+(?!audiences?|users)", "-based", "cd"),
    _cue(rf"(?P<n>{NATION})\s+state[- ](?:affiliated|controlled|run|owned|backed|sponsored|funded)\b", "state", "cd"),
]

ORIGIN_PATTERNS += [_cue(*cue) for cue in prose.ORIGIN_CUES]
TARGET_PATTERNS += [_cue(*cue) for cue in prose.ORIGIN_AND_TARGET_CUES + prose.TARGET_CUES]

GLOBAL_PATTERNS = [
    _cue(rf"(?:\b{TARGET_VERB}\s+(?:\w+\s+){{0,2}}?)?\b(?:global|worldwide|world-wide|international)\s+(?:audiences?|users|public|viewers)\b", ("global", "worldwide", "world-wide", "international"), "", on_text=True),
    _cue(r"\b(?:audiences?|users|viewers)\s+(?:worldwide|globally|internationally|around\s+the\s+(?:world|globe)|across\s+the\s+(?:world|globe))", ("worldwide", "globally", "internationally", "around the", "across the"), "", on_text=True),
    _cue(rf"\b{TARGET_VERB}\s+(?:\w+\s+)?(?:globally|worldwide|internationally)\b", ("globally", "worldwide", "internationally"), "", on_text=True),
]

REGION_PATTERNS = [
    _cue(rf"\b{AUDIENCE}\s+(?:in|across|throughout|of)\s+(?P<n>{REGIONS})", (), "r"),
    _cue(rf"(?P<n>{REGION_ADJ_TOKEN})\s+(?:[a-z\-]+\s+)?(?:{AUDIENCE}|countries|states|nations)\b", (), "a"),
    _cue(rf"\b{TARGET_VERB}\s+(?:\w+\s+){{0,2}}?(?P<n>{REGIONS})", (), "r"),
    _cue(rf"\b(?:countries|states|nations)\s+(?:in|of|across|throughout)\s+(?P<n>{REGIONS})", (), "r"),
]
REGION_PATTERNS += [_cue(*cue) for cue in prose.REGION_CUES]
TITLE_REGION = _cue(rf"\b(?:in|across|throughout|towards?)\s+(?P<n>{REGIONS})", (), "r")

# Nouns a demonym qualifies: "in Romanian elections" names no language.
DEMONYM_NOUNS = (
    r"elections?|electoral|politics|political|politicians?|government|administration|authorities|"
    r"audiences?|users|voters|diaspora|media|society|affairs|territor(?:y|ies)|citizens|people|"
    r"presidents?|presidential|army|military|forces|soldiers|troops|state|nationals|officials|opposition|"
    r"part(?:y|ies)|economy|culture|history|interests|sovereignty|communit(?:y|ies)|markets?|public|"
    r"population|regime|war|leaders?|parliament(?:ary)?|local|national|cities|city|regions?|context|"
    r"discourse|issues|news|outlets|youth|nationalism|identity|provinces|borders?|capital|press|"
    r"television|candidates?|polic(?:y|ies)|foreign|domestic|protests|courts?|laws?|ministry|"
    r"institutions|officials|activists|journalists|accounts|networks?|companies|firms|businesses|"
    + prose.CURRENCY_NOUNS
)
LANGUAGE_PATTERNS = [
    # "in Spanish", "in the Bengali language", "in Japanese and Chinese", "in Portuguese language"
    _cue(rf"\b(?:in|into)\s+(?>(?P<n>{LANGUAGES}))(?:\s+languages?\b|(?!\s+(?:{DEMONYM_NOUNS})\b))", (), "l"),
    # "Arabic speakers", "English, Arabic and Farsi speakers", "Arabic and Hebrew languages"
    _cue(rf"(?P<n>{LANGUAGES})(?:\s+|-)(?:languages?|speakers?|speaking|dialects?)\b", (), "l"),
    # "languages such as Hindi and Urdu"
    _cue(rf"\blanguages?,?\s+(?:such\s+as|including|like|namely|:)\s+(?P<n>{LANGUAGES})", "language", "l"),
    # "Cebuano language" from the full ISO 639-3 list
    _cue(rf"(?P<n>{STRONG_LANGUAGE_TOKEN})", (), "s"),
]

GOVERNMENT = (
    r"(?:government|administration|authorities|regime|leadership|(?:foreign|domestic|military)\s+polic(?:y|ies)|"
    r"polic(?:y|ies)|cabinet|ruling\s+party|president|presidency|prime\s+minister|state\s+institutions)"
)
GOV_MODIFIER = r"(?:current|incumbent|ruling|present|sitting|new|national|central|federal|then|existing)"
CRITICAL = (
    r"critical\s+of|critici[sz]\w*(?:\s+of)?|criticism\s+of|against|undermin\w*|discredit\w*|attack\w*|"
    r"opposed\s+to|oppos\w+|denigrat\w*|disparag\w*|delegitimi[sz]\w*|mock\w*|smear\w*|"
    r"question\w*\s+(?:the\s+)?(?:credibility|legitimacy|competence|integrity|effectiveness)\s+of|"
    r"negative\s+(?:narratives|content|messaging|views)\s+(?:about|on|of|toward|towards)|"
    r"distrust\s+(?:of|in)|(?:sow\w*|fuel\w*|stok\w*)\s+(?:distrust|discontent|anger)\s+(?:in|of|toward|towards|against)"
)
SUPPORTIVE = (
    r"favou?rable\s+(?:to|towards?)|in\s+favou?r\s+of|supportive\s+of|in\s+support\s+of|"
    r"sympathetic\s+(?:to|towards?)|promot\w*|prais\w*|support\w*(?:\s+for)?|aligned\s+with|glorif\w*|"
    r"justif\w*|legitimi[sz]\w*|boost\w*|defend\w*|"
    r"positive\s+(?:narratives|content|messaging|views)\s+(?:about|on|of|toward|towards)"
)
SEAT_CODES = {fold(name): code for name, code in gazetteer.seats().items()}  # "kremlin" -> RU
SEATS = "|".join(sorted({re.escape(lowercase(name)) for name in gazetteer.seats()}, key=lambda s: (-len(s), s)))
PRO_OBJECT = (  # what "pro-X" qualifies: "pro-Russia narratives", "anti-Western political content"
    r"(?:[a-z\-]+\s+)?(?:narratives|content|messaging|messages|viewpoints|views|propaganda|posts|videos|agenda|"
    r"stances?|positions|talking\s+points|sentiment|rhetoric|accounts|media|voices|outlets)\b"
)
STANCE_OBJECT_GAP = r"(?:(?:narratives|content|messaging|messages|posts|videos|views|viewpoints)\s+(?:about|on|of|toward|towards|regarding)\s+)?"
STANCE_PATTERNS = [
    _cue(rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+{STANCE_OBJECT_GAP}(?:the\s+)?"
        rf"(?:{GOV_MODIFIER}\s+)*(?:(?P<n>{NATIONS})(?:'s|’s)?\s+(?:[a-z\-]+\s+)?{GOVERNMENT}\b"
        rf"|(?P<bare>(?:(?:{GOV_MODIFIER}|country's)\s+)*(?:government|administration|authorities|regime|ruling\s+party)\b)(?!\s+(?:in|of)\s+⟨))", ("government", "administration", "authorities", "regime", "leadership", "polic", "cabinet", "ruling", "president", "prime minister", "state institutions"), ""),
    # "promoted the ruling party in Cambodia", "critical of the government of Mali"
    _cue(rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+{STANCE_OBJECT_GAP}(?:the\s+)?(?:{GOV_MODIFIER}\s+)*"
        rf"(?:government|administration|authorities|regime|leadership|ruling\s+party)\s+(?:in|of)\s+(?P<n>{COUNTRIES})",
        ("government", "administration", "authorities", "regime", "leadership", "ruling party"), "c"),
    # "critical of Israel's actions in Gaza"
    _cue(rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+(?P<n>{COUNTRY_TOKEN})(?:'s|’s)\s+"
        rf"(?:actions|policies|policy|conduct|military\s+operations|war|government|leadership|foreign\s+policy)\b", ("'s", "’s"), "c"),
    # "pro-Russia narratives", "anti-American content"
    _cue(rf"\b(?:(?P<supportive>pro)|(?P<critical>anti))-(?P<n>{NATION})\s+{PRO_OBJECT}", ("pro-", "anti-"), "cd"),
    # "pro-Kremlin messaging": a seat of government for its government
    _cue(rf"\b(?:(?P<supportive>pro)|(?P<critical>anti))-(?P<seat>{SEATS})\s+{PRO_OBJECT}", ("pro-", "anti-")),
    # "Russian state-affiliated media"
    _cue(rf"(?P<supportive>(?P<n>{NATION}))\s+state[- ](?:affiliated|controlled|run|owned|backed|sponsored|funded)\b", "state", "cd"),
]

STANCE_PATTERNS += [_cue(*cue) for cue in prose.STANCE_CUES]

ELECTION = r"(?:elections?|electoral|election-related|referend(?:um|a)|ballots?|voting|polling)"
ELECTION_MODIFIER = (
    r"(?:\d{4}|local|presidential|parliamentary|general|state|municipal|regional|legislative|national|"
    r"federal|snap|upcoming|recent|midterm|gubernatorial|mayoral|provincial|senate|senatorial|"
    r"congressional|european|runoff|run-off|first-round|second-round)"
)
ELECTION_PATTERNS = [
    _cue(rf"(?P<n>{NATIONS})(?:'s|’s)?\s+(?:{ELECTION_MODIFIER}\s+)*{ELECTION}\b", ("elect", "referend", "ballot", "voting", "polling"), "cd"),
    _cue(rf"\b{ELECTION}\s+(?:\w+\s+)?(?:in|of)\s+(?P<n>{COUNTRIES})", ("elect", "referend", "ballot", "voting", "polling"), "c"),
]
ANY_ELECTION = _cue(rf"\b(?:{ELECTION_MODIFIER}\s+)*{ELECTION}\b", ("elect", "referend", "ballot", "voting", "polling"))

WAR = r"(?:war|conflict|invasion|fighting|hostilities|aggression)"
WAR_TOPICS = [
    (
        RUSSIA_UKRAINE,
        Cue(
            re.compile(
            rf"\b{WAR}\s+(?:between|in|on|of|against|with)\s+(?:the\s+)?(?:russia|ukraine)\b(?:\s+and\s+(?:russia|ukraine)\b)?"
            rf"|\b(?:russia|ukraine|russian|ukrainian|russo|russia-ukraine|ukraine-russia|russian-ukrainian|russo-ukrainian)"
            rf"[- ](?:\w+[- ])?(?:war|conflict|invasion|war\s+effort|front\s*line|counteroffensive|offensive)\b"
            rf"|\brussia(?:'s|’s)?\s+(?:full-scale\s+)?(?:invasion|war)\s+(?:of|on|in|against)\s+ukraine\b"
            rf"|special\s+military\s+operation"
            rf"|\bukrainian\s+(?:soldiers|troops|army|armed\s+forces|servicemen|defenders)\b"
            ),
            ("russia", "ukrain", "special military"),
            on_text=True,
        ),
    ),
    (
        ISRAEL_HAMAS,
        Cue(
            re.compile(
            rf"\bisrael(?:i)?[- ]hamas\b|\bhamas[- ]israel(?:i)?\b|\bisrael(?:i)?[- ]gaza\b|\bgaza\b"
            rf"|\b{WAR}\s+(?:between|with)\s+(?:israel\s+and\s+hamas|hamas\s+and\s+israel)\b|\bhamas\b"
            rf"|\boctober\s+7(?:th)?\b|\b7\s+october\b"
            ),
            ("israel", "gaza", "hamas", "october"),
            on_text=True,
        ),
    ),
]


@cache
def _tactic_index() -> tuple[dict[str, re.Pattern[str]], ahocorasick.Automaton]:
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
    patterns, automaton = _tactic_index()
    present: set[str] = set()
    for end, (length, slugs) in automaton.iter(low):
        start = end - length + 1
        if start == 0 or not low[start - 1].isalnum():
            present.update(slugs)
    return [(slug, pattern) for slug, pattern in patterns.items() if slug in present]


@cache
def _skeleton_scanner() -> Scanner:
    cues = [*TARGET_PATTERNS, TITLE_TARGET, *ORIGIN_PATTERNS, *REGION_PATTERNS, TITLE_REGION, *LANGUAGE_PATTERNS,
            *STANCE_PATTERNS, *ELECTION_PATTERNS, ANY_ELECTION]
    return Scanner([pattern for cue in cues for pattern in cue.scanned()])


@cache
def _text_scanner() -> Scanner:
    cues = [*GLOBAL_PATTERNS, *(cue for _, cue in WAR_TOPICS)]
    patterns = [pattern for cue in cues for pattern in cue.scanned()]
    return Scanner(patterns + [ACTOR_CUES, named.AFFILIATION_CUE, named.APPOSITION_CUE, named.COMMENTARY_CUE] + list(_tactic_index()[0].values()))


# ---------------------------------------------------------------------------------------------
# Actors: capitalised names after cue words

_UPPER = "".join(c for c in map(chr, range(0x20, 0x530)) if c.isupper() or c.istitle())
UPPER = f"[{re.escape(_UPPER)}]"
NAME_WORD_REST = r"(?:[\w'’]|[\-\.&/](?=\w))*(?:(?<=\bJr|\bSr)\.)?"
NAME_WORD = rf"(?:[dDlL]['’])?{UPPER}{NAME_WORD_REST}"
# NAME_WORD spelled to begin with one character class, so that a search skips to the capitals (and d, l)
NAME_WORD_SEARCHED = rf"[dDlL{re.escape(_UPPER)}](?:(?<=[dDlL])['’]{UPPER}|(?<=[{re.escape(_UPPER)}])){NAME_WORD_REST}"
OCR_FIRST_WORD = rf"l[a-z]{{2,}}(?=\s+{UPPER})"  # "lurie Ciocan": a lowercase l read for an I
CONNECTOR = (
    r"(?:of|for|the|and|de|da|do|dos|das|del|della|di|du|des|la|le|van|von|der|den|ter|bin|ibn|"
    r"al|el|y|e|i|und|für|pour|per|na|cel|lui)"
)
NAME = rf"(?:{NAME_WORD}|{OCR_FIRST_WORD})(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*"
ROLE = (
    r"(?:candidates?|politicians?|leaders?|presidents?|prime\s+ministers?|ministers?|mayors?|senators?|"
    r"governors?|lawmakers?|MPs?|deputies|deputy|activists?|journalists?|bloggers?|influencers?|"
    r"commanders?|generals?|clerics?|preachers?|businessman|businesswoman|oligarchs?|figures?|heroes|hero|"
    r"rulers?|princes?|kings?|queens?|singers?|rappers?|celebrit(?:y|ies)|officials?|spokesperson|"
    r"chairman|chairwoman|founder|head|opposition\s+leader|captain|colonel|lieutenant|marshal|sergeant|"
    r"sheikh|imam|ayatollah|archbishop|patriarch)"
)
ROLE_MODIFIER = (
    r"(?:former|current|incumbent|independent|political|presidential|opposition|exiled|jailed|"
    r"imprisoned|prominent|popular|local|national|historical|historic|late|deceased|far-right|far-left|"
    r"right-wing|left-wing|nationalist|pro-\w+|anti-\w+|military|religious|party|ruling|governing|main|"
    r"leading|major)"
)
CLASS_NOUN = (
    r"(?:organi[sz]ation|outlet|agency|company|group|network|broadcaster|firm|entity|party|movement|"
    r"militia|channel|newspaper|website|foundation|NGO)"
)
HEAD = (
    r"(?:(?:political\s+)?part(?:y|ies)|movement|coalition|alliance|bloc|organi[sz]ation|group|militia|"
    r"union|media\s+outlet|outlet|news\s+agency|agency|channel|newspaper|broadcaster|"
    r"news(?:\s+(?:accounts|outlets|channels|pages|sites|websites))?|network|brand|"
    r"military|army|armed\s+forces|navy|air\s+force|police|security\s+services|intelligence\s+services|"
    r"government|administration|authorities|regime|leadership)"
)
ACTOR_ITEM = re.compile(
    rf"\s*(?:(?i:the|a|an|his|her|their|its)\s+)?"
    rf"(?:(?P<lead>(?:[\w\-]+\s+){{0,5}}?)(?P<cls>(?i:{CLASS_NOUN}))\s+(?={UPPER}))?"
    rf"(?:(?i:{ROLE_MODIFIER})\s+)*(?P<role>(?:{UPPER}\w*\s+)?(?i:{ROLE})\s+)?"
    rf"(?P<name>{NAME})"
    rf"(?:\s+(?P<head>(?i:{HEAD}))\b)?"
    rf"(?:\s*\((?P<paren>[^()]{{2,80}})\))?"
)
# Before its name, an ACTOR_ITEM holds only words, hyphens and spaces; its name begins with a
# capital in that stretch, or with "d'" or "l'" at the stretch's end.
ITEM_STRETCH_END = re.compile(r"[^\w\s\-]")
CAPITAL = re.compile(UPPER)


def _may_start_item(text: str, pos: int) -> bool:
    """False when ACTOR_ITEM cannot match at ``pos``: a cheap test before the costly pattern."""
    stop = ITEM_STRETCH_END.search(text, pos)
    end = stop.start() if stop else len(text)
    return CAPITAL.search(text, pos, end) is not None or text[end : end + 1] in ("'", "’")


PLACE_POSSESSIVE = re.compile(r"(.+?)['’]s")
ACTOR_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+(?:and|or|as\s+well\s+as|along\s+with)\s+)"
    r"(?:(?:of|to|toward|towards|about|on|for)\s+(?=\S))?"  # "critical of X and of Y": the cue's preposition again
)
ACTOR_CUES = re.compile(
    r"(?P<promoted>\b(?:promot(?:e|es|ed|ing)|favou?rable\s+(?:to|towards?)|in\s+favou?r\s+of|in\s+support\s+of|"
    r"supportive\s+of|support(?:ing|s|ed)?(?:\s+for)?|prais(?:e|es|ed|ing)(?:\s+for)?|boost(?:ing|s|ed)?|"
    r"endors(?:e|es|ed|ing)|glorif(?:y|ies|ied|ying)|campaign(?:ing|ed)?\s+for|fan\s+accounts?\s+(?:for|of)|"
    r"sympathetic\s+to(?:wards?)?|advocat(?:e|es|ed|ing)\s+for|"
    r"positive\s+(?:narratives|content|messaging)\s+(?:about|on|toward|towards))\b|\bpro-(?=\S))"
    r"|(?P<criticized>\b(?:critical\s+of|critici[sz](?:e|es|ed|ing)|criticism\s+of|against|"
    r"undermin(?:e|es|ed|ing)|discredit(?:s|ed|ing)?|attack(?:s|ed|ing)?|denigrat(?:e|es|ed|ing)|"
    r"disparag(?:e|es|ed|ing)|smear(?:s|ed|ing)?|mock(?:s|ed|ing)?|oppos(?:e|es|ed|ing)(?:\s+to)?|"
    r"delegitimi[sz](?:e|es|ed|ing)|question(?:s|ed|ing)?\s+the\s+(?:credibility|legitimacy|integrity|competence)\s+of|"
    r"negative\s+(?:narratives|content|messaging)\s+(?:about|on|toward|towards))\b|\banti-(?=\S))"
    r"|(?P<depicted>\b(?:(?:images?|photos?|photographs?|pictures?|videos?|footage|likeness(?:es)?|portraits?|"
    r"depictions?|deepfakes?|caricatures?|memes?|clips?)\s+of|depict(?:s|ed|ing)?|featur(?:e|es|ed|ing)|"
    r"impersonat(?:e|es|ed|ing)|pos(?:e|es|ed|ing)\s+as|masquerad(?:e|es|ed|ing)\s+as|mimick(?:ed|ing)|"
    r"imitat(?:e|es|ed|ing))\b)"
    r"|(?P<affiliated>\b(?:affiliated\s+with|associated\s+with|linked\s+to|tied\s+to|connected\s+to|run\s+by|"
    r"operated\s+by|controlled\s+by|on\s+behalf\s+of|working\s+for|belonging\s+to|funded\s+by|backed\s+by)\b"
    r"|\(\s*including\b)",
)
EXAMPLE_HINTS = (  # kinds of actor given by example, by the start of their noun, and the type they give
    ("outlet", "media"), ("media", "media"), ("channel", "media"), ("newspaper", "media"), ("broadcaster", "media"),
    ("news", "media"), ("parties", "party"), ("movement", "party"), ("organi", "organization"),
    ("group", "organization"), ("agenc", "organization"), ("institution", "organization"),
    ("politician", "person"), ("figure", "person"), ("leader", "person"), ("candidate", "person"),
)
EXAMPLE_WORDS = (" such as ", " including ", " like ", " namely ")
EXAMPLES = re.compile(
    r"\b(?P<kind>(?:news\s+)?outlets|media|(?:tv\s+|television\s+)?channels|newspapers|broadcasters|news\s+sites|"
    r"parties|movements|organi[sz]ations|groups|agencies|institutions|politicians|figures|leaders|candidates)"
    r",?\s+(?:such\s+as|including|like|namely)\s+"
)
POSING = re.compile(r"(?i:impersonat\w*|pos(?:e|es|ed|ing)\s+as|masquerad\w*\s+as|mimick\w*|imitat\w*)\s")
ANY_NAME = re.compile(rf"{NAME_WORD_SEARCHED}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*")
PARTY_AFTER = re.compile(r"\s+(?:political\s+)?party\b")
PAREN_AFTER = re.compile(r"\s*\(([^()]{2,80})\)")
PERSON_ROLES = {"candidate", "politician", "activist", "journalist", "blogger", "leader", "influencer", "lawmaker"}
PARTY_NAME_WORDS = {"Party", "Partei", "Partido", "Partidul", "Parti", "Partito", "Partij", "Partia", "Stranka", "Strana", "Partiya"}
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9\-&]{1,9}\Z")

PARTY_WORDS = {
    "party", "partei", "partido", "partidul", "parti", "partito", "partij", "partia", "stranka", "strana",
    "partiya", "alliance", "alianța", "alianza", "coalition", "bloc", "front", "frente", "fronte", "league",
    "liga", "lega", "congress", "movement", "movimiento", "movimento", "mouvement", "rally", "rassemblement",
    "union", "democrats", "republicans", "socialists", "greens", "liberals", "conservatives",
}
MEDIA_WORDS = {
    "news", "tv", "television", "radio", "times", "post", "daily", "tribune", "herald", "gazette", "journal",
    "media", "press", "novosti", "channel", "broadcasting", "telegraph", "observer", "chronicle", "express",
    "mirror", "pravda", "izvestia", "today", "segodnya", "vesti", "24",
}
ORGANIZATION_WORDS = {
    "center", "centre", "ministry", "council", "agency", "commission", "committee", "office", "service",
    "services", "organization", "organisation", "institute", "foundation", "army", "forces", "military",
    "navy", "police", "guard", "guards", "bank", "court", "parliament", "assembly", "department", "bureau",
    "authority", "corps", "brigade", "association", "society", "federation", "fund", "university", "church",
    "group", "company", "corporation", "directorate", "secretariat", "battalion", "regiment", "network",
}
HEAD_TYPES = {
    "party": "party", "parties": "party", "movement": "party", "coalition": "party", "alliance": "party",
    "bloc": "party", "organization": "organization", "organisation": "organization", "group": "organization",
    "militia": "organization", "union": "organization", "agency": "organization", "network": "organization",
    "outlet": "media", "channel": "media", "newspaper": "media", "broadcaster": "media", "news": "media",
    "brand": "media", "military": "organization", "army": "organization", "forces": "organization",
    "navy": "organization", "force": "organization", "police": "organization", "services": "organization",
}
TITLE_ARTICLES = {"Le", "La", "Les", "Der", "Die", "Das", "El", "Il", "Los", "Las", "De"}
GENERIC_INSTITUTION_WORDS = ORGANIZATION_WORDS | {
    "armed", "national", "special", "border", "state", "security", "intelligence", "revolutionary", "federal",
    "central", "air", "naval", "ground", "and", "of", "the", "public", "civil", "defence", "defense", "government",
    "administration", "foreign", "affairs", "interior", "general", "staff", "presidential",
}
GOVERNMENT_HEADS = {"government", "administration", "authorities", "regime", "leadership"}
INSTITUTION_HEADS = {"military", "army", "forces", "navy", "force", "police", "services"}
NOT_NAMES = {
    "government", "administration", "president", "parliament", "state", "states", "ministry", "army", "media",
    "news", "internet", "west", "western", "god", "the", "this", "these", "those", "we", "our", "it", "they",
    "accounts", "account", "including", "network", "networks", "individuals", "authorities", "regime",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "ai", "vpn", "vpns", "covid", "covid-19", "islam", "christianity", "communism", "democracy", "kremlin",
}
ENGLISH_L_WORDS = {
    "local", "leading", "liberal", "left", "leader", "leaders", "late", "little", "long", "large", "law",
    "legal", "legendary", "loyal", "likely", "like", "lesser", "less", "last", "latest", "lawmaker",
    "lawmakers", "labour", "labor", "land", "language", "life", "lead", "led", "let", "lies", "list",
    "live", "living", "lone", "longtime", "lower", "low", "leftist", "leftwing", "lgbt", "lgbtq",
}
STANCE_RANK = {"affiliated": 0, "promoted": 1, "criticized": 2, "depicted": 3, "mentioned": 4}


@dataclass
class _Actor:
    name: str
    type: str
    stance: str
    evidence: str
    aliases: set[str] = field(default_factory=set)


def _ocr_fixed(word: str) -> str:
    """A lowercase "l" read for a capital "I" at a name's start: "lurie" -> "Iurie"."""
    if word[:1] == "l" and word.lower() not in ENGLISH_L_WORDS and word[1:2].islower():
        return "I" + word[1:]
    return word


def _split_conjoined(name: str, acronym_after: bool = False) -> str:
    """Cut "Nicolae Ciucă and the PNL" at "and"; keep "Recruitment and Social Support Center",
    a known name ("Law and Justice") and one word joined to more before an acronym
    ("Freedom and Direct Democracy (SPD)")."""
    parts = re.split(r"\s+and\s+", name, maxsplit=1)
    if len(parts) == 1:
        return name
    if parts[1].startswith(("the ", "The ")):
        return parts[0]
    if lookup_actor(name) or acronym_after and " " not in parts[0]:
        return name
    if lookup_actor(parts[0]) and lookup_actor(parts[1]):  # "Structura and Social Design Agency"
        return parts[0]
    for joint in re.finditer(r"\s+and\s+", name):  # "Party of Action and Solidarity and of Russia's ..."
        if joint.start() > len(parts[0]) and lookup_actor(name[: joint.start()]):
            return name[: joint.start()]
    first, _, rest = name.partition(" ")
    if gazetteer.lookup(first) and lookup_actor(rest):  # "Polish Law and Justice"
        return name
    head_word = name.split()[-1].lower()
    joined = re.search(r"\s(?:of|for)\s", parts[0]) or head_word in ORGANIZATION_WORDS | PARTY_WORDS | MEDIA_WORDS
    return name if joined else parts[0]


def _inside_name(text: str, pos: int) -> bool:
    """True when a capitalised cue word continues a name: "Social Support Center"."""
    if not text[pos : pos + 1].isupper():
        return False
    words = text[max(0, pos - 40) : pos].split()
    return bool(words) and words[-1][:1].isupper() and words[-1][-1:] not in ".!?:;(\"'"


def _type_from_words(name: str) -> str | None:
    words = {w.lower().strip(".,") for w in re.split(r"[\s\-/]+", name)}
    if words & PARTY_WORDS:
        return "party"
    if words & MEDIA_WORDS:
        return "media"
    if words & ORGANIZATION_WORDS:
        return "organization"
    return None


def _is_acronym(text: str) -> bool:
    return bool(ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def _guess_type(name: str, hint: str | None) -> str:
    if hint in ("party", "organization", "media", "person"):
        return hint
    if name.split()[0] in TITLE_ARTICLES:  # "Le Monde", "Die Zeit", "El País"
        return "media"
    by_words = _type_from_words(name)
    if by_words:
        return by_words
    if _is_acronym(name):
        return "organization"
    return "person"


def _demonym_begins_name(rest: str, hint: str | None) -> bool:
    """True when a leading demonym is part of a party's name ("Serbian Progressive Party",
    "Serbian List" party), not a qualifier of a state institution ("Ukrainian ... Center")."""
    if hint == "party" or _type_from_words(rest) == "party":
        return True
    return " " not in rest and not _is_acronym(rest) and rest.lower() not in GENERIC_INSTITUTION_WORDS


def _names_part_of(name: str, known: KnownActor) -> bool:
    """True when ``name`` is (part of) the known actor's name or an alias of it."""
    folded = fold(name)
    return any(folded in fold(form) for form in (known.name, *known.aliases))


@dataclass(frozen=True)
class _Identity:
    """Who a surface form names: the actor's name, type and the other forms it was seen under."""

    name: str
    type: str
    aliases: frozenset[str]


@lru_cache(maxsize=16384)
def _identify(
    surface: str, hint: str | None, alias: str | None, long_form: str | None, countries: frozenset[str]
) -> tuple[_Identity | None, bool]:
    """The actor ``surface`` names (None when it names none: a place, a government, a platform, ...),
    and whether a name shared by several known actors was looked up (the answer then depends on
    ``countries``). Memoised: names recur across texts.
    """
    ambiguous = False

    def known_as(form: str) -> KnownActor | None:
        nonlocal ambiguous
        ambiguous = ambiguous or gazetteer.is_ambiguous_actor(form)
        return lookup_actor(form, countries)

    surface = re.sub(r"['’]s\Z", "", surface.strip())
    surface = named.without_descriptor(surface)  # "Minsk-based Zubr Media"
    owned, owner = named.without_possessor(surface)
    if owner and (gazetteer.is_place_or_people(owner) or known_as(owned)):  # "Iran's International Union of ..."
        surface = owned
    if named.is_report_term(surface) or alias and named.is_report_term(alias):  # "Pages", "... (VPNs)"
        return None, ambiguous
    if re.search(r"\b[A-Z]\.[A-Z]\Z", surface) and gazetteer.is_place_or_people(surface + "."):
        return None, ambiguous  # "U.S" read without its last dot
    words = surface.split()
    if not words:
        return None, ambiguous
    words[0] = _ocr_fixed(words[0])
    if not words[0][:1].isupper() and not words[0][:2] in ("d'", "d’", "l'", "l’"):
        return None, ambiguous
    name = " ".join(words)
    aliases = {surface, name} | ({alias} if alias else set()) | ({long_form} if long_form else set())
    if long_form:
        name = long_form
    known = None
    for form in (name, *sorted(aliases)):
        known = known_as(form)
        if known and form == alias and " " in name and _is_acronym(form) and not _names_part_of(name, known):
            known = None  # "Centre for Research and Information (CRI)": the long name says who, not the acronym
        if known:
            break
    # a leading demonym qualifies an institution: "Ukrainian Territorial Recruitment Center"
    first, _, rest = name.partition(" ")
    rest_words = [w.lower() for w in rest.split()]
    if not known and rest and gazetteer.lookup(first) and known_as(rest):  # "Polish Confederation ... Independence"
        name, known = rest, known_as(rest)
    if rest and gazetteer.lookup(first) and not GOVERNMENT_HEADS.isdisjoint(rest_words):
        return None, ambiguous  # "the Moldovan Government": a stance toward a government, no actor
    if (not known and rest and gazetteer.lookup(first) and not gazetteer.lookup(rest)
            and not all(w in GENERIC_INSTITUTION_WORDS for w in rest_words)
            and not _demonym_begins_name(rest, hint)):
        name = rest
        known = known_as(name)
    if fold(name) in NOT_NAMES or fold(name) in SEAT_CODES or gazetteer.is_place_or_people(name):
        return None, ambiguous
    if name.lower().startswith("the ") and not known:
        name = name[4:]
    if known and known.type == "platform":
        return None, ambiguous
    if known:
        kind = known.type
        aliases.add(name)
        name = known.name
    else:
        kind = _guess_type(name, hint)
    aliases.discard(name)
    return _Identity(name, kind, frozenset(aliases)), ambiguous


class _ActorReader:
    """Collects actors from one text (title or description)."""

    def __init__(self, skel: Skeleton, countries: frozenset[str], skip_spans: list[tuple[int, int]]) -> None:
        self.skel = skel
        self.text = skel.text
        self.low = skel.low
        self.countries = countries
        self.skip_spans = skip_spans
        self.found: dict[str, _Actor] = {}
        self.country_dependent = False  # a name was shared by several known actors
        self.has_party = "party" in self.text  # pre-checks for PARTY_AFTER, PAREN_AFTER, PERSON_ROLES
        self.has_paren = "(" in self.text
        self.has_role = any(role in self.low for role in PERSON_ROLES)

    def add(
        self,
        surface: str,
        *,
        stance: str,
        evidence: str,
        hint: str | None = None,
        alias: str | None = None,
        long_form: str | None = None,
    ) -> None:
        """Record one actor seen as ``surface`` (with an optional acronym/long form)."""
        identity, ambiguous = _identify(surface, hint, alias, long_form, self.countries)
        self.country_dependent |= ambiguous
        if identity is None:
            return
        key = fold(identity.name)
        current = self.found.get(key)
        if current is None:
            self.found[key] = _Actor(identity.name, identity.type, stance, evidence, set(identity.aliases))
            return
        current.aliases |= identity.aliases
        if STANCE_RANK[stance] < STANCE_RANK[current.stance]:
            current.stance, current.evidence = stance, evidence

    @cached_property
    def known_hits(self) -> list[tuple[int, int, str]]:
        """Known actors' names in the text (start, end, form)."""
        return gazetteer.find_known_actors(self.text)

    def _skipped(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.skip_spans)

    def read_cued(self) -> None:
        """Actors named right after a cue: "promote X and Y", "images of X", "affiliated with X"."""
        known_spans = None
        for cue in self.skel.text_scan.finditer(ACTOR_CUES):
            if not _inside_name(self.text, cue.start()):
                if known_spans is None:
                    known_spans = [(a, b) for a, b, _ in self.known_hits]
                if any(a < cue.start() < b for a, b in known_spans):  # "Service against Foreign ... Interference"
                    continue
                self._read_list(cue.end(), cue.lastgroup or "mentioned", cue.start())
        for cue in self.skel.text_scan.finditer(named.AFFILIATION_CUE):  # "employees of RT", "attributed to X"
            self._read_list(cue.end(), "affiliated", cue.start())
        for cue in self.skel.text_scan.finditer(named.APPOSITION_CUE):  # "a marketing firm, Panda Media"
            self._read_list(cue.end(), "affiliated", cue.start(), "media" if cue.group("media") else "organization")
        for cue in self.skel.text_scan.finditer(named.COMMENTARY_CUE):  # "supportive commentary about X"
            self._read_list(cue.end(), cue.lastgroup or "mentioned", cue.start())
        for name, evidence in named.brands(self.text):  # under the "Voice of X" brand
            self.add(name, stance="affiliated", evidence=evidence, hint="media")

    def read_examples(self) -> None:
        """Actors given as examples of a kind: "news outlets such as TVN24", "parties including X"."""
        if not any(word in self.low for word in EXAMPLE_WORDS):
            return
        for m in EXAMPLES.finditer(self.low):
            kind = m.group("kind")
            hint = next(hint for nouns, hint in EXAMPLE_HINTS if kind.startswith(nouns))
            self._read_list(m.end(), "mentioned", m.start(), hint)

    def _read_list(self, pos: int, stance: str, cue_start: int, hint: str | None = None) -> None:
        """The actors listed from ``pos`` on: "X", "X and Y", "X, Y and Z"."""
        while True:
            item = ACTOR_ITEM.match(self.text, pos) if _may_start_item(self.text, pos) else None
            if not item:
                break
            owner = PLACE_POSSESSIVE.fullmatch(item.group("name"))
            if owner and gazetteer.is_place_or_people(owner.group(1)):  # "Poland's governing Civic Coalition"
                owned = ACTOR_ITEM.match(self.text, item.end("name"))
                item = owned if owned and _may_start_item(self.text, item.end("name")) else item
            end = self._take_item(item, stance, cue_start, hint)
            if self.text[end : end + 1] == "." and re.search(r"\b[A-Z]\.[A-Z]\Z", self.text[:end]):
                end += 1  # "the U.S., and NATO": the abbreviation's last dot
            sep = ACTOR_SEPARATOR.match(self.text, end)
            if not sep:
                break
            pos = sep.end()

    def _take_item(self, item: re.Match[str], stance: str, cue_start: int, kind_hint: str | None = None) -> int:
        """Record the actor of one list item; returns where the item ends."""
        raw = item.group("name")
        if named.qualifies_person(self.text, item.end("name")):  # "a Polish European Parliament member"
            return item.end("name")
        paren = item.group("paren")
        name = _split_conjoined(raw, bool(paren) and _is_acronym(paren.strip()) and item.group("head") is None)
        if name != raw:  # the item ends before "and ..."
            end = item.start("name") + len(name)
            head = paren = None
        else:
            end = item.end()
            head = (item.group("head") or "").lower()
            paren = item.group("paren")
        head_word = next((w for w in head.split() if w in HEAD_TYPES or w in GOVERNMENT_HEADS), "") if head else ""
        if head_word in GOVERNMENT_HEADS:  # a stance toward a government; a known party leading it is an actor
            if not gazetteer.is_place_or_people(name) and lookup_actor(name, self.countries):
                self.add(name, stance=stance, evidence=self.text[cue_start:item.end("name")])
            return end
        if gazetteer.is_place_or_people(name) and head_word in INSTITUTION_HEADS:
            institution = self.text[item.start("name") : item.end("head")]
            self.add(institution, stance=stance, evidence=self.text[cue_start:end], hint="organization")
            return end
        if head and not head_word in HEAD_TYPES:
            end = item.end("name")
        hint = self._hint(item, head_word) or kind_hint
        alias = long_form = None
        if paren and end == item.end():
            paren = paren.strip()
            if _is_acronym(paren) and " " in name:
                alias = paren
            elif _is_acronym(name) and re.fullmatch(NAME, paren):
                long_form = paren
            elif head_word in HEAD_TYPES and re.fullmatch(NAME, paren):  # "the Serbian List party (Srpska Lista)"
                alias = paren
            else:
                end = item.end("head") if head else item.end("name")
        split = _person_of(name) if not long_form else None
        if split:
            person, body = split
            person_end = item.start("name") + len(person)
            self.add(person, stance=stance, evidence=self.text[cue_start:person_end], hint="person")
            name, hint = body, None
        self.add(name, stance=stance, evidence=self.text[cue_start:end].strip(),
                 hint=hint, alias=alias, long_form=long_form)
        return end

    @staticmethod
    def _hint(item: re.Match[str], head_word: str) -> str | None:
        if head_word in HEAD_TYPES:
            return HEAD_TYPES[head_word]
        cls = (item.group("cls") or "").lower()
        if cls:
            lead = (item.group("lead") or "").lower()
            if "media" in lead or "news" in lead or cls in ("outlet", "broadcaster", "channel", "newspaper"):
                return "media"
            return "party" if cls in ("party", "movement") else "organization"
        if item.group("role"):
            return "person"
        return None

    def read_uncued(self) -> None:
        """Actors named without a stance: "candidate X", "the X party", "X (ACR)", known names."""
        spans = []
        for m in ANY_NAME.finditer(self.text):
            for name, start, end in _conjuncts(m.group(0)):  # "the European Union and Ukraine": two runs
                spans.append((m.start() + start, m.start() + end))
                self._read_name(name, m.start() + start, m.start() + end)
        for start, end, form in self.known_hits:
            inside_longer = any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)
            if any(m.start <= start and end <= m.end for m in self.skel.mentions):
                continue  # "EU countries": a region, not the Union
            if self.text[start - 1 : start] == "(" and any(b in (start - 1, start - 2) for _, b in spans):
                continue  # "Centre for Research and Information (CRI)": the acronym is the name before it
            if not self._skipped(start) and not (inside_longer and not _is_acronym(form)):
                self.add(form, stance="mentioned", evidence=form)

    def _read_name(self, name: str, start: int, end: int) -> None:
        words = name.split()
        before = self.low[max(0, start - 40) : start].rsplit(None, 1) if self.has_role else None
        if before and before[-1] in PERSON_ROLES:
            role_start = self.low.rindex(before[-1], 0, start)
            self.add(name, stance="mentioned", evidence=self.text[role_start:end], hint="person")
            return
        party = PARTY_AFTER.match(self.text, end) if self.has_party else None
        if party:
            self.add(name, stance="mentioned", evidence=self.text[start : party.end()], hint="party")
            return
        paren = PAREN_AFTER.match(self.text, end) if self.has_paren else None
        if paren:
            inner = paren.group(1).strip()
            if _is_acronym(inner) and len(words) > 1:
                self.add(name, stance="mentioned", evidence=self.text[start : paren.end()], alias=inner)
                return
            if _is_acronym(name) and " " in inner and re.fullmatch(NAME, inner):
                self.add(name, stance="mentioned", evidence=self.text[start : paren.end()], long_form=inner)
                return
        if not PARTY_NAME_WORDS.isdisjoint(words) and (words[0] not in PARTY_NAME_WORDS | {"The"} or len(words) > 2):
            self.add(name, stance="mentioned", evidence=name, hint="party")


def _person_of(name: str) -> tuple[str, str] | None:
    """("Luisa González", "Citizen Revolution Movement") from "Luisa González of the Citizen Revolution Movement"."""
    m = re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)\Z", name)
    if not m:
        return None
    person, body = m.groups()
    person_words = person.split()
    if not 2 <= len(person_words) <= 4 or any(w.lower() in GENERIC_INSTITUTION_WORDS | PARTY_WORDS | MEDIA_WORDS for w in person_words):
        return None
    if not (_type_from_words(body) or lookup_actor(body)):
        return None
    return person, body


@lru_cache(maxsize=16384)
def _conjuncts(name: str) -> tuple[tuple[str, int, int], ...]:
    """The names joined in one capitalised run, with their spans in it: "Nicolae Ciucă and the PNL"
    -> two names. Memoised: names recur across texts.

    >>> _conjuncts("Nicolae Ciucă and the PNL")
    (('Nicolae Ciucă', 0, 13), ('PNL', 22, 25))
    """
    return tuple(_split_conjuncts(name))


def _split_conjuncts(name: str) -> Iterator[tuple[str, int, int]]:
    offset = 0
    while name:
        part = _split_conjoined(name)
        split = _person_of(part)
        if split:
            yield split[0], offset, offset + len(split[0])
            body_start = offset + part.rindex(split[1])
            yield split[1], body_start, body_start + len(split[1])
        else:
            yield part, offset, offset + len(part)
        rest = name[len(part) :]
        stripped = re.sub(r"\A\s+and\s+(?:the\s+|The\s+)?", "", rest)
        offset += len(part) + len(rest) - len(stripped)
        name = stripped


def _read_text_actors(skel: Skeleton, countries: frozenset[str], skip_spans: list[tuple[int, int]]) -> _ActorReader:
    reader = _ActorReader(skel, countries, skip_spans)
    reader.read_cued()
    reader.read_examples()
    reader.read_uncued()
    return reader


def _merge_actors(found_per_text: list[dict[str, _Actor]]) -> list[dict]:
    """One record per actor over both texts: the first text's evidence unless the other's stance ranks higher."""
    merged: dict[str, _Actor] = {}
    for found in found_per_text:
        for key, actor in found.items():
            current = merged.get(key)
            if current is None:
                merged[key] = _Actor(actor.name, actor.type, actor.stance, actor.evidence, set(actor.aliases))
                continue
            current.aliases |= actor.aliases
            if STANCE_RANK[actor.stance] < STANCE_RANK[current.stance]:
                current.stance, current.evidence = actor.stance, actor.evidence
    out = []
    for actor in merged.values():
        aliases = sorted(a for a in actor.aliases if a and a != actor.name)
        out.append({"name": actor.name, "type": actor.type, "stance": actor.stance,
                    "aliases": aliases, "evidence": actor.evidence})
    return sorted(out, key=lambda a: (fold(a["name"]), a["name"]))


# ---------------------------------------------------------------------------------------------
# Fields

Fact = tuple[object, str]  # (value, evidence)


class _Facts:
    """Facts of one field keyed by value, keeping the first evidence seen."""

    def __init__(self, *found: list[Fact]) -> None:
        self.items: dict[object, str] = {}
        for facts in found:
            for key, evidence in facts:
                self.add(key, evidence)

    def add(self, key: object, evidence: str) -> None:
        if key not in self.items and evidence:
            self.items[key] = evidence.strip()

    def __iter__(self) -> Iterator[object]:
        return iter(self.items)


PRETENDED = re.compile(  # a place the network only seemed to be in: "used VPNs to appear to be located in"
    r"\b(?:appear\w*|pretend\w*|claim\w*|purport\w*|seem\w*|falsely|posing\s+as|posed\s+as)\s+(?:to\s+(?:be\s+|have\s+been\s+)?)?(?:\w+\s+)?\Z"
)


def _pretended(skel: Skeleton, start: int) -> bool:
    """True when the phrase at ``start`` says where the network only seemed to be."""
    return bool(PRETENDED.search(skel.skeleton, max(0, start - 40), start))


def _scan(skel: Skeleton, cues: list[Cue], kind: str) -> list[Fact]:
    """The country codes (kind C/D) or regions (R/A) named in group ``n`` of each match."""
    found = []
    for cue in cues:
        for m in cue.finditer(skel):
            if cue in ORIGIN_PATTERNS and _pretended(skel, m.start()):
                continue
            evidence = skel.evidence(m.start(), m.end())
            for mention in skel.mentions_in(m.group("n")):
                if kind == "country" and cues is TARGET_PATTERNS and prose.possessed(skel.text, mention.end):
                    continue  # "targeting the UK and Iran's regional interests": no audience in Iran
                if kind == "country":
                    found.extend((code, evidence) for code in _codes([mention]))
                else:
                    region = mention.reading(REGION) or mention.reading(REGION_ADJ)
                    if region:
                        found.append((region, evidence))
    return found


def _global_evidence(skel: Skeleton) -> str | None:
    """The first phrase saying the network targeted a worldwide audience."""
    for cue in GLOBAL_PATTERNS:
        m = next(cue.finditer(skel), None)
        if m:
            return skel.text[m.start() : m.end()]
    return None


def _languages(skel: Skeleton) -> tuple[list[Fact], list[tuple[Language, int, int]]]:
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


def _stances(skel: Skeleton) -> list[tuple[str | None, str, str]]:
    """(country, stance, evidence) in text order; country None for "the government" unnamed."""
    found = []
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
            found.extend((code, stance, evidence) for code in _codes(skel.mentions_in(m.group("n"))))
    return found


def _elections(skel: Skeleton) -> tuple[list[Fact], str | None]:
    """Countries of the elections named (code, evidence), and the evidence of an election named
    without any country (used when the row targets one country)."""
    found = []
    named = False
    for cue in ELECTION_PATTERNS:
        for m in cue.finditer(skel):
            named = True
            evidence = skel.evidence(m.start(), m.end())
            found.extend((code, evidence) for code in _codes(skel.mentions_in(m.group("n"))))
    if named:
        return found, None
    m = next(ANY_ELECTION.finditer(skel), None)
    return found, skel.evidence(m.start(), m.end()) if m else None


CLAUSE_BREAKS = ".,;:!?()[]\"\n"


def _widened(text: str, start: int, end: int, words: int = 3) -> str:
    """The phrase ``text[start:end]``, widened to three words or more within its clause.

    >>> _widened("The network was found to repost the same videos.", 25, 31)
    'to repost the'
    """
    while len(text[start:end].split()) < words:
        grown = False
        if end < len(text) and text[end] == " " and end + 1 < len(text) and text[end + 1] not in CLAUSE_BREAKS:
            stop = min((i for i in (text.find(" ", end + 1), *(text.find(c, end + 1) for c in ",.;:)")) if i != -1), default=len(text))
            end, grown = stop, True
        if len(text[start:end].split()) < words and start > 1 and text[start - 1] == " " and text[start - 2] not in CLAUSE_BREAKS:
            begin = max(text.rfind(" ", 0, start - 1), *(text.rfind(c, 0, start - 1) for c in ",.;:(")) + 1
            start, grown = begin, True
        if not grown:
            break
    return text[start:end]


def _wars(skel: Skeleton) -> tuple[list[Fact], list[tuple[int, int]]]:
    """War topics named (topic, evidence), and the span of each mention."""
    found, spans = [], []
    for topic, cue in WAR_TOPICS:
        for m in cue.finditer(skel):
            found.append((topic, _widened(skel.text, m.start(), m.end())))
            spans.append(m.span())
    return found, spans


def _tactics(skel: Skeleton) -> list[Fact]:
    """Tactics whose cues occur, each with its first cue phrase widened to three words."""
    found = []
    for slug, pattern in _tactic_patterns(skel.low):
        m = skel.text_scan.search(pattern)
        while m and prose.vetoed(slug, skel.low, m.start()):  # "did not engage in paid advertising"
            m = pattern.search(skel.low, m.end())
        if m:
            found.append((slug, _widened(skel.text, m.start(), m.end())))
    if "brand" in skel.low and not any(slug == "fake-news-outlets" for slug, _ in found):
        brand = next(iter(named.brands(skel.text)), None)  # outlets the network ran under brands of its own
        if brand:
            found.append(("fake-news-outlets", brand[1]))
    return found


def _multilingual(text: str, spans: list[tuple[Language, int, int]]) -> list[Fact]:
    """Multilingual targeting where one text names two languages or more."""
    if len({language for language, _, _ in spans}) < 2:
        return []
    start, end = min(s for _, s, _ in spans), max(e for _, _, e in spans)
    return [("multilingual-targeting", text[start:end])]


@dataclass
class _Reading:
    """What one text (a title or a description) states on its own, before both are merged."""

    skel: Skeleton
    targets: list[Fact]
    origins: list[Fact]
    regions: list[Fact]
    title_targets: list[Fact]  # read from titles only: "... in Kenya"
    title_regions: list[Fact]
    global_evidence: str | None
    languages: list[Fact]
    multilingual: list[Fact]
    stances: list[tuple[str | None, str, str]]
    elections: list[Fact]
    unplaced_election: str | None
    wars: list[Fact]
    war_spans: list[tuple[int, int]]
    tactics: list[Fact]
    actors: _ActorReader  # read without the row's countries

    def actors_found(self, countries: frozenset[str]) -> dict[str, _Actor]:
        """The actors of this text; read again when a name's meaning depends on the countries."""
        if not self.actors.country_dependent:
            return self.actors.found
        return _read_text_actors(self.skel, countries, self.war_spans).found


@lru_cache(maxsize=2048)
def _read_title(title: str) -> _Reading:
    """What a title states on its own; memoised, as titles repeat across rows (descriptions
    seldom do, and a reading holds the text's scans: memoising those would cost memory only)."""
    return _read(title, is_title=True)


@lru_cache(maxsize=16)
def _read_description(description: str) -> _Reading:
    """What a description states on its own; only the last few are kept (the empty one mostly)."""
    return _read(description, is_title=False)


def _read(text: str, is_title: bool) -> _Reading:
    """Everything ``text`` states on its own."""
    skel = _skeleton(text)
    languages, language_spans = _languages(skel)
    elections, unplaced_election = _elections(skel)
    wars, war_spans = _wars(skel)
    return _Reading(
        skel=skel,
        targets=_scan(skel, TARGET_PATTERNS, "country"),
        origins=_scan(skel, ORIGIN_PATTERNS, "country") + prose.seat_origins(text),
        regions=_scan(skel, REGION_PATTERNS, "region"),
        title_targets=_scan(skel, [TITLE_TARGET], "country") if is_title else [],
        title_regions=_scan(skel, [TITLE_REGION], "region") if is_title else [],
        global_evidence=_global_evidence(skel),
        languages=languages,
        multilingual=_multilingual(text, language_spans),
        stances=_stances(skel),
        elections=elections,
        unplaced_election=unplaced_election,
        wars=wars,
        war_spans=war_spans,
        tactics=_tactics(skel),
        actors=_read_text_actors(skel, frozenset(), war_spans),
    )


def _listed(facts: _Facts, key: str) -> list[dict]:
    return [{key: value, "evidence": facts.items[value]} for value in sorted(facts.items)]


def extract(title: str, description: str) -> dict:
    """All facts of one network row, each with its evidence (a substring of title or description).

    Titles repeat across rows, so what a title states is read once (see :func:`_read_title`);
    each call returns records of its own.

    >>> facts = extract("Accounts targeting political discourse in Kenya",
    ...                 "We assess that this network operated from Kenya and targeted a Kenyan audience.")
    >>> facts["origin_countries"], [t["code"] for t in facts["target_countries"]]
    ([{'code': 'KE', 'evidence': 'operated from Kenya'}], ['KE'])
    """
    return _extract(title or "", description or "")


def clear_caches() -> None:
    """Forget memoised texts (for timing extraction of unseen rows)."""
    _read_title.cache_clear()
    _read_description.cache_clear()


def _same_place(origins: _Facts, targets: _Facts) -> None:
    """Give a domestic network's one known place to the side that names none."""
    if len(origins.items) == 1 and not targets.items:
        for code, evidence in origins.items.items():
            targets.add(code, evidence)
    elif len(targets.items) == 1 and not origins.items:
        for code, evidence in targets.items.items():
            origins.add(code, evidence)


def _extract(title: str, description: str) -> dict:
    texts = (_read_title(title), _read_description(description))
    title_text, desc_text = texts

    targets = _Facts(title_text.targets, desc_text.targets, title_text.title_targets)
    origins = _Facts(title_text.origins, desc_text.origins)
    regions = _Facts(title_text.regions, desc_text.regions, title_text.title_regions)
    global_evidence = title_text.global_evidence or desc_text.global_evidence
    languages = _Facts(title_text.languages, desc_text.languages)

    if prose.DOMESTIC.search(desc_text.skel.low) or prose.DOMESTIC.search(title_text.skel.low):
        _same_place(origins, targets)  # "a domestic network": it targeted the country it ran from
    target_list = list(targets)
    stances = _Facts()
    for text in texts:
        for country, stance, evidence in text.stances:
            if country is not None:
                stances.add((country, stance), evidence)
            elif len(target_list) == 1:
                stances.add((target_list[0], stance), evidence)
    topics = _Facts()
    for text in texts:
        for code, evidence in text.elections:
            topics.add(f"election-{code}", evidence)
        if text.unplaced_election and len(target_list) == 1:
            topics.add(f"election-{target_list[0]}", text.unplaced_election)
    for text in texts:
        for topic, evidence in text.wars:
            topics.add(topic, evidence)
    tactics = _Facts(title_text.tactics, desc_text.tactics, title_text.multilingual, desc_text.multilingual)

    countries = frozenset(target_list) | frozenset(origins) | frozenset(
        t.split("-", 1)[1] for t in topics if str(t).startswith("election-")
    )
    actors = _merge_actors([text.actors_found(countries) for text in texts])
    for actor in actors:  # posing as a named outlet or organisation
        if actor["type"] in ("media", "organization") and POSING.match(actor["evidence"]):
            tactics.add("impersonation", actor["evidence"])

    return {
        "origin_countries": _listed(origins, "code"),
        "target_countries": _listed(targets, "code"),
        "global_audience": global_evidence is not None,
        "global_audience_evidence": global_evidence,
        "target_regions": _listed(regions, "name"),
        "languages": [
            {"code": lang.code, "name": lang.name, "evidence": languages.items[lang]}
            for lang in sorted(languages, key=lambda lang: lang.code)
        ],
        "actors": actors,
        "government_stances": [
            {"country": country, "stance": stance, "evidence": stances.items[(country, stance)]}
            for country, stance in sorted(stances)
        ],
        "tactics": _listed(tactics, "id"),
        "topics": _listed(topics, "id"),
    }
