"""Cues for the long prose of platform reports (Meta's network summaries, Google TAG bulletins).

Table rows say little per sentence; prose says more, in other words. This module holds the cue
patterns and checks that prose needs beside those of :mod:`graph.extract.patterns`:

- where a network came from: "an operation linked to Egypt", "revealed links to Belarus",
  "originating in and targeting Moldova" (both), "a domestic network" (origin = audience);
- stances toward governments given by country names: "supportive of Saudi Arabia and the UAE
  and critical of Qatar", "promoted Russian geopolitical interests", "aligns with Iran's foreign
  policy objectives", "critical of the mayor and the current Polish government";
- the negation of a tactic ("did not run ads"), and cues that speak of someone else's doing.

Who is named, and how (sponsors, brands, the report's own words that are never actors), is
in :mod:`graph.extract.actor_cues`.

Patterns run on the skeleton (mentions replaced by tokens, see :mod:`graph.extract.tokens`) and
are given as ``(pattern, words, kinds)``: :mod:`graph.extract.patterns` compiles them into its cues.
"""

from __future__ import annotations

import re
from functools import cache

from cio_graph.graph import gazetteer
from cio_graph.graph.extract.tokens import COUNTRIES, COUNTRY_TOKEN, NATION, listing, token
from cio_graph.graph.gazetteer import COUNTRY, REGION
from cio_graph.graph.taxonomy import load_tactics

__all__ = [
    "BASED",
    "COMMENTARY",
    "CRITICAL_OF",
    "CURRENCY_NOUNS",
    "Cue",
    "DOMESTIC",
    "GOVERNMENT",
    "GOV_MODIFIER",
    "INTERESTS",
    "MIXED_TARGETS",
    "NEGATION",
    "NOT_POSSESSED",
    "NOT_THE_NETWORKS",
    "OPERATION",
    "ORIGIN_AND_TARGET_CUES",
    "ORIGIN_CUES",
    "PLACES",
    "REGION_CUES",
    "STANCE_CUES",
    "SUPPORTIVE_OF",
    "TARGET_CUES",
    "negated",
    "possessed",
    "seat_origins",
    "vetoed",
]

Cue = tuple[str, tuple[str, ...] | str, str]  # (pattern on the skeleton, words one of which it needs, token kinds)

NOT_POSSESSED = r"(?!['’]s\b)"
OPERATION = (
    r"(?:operations?|networks?|campaigns?|activity|activities|accounts|actors|individuals|channels|"
    r"efforts?|cluster|clusters|assets|pages|group)"
)

BASED = r"(?:based|headquartered|located|registered|operating)"

