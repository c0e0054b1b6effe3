"""Indicators of compromise: refanged, typed, with the platform and handle of an account URL.

>>> refang("hxxps://www[.]youtube[.]com/@gagauzia_24")
'https://www.youtube.com/@gagauzia_24'
>>> indicator("Social Media Account", "`hxxp://tiktok[.]com/@gagauzia24`").as_dict()
{'type': 'Social Media Account', 'kind': 'account', 'value': 'http://tiktok.com/@gagauzia24', 'platform': 'tiktok', 'handle': 'gagauzia24'}
>>> indicator("Domain", "hxxps://gagauzia24[.]info/").as_dict()
{'type': 'Domain', 'kind': 'domain', 'value': 'https://gagauzia24.info/', 'platform': None, 'handle': None}
>>> indicator("Proxy IP", "45[.]141[.]152[.]19").kind
'ip'
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from cio_graph.graph.readers.platforms import slug_of_domain
from cio_graph.graph.readers.types import Indicator

__all__ = ["indicator", "refang"]

_DEFANGS = (
    (re.compile(r"\bhxxp(s?)(?=\[?:\]?//|://)", re.I), r"http\1"),
    (re.compile(r"\bfxp(?=://)", re.I), "ftp"),
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)", re.I), "."),
    (re.compile(r"\[:\]|\[://\]"), lambda m: m.group(0)[1:-1]),
    (re.compile(r"\[at\]|\(at\)|\[@\]", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
)
_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$|^[0-9a-f:]+:[0-9a-f:]+$", re.I)
_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)
_EMAIL = re.compile(r"^[^@\s/]+@[a-z0-9.-]+\.[a-z]{2,}$", re.I)
_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$", re.I)
_ACCOUNT_TYPES = re.compile(r"account|profile|channel|handle|page|group|user|persona|username", re.I)
_NOT_HANDLES = frozenset(
    "channel c user u s share watch status hashtag groups pages profile.php photo video "
    "videos reel reels p post posts tag explore search home intent i embed".split()
)


def refang(value: str) -> str:
    """The indicator as it resolves: ``hxxp`` -> ``http``, ``[.]`` -> ``.``, quotes and backticks off."""
    value = value.strip().strip("`'\"<>").strip()
    for pattern, replacement in _DEFANGS:
        value = pattern.sub(replacement, value)
    return value


def _handle(url: str) -> str | None:
    parts = urlsplit(url if "://" in url else "https://" + url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if "id" in query:
        return query["id"][0]
    while segments and segments[0].casefold() in ("channel", "c", "user", "u", "s", "groups", "pages", "people"):
        if len(segments) == 1:
            return None
        segments = segments[1:]
    if not segments or segments[0].casefold() in _NOT_HANDLES:
        return None
    return segments[0].lstrip("@") or None


def indicator(kind_as_written: str, value: str) -> Indicator:
    """One typed indicator from the type and value cells of an indicator table."""
    written = " ".join(kind_as_written.split())
    value = refang(value)
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value, flags=re.I)
    host = bare.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    platform = slug_of_domain(host) if _HOST.match(host) else None
    path = bare[len(host) :].strip("/") if bare.lower().startswith(host.lower()) else bare
    handle = _handle(value) if platform and path else None
    if _IP.match(bare.rstrip("/")):
        kind = "ip"
    elif _EMAIL.match(value):
        kind = "email"
    elif _HASH.match(value):
        kind = "hash"
    elif platform and (handle or _ACCOUNT_TYPES.search(written)):
        kind = "account"
    elif _ACCOUNT_TYPES.search(written) and not _HOST.match(bare.rstrip("/")):
        kind = "account"
    elif not path and _HOST.match(host):
        kind = "domain"
    else:
        kind = "url"
    return Indicator(written, kind, value, platform, handle)
