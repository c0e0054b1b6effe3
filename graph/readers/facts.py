"""Facts a disclosure states in prose, read the same way for every platform.

How the network was found, who gave leads, whose findings the report matches, the operation's
public name and whom the operators are linked to; the counts (assets, followers) are
:mod:`graph.readers.counts` and the ad spend :mod:`graph.readers.money`, both re-exported here.
Each function takes the prose of one network and returns plain values; the readers put them into
records.
"""

from __future__ import annotations

import re

from cio_graph.graph.readers.counts import account_total, assets, followers_detail, number
from cio_graph.graph.readers.money import ad_spend
from cio_graph.graph.readers.platforms import slug_of_name

__all__ = [
    "account_total",
    "ad_spend",
    "assets",
    "attribution",
    "consistent_with",
    "detection_source",
    "followers_detail",
    "leads_from",
    "named_operation",
    "number",
    "without_citations",
]


# --- detection, leads, findings cited ---------------------------------------------------------

_INTERNAL = re.compile(
    r"\binternal\s+(?:investigation|review|research|detection|analysis)(?!s)\b|"
    r"\b(?:found|detected|identified|uncovered|discovered)\s+(?:this|the)\s+(?:network|activity|operation|campaign)\s+"
    r"(?:as\s+(?:a\s+result|part)\s+of|through|during|following)\s+(?:our|Meta[’']s)\s+(?:own\s+)?"
    r"(?:investigation|review|research)|"
    r"\b(?:our|Meta[’']s)\s+(?:automated\s+|detection\s+|internal\s+)?systems\s+(?:detected|flagged|identified|caught)",
    re.I,
)
_EXTERNAL = re.compile(
    r"\b(?:received|based\s+on|following|after|prompted\s+by|thanks\s+to|in\s+response\s+to|began\s+with|"
    r"started\s+with|began\s+after)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}?"
    r"(?:leads?|tips?|referrals?|information\s+(?:shared\s+)?(?:from|by)|reporting\s+(?:from|by)|"
    r"(?:public|external|open-source|media)\s+reporting)\b",
    re.IGNORECASE,
)


def detection_source(text: str) -> str | None:
    """ "external" when the network was found from outside leads, "internal" for an internal
    investigation, else None.

    >>> detection_source("We found this network following an internal investigation.")
    'internal'
    >>> detection_source("We received leads from Mandiant that supported us in this investigation.")
    'external'
    >>> detection_source("evidence from both internal investigations and public sources") is None
    True
    >>> detection_source("We began investigating this activity after reviewing public reporting.")
    'external'
    >>> detection_source("Our analysis benefited from reporting produced by VIGINUM.") is None
    True
    """
    if _EXTERNAL.search(text):
        return "external"
    if _INTERNAL.search(text):
        return "internal"
    return None


_END = (
    r"(?=\s+(?:that|which|who|about|to|in\s+this|on\s+this|as\s+part|and\s+(?:we|our|this|it))\b|[;:]|"
    r"(?<!\b[A-Z])\.(?:\s|$)|,\s+(?:which|who|that|and\s+(?:we|our))\b|$)"
)
_LEADS = re.compile(
    r"\b(?:leads?|tips?|referrals?|information)\s+(?:shared\s+|provided\s+)?(?:from|by)\s+"
    rf"(?P<names>[^.;]+?(?:\.[A-Z]\.?[^.;]*?)*?){_END}",
)


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text.strip())
    out = []
    for part in parts:
        part = re.sub(
            r"^(?:the|our\s+colleagues\s+at|colleagues\s+at|our\s+partners\s+at|partners\s+at)\s+",
            "",
            part.strip(),
            flags=re.I,
        ).strip(" ,.")
        if part and part not in out and part[0].isupper():
            out.append(part)
    return out


def leads_from(text: str) -> list[str]:
    """Who gave the leads ("We received leads from Mandiant and Google Threat Intelligence").

    >>> leads_from("We received leads from Mandiant and Google Threat Intelligence that supported us.")
    ['Mandiant', 'Google Threat Intelligence']
    >>> leads_from("We received leads from the FBI that supported us in this investigation.")
    ['FBI']
    """
    found: list[str] = []
    for match in _LEADS.finditer(text):
        found += [name for name in _names(match.group("names")) if name not in found]
    return found