# Where the network came from.
ORIGIN_CUES: list[Cue] = [
    # "coordinated influence operations linked to Iran", "a network tied to Azerbaijan"
    (
        rf"\b{OPERATION}\s+(?:[\w\-]+\s+){{0,2}}?(?:linked|tied|connected|attributed|traced)\s+(?:back\s+)?to\s+"
        rf"(?P<n>{COUNTRIES}){NOT_POSSESSED}",
        ("linked", "tied", "connected", "attributed", "traced"),
        "c",
    ),
    # "the campaign was linked to the Vietnamese government", "accounts tied to the Rwandan military"
    (
        rf"\b{OPERATION}\s+(?:[\w\-]+\s+){{0,2}}?(?:linked|tied|connected|attributed|traced)\s+(?:back\s+)?to\s+(?:the\s+)?"
        rf"(?P<n>{NATION})\s+(?:government|military|army|armed\s+forces|state|authorities|regime|intelligence|security\s+services|"
        rf"ruling\s+party|presidency|ministry)\b",
        ("linked", "tied", "connected", "attributed", "traced"),
        "cd",
    ),
    # "our investigation revealed links to Belarus and Russia"
    (
        rf"\b(?:found|revealed|identified|uncovered|established|showed|shows|reveals|with)\s+(?:direct\s+|clear\s+|strong\s+)?"
        rf"(?:links|ties|connections)\s+to\s+(?P<n>{COUNTRIES}){NOT_POSSESSED}",
        ("links", "ties", "connections"),
        "c",
    ),
    # "a marketing firm based in Tel Aviv, Israel"
    (
        rf"\b{BASED}\s+in\s+[\w\-]+(?:\s+[\w\-]+)?\s*,\s*(?P<n>{COUNTRY_TOKEN}){NOT_POSSESSED}",
        ("based", "headquartered", "located", "registered", "operating"),
        "c",
    ),
    # "a domestic network in Kenya"
    (
        rf"\bdomestic\s+(?:[\w\-]+\s+){{0,3}}?(?:networks?|campaigns?|operations?|activity)\s+(?:based\s+)?(?:in|from|within)\s+"
        rf"(?P<n>{COUNTRIES})",
        "domestic",
        "c",
    ),
    # "a Belarus, Russia-based network" (a list before "-based": Meta's titles and intros)
    (
        rf"(?:\A|\b(?:a|an|the)\s+)(?P<n>{COUNTRIES})-based\b(?!\s+(?:[\w\-]+\s+)?(?:audiences?|users|viewers|people|voters))",
        "-based",
        "c",
    ),
    # "originating in and targeting Moldova"
    (
        rf"\b(?:originat\w*|operat\w*|based)\s+(?:in|from)\s+and\s+(?:target\w*|aim\w*\s+at)\s+(?P<n>{COUNTRIES})",
        ("originat", "operat", "based"),
        "c",
    ),
]
# Whom it targeted, given by example ("targeted many regions, including Taiwan and Japan") or
# in a list of countries and regions ("targeting Europe and the United States").
PLACES = listing(token(COUNTRY + REGION))
MIXED_TARGETS = rf"\btarget\w*\s+(?:primarily\s+|mainly\s+|mostly\s+|both\s+)?(?P<n>{PLACES}){NOT_POSSESSED}(?!\s*-)"
REGION_CUES: list[Cue] = [(MIXED_TARGETS, ("target",), "r")]
TARGET_CUES: list[Cue] = [
    (MIXED_TARGETS, ("target",), "r"),
    # "targeted primarily Moldova and to a lesser extent Romania"
    (
        rf"\btarget\w*[^.;]{{0,120}}?\bto\s+a\s+(?:lesser|smaller)\s+extent,?\s+(?:in\s+|on\s+)?(?P<n>{COUNTRIES}){NOT_POSSESSED}",
        ("lesser", "smaller"),
        "c",
    ),
    # "targeted people in Sudan", "targeting journalists and activists in Belarus"
    (
        rf"\btarget\w*\s+(?:[\w\-]+\s+){{0,4}}?(?:people|individuals|communities|groups|journalists|activists|officials|"
        rf"politicians|diaspora)\s+(?:living\s+|based\s+)?(?:in|from|across|throughout)\s+(?P<n>{COUNTRIES}){NOT_POSSESSED}",
        (
            "people",
            "individuals",
            "communities",
            "groups",
            "journalists",
            "activists",
            "officials",
            "politicians",
            "diaspora",
        ),
        "c",
    ),
    (
        rf"\btarget\w*\s+(?:[\w\-]+,?\s+){{0,6}}?(?:including|such\s+as|like|notably|particularly|especially)\s+"
        rf"(?P<n>{COUNTRIES}){NOT_POSSESSED}",
        ("including", "such as", "like", "notably", "particularly", "especially"),
        "c",
    ),
]


# "a firm based in Cairo", "a Moscow-based agency", "based in Tel Aviv, Israel": a seat of
# government, or a city followed by its country.
@cache
def _seat_origin_pattern() -> re.Pattern[str]:
    seats = "|".join(sorted({re.escape(name) for name in gazetteer.seats()}, key=lambda s: (-len(s), s)))
    return re.compile(rf"\b{BASED}\s+in\s+(?P<seat>{seats})\b(?!\s*,\s*[A-Z])|\b(?P<seat2>{seats})-based\b")


