"""Actors in the prose of platform reports: who sponsored, ran or was named by a network.

Beside the cue words of :mod:`graph.extract.actor_names` ("promote", "critical of", "affiliated with"),
report prose names actors in its own ways, read here:

- sponsors and operators: "employees of RT", "attribute this operation to X", "the takedown of
  the X network", "a marketing firm, X", "we linked it to X", "found links to X";
- stances in the wording of summaries: "supportive commentary about X", "criticisms of X";
- brands the network ran: under the "Voice of X" brand, "the brands - X and Y -";
- what is never an actor: the report's own words ("Coordinated Inauthentic Behavior",
  "Indicators of Compromise", "Pages"), technical terms ("Virtual Private Networks (VPNs)"),
  words for a faith or people ("Jewish students"), place descriptors ("Russia-based"), and a
  name that only qualifies a person ("a Polish European Parliament member").

The cue patterns run on the lower-cased text; the name after a cue must still be capitalised.
"""

from __future__ import annotations

import re

from cio_graph.graph.extract.prose import COMMENTARY

__all__ = [
    "AFFILIATION_CUE",
    "APPOSITION_CUE",
    "BRANDS_NAMED",
    "COMMENTARY_CUE",
    "DASHED_BRANDS",
    "DESCRIPTOR",
    "GROUP_WORDS",
    "LEADING_DESCRIPTOR",
    "LIST_SPLIT",
    "NAME_POSSESSIVES",
    "NAME_START",
    "PERSON_AFTER",
    "POSSESSOR",
    "QUOTED_BRAND",
    "REPORT_TERMS",
    "REPORT_TERM_TAIL",
    "brands",
    "is_report_term",
    "qualifies_person",
    "without_descriptor",
    "without_possessor",
]

# Words of the report itself, never actors: what the platform calls the behaviour, its report
# sections and its own objects ("a Page", "Groups").
REPORT_TERMS = frozenset(
    {
        "coordinated inauthentic behavior",
        "coordinated inauthentic behaviour",
        "cib",
        "indicators of compromise",
        "ioc",
        "iocs",
        "adversarial threat report",
        "threat report",
        "ttp",
        "ttps",
        "network summary",
        "influence operation",
        "influence operations",
        "page",
        "pages",
        "group",
        "groups",
        "profile",
        "profiles",
        "reels",
        "stories",
        "story",
        "marketplace",
        "community standards",
        "inauthentic behavior",
        "threat analysis group",
        "tag bulletin",
        "coordinated influence operation",
        "case study",
        "overview",
        "takeaways",
        "efficacy",
        "full atr report",
        "atr",
        "cross-links",
        # common acronyms of trades and things: "a PR firm", "SEO specialists", "a GAN face"
        "pr",
        "seo",
        "it",
        "ngo",
        "ngos",
        "tv",
        "gan",
        "ip",
        "ips",
        "url",
        "urls",
        "api",
        "ceo",
        "mp",
        "mep",
        "meps",
        "dm",
        "dms",
        "sms",
        "vpn",
        "vpns",
        "ai",
        "genai",
        "llm",
        "llms",
        "ad",
        "ads",
        "faq",
        "gans",
        "osint",
        "tos",
        "sdk",
        "dns",
        "cdn",
        "ip address",
        "ip addresses",
        # technical terms spelled with capitals: "Virtual Private Networks (VPNs)"
        "virtual private network",
        "virtual private networks",
        "generative adversarial network",
        "generative adversarial networks",
        "search engine optimization",
        "search engine optimisation",
        "open source intelligence",
        "terms of service",
        "terms of use",
        "artificial intelligence",
        "large language model",
        "large language models",
        "internet protocol",
        "procedures",
        "application programming interface",
        "content delivery network",
        "domain name system",
    }
)
REPORT_TERM_TAIL = re.compile(
    r"(?:coordinated\s+inauthentic\s+behaviou?r|indicators\s+of\s+compromise|adversarial\s+threat\s+report|"
    r"influence\s+operations?(?:\s+network)?|threat\s+report)\Z",
    re.IGNORECASE,
)


DESCRIPTOR = re.compile(
    r"[\w.]+-(?:based|linked|backed|affiliated|sponsored|run|controlled|aligned|led)\Z", re.IGNORECASE
)


