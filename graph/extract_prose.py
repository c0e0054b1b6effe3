"""Cues for the long prose of platform reports (Meta's network summaries, Google TAG bulletins).

Table rows say little per sentence; prose says more, in other words. This module holds the cue
patterns and checks that prose needs beside those of :mod:`graph.extract`:

- where a network came from: "an operation linked to Egypt", "revealed links to Belarus",
  "originating in and targeting Moldova" (both), "a domestic network" (origin = audience);
- stances toward governments given by country names: "supportive of Saudi Arabia and the UAE
  and critical of Qatar", "promoted Russian geopolitical interests", "aligns with Iran's foreign
  policy objectives", "critical of the mayor and the current Polish government";
- words of the report itself that are never actors ("Coordinated Inauthentic Behavior",
  "Indicators of Compromise", "Pages"), and the negation of a tactic ("did not run ads").

Patterns run on the skeleton (mentions replaced by tokens, see :mod:`graph.extract_tokens`) and
are given as ``(pattern, words, kinds)``: :mod:`graph.extract` compiles them into its cues.
"""

from __future__ import annotations

import re
from functools import cache

from graph import gazetteer
from graph.extract_tokens import COUNTRIES, COUNTRY_TOKEN, NATION, _listing, _token
from graph.gazetteer import COUNTRY, REGION

Cue = tuple[str, tuple[str, ...], str]  # (pattern on the skeleton, words one of which it needs, token kinds)

NOT_POSSESSED = r"(?!['’]s\b)"
OPERATION = (
    r"(?:operations?|networks?|campaigns?|activity|activities|accounts|actors|individuals|channels|"
    r"efforts?|cluster|clusters|assets|pages|group)"
)

BASED = r"(?:based|headquartered|located|registered|operating)"

