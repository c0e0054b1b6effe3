"""Platforms: their names and web domains as slugs (one table), and telling a report's platform.

``NAMES`` maps how a text names a platform to its slug; ``DOMAINS`` maps a web domain to it. Both
serve the indicator reader (the platform of an account URL) and the prose readers (platforms a
network was also on, platforms whose findings a report cites).

>>> slug_of_name("Twitter"), slug_of_name("VKontakte"), slug_of_name("Odnoklassniki")
('x', 'vk', 'ok')
>>> slug_of_domain("www.youtube.com"), slug_of_domain("t.me"), slug_of_domain("example.org")
('youtube', 'telegram', None)
"""

from __future__ import annotations

import re

__all__ = [
    "DOMAINS",
    "NAMES",
    "detect_platform",
    "looks_like_html",
    "normalize_platform",
    "platforms_named",
    "slug_of_domain",
    "slug_of_name",
]

# How reports name platforms -> slug. Case-insensitive, except single letters (see _CASED).
NAMES: dict[str, str] = {
    "facebook": "facebook",
    "instagram": "instagram",
    "threads": "threads",
    "whatsapp": "whatsapp",
    "messenger": "messenger",
    "meta": "meta",
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "x": "x",
    "twitter": "x",
    "x (formerly twitter)": "x",
    "youtube": "youtube",
    "google": "google",
    "blogger": "blogger",
    "blogspot": "blogger",
    "telegram": "telegram",
    "vk": "vk",
    "vkontakte": "vk",
    "odnoklassniki": "ok",
    "ok.ru": "ok",
    "linkedin": "linkedin",
    "reddit": "reddit",
    "medium": "medium",
    "substack": "substack",
    "pinterest": "pinterest",
    "snapchat": "snapchat",
    "discord": "discord",
    "twitch": "twitch",
    "quora": "quora",
    "tumblr": "tumblr",
    "livejournal": "livejournal",
    "rumble": "rumble",
    "gab": "gab",
    "gettr": "gettr",
    "truth social": "truthsocial",
    "parler": "parler",
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "weibo": "weibo",
    "wechat": "wechat",
    "douyin": "douyin",
    "bilibili": "bilibili",
    "line": "line",
    "naver": "naver",
    "kakaotalk": "kakaotalk",
    "dailymotion": "dailymotion",
    "vimeo": "vimeo",
    "soundcloud": "soundcloud",
    "spotify": "spotify",
    "patreon": "patreon",
    "change.org": "change.org",
    "wordpress": "wordpress",
}
# Web domains -> slug (subdomains match: m.facebook.com, www.youtube.com).
DOMAINS: dict[str, str] = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "instagram.com": "instagram",
    "threads.net": "threads",
    "threads.com": "threads",
    "whatsapp.com": "whatsapp",
    "wa.me": "whatsapp",
    "tiktok.com": "tiktok",
    "x.com": "x",
    "twitter.com": "x",
    "t.co": "x",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "blogspot.com": "blogger",
    "blogger.com": "blogger",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.org": "telegram",
    "vk.com": "vk",
    "vk.ru": "vk",
    "ok.ru": "ok",
    "linkedin.com": "linkedin",
    "reddit.com": "reddit",
    "medium.com": "medium",
    "substack.com": "substack",
    "pinterest.com": "pinterest",
    "snapchat.com": "snapchat",
    "discord.gg": "discord",
    "discord.com": "discord",
    "twitch.tv": "twitch",
    "quora.com": "quora",
    "tumblr.com": "tumblr",
    "livejournal.com": "livejournal",
    "rumble.com": "rumble",
    "gab.com": "gab",
    "gettr.com": "gettr",
    "truthsocial.com": "truthsocial",
    "parler.com": "parler",
    "bsky.app": "bluesky",
    "weibo.com": "weibo",
    "douyin.com": "douyin",
    "bilibili.com": "bilibili",
    "dailymotion.com": "dailymotion",
    "vimeo.com": "vimeo",
    "soundcloud.com": "soundcloud",
    "patreon.com": "patreon",
}
# Names that are ordinary words too: matched only as written (capitalised) in prose.
_CASED = frozenset(("x", "line", "medium", "gab", "meta", "threads", "messenger", "google", "ok.ru", "vk"))