# Words naming a faith or people, which read as capitalised names: "posed as Jewish students".
GROUP_WORDS = frozenset(
    {
        "jewish",
        "jews",
        "muslim",
        "muslims",
        "christian",
        "christians",
        "catholic",
        "catholics",
        "orthodox",
        "protestant",
        "evangelical",
        "evangelicals",
        "hindu",
        "hindus",
        "sikh",
        "sikhs",
        "buddhist",
        "buddhists",
        "arab",
        "arabs",
        "kurdish",
        "kurds",
        "black",
        "white",
        "latino",
        "latinos",
        "latina",
        "hispanic",
        "roma",
        "tatar",
        "tatars",
        "uyghur",
        "uyghurs",
        "tibetan",
        "tibetans",
        "shia",
        "shiite",
        "sunni",
        "druze",
        "yazidi",
        "indigenous",
        "african americans",
        "african american",
        "lgbt",
        "lgbtq",
        "lgbtq+",
    }
)


def is_report_term(name: str) -> bool:
    """True for the report's own words: "Coordinated Inauthentic Behavior", "India-based
    Coordinated Inauthentic Behavior", "Pages".

    >>> is_report_term("Russia-based Coordinated Inauthentic Behavior"), is_report_term("Civic Coalition")
    (True, False)
    >>> is_report_term("Russia-based")
    True
    """
    folded = " ".join(name.lower().split())
    return (
        folded in REPORT_TERMS
        or folded in GROUP_WORDS
        or bool(REPORT_TERM_TAIL.search(folded))
        or bool(DESCRIPTOR.fullmatch(folded))
    )


# Cues after which the named actor is the network's sponsor, owner or operator (run on the
# lower-cased text; the name after it must still be capitalised in the text).
AFFILIATION_CUE = re.compile(
    r"\b(?:employees|members|staff|officials|operatives|officers|agents|associates|personnel|journalists|"
    r"representatives|affiliates)\s+(?:of|at|from)\s+"
    r"|\battribut(?:e|es|ed|ing)\s+(?:[\w\-]+\s+){0,5}?to\s+"
    r"|\b(?:take\s*down|takedown|removal|disruption)\s+of\s+"
    r"|\b(?:sponsored|directed|commissioned|financed|orchestrated|ordered|paid)\s+by\s+"
    r"|\b(?:part|a\s+continuation|an\s+offshoot)\s+of\s+"
    r"|\bwork(?:s|ed)?\s+for\s+"
    r"|\b(?:linked|tied|connected)\s+to\s+(?:the\s+)?(?:[a-z]+\s+)?state[- ](?:sponsored|backed|run|controlled|owned|"
    r"affiliated|funded)\s+"
    r"|\b(?:found|revealed|identified|uncovered|established|showed|confirmed)\s+(?:direct\s+|clear\s+|strong\s+)?"
    r"(?:links|ties|connections)\s+to\s+"
    r"|\b(?:linked|tied|connected|attributed|traced)\s+(?:it|them|this(?:\s+activity|\s+network|\s+operation|\s+campaign)?|"
    r"the\s+(?:activity|network|operation|campaign))\s+(?:back\s+)?to\s+"
)
# The sponsor named after its kind: "employees of a Tbilisi-based marketing firm, Panda Media",
# "links to a PR agency called Zubr Media".
APPOSITION_CUE = re.compile(
    r"\b(?:(?:linked|tied|connected)\s+to|associated\s+with|affiliated\s+with|(?:employees|staff|members)\s+of|"
    r"(?:run|operated|managed|directed|sponsored|funded|commissioned)\s+by|(?:links|ties|connections)\s+to|"
    r"work(?:s|ed|ing)?\s+for|on\s+behalf\s+of|hired|contracted)\s+(?:an?|the)\s+(?:[\w\-.]+\s+){0,4}?"
    r"(?:(?P<media>outlet|brand|channel|newspaper|website)|firm|company|agency|organi[sz]ation|group|contractor|vendor|"
    r"consultancy|network)(?:\s*,\s*|\s+(?:called|named|known\s+as)\s+)"
)
# Stances toward actors in the wording of report summaries: "supportive commentary about X".
COMMENTARY_CUE = re.compile(
    r"(?P<promoted>\b(?:(?:positive|supportive|favou?rable|flattering|laudatory)\s+"
    + COMMENTARY
    + r"\s+(?:about|on|of|toward|towards|regarding)|praise\s+(?:for|of))\s+)"
    r"|(?P<criticized>\b(?:(?:negative|critical|disparaging|derogatory|hostile)\s+"
    + COMMENTARY
    + r"\s+(?:about|on|of|toward|towards|regarding)|criticisms\s+of|calls?\s+for\s+the\s+(?:resignation|arrest|removal|"
    r"impeachment|prosecution)\s+of)\s+)"
    r"|(?P<depicted>\bfalsely\s+(?:represent|present|portray)(?:s|ed|ing)?\s+(?:themselves\s+as\s+)?)"
)