_CONSISTENT = re.compile(
    r"\b(?:consistent\s+with|similar\s+to|in\s+line\s+with|corroborat\w*|match\w*|align\w*\s+with)\s+"
    r"(?:(?:similar|the|recent|earlier|previous)\s+)*(?:findings|reports?|reporting|research|investigations?)\s+"
    r"(?:(?:\w+\s+){0,2}?)(?:reported|published|shared|released|announced|made)\s+by\s+"
    rf"(?P<names>[^.;]+?){_END}",
    re.IGNORECASE,
)


def consistent_with(text: str) -> list[str]:
    """Platforms (or others) whose similar findings the text cites, as lowercase slugs.

    >>> consistent_with("This campaign was consistent with similar findings reported by Facebook.")
    ['facebook']
    >>> consistent_with("Our findings are similar to findings reported by Twitter and Meta.")
    ['twitter', 'meta']
    >>> consistent_with("These findings are consistent with our previous reports.")
    []
    """
    found: list[str] = []
    for match in _CONSISTENT.finditer(text):
        for name in _names(match.group("names")):
            slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
            if slug and slug not in found:
                found.append(slug)
    return found


# --- the operation's public name and attribution ----------------------------------------------

_NOT_NAMES = frozenset(
    "the this that these our we it its they their a an in on of and or covid cib ioc iocs "
    "tag fbi us u.s uk u.k eu un uae rt nato ai ip usd gtig io usaid osce unesco unicef ecowas "
    "nasa fifa opec asean brics adsense adwords paypal gofundme".split()
)
_CAP = r"[A-Z][\w’'-]*[A-Za-z0-9]"
_NAMED = (
    re.compile(
        r"\b(?:known|referred\s+to|tracked|dubbed|identified|labell?ed|called)\s+(?:publicly\s+|in\s+the\s+"
        r"industry\s+|by\s+researchers\s+|by\s+others\s+|elsewhere\s+)?as\s+[“\"']?"
        rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})"
    ),
    re.compile(
        r"\b(?:the\s+|our\s+previous\s+reports?\s+on\s+|reports?\s+on\s+|reporting\s+on\s+)"
        rf"(?:[\w-]+\s+){{0,6}}?(?:{_CAP}\s+){{0,6}}?\((?P<name>[A-Z][A-Z0-9]{{2,}})\)\s+"
        r"(?:network|operation|campaign|group|actor)s?\b"
    ),
    re.compile(
        r"\b(?:the\s+|our\s+previous\s+reports?\s+on\s+|reports?\s+on\s+|reporting\s+on\s+|part\s+of\s+|"
        r"associated\s+with\s+|linked\s+to\s+|tied\s+to\s+|attributed\s+to\s+|known\s+as\s+)"
        r"(?:the\s+)?(?:(?:operation|campaign|network)\s+)?[“\"]?(?P<name>[A-Z][a-z]+[A-Z][A-Za-z]*|"
        r"[A-Z]{4,}(?:\s+[A-Z]{4,})?|Doppelganger|Spamouflage(?:\s+Dragon)?|Ghostwriter|Secondary\s+Infektion|"
        r"Endless\s+Mayfly|Portal\s+Kombat)[”\"]?(?:\s+(?:network|operation|campaign))?(?![\w-])"
    ),
    re.compile(r"\bthe\s+[“\"](?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})[”\"]\s+(?:network|operation|campaign)\b"),
)


def named_operation(text: str) -> str | None:
    """The operation's public name where the text gives one.

    >>> named_operation("linked to the Iranian state-sponsored International Union of Virtual Media (IUVM) network")
    'IUVM'
    >>> named_operation("These channels were part of a spammy network known as DRAGONBRIDGE.")
    'DRAGONBRIDGE'
    >>> named_operation("The campaign was linked to Doppelganger and shared content in German.")
    'Doppelganger'
    >>> named_operation("The campaign was linked to Russia.") is None
    True
    """
    for pattern in _NAMED:
        for match in pattern.finditer(text):
            name = match.group("name").strip("“”\"' ")
            if name.casefold().rstrip(".") in _NOT_NAMES or _is_place(name) or slug_of_name(name):
                continue
            return name
    return None


