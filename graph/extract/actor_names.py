"""Actor name patterns and word lists: capitalised names, the cues before them, the words that type them."""

from __future__ import annotations

import re

__all__ = [
    "ACRONYM",
    "ACTOR_CUES",
    "ACTOR_ITEM",
    "ACTOR_SEPARATOR",
    "ANY_NAME",
    "CAPITAL",
    "CLASS_NOUN",
    "CONNECTOR",
    "ENGLISH_L_WORDS",
    "EXAMPLES",
    "EXAMPLE_HINTS",
    "EXAMPLE_WORDS",
    "GENERIC_INSTITUTION_WORDS",
    "GOVERNMENT_HEADS",
    "HEAD",
    "HEAD_TYPES",
    "INSTITUTION_HEADS",
    "ITEM_STRETCH_END",
    "MEDIA_WORDS",
    "NAME",
    "NAME_WORD",
    "NAME_WORD_REST",
    "NAME_WORD_SEARCHED",
    "NOT_NAMES",
    "OCR_FIRST_WORD",
    "ORGANIZATION_WORDS",
    "PAREN_AFTER",
    "PARTY_AFTER",
    "PARTY_NAME_WORDS",
    "PARTY_WORDS",
    "PERSON_ROLES",
    "PLACE_POSSESSIVE",
    "POSING",
    "ROLE",
    "ROLE_MODIFIER",
    "STANCE_RANK",
    "TITLE_ARTICLES",
    "UPPER",
    "may_start_item",
]


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


def may_start_item(text: str, pos: int) -> bool:
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
    ("outlet", "media"),
    ("media", "media"),
    ("channel", "media"),
    ("newspaper", "media"),
    ("broadcaster", "media"),
    ("news", "media"),
    ("parties", "party"),
    ("movement", "party"),
    ("organi", "organization"),
    ("group", "organization"),
    ("agenc", "organization"),
    ("institution", "organization"),
    ("politician", "person"),
    ("figure", "person"),
    ("leader", "person"),
    ("candidate", "person"),
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
PARTY_NAME_WORDS = {
    "Party",
    "Partei",
    "Partido",
    "Partidul",
    "Parti",
    "Partito",
    "Partij",
    "Partia",
    "Stranka",
    "Strana",
    "Partiya",
}
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9\-&]{1,9}\Z")

PARTY_WORDS = {
    "party",
    "partei",
    "partido",
    "partidul",
    "parti",
    "partito",
    "partij",
    "partia",
    "stranka",
    "strana",
    "partiya",
    "alliance",
    "alianța",
    "alianza",
    "coalition",
    "bloc",
    "front",
    "frente",
    "fronte",
    "league",
    "liga",
    "lega",
    "congress",
    "movement",
    "movimiento",
    "movimento",
    "mouvement",
    "rally",
    "rassemblement",
    "union",
    "democrats",
    "republicans",
    "socialists",
    "greens",
    "liberals",
    "conservatives",
}
MEDIA_WORDS = {
    "news",
    "tv",
    "television",
    "radio",
    "times",
    "post",
    "daily",
    "tribune",
    "herald",
    "gazette",
    "journal",
    "media",
    "press",
    "novosti",
    "channel",
    "broadcasting",
    "telegraph",
    "observer",
    "chronicle",
    "express",
    "mirror",
    "pravda",
    "izvestia",
    "today",
    "segodnya",
    "vesti",
    "24",
}
ORGANIZATION_WORDS = {
    "center",
    "centre",
    "ministry",
    "council",
    "agency",
    "commission",
    "committee",
    "office",
    "service",
    "services",
    "organization",
    "organisation",
    "institute",
    "foundation",
    "army",
    "forces",
    "military",
    "navy",
    "police",
    "guard",
    "guards",
    "bank",
    "court",
    "parliament",
    "assembly",
    "department",
    "bureau",
    "authority",
    "corps",
    "brigade",
    "association",
    "society",
    "federation",
    "fund",
    "university",
    "church",
    "group",
    "company",
    "corporation",
    "directorate",
    "secretariat",
    "battalion",
    "regiment",
    "network",
}
HEAD_TYPES = {
    "party": "party",
    "parties": "party",
    "movement": "party",
    "coalition": "party",
    "alliance": "party",
    "bloc": "party",
    "organization": "organization",
    "organisation": "organization",
    "group": "organization",
    "militia": "organization",
    "union": "organization",
    "agency": "organization",
    "network": "organization",
    "outlet": "media",
    "channel": "media",
    "newspaper": "media",
    "broadcaster": "media",
    "news": "media",
    "brand": "media",
    "military": "organization",
    "army": "organization",
    "forces": "organization",
    "navy": "organization",
    "force": "organization",
    "police": "organization",
    "services": "organization",
}
TITLE_ARTICLES = {"Le", "La", "Les", "Der", "Die", "Das", "El", "Il", "Los", "Las", "De"}
GENERIC_INSTITUTION_WORDS = ORGANIZATION_WORDS | {
    "armed",
    "national",
    "special",
    "border",
    "state",
    "security",
    "intelligence",
    "revolutionary",
    "federal",
    "central",
    "air",
    "naval",
    "ground",
    "and",
    "of",
    "the",
    "public",
    "civil",
    "defence",
    "defense",
    "government",
    "administration",
    "foreign",
    "affairs",
    "interior",
    "general",
    "staff",
    "presidential",
}
GOVERNMENT_HEADS = {"government", "administration", "authorities", "regime", "leadership"}
INSTITUTION_HEADS = {"military", "army", "forces", "navy", "force", "police", "services"}
NOT_NAMES = {
    "government",
    "administration",
    "president",
    "parliament",
    "state",
    "states",
    "ministry",
    "army",
    "media",
    "news",
    "internet",
    "west",
    "western",
    "god",
    "the",
    "this",
    "these",
    "those",
    "we",
    "our",
    "it",
    "they",
    "accounts",
    "account",
    "including",
    "network",
    "networks",
    "individuals",
    "authorities",
    "regime",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "ai",
    "vpn",
    "vpns",
    "covid",
    "covid-19",
    "islam",
    "christianity",
    "communism",
    "democracy",
    "kremlin",
}
ENGLISH_L_WORDS = {
    "local",
    "leading",
    "liberal",
    "left",
    "leader",
    "leaders",
    "late",
    "little",
    "long",
    "large",
    "law",
    "legal",
    "legendary",
    "loyal",
    "likely",
    "like",
    "lesser",
    "less",
    "last",
    "latest",
    "lawmaker",
    "lawmakers",
    "labour",
    "labor",
    "land",
    "language",
    "life",
    "lead",
    "led",
    "let",
    "lies",
    "list",
    "live",
    "living",
    "lone",
    "longtime",
    "lower",
    "low",
    "leftist",
    "leftwing",
    "lgbt",
    "lgbtq",
}
STANCE_RANK = {"affiliated": 0, "promoted": 1, "criticized": 2, "depicted": 3, "mentioned": 4}