def seat_origins(text: str) -> list[tuple[str, str]]:
    """(country code, evidence) of the seats of government a network is said to be based in.

    >>> seat_origins("tied to the marketing firm Nile Media based in Cairo and a Baku-based agency")
    [('EG', 'based in Cairo'), ('AZ', 'Baku-based')]
    """
    if "based" not in text and "headquartered" not in text and "located" not in text:
        return []
    codes = gazetteer.seats()
    return [(codes[m.group("seat") or m.group("seat2")], m.group(0)) for m in _seat_origin_pattern().finditer(text)]


# Where the network came from that is also its audience: "originating in and targeting Moldova".
ORIGIN_AND_TARGET_CUES: list[Cue] = [ORIGIN_CUES[-1]]

DOMESTIC = re.compile(
    r"\bdomestic\s+(?:[\w\-]+\s+){0,3}?(?:networks?|campaigns?|operations?|audiences?|activity|influence\s+operations?)\b"
    r"|\btargeting\s+(?:a\s+)?(?:domestic|local|home)\s+audiences?\b"
    r"|\bat\s+home\b(?=[^.]*\btarget)"
)

# Stances toward governments named by their country.
CRITICAL_OF = (
    r"critical\s+of|critici[sz](?:e|es|ed|ing)|criticism\s+of|denigrat\w*|disparag\w*|hostile\s+(?:to|towards?)|"
    r"negative\s+(?:towards?|about|of)|opposed\s+to|oppos(?:e|es|ed|ing)"
)
COMMENTARY = (
    r"(?:commentary|comments|coverage|content|narratives|messaging|messages|posts|articles|stories|memes|videos)"
)
CRITICAL_OF = (
    r"criticisms\s+of|(?:negative|critical|disparaging|derogatory|hostile)\s+"
    + COMMENTARY
    + r"\s+(?:about|on|of|toward|towards|regarding)|"
    + CRITICAL_OF
)
SUPPORTIVE_OF = (
    r"prais(?:e|es|ed|ing)\s+(?:for|of)|(?:positive|supportive|favou?rable|flattering|laudatory)\s+"
    + COMMENTARY
    + r"\s+(?:about|on|of|toward|towards|regarding)|supportive\s+of|in\s+support\s+of|favou?rable\s+(?:to|towards?)|in\s+favou?r\s+of|sympathetic\s+(?:to|towards?)|"
    r"prais(?:e|es|ed|ing)|positive\s+(?:towards?|about)|support(?:s|ed|ing)|backing|defend(?:s|ed|ing)"
)
INTERESTS = (
    r"(?:(?:geopolitical|strategic|political|foreign[- ]policy|national|regional|economic|military)\s+)*"
    r"(?:interests|objectives|agenda|goals|narratives|aims|ambitions|priorities|policy|policies|position|positions)"
)
GOVERNMENT = r"(?:government|administration|authorities|regime|leadership|ruling\s+party|cabinet)"
GOV_MODIFIER = r"(?:current|incumbent|ruling|present|sitting|new|national|central|federal|governing|existing)"
STANCE_CUES: list[Cue] = [
    # "supportive of Saudi Arabia, the UAE, Egypt, and Bahrain", "critical of Iran and Qatar"
    (
        rf"\b(?:(?P<critical>{CRITICAL_OF})|(?P<supportive>{SUPPORTIVE_OF}))\s+(?P<n>{COUNTRIES})"
        rf"(?!['’]s\b|\s*-|\s+(?:and\s+|or\s+)?(?:[a-z\-]+\s+)?(?:{GOVERNMENT}|people|citizens|opposition|military|army|"
        rf"diaspora|media|elections?|voters|users|audiences?)\b)",
        (
            "critic",
            "denigrat",
            "disparag",
            "hostile",
            "negative",
            "oppos",
            "support",
            "favo",
            "sympath",
            "prais",
            "positive",
        ),
        "c",
    ),
    # "promoted Russian geopolitical interests", "aligns with Iran's foreign policy objectives"
    (
        rf"\b(?P<supportive>promot\w*|advanc\w*|align\w*\s+with|serv(?:e|es|ed|ing)|further\w*|push\w*|amplif\w*)\s+"
        rf"(?:the\s+)?(?P<n>{NATION})(?:['’]s)?\s+{INTERESTS}\b",
        ("promot", "advanc", "align", "serv", "further", "push", "amplif"),
        "cd",
    ),
    # "criticizing the governments of Azerbaijan and Israel"
    (
        rf"\b(?:(?P<critical>{CRITICAL_OF}|undermin\w*|discredit\w*|attack\w*)|(?P<supportive>{SUPPORTIVE_OF}|promot\w*))\s+"
        rf"(?:the\s+)?(?:{GOV_MODIFIER}\s+)*(?:governments|administrations|authorities|regimes|leaders(?:hips)?)\s+(?:in|of)\s+(?P<n>{COUNTRIES})",
        ("governments", "administrations", "authorities", "regimes", "leaders"),
        "c",
    ),
    # "critical of Warsaw Mayor X and the current Polish government"
    (
        rf"\b(?:(?P<critical>{CRITICAL_OF}|undermin\w*|discredit\w*|attack\w*|against)|(?P<supportive>{SUPPORTIVE_OF}|promot\w*|support\w*))"
        rf"\s+[^.;⟨]{{1,80}}?\s(?:and|as\s+well\s+as|or)\s+(?:of\s+)?(?:the\s+)?(?:{GOV_MODIFIER}\s+)*(?P<n>{NATION})(?:['’]s)?\s+"
        rf"(?:{GOV_MODIFIER}\s+)*{GOVERNMENT}\b",
        ("government", "administration", "authorities", "regime", "leadership", "ruling", "cabinet"),
        "cd",
    ),
]

