"""Facts a disclosure states in prose, read the same way for every platform.

Asset counts (``"we removed 15 Facebook accounts, 6 Pages"``), follower figures by kind, ad
spend, how the network was found, who gave leads, whose findings the report matches, the
operation's public name and whom the operators are linked to. Each function takes the prose
of one network and returns plain values; the readers put them into records.

>>> assets("We removed 15 Facebook accounts, 6 Pages, 7 Groups, and 4 Instagram accounts for violating ...")
[('facebook_accounts', 15), ('pages', 6), ('groups', 7), ('instagram_accounts', 4)]
>>> assets("We banned 1 Play developer and terminated 68 YouTube channels as part of ...")
[('play_developers', 1), ('youtube_channels', 68)]
>>> assets("We terminated 4 AdSense accounts and blocked 22 domains from eligibility to appear on Google News")
[('adsense_accounts', 4), ('domains_blocked', 22)]
>>> followers_detail("About 6,300 accounts followed one or more of these Pages, and about 3,300 "
...                  "accounts followed one or more of these Instagram accounts.")
[('pages', 6300), ('instagram', 3300)]
"""

from __future__ import annotations

import re

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

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = (
    r"(?:\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?![\d,.]\d)|\d+(?:\.\d+)?(?:\s*(?:million|thousand)\b|k\b)?|"
    + r"\b(?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\b)"
)


def number(text: str) -> int:
    """A count as written: ``"3,311"`` -> 3311, ``"one"`` -> 1, ``"1.2 million"`` -> 1200000.

    >>> [number(t) for t in ("3,311", "9743", "one", "1.2 million", "2k")]
    [3311, 9743, 1, 1200000, 2000]
    """
    text = text.strip().casefold()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    scale = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1000), ("k", 1000)):
        if text.endswith(word):
            text, scale = text[: -len(word)].strip(), factor
            break
    if scale > 1:
        return round(float(text.replace(",", "")) * scale)
    return int(re.sub(r"[^\d]", "", text))


# --- assets -----------------------------------------------------------------------------------

_VERBS = (
    r"removed|terminated|banned|blocked|actioned|took\s+down|taken\s+down|disabled|suspended|"
    r"deleted|closed|disrupted|enforced\s+against|delisted|demonetized|network\s+of|consist(?:ed|ing|s)\s+of|"
    r"compris(?:ed|ing|es)(?:\s+of)?"
)
_KIND_WORD = r"[A-Za-z][\w.'’-]*"
_STOP = frozenset(
    "for as from on in that which to and or with across who belonging linked associated "
    "used operated run tied connected violating targeting".split()
)
_VERB = re.compile(
    rf"\b(?P<verb>{_VERBS})\b\s+(?:(?:a\s+total\s+of|approximately|about|around|over|more\s+than|"
    rf"nearly|roughly)\s+)?(?=(?:{_NUM})\s)",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s*&\s*)", re.I)
_KIND_ALIASES = {
    "advertising_accounts": "ads_accounts",
    "ad_accounts": "ads_accounts",
    "google_ads_accounts": "ads_accounts",
    "advertiser_accounts": "ads_accounts",
    "ads_accounts": "ads_accounts",
    "facebook_pages": "pages",
    "facebook_groups": "groups",
    "facebook_events": "events",
    "instagram_profiles": "instagram_accounts",
    "google_adsense_accounts": "adsense_accounts",
    "google_play_developers": "play_developers",
    "play_developer_accounts": "play_developers",
    "play_store_developers": "play_developers",
    "blogger_blogs": "blogs",
    "websites": "domains",
    "sites": "domains",
}
_PLURALS = {
    "accounts",
    "pages",
    "groups",
    "channels",
    "blogs",
    "domains",
    "developers",
    "events",
    "profiles",
    "apps",
    "sites",
    "websites",
    "numbers",
    "users",
    "personas",
    "videos",
    "playlists",
}


_WORD = re.compile(r"\s+([A-Za-z][\w.'’-]*)")
_ON_PLATFORM = re.compile(r"\s+on\s+(Facebook|Instagram|Threads|YouTube|WhatsApp|Messenger)\b")


def _is_asset_noun(word: str) -> bool:
    word = word.casefold()
    return (word if word.endswith("s") else word + "s") in _PLURALS


