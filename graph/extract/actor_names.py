"""Actor name patterns: capitalised names, the cues before them, the lists and examples they come in."""

from __future__ import annotations

import re

__all__ = [
    "ACTOR_CUES",
    "ACTOR_ITEM",
    "ACTOR_SEPARATOR",
    "ANY_NAME",
    "CAPITAL",
    "CLASS_NOUN",
    "CONNECTOR",
    "EXAMPLES",
    "EXAMPLE_HINTS",
    "EXAMPLE_WORDS",
    "HEAD",
    "ITEM_STRETCH_END",
    "NAME",
    "NAME_WORD",
    "NAME_WORD_REST",
    "NAME_WORD_SEARCHED",
    "OCR_FIRST_WORD",
    "PAREN_AFTER",
    "PARTY_AFTER",
    "PLACE_POSSESSIVE",
    "POSING",
    "ROLE",
    "ROLE_MODIFIER",
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