# Nouns after a demonym that say it names no language: "paid in Polish zlotys", "in Indian rupees".
CURRENCY_NOUNS = (
    r"zlotys?|złoty|rupees?|rupiah|dollars?|rands?|nairas?|euros?|pounds?|rubles?|roubles?|hryvnias?|"
    r"lir[ae]s?|dinars?|dirhams?|riyals?|rials?|pesos?|reais|reals?|yuan|renminbi|yen|won|francs?|"
    r"shekels?|lei|leu|kroner?|kronor|kronas?|forints?|korunas?|tenge|manats?|laris?|drams?|"
    r"somonis?|soms?|bahts?|ringgits?|takas?|shillings?|cedis?|kwachas?|birrs?|currency|currencies"
)


def possessed(text: str, end: int) -> bool:
    """True when a name ending at ``end`` is a possessor: "Iran's regional interests".

    >>> possessed("targeting the UK and Iran’s regional interests", 25)
    True
    """
    return text[end : end + 2] in ("'s", "’s")


# Negation right before a tactic's cue: "did not engage in paid advertising", "no ads".
NEGATION = re.compile(r"\b(?:not|no|never|without|neither|nor|n't)\s+(?:[\w\-]+\s+){0,3}\Z|\bno\s+\Z")


# Per tactic, words before its cue that say the text speaks of someone else's doing: content
# that "appeared in Iranian state-owned media outlets" does not make the network state media
# (the taxonomy's ``not_the_networks`` column, graph/data/tactics.csv).
NOT_THE_NETWORKS = {t.slug: re.compile(t.not_the_networks) for t in load_tactics() if t.not_the_networks}


def vetoed(slug: str, low: str, start: int) -> bool:
    """True when the cue of tactic ``slug`` at ``start`` is negated or names someone else's doing.

    >>> text = "their articles frequently appear in syrian state-run media outlets"
    >>> vetoed("undisclosed-state-media", text, text.index("state-run"))
    True
    >>> vetoed("undisclosed-state-media", "accounts of state-run media outlets", 12)
    False
    """
    if negated(low, start):
        return True
    veto = NOT_THE_NETWORKS.get(slug)
    return bool(veto and veto.search(low, max(0, start - 60), start))


def negated(low: str, start: int) -> bool:
    """True when the cue starting at ``start`` of the lower-cased text is negated in its clause.

    >>> text = "the network did not engage in paid advertising"
    >>> negated(text, text.index("paid")), negated("it ran paid ads", 7)
    (True, False)
    """
    head = low[max(0, start - 50) : start]
    cut = max(head.rfind(c) for c in ".;:,()")
    return NEGATION.search(head[cut + 1 :]) is not None