# Where the network came from.
ORIGIN_CUES: list[Cue] = [
    # "coordinated influence operations linked to Iran", "a network tied to Azerbaijan"
    (rf"\b{OPERATION}\s+(?:[\w\-]+\s+){{0,2}}?(?:linked|tied|connected|attributed|traced)\s+(?:back\s+)?to\s+"
     rf"(?P<n>{COUNTRIES}){NOT_POSSESSED}", ("linked", "tied", "connected", "attributed", "traced"), "c"),
    # "the campaign was linked to the Vietnamese government", "accounts tied to the Rwandan military"
    (rf"\b{OPERATION}\s+(?:[\w\-]+\s+){{0,2}}?(?:linked|tied|connected|attributed|traced)\s+(?:back\s+)?to\s+(?:the\s+)?"
     rf"(?P<n>{NATION})\s+(?:government|military|army|armed\s+forces|state|authorities|regime|intelligence|security\s+services|"
     rf"ruling\s+party|presidency|ministry)\b", ("linked", "tied", "connected", "attributed", "traced"), "cd"),
    # "our investigation revealed links to Belarus and Russia"
    (rf"\b(?:found|revealed|identified|uncovered|established|showed|shows|reveals|with)\s+(?:direct\s+|clear\s+|strong\s+)?"
     rf"(?:links|ties|connections)\s+to\s+(?P<n>{COUNTRIES}){NOT_POSSESSED}", ("links", "ties", "connections"), "c"),
    # "a marketing firm based in Tel Aviv, Israel"
    (rf"\b{BASED}\s+in\s+[\w\-]+(?:\s+[\w\-]+)?\s*,\s*(?P<n>{COUNTRY_TOKEN}){NOT_POSSESSED}", ("based", "headquartered", "located", "registered", "operating"), "c"),
    # "a domestic network in Kenya"
    (rf"\bdomestic\s+(?:[\w\-]+\s+){{0,3}}?(?:networks?|campaigns?|operations?|activity)\s+(?:based\s+)?(?:in|from|within)\s+"
     rf"(?P<n>{COUNTRIES})", "domestic", "c"),
    # "a Belarus, Russia-based network" (a list before "-based": Meta's titles and intros)
    (rf"(?:\A|\b(?:a|an|the)\s+)(?P<n>{COUNTRIES})-based\b(?!\s+(?:[\w\-]+\s+)?(?:audiences?|users|viewers|people|voters))",
     "-based", "c"),
    # "originating in and targeting Moldova"
    (rf"\b(?:originat\w*|operat\w*|based)\s+(?:in|from)\s+and\s+(?:target\w*|aim\w*\s+at)\s+(?P<n>{COUNTRIES})",
     ("originat", "operat", "based"), "c"),
]
# Whom it targeted, given by example ("targeted many regions, including Taiwan and Japan") or
# in a list of countries and regions ("targeting Europe and the United States").
PLACES = _listing(_token(COUNTRY + REGION))
MIXED_TARGETS = rf"\btarget\w*\s+(?:primarily\s+|mainly\s+|mostly\s+|both\s+)?(?P<n>{PLACES}){NOT_POSSESSED}(?!\s*-)"
REGION_CUES: list[Cue] = [(MIXED_TARGETS, ("target",), "r")]
TARGET_CUES: list[Cue] = [
    (MIXED_TARGETS, ("target",), "r"),
    # "targeted primarily Moldova and to a lesser extent Romania"
    (rf"\btarget\w*[^.;]{{0,120}}?\bto\s+a\s+(?:lesser|smaller)\s+extent,?\s+(?:in\s+|on\s+)?(?P<n>{COUNTRIES}){NOT_POSSESSED}",
     ("lesser", "smaller"), "c"),
    # "targeted people in Sudan", "targeting journalists and activists in Belarus"
    (rf"\btarget\w*\s+(?:[\w\-]+\s+){{0,4}}?(?:people|individuals|communities|groups|journalists|activists|officials|"
     rf"politicians|diaspora)\s+(?:living\s+|based\s+)?(?:in|from|across|throughout)\s+(?P<n>{COUNTRIES}){NOT_POSSESSED}",
     ("people", "individuals", "communities", "groups", "journalists", "activists", "officials", "politicians", "diaspora"), "c"),
    (rf"\btarget\w*\s+(?:[\w\-]+,?\s+){{0,6}}?(?:including|such\s+as|like|notably|particularly|especially)\s+"
     rf"(?P<n>{COUNTRIES}){NOT_POSSESSED}", ("including", "such as", "like", "notably", "particularly", "especially"), "c"),
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
COMMENTARY = r"(?:commentary|comments|coverage|content|narratives|messaging|messages|posts|articles|stories|memes|videos)"
CRITICAL_OF = (
    r"criticisms\s+of|(?:negative|critical|disparaging|derogatory|hostile)\s+" + COMMENTARY + r"\s+(?:about|on|of|toward|towards|regarding)|"
    + CRITICAL_OF
)
SUPPORTIVE_OF = (
    r"prais(?:e|es|ed|ing)\s+(?:for|of)|(?:positive|supportive|favou?rable|flattering|laudatory)\s+" + COMMENTARY
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
    (rf"\b(?:(?P<critical>{CRITICAL_OF})|(?P<supportive>{SUPPORTIVE_OF}))\s+(?P<n>{COUNTRIES})"
     rf"(?!['’]s\b|\s*-|\s+(?:and\s+|or\s+)?(?:[a-z\-]+\s+)?(?:{GOVERNMENT}|people|citizens|opposition|military|army|"
     rf"diaspora|media|elections?|voters|users|audiences?)\b)",
     ("critic", "denigrat", "disparag", "hostile", "negative", "oppos", "support", "favo", "sympath", "prais", "positive"), "c"),
    # "promoted Russian geopolitical interests", "aligns with Iran's foreign policy objectives"
    (rf"\b(?P<supportive>promot\w*|advanc\w*|align\w*\s+with|serv(?:e|es|ed|ing)|further\w*|push\w*|amplif\w*)\s+"
     rf"(?:the\s+)?(?P<n>{NATION})(?:['’]s)?\s+{INTERESTS}\b",
     ("promot", "advanc", "align", "serv", "further", "push", "amplif"), "cd"),
    # "criticizing the governments of Azerbaijan and Israel"
    (rf"\b(?:(?P<critical>{CRITICAL_OF}|undermin\w*|discredit\w*|attack\w*)|(?P<supportive>{SUPPORTIVE_OF}|promot\w*))\s+"
     rf"(?:the\s+)?(?:{GOV_MODIFIER}\s+)*(?:governments|administrations|authorities|regimes|leaders(?:hips)?)\s+(?:in|of)\s+(?P<n>{COUNTRIES})",
     ("governments", "administrations", "authorities", "regimes", "leaders"), "c"),
    # "critical of Warsaw Mayor X and the current Polish government"
    (rf"\b(?:(?P<critical>{CRITICAL_OF}|undermin\w*|discredit\w*|attack\w*|against)|(?P<supportive>{SUPPORTIVE_OF}|promot\w*|support\w*))"
     rf"\s+[^.;⟨]{{1,80}}?\s(?:and|as\s+well\s+as|or)\s+(?:of\s+)?(?:the\s+)?(?:{GOV_MODIFIER}\s+)*(?P<n>{NATION})(?:['’]s)?\s+"
     rf"(?:{GOV_MODIFIER}\s+)*{GOVERNMENT}\b", ("government", "administration", "authorities", "regime", "leadership", "ruling", "cabinet"), "cd"),
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


# Words of the report itself, never actors: what the platform calls the behaviour, its report
# sections and its own objects ("a Page", "Groups").
REPORT_TERMS = frozenset({
    "coordinated inauthentic behavior", "coordinated inauthentic behaviour", "cib", "indicators of compromise",
    "ioc", "iocs", "adversarial threat report", "threat report", "ttp", "ttps", "network summary",
    "influence operation", "influence operations", "page", "pages", "group", "groups", "profile", "profiles",
    "reels", "stories", "story", "marketplace", "community standards", "inauthentic behavior",
    "threat analysis group", "tag bulletin", "coordinated influence operation", "case study", "overview",
    "takeaways", "efficacy", "full atr report", "atr", "cross-links",
    # common acronyms of trades and things: "a PR firm", "SEO specialists", "a GAN face"
    "pr", "seo", "it", "ngo", "ngos", "tv", "gan", "ip", "ips", "url", "urls", "api", "ceo", "mp", "mep",
    "meps", "dm", "dms", "sms", "vpn", "vpns", "ai", "genai", "llm", "llms", "ad", "ads", "faq",
    "gans", "osint", "tos", "sdk", "dns", "cdn", "seo", "ttps", "ip address", "ip addresses",
    # technical terms spelled with capitals: "Virtual Private Networks (VPNs)"
    "virtual private network", "virtual private networks", "generative adversarial network",
    "generative adversarial networks", "search engine optimization", "search engine optimisation",
    "open source intelligence", "terms of service", "terms of use", "artificial intelligence",
    "large language model", "large language models", "internet protocol", "procedures",
    "application programming interface", "content delivery network", "domain name system",
})
REPORT_TERM_TAIL = re.compile(
    r"(?:coordinated\s+inauthentic\s+behaviou?r|indicators\s+of\s+compromise|adversarial\s+threat\s+report|"
    r"influence\s+operations?(?:\s+network)?|threat\s+report)\Z",
    re.IGNORECASE,
)


DESCRIPTOR = re.compile(r"[\w.]+-(?:based|linked|backed|affiliated|sponsored|run|controlled|aligned|led)\Z", re.IGNORECASE)


# Words naming a faith or people, which read as capitalised names: "posed as Jewish students".
GROUP_WORDS = frozenset({
    "jewish", "jews", "muslim", "muslims", "christian", "christians", "catholic", "catholics", "orthodox",
    "protestant", "evangelical", "evangelicals", "hindu", "hindus", "sikh", "sikhs", "buddhist", "buddhists",
    "arab", "arabs", "kurdish", "kurds", "black", "white", "latino", "latinos", "latina", "hispanic", "roma",
    "tatar", "tatars", "uyghur", "uyghurs", "tibetan", "tibetans", "shia", "shiite", "sunni", "druze", "yazidi",
    "indigenous", "african americans", "african american", "lgbt", "lgbtq", "lgbtq+",
})


def is_report_term(name: str) -> bool:
    """True for the report's own words: "Coordinated Inauthentic Behavior", "India-based
    Coordinated Inauthentic Behavior", "Pages".

    >>> is_report_term("Russia-based Coordinated Inauthentic Behavior"), is_report_term("Civic Coalition")
    (True, False)
    >>> is_report_term("Russia-based")
    True
    """
    folded = " ".join(name.lower().split())
    return folded in REPORT_TERMS or folded in GROUP_WORDS or bool(REPORT_TERM_TAIL.search(folded)) or bool(DESCRIPTOR.fullmatch(folded))


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
    r"(?P<promoted>\b(?:(?:positive|supportive|favou?rable|flattering|laudatory)\s+" + COMMENTARY
    + r"\s+(?:about|on|of|toward|towards|regarding)|praise\s+(?:for|of))\s+)"
    r"|(?P<criticized>\b(?:(?:negative|critical|disparaging|derogatory|hostile)\s+" + COMMENTARY
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
DASHED_BRANDS = re.compile(
    r"\bbrands\s*(?:-|–|—|:)\s+(?P<list>[^.;\-–—:]{2,120}?)\s*(?:-|–|—)\s"
)
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


LEADING_DESCRIPTOR = re.compile(r"\A[\w.]+-(?:based|linked|backed|affiliated|sponsored|run|controlled|aligned|led)\s+(?=\S)")


def without_descriptor(name: str) -> str:
    """``"Zubr Media"`` from ``"Minsk-based Zubr Media"``: a place descriptor is no part of a name.

    >>> without_descriptor("Minsk-based PR"), without_descriptor("Civic Coalition")
    ('PR', 'Civic Coalition')
    """
    return LEADING_DESCRIPTOR.sub("", name)


def without_possessor(name: str) -> tuple[str, str | None]:
    """``("International Union of X", "Iran")`` from ``"Iran’s International Union of X"``.

    >>> without_possessor("Iran’s International Union of Virtual Media")
    ('International Union of Virtual Media', 'Iran')
    >>> without_possessor("Civic Coalition")
    ('Civic Coalition', None)
    """
    m = POSSESSOR.match(name)
    return (m.group("rest"), m.group("owner")) if m else (name, None)


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


# Negation right before a tactic's cue: "did not engage in paid advertising", "no ads".
NEGATION = re.compile(
    r"\b(?:not|no|never|without|neither|nor|n't)\s+(?:[\w\-]+\s+){0,3}\Z|\bno\s+\Z"
)


# Per tactic, words before its cue that say the text speaks of someone else's doing: content
# that "appeared in Iranian state-owned media outlets" does not make the network state media.
NOT_THE_NETWORKS = {
    "undisclosed-state-media": re.compile(
        r"\b(?:appear\w*\s+(?:in|on)|cited\s+by|picked\s+up\s+by|reported\s+by|covered\s+by|featured\s+(?:in|on|by)|"
        r"published\s+(?:in|by)|republished\s+by|amplified\s+by|from)\s+(?:\w+\s+){0,3}\Z"
    ),
}


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
    >>> is_report_term("Russia-based")
    True
    """
    head = low[max(0, start - 50) : start]
    cut = max(head.rfind(c) for c in ".;:,()")
    return NEGATION.search(head[cut + 1 :]) is not None
