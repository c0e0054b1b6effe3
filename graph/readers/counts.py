"""Counts a disclosure states in prose: numbers as written, assets removed, account totals, followers by kind.

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

__all__ = ["account_total", "assets", "followers_detail", "number"]

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
