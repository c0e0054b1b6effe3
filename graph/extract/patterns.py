"""The cue tables: patterns on the skeleton or the lower-cased text for places, languages, stances and topics."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cio_graph.graph import gazetteer
from cio_graph.graph.extract import prose
from cio_graph.graph.extract.skeleton import Skeleton, lowercase
from cio_graph.graph.extract.tokens import (
    COUNTRIES,
    COUNTRY_TOKEN,
    LANGUAGES,
    NATION,
    NATIONS,
    REGION_ADJ_TOKEN,
    REGIONS,
    STRONG_LANGUAGE_TOKEN,
)
from cio_graph.graph.gazetteer import fold

__all__ = [
    "ANY_ELECTION",
    "AUDIENCE",
    "AUDIENCE_WORDS",
    "CRITICAL",
    "Cue",
    "DEMONYM_NOUNS",
    "ELECTION",
    "ELECTION_MODIFIER",
    "ELECTION_PATTERNS",
    "GLOBAL_PATTERNS",
    "GOVERNMENT",
    "GOV_MODIFIER",
    "ISRAEL_HAMAS",
    "LANGUAGE_PATTERNS",
    "ORIGIN_PATTERNS",
    "PRO_OBJECT",
    "REGION_PATTERNS",
    "RUSSIA_UKRAINE",
    "SEATS",
    "SEAT_CODES",
    "STANCE_OBJECT_GAP",
    "STANCE_PATTERNS",
    "SUPPORTIVE",
    "TARGET_PATTERNS",
    "TARGET_VERB",
    "TARGET_WORDS",
    "TITLE_REGION",
    "TITLE_TARGET",
    "WAR",
    "WAR_TOPICS",
]


RUSSIA_UKRAINE = "russia-ukraine-war"
ISRAEL_HAMAS = "israel-hamas-war"


AUDIENCE = (
    r"(?:audiences?|users|voters|electorate|public|population|viewers|netizens|"
    r"communit(?:y|ies)|markets?|residents|citizens|consumers|youth|followers)"
)
TARGET_VERB = r"(?:target\w*|aim\w*\s+at|direct\w*\s+at|focus\w*\s+on|reach\w*|address\w*|tailored\s+(?:to|for))"


class Cue:
    """A pattern, tried only on texts holding one of ``words`` and a token of one of ``kinds``.

    The test is a cheap pre-check: without those the pattern cannot match. The pattern runs on
    the skeleton, or with ``on_text`` on the lower-cased text.
    """

    __slots__ = ("kinds", "needs", "on_text", "pattern")

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
        if not scan.may_match(self.pattern) or (self.needs and not scan.search(self.needs)):
            return iter(())
        return scan.finditer(self.pattern)

    def scanned(self) -> list[re.Pattern[str]]:
        """The patterns this cue runs on a scan."""
        return [self.pattern, self.needs] if self.needs else [self.pattern]


def _cue(pattern: str, words: tuple[str, ...] | str = (), kinds: str = "", on_text: bool = False) -> Cue:
    return Cue(re.compile(pattern), (words,) if isinstance(words, str) else words, kinds, on_text)


AUDIENCE_WORDS = (
    "audience",
    "user",
    "voter",
    "electorate",
    "public",
    "population",
    "viewer",
    "netizen",
    "communit",
    "market",
    "resident",
    "citizen",
    "consumer",
    "youth",
    "follower",
)
TARGET_WORDS = ("target", "aim", "direct", "focus", "reach", "address", "tailored")

TARGET_PATTERNS = [
    # "targeted a Romanian audience", "both Ukrainian and Russian audiences", "a US audience"
    _cue(
        rf"(?:\b{TARGET_VERB}\s+(?:[\w\-]+\s+){{0,3}}?)?(?P<n>{NATIONS})\s+(?:[\w\-]+\s+)?{AUDIENCE}\b",
        AUDIENCE_WORDS,
        "cd",
    ),
    # "targeting Kenyan nationals", "targeted Filipinos"
    _cue(
        rf"\b{TARGET_VERB}\s+(?:(?:primarily|mainly|mostly|both|also|specifically|predominantly|largely|chiefly)\s+)?(?P<n>{NATIONS})(?:\s+(?:people|nationals))?(?!\s*-|\s+(?:speakers?|speaking|languages?|diaspora|government|administration|authorities|regime))",
        TARGET_WORDS,
        "cd",
    ),
    # "the Romanian diaspora in Moldova" -> Moldova
    _cue(
        rf"{NATIONS}\s+diasporas?(?:\s+communit(?:y|ies))?\s+(?:living\s+|based\s+)?(?:in|across)\s+(?P<n>{COUNTRIES})",
        "diaspora",
        "cd",
    ),
    # "the Turkish diaspora" (no place given)
    _cue(
        rf"(?P<n>{NATIONS})\s+diasporas?(?!\s+(?:communit(?:y|ies)\s+)?(?:living\s+|based\s+)?(?:in|across)\s+(?:the\s+)?{COUNTRY_TOKEN})",
        "diaspora",
        "cd",
    ),
    # "audiences in the Philippines", "users from Kenya and Uganda"
    _cue(
        rf"\b(?:{AUDIENCE}|speakers)\s+(?:located\s+|based\s+|living\s+)?(?:in|from|across|throughout)\s+(?P<n>{COUNTRIES})",
        (*AUDIENCE_WORDS, "speakers"),
        "c",
    ),
    # "in particular Saudi Arabia"
    _cue(
        rf"\b(?:in\s+particular|particularly|especially|notably|mainly|primarily)\s+(?:in\s+)?(?P<n>{COUNTRIES})",
        ("particular", "especially", "notably", "mainly", "primarily"),
        "c",
    ),
]
TITLE_TARGET = _cue(rf"\b(?:in|across|throughout|towards?|on)\s+(?P<n>{COUNTRIES})", (), "c")

ORIGIN_PATTERNS = [
    _cue(
        rf"\b(?:operat\w*|run|runs|ran|based|located|originat\w*|emanat\w*|managed|controlled|conducted|"
        rf"directed|headquartered|coordinated|orchestrated)\s+(?:primarily\s+|mainly\s+|largely\s+|mostly\s+)?"
        rf"(?:from\s+within|from|in|out\s+of|within)\s+(?P<n>{COUNTRIES})",
        (
            "operat",
            "run",
            "ran",
            "based",
            "located",
            "originat",
            "emanat",
            "managed",
            "controlled",
            "conducted",
            "directed",
            "headquartered",
            "coordinated",
            "orchestrated",
        ),
        "c",
    ),
    _cue(
        rf"\b(?:individuals|operators|actors|persons|entities|organizers|people\s+behind\s+[\w\s]{{0,20}}?)\s+(?:located\s+|based\s+)?in\s+(?P<n>{COUNTRIES})",
        ("individuals", "operators", "actors", "persons", "entities", "organizers", "people"),
        "c",
    ),
    _cue(rf"\btraced\s+(?:back\s+)?to\s+(?:\w+\s+){{0,3}}?(?P<n>{COUNTRIES})", "traced", "c"),
    _cue(rf"(?P<n>{NATION})-based\s+(?!audiences?|users)", "-based", "cd"),
    _cue(rf"(?P<n>{NATION})\s+state[- ](?:affiliated|controlled|run|owned|backed|sponsored|funded)\b", "state", "cd"),
]

ORIGIN_PATTERNS += [_cue(*cue) for cue in prose.ORIGIN_CUES]
TARGET_PATTERNS += [_cue(*cue) for cue in prose.ORIGIN_AND_TARGET_CUES + prose.TARGET_CUES]

GLOBAL_PATTERNS = [
    _cue(
        rf"(?:\b{TARGET_VERB}\s+(?:\w+\s+){{0,2}}?)?\b(?:global|worldwide|world-wide|international)\s+(?:audiences?|users|public|viewers)\b",
        ("global", "worldwide", "world-wide", "international"),
        "",
        on_text=True,
    ),
    _cue(
        r"\b(?:audiences?|users|viewers)\s+(?:worldwide|globally|internationally|around\s+the\s+(?:world|globe)|across\s+the\s+(?:world|globe))",
        ("worldwide", "globally", "internationally", "around the", "across the"),
        "",
        on_text=True,
    ),
    _cue(
        rf"\b{TARGET_VERB}\s+(?:\w+\s+)?(?:globally|worldwide|internationally)\b",
        ("globally", "worldwide", "internationally"),
        "",
        on_text=True,
    ),
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
    _cue(
        rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+{STANCE_OBJECT_GAP}(?:the\s+)?"
        rf"(?:{GOV_MODIFIER}\s+)*(?:(?P<n>{NATIONS})(?:'s|’s)?\s+(?:[a-z\-]+\s+)?{GOVERNMENT}\b"
        rf"|(?P<bare>(?:(?:{GOV_MODIFIER}|country's)\s+)*(?:government|administration|authorities|regime|ruling\s+party)\b)(?!\s+(?:in|of)\s+⟨))",
        (
            "government",
            "administration",
            "authorities",
            "regime",
            "leadership",
            "polic",
            "cabinet",
            "ruling",
            "president",
            "prime minister",
            "state institutions",
        ),
        "",
    ),
    # "promoted the ruling party in Cambodia", "critical of the government of Mali"
    _cue(
        rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+{STANCE_OBJECT_GAP}(?:the\s+)?(?:{GOV_MODIFIER}\s+)*"
        rf"(?:government|administration|authorities|regime|leadership|ruling\s+party)\s+(?:in|of)\s+(?P<n>{COUNTRIES})",
        ("government", "administration", "authorities", "regime", "leadership", "ruling party"),
        "c",
    ),
    # "critical of Israel's actions in Gaza"
    _cue(
        rf"\b(?:(?P<critical>{CRITICAL})|(?P<supportive>{SUPPORTIVE}))\s+(?P<n>{COUNTRY_TOKEN})(?:'s|’s)\s+"
        rf"(?:actions|policies|policy|conduct|military\s+operations|war|government|leadership|foreign\s+policy)\b",
        ("'s", "’s"),
        "c",
    ),
    # "pro-Russia narratives", "anti-American content"
    _cue(rf"\b(?:(?P<supportive>pro)|(?P<critical>anti))-(?P<n>{NATION})\s+{PRO_OBJECT}", ("pro-", "anti-"), "cd"),
    # "pro-Kremlin messaging": a seat of government for its government
    _cue(rf"\b(?:(?P<supportive>pro)|(?P<critical>anti))-(?P<seat>{SEATS})\s+{PRO_OBJECT}", ("pro-", "anti-")),
    # "Russian state-affiliated media"
    _cue(
        rf"(?P<supportive>(?P<n>{NATION}))\s+state[- ](?:affiliated|controlled|run|owned|backed|sponsored|funded)\b",
        "state",
        "cd",
    ),
]

STANCE_PATTERNS += [_cue(*cue) for cue in prose.STANCE_CUES]

ELECTION = r"(?:elections?|electoral|election-related|referend(?:um|a)|ballots?|voting|polling)"
ELECTION_MODIFIER = (
    r"(?:\d{4}|local|presidential|parliamentary|general|state|municipal|regional|legislative|national|"
    r"federal|snap|upcoming|recent|midterm|gubernatorial|mayoral|provincial|senate|senatorial|"
    r"congressional|european|runoff|run-off|first-round|second-round)"
)
ELECTION_PATTERNS = [
    _cue(
        rf"(?P<n>{NATIONS})(?:'s|’s)?\s+(?:{ELECTION_MODIFIER}\s+)*{ELECTION}\b",
        ("elect", "referend", "ballot", "voting", "polling"),
        "cd",
    ),
    _cue(
        rf"\b{ELECTION}\s+(?:\w+\s+)?(?:in|of)\s+(?P<n>{COUNTRIES})",
        ("elect", "referend", "ballot", "voting", "polling"),
        "c",
    ),
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