def _read_kind(text: str, position: int, verb: str) -> tuple[str, int] | None:
    """The kind of asset named from ``position`` (after a count) and where it ends, or None."""
    words: list[str] = []
    end = position
    while len(words) < 4:
        match = _WORD.match(text, end)
        if match is None:
            break
        word = match.group(1)
        bare = word.rstrip(".,;:")
        if bare.casefold() in _STOP:
            break
        words.append(bare)
        end = match.start(1) + len(bare)
        if bare != word or _is_asset_noun(bare):
            break
    if not words or not _is_asset_noun(words[-1]):
        return None  # "3 YouTube channels" yes; "2 percent", "2024 elections" no
    last = words[-1].casefold()
    words[-1] = last if last.endswith("s") else last + "s"
    kind = re.sub(r"[^a-z0-9_]+", "_", "_".join(w.casefold().replace("’", "").replace("'", "") for w in words))
    kind = _KIND_ALIASES.get(kind.strip("_"), kind.strip("_"))
    where = _ON_PLATFORM.match(text, end)
    if where and kind in ("accounts", "pages", "groups", "channels", "profiles"):
        kind = _KIND_ALIASES.get(f"{where.group(1).casefold()}_{kind}", f"{where.group(1).casefold()}_{kind}")
        end = where.end()
    if kind == "domains" and verb.casefold().startswith("block"):
        kind = "domains_blocked"
    return kind, end


def assets(text: str) -> list[tuple[str, int]]:
    """Counts by kind after "removed/terminated/banned/blocked …", in order; a kind named twice adds up."""
    found: dict[str, int] = {}
    for verb in _VERB.finditer(text):
        position = verb.end()
        while True:
            count = re.compile(_NUM, re.I).match(text, position)
            if count is None:
                break
            kind = _read_kind(text, count.end(), verb.group("verb"))
            if kind is None:
                break
            found[kind[0]] = found.get(kind[0], 0) + number(count.group(0))
            separator = _SEPARATOR.match(text, kind[1])
            if separator is None:
                break
            position = separator.end()
    return list(found.items())


def account_total(counts: list[tuple[str, int]], *, kinds: str = "accounts") -> int | None:
    """The total of the account-like kinds; None when nothing was counted.

    ``kinds="accounts"`` counts the kinds that are accounts (Meta: Facebook and Instagram accounts,
    not Pages or Groups); ``kinds="all"`` counts every asset (TAG: channels, blogs, domains …).

    >>> account_total([("facebook_accounts", 15), ("pages", 6), ("instagram_accounts", 4)])
    19
    >>> account_total([("youtube_channels", 68), ("play_developers", 1)], kinds="all")
    69
    >>> account_total([]) is None
    True
    """
    if not counts:
        return None
    if kinds == "all":
        return sum(n for _, n in counts)
    return sum(n for kind, n in counts if kind == "accounts" or kind.endswith("_accounts"))


# --- followers --------------------------------------------------------------------------------

_FOLLOWERS = re.compile(
    rf"(?P<n>{_NUM})\s+(?:accounts|people|users|followers|subscribers|members)\s+"
    r"(?:(?:had\s+)?followed|joined|were\s+members\s+of|subscribed\s+to|followed\s+or\s+joined|were\s+following)\s+"
    r"(?:one\s+or\s+more\s+of\s+|at\s+least\s+one\s+of\s+|some\s+of\s+|all\s+of\s+)?(?:these|the|this|those|its)\s+"
    rf"(?P<kind>{_KIND_WORD}(?:\s+{_KIND_WORD}){{0,2}})",
    re.IGNORECASE,
)


def followers_detail(text: str) -> list[tuple[str, int]]:
    """Follower figures by kind of asset ("about 6,300 accounts followed one or more of these Pages")."""
    found: dict[str, int] = {}
    for match in _FOLLOWERS.finditer(text):
        words = []
        for word in match.group("kind").split():
            bare = word.strip(".,;:")
            if bare.casefold() in _STOP:
                break
            words.append(bare)
            if bare != word or bare.casefold().rstrip("s") + "s" in _PLURALS:
                break
        if not words:
            continue
        kind = re.sub(r"[^a-z0-9_]+", "_", "_".join(w.casefold() for w in words)).strip("_")
        where = _ON_PLATFORM.match(text, match.start("kind") + len(" ".join(words)))
        if where and kind in ("accounts", "profiles", "pages", "groups"):
            kind = f"{where.group(1).casefold()}_{kind}"
        kind = kind.removesuffix("_accounts").removesuffix("_profiles")
        kind = {
            "page": "pages",
            "group": "groups",
            "facebook_pages": "pages",
            "facebook_groups": "groups",
            "channels": "youtube_channels",
            "account": "accounts",
        }.get(kind, kind)
        found[kind] = found.get(kind, 0) + number(match.group("n"))
    return list(found.items())


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