def slug_of_name(name: str) -> str | None:
    """The slug of a platform's name, or None."""
    return NAMES.get(" ".join(name.casefold().split()))


def slug_of_domain(host: str) -> str | None:
    """The slug of a web host (``www.``/subdomains allowed), or None."""
    host = host.casefold().strip(".")
    while host:
        if host in DOMAINS:
            return DOMAINS[host]
        _, _, host = host.partition(".")
    return None


def _name_pattern() -> re.Pattern[str]:
    plain = sorted((n for n in NAMES if n not in _CASED), key=len, reverse=True)
    cased = {
        "x": "X",
        "line": "LINE",
        "medium": "Medium",
        "gab": "Gab",
        "meta": "Meta",
        "threads": "Threads",
        "messenger": "Messenger",
        "google": "Google",
        "ok.ru": "OK.ru",
        "vk": "VK",
    }
    alternatives = ["(?i:" + re.escape(n).replace(" ", r"\s+") + ")" for n in plain]
    alternatives += [re.escape(cased[n]) for n in sorted(_CASED, key=len, reverse=True)]
    return re.compile(r"(?<![\w@./-])(?:" + "|".join(alternatives) + r")(?![\w@-]|\.\w)")


_NAMES_IN_PROSE = _name_pattern()


def platforms_named(text: str) -> list[str]:
    """The slugs of the platforms ``text`` names, in order of first mention, each once.

    >>> platforms_named("accounts on Telegram, TikTok, Facebook, Instagram, and X (formerly Twitter).")
    ['telegram', 'tiktok', 'facebook', 'instagram', 'x']
    >>> platforms_named("an x-ray of the line")
    []
    """
    found: list[str] = []
    for match in _NAMES_IN_PROSE.finditer(text):
        slug = slug_of_name(match.group(0))
        if slug and slug not in found:
            found.append(slug)
    return found


_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|table|tr|td|p|div|h[1-6])\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether the text is markup (it opens with a tag and has HTML elements), not a text report.

    >>> looks_like_html("<!-- saved --><html><body><table>")
    True
    >>> looks_like_html("Detection Source | Accounts | Followers | Description |")
    False
    """
    return text.lstrip("\ufeff \t\r\n").startswith("<") and bool(_HTML_MARKUP.search(text, 0, 1 << 16))


_PLATFORM_NAMES = {
    "tiktok": r"Tik ?Tok",
    "meta": r"Meta|Facebook|Instagram|WhatsApp",
    "google": r"Google|YouTube|Alphabet",
    "x": r"Twitter|X Corp\.?|X \(formerly Twitter\)",
    "openai": r"OpenAI|ChatGPT",
    "microsoft": r"Microsoft|MTAC",
    "reddit": r"Reddit",
    "snap": r"Snapchat|Snap Inc\.?",
    "linkedin": r"LinkedIn",
    "telegram": r"Telegram",
}
_PLATFORM_SCAN_CHARS = 1 << 20
_PLATFORM = re.compile("|".join(rf"\b(?P<{slug}>{names})\b" for slug, names in _PLATFORM_NAMES.items()))


def detect_platform(text: str) -> str:
    """The platform a report is about: the one its first MiB names most often (first named on a tie).

    >>> detect_platform("We removed accounts from TikTok. They linked to Telegram, TikTok and YouTube.")
    'tiktok'
    >>> detect_platform("no names here")
    'unknown'
    """
    counts: dict[str, int] = {}
    for match in _PLATFORM.finditer(text, 0, _PLATFORM_SCAN_CHARS):
        slug = match.lastgroup or "unknown"
        counts[slug] = counts.get(slug, 0) + 1
    if not counts:
        return "unknown"
    return max(counts, key=counts.__getitem__)  # dicts keep first-seen order: ties go to the first


def normalize_platform(platform: str) -> str:
    """A platform name as a lowercase slug: ``"TikTok"`` -> ``"tiktok"``."""
    return re.sub(r"[^a-z0-9]+", "-", platform.strip().lower()).strip("-") or "unknown"