# Brands the network ran, named in quotes or set off by dashes: under the "Voice of X" brand,
# the brands - X and Y - posted.
QUOTED_BRAND = re.compile(
    r"\b(?:under|called|named|branded|titled|dubbed)\s+(?:the\s+)?(?:name\s+|brand\s+)?[\"“](?P<name>[^\"”]{2,60})[\"”]"
    r"(?:\s+(?P<head>brand|name|banner|page|outlet|channel|website|media\s+outlet))?"
)
DASHED_BRANDS = re.compile(r"\bbrands\s*(?:-|–|—|:)\s+(?P<list>[^.;\-–—:]{2,120}?)\s*(?:-|–|—)\s")
BRANDS_NAMED = re.compile(
    r"\b(?:news\s+|media\s+)?brands?\s+(?:called|named|known\s+as)\s+[\"“]?(?P<list>[^.;\"”]{2,120})"
)
LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
NAME_START = re.compile(r"[A-ZÀ-ÖØ-Þ]")


def brands(text: str) -> list[tuple[str, str]]:
    """(name, evidence) of the outlets a network ran, named as brands.

    >>> brands('posts under the "Voice of Cahul" brand; the brands - Echo Nord and Radar Sud - posted')
    [('Voice of Cahul', 'under the "Voice of Cahul" brand'), ('Echo Nord', 'brands - Echo Nord and Radar Sud - '), ('Radar Sud', 'brands - Echo Nord and Radar Sud - ')]
    """
    if "brand" not in text:
        return []
    found = []
    for m in QUOTED_BRAND.finditer(text):
        if NAME_START.match(m.group("name")):
            found.append((m.group("name").strip(), m.group(0)))
    for pattern in (DASHED_BRANDS, BRANDS_NAMED):
        for m in pattern.finditer(text):
            items = [i.strip(" \"“”'") for i in LIST_SPLIT.split(m.group("list"))]
            if items and all(i and NAME_START.match(i) and len(i.split()) <= 5 for i in items):
                found.extend((item, m.group(0)) for item in items)
    return found


POSSESSOR = re.compile(r"\A(?P<owner>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)['’]s\s+(?P<rest>[A-Z].*)\Z")


LEADING_DESCRIPTOR = re.compile(
    r"\A[\w.]+-(?:based|linked|backed|affiliated|sponsored|run|controlled|aligned|led)\s+(?=\S)"
)


def without_descriptor(name: str) -> str:
    """``"Zubr Media"`` from ``"Minsk-based Zubr Media"``: a place descriptor is no part of a name.

    >>> without_descriptor("Minsk-based PR"), without_descriptor("Civic Coalition")
    ('PR', 'Civic Coalition')
    """
    return LEADING_DESCRIPTOR.sub("", name)


# Possessives that begin names rather than own them: "People's Democratic Party".
NAME_POSSESSIVES = frozenset(
    {
        "people",
        "peoples",
        "workers",
        "women",
        "citizens",
        "farmers",
        "patriots",
        "children",
        "veterans",
        "youth",
        "nation",
        "nations",
        "labour",
        "labor",
        "god",
        "martyrs",
        "mothers",
        "soldiers",
        "students",
    }
)


def without_possessor(name: str) -> tuple[str, str | None]:
    """``("International Union of X", "Iran")`` from ``"Iran’s International Union of X"``.

    >>> without_possessor("Iran’s International Union of Virtual Media")
    ('International Union of Virtual Media', 'Iran')
    >>> without_possessor("Civic Coalition"), without_possessor("People's Democratic Party")
    (('Civic Coalition', None), ("People's Democratic Party", None))
    """
    m = POSSESSOR.match(name)
    if not m or m.group("owner").lower() in NAME_POSSESSIVES:
        return name, None
    return m.group("rest"), m.group("owner")


# A name that only qualifies a person ("a Polish European Parliament member") or a place
# ("a U.S.-based firm").
PERSON_AFTER = re.compile(
    r"\.?-(?:based|linked|backed|born|registered|headquartered)\b"
    r"|\s+(?:member|members|lawmaker|lawmakers|deputy|deputies|official|officials|employee|employees|"
    r"spokes(?:person|man|woman)|candidate|candidates|staffer|staffers|representative|representatives)\b"
)


def qualifies_person(text: str, end: int) -> bool:
    """True when the name ending at ``end`` is followed by a person noun it qualifies, or by
    "-based" and the like.

    >>> qualifies_person("against a Bundestag member", 19), qualifies_person("a U.S.-based firm", 5)
    (True, True)
    """
    return PERSON_AFTER.match(text, end) is not None