def _is_place(name: str) -> bool:
    """Whether ``name`` (an acronym in brackets left out) is a country's name."""
    import pycountry

    name = re.sub(r"\s*\([^)]*\)$", "", name).replace("’", "'").strip()
    try:
        pycountry.countries.lookup(name)
        return True
    except LookupError:
        return bool(re.match(r"(?:the\s+)?People's\s+Republic\s+of\s+", name, re.I))


_ATTRIBUTION = (
    re.compile(
        r"\b(?:tied|linked|attributed|connected|traced)\s+to\s+(?:(?:the|a|an)\s+)?(?:[\w.-]+\s+){0,5}?"
        r"(?:firm|company|agency|contractor|organization|organisation|group|outlet|entity),?\s+"
        rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,4}})"
    ),
    re.compile(
        r"\b(?:tied|linked|attributed|connected|traced)\s+to\s+(?P<name>(?:a|an)\s+(?:[\w.-]+\s+){0,5}?"
        r"(?:firm|company|agency|contractor|organization|organisation|group|entity|individuals?))\b"
    ),
    re.compile(
        r"\b(?:linked|tied|attributed|connected|traced)\s+to\s+(?:the\s+)?"
        rf"(?P<name>{_CAP}(?:\s+(?:{_CAP}|of|for|and|the)){{0,6}}\s+\([A-Z][A-Za-z0-9]+\))"
    ),
    re.compile(
        r"\b(?:the\s+)?(?:[\w-]+\s+)?state-(?:sponsored|backed|linked)\s+"
        rf"(?P<name>{_CAP}\s+(?:(?:{_CAP}|of|for|and|the)\s+){{0,6}}\([A-Z][A-Z0-9]{{1,}}\))"
    ),
    re.compile(
        r"\blinks?\s+to\s+(?!(?:a|an|the)\s+(?:past|previous|prior|earlier|same|known)\b)"
        r"(?P<name>(?:an?|the)\s+[^.]*?|(?:individuals?|people|employees|members|actors|operators)\b[^.]*?)"
        r"(?=,\s+(?:indicating|suggesting|who|which)|\.(?:\s|$))"
    ),
    re.compile(r"\b(?:likely\s+)?(?:working\s+)?on\s+behalf\s+of\s+(?P<name>[^.]*?)(?=\.(?:\s|$))"),
    re.compile(
        r"\battribute[ds]?\s+(?:this|the)\s+(?:[\w-]+\s+){0,3}?(?:operation|network|campaign|activity)\s+"
        r"(?:with\s+(?:high|moderate|medium|low)\s+confidence\s+)?"
        rf"to\s+(?:\w+[’']s\s+)?(?P<name>{_CAP}(?:\s+(?:{_CAP}|of|for|and|the)){{0,6}}(?:\s+\([A-Z]+\))?)"
    ),
)


def attribution(text: str) -> list[str]:
    """Whom the operators are linked to, as stated.

    >>> attribution("We found evidence of this campaign being tied to the digital marketing firm New Waves based in Cairo.")
    ['New Waves']
    >>> attribution("The campaign was linked to a U.S.-based PR firm.")
    ['a U.S.-based PR firm']
    """
    found: list[str] = []
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(text):
            name = " ".join(match.group("name").split()).strip(" ,")
            if _is_place(name) or slug_of_name(name):
                continue
            if name and name not in found and not any(name in other for other in found):
                found.append(name)
    return found


def without_citations(text: str) -> str:
    """The text without the findings it cites ("…reported by Facebook"), to tell where a network was.

    >>> without_citations("It was on Telegram. This was consistent with similar findings reported by Facebook.")
    'It was on Telegram. This was .'
    """
    return _CONSISTENT.sub("", text)
