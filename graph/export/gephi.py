"""What Gephi shows of a node: a short label, a colour by kind and a size.

Network labels are short and tell networks apart ("Indonesia · TikTok 2024-12 · 323 accounts");
the full title stays in the ``title`` attribute. Colours come from a fixed palette by node kind;
networks are sized by followers (log scale), every other node by its degree (log scale).
GEXF writes them as ``viz:color``/``viz:size``, GraphML as the ``r``, ``g``, ``b`` and ``size``
node attributes Gephi's GraphML importer reads.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cio_graph.graph import reference
from cio_graph.graph.record_types import NetworkRecord
from cio_graph.graph.spool import in_id_order

__all__ = [
    "KIND_COLORS",
    "OTHER_COLOR",
    "Style",
    "network_label",
    "node_style",
    "short_title",
    "unique_labels",
    "label_widenings",
    "label_digest",
]

KIND_COLORS: dict[str, tuple[int, int, int]] = {
    "network": (31, 119, 180),
    "report": (127, 127, 127),
    "platform": (23, 190, 207),
    "country": (44, 160, 44),
    "region": (152, 223, 138),
    "language": (188, 189, 34),
    "actor": (214, 39, 40),
    "tactic": (255, 127, 14),
    "topic": (148, 103, 189),
    "indicator": (140, 86, 75),
    "operation": (227, 119, 194),
}
OTHER_COLOR = (199, 199, 199)
MIN_SIZE = 4.0
SHORT_TITLE_LENGTH = 48
SEPARATOR = " · "

_TITLE_PATTERNS = (
    (
        re.compile(r"^(?P<origin>.+?)-Based Influence Operation Network Targeting (?P<target>.+)$", re.I),
        "{origin} → {target}",
    ),
    (
        re.compile(
            r"^Accounts targeting (?:political |social |political and social )?discourse "
            r"(?:in|about|on) (?:the )?(?P<rest>.+)$",
            re.I,
        ),
        "{rest}",
    ),
    (re.compile(r"^Accounts targeting (?:the )?(?P<rest>.+)$", re.I), "{rest}"),
    (re.compile(r"^Accounts (?P<rest>.+)$", re.I), "{rest}"),
)


@dataclass(frozen=True)
class Style:
    """A node's colour (0-255 each) and size."""

    r: int
    g: int
    b: int
    size: float


def short_title(title: str | None) -> str:
    """The telling part of a network title: its target, or the title cut to a few words.

    >>> short_title("Accounts targeting political discourse in the United States")
    'United States'
    >>> short_title("Belarus, Russia-Based Influence Operation Network Targeting Poland")
    'Belarus, Russia → Poland'
    >>> short_title("Accounts promoting Chinese policy and culture")
    'Promoting Chinese policy and culture'
    >>> short_title("Accounts targeting discourse in Ukraine and the ongoing conflict between Russia and Ukraine")
    'Ukraine and the ongoing conflict between Russia…'
    >>> short_title("Russian state-affiliated media accounts engaging in covert influence (Rossiya Segodnya)")
    'Russian state-affiliated… (Rossiya Segodnya)'
    >>> short_title(None)
    'Network'
    """
    text = " ".join((title or "").split())
    if not text:
        return "Network"
    for pattern, template in _TITLE_PATTERNS:
        match = pattern.match(text)
        if match:
            text = template.format(**match.groupdict())
            break
    if len(text) > SHORT_TITLE_LENGTH:
        named = re.fullmatch(r"(?P<rest>.+?)\s*\((?P<name>[^()]{1,30})\)", text)
        if named:  # keep the name in brackets, cut the words before it
            text = f"{cut(named['rest'], SHORT_TITLE_LENGTH - len(named['name']) - 3)} ({named['name']})"
        else:
            text = cut(text, SHORT_TITLE_LENGTH)
    return text[:1].upper() + text[1:]


def cut(text: str, length: int) -> str:
    """``text`` cut after a whole word to at most ``length`` characters and an ellipsis.

    >>> cut("Accounts promoting Russian foreign policy", 20), cut("short", 20)
    ('Accounts promoting…', 'short')
    """
    if len(text) <= length:
        return text
    head = text[: length + 1]
    head = head.rsplit(" ", 1)[0] if " " in head[:length] else head[:length]
    return head.rstrip(",;:- ") + "…"


def network_label(record: NetworkRecord) -> str:
    """Short title, platform and period, and accounts when known.

    >>> network_label({"title": "Accounts targeting political discourse in Indonesia", "platform": "tiktok",
    ...                "period": "2024-12", "accounts": 1323, "row": 2})
    'Indonesia · TikTok 2024-12 · 1,323 accounts'
    >>> network_label({"title": None, "platform": "google", "period": "2020-Q1", "accounts": 1})
    'Network · Google 2020-Q1 · 1 account'
    """
    parts = [short_title(record.get("title")), f"{reference.platform_label(record['platform'])} {record['period']}"]
    accounts = record.get("accounts")
    if accounts is not None:
        parts.append(f"{int(accounts):,} account{'' if int(accounts) == 1 else 's'}")
    return SEPARATOR.join(parts)


def unique_labels(records: Iterable[NetworkRecord]) -> dict[str, str]:
    """Every record's label by record id: :func:`network_label`, then its row, then its id where needed.

    >>> records = [{"id": "a", "title": "X", "platform": "tiktok", "period": "2024-01", "row": 1},
    ...            {"id": "b", "title": "X", "platform": "tiktok", "period": "2024-01", "row": 2}]
    >>> sorted(unique_labels(records).values())
    ['X · TikTok 2024-01 · #1', 'X · TikTok 2024-01 · #2']
    """
    labels: dict[str, str] = {}
    rows: dict[str, int | None] = {}
    for record in in_id_order(records):
        labels[record["id"]] = network_label(record)
        if record.get("row") is not None:
            rows[record["id"]] = record["row"]
    _widen(labels, rows)
    return labels


def _widen(labels: dict[str, str], rows: dict[str, int | None]) -> None:
    """Labels shared by several records get the record's row, then (still shared) its id."""
    for widen in (lambda i: f"#{rows[i]}" if i in rows else "", lambda i: i):
        counts = Counter(labels.values())
        for record_id in labels:
            if counts[labels[record_id]] > 1 and widen(record_id):
                labels[record_id] += SEPARATOR + widen(record_id)


def label_digest(label: str) -> int:
    """A label as 8 bytes (BLAKE2b): what :func:`label_widenings` counts instead of the text."""
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


def label_widenings(records: Sequence[NetworkRecord]) -> dict[str, str]:
    """The labels of :func:`unique_labels` that are not the record's :func:`network_label`, by record id:
    the same labels, holding only those widened (a million networks' labels by id: about 0.2 GB).

    Two passes: the labels are counted by :func:`label_digest`; only the records whose label's digest
    is shared are widened as :func:`unique_labels` does. Should a widened label be another record's
    label (never, unless a title is made to), the whole :func:`unique_labels` decides.

    >>> records = [{"id": "a", "title": "X", "platform": "tiktok", "period": "2024-01", "row": 1},
    ...            {"id": "b", "title": "X", "platform": "tiktok", "period": "2024-01", "row": 2},
    ...            {"id": "c", "title": "Y", "platform": "tiktok", "period": "2024-01", "row": 3}]
    >>> label_widenings(records)
    {'a': 'X · TikTok 2024-01 · #1', 'b': 'X · TikTok 2024-01 · #2'}
    """
    counts = Counter(label_digest(network_label(record)) for record in records)
    base: dict[str, str] = {}
    rows: dict[str, int | None] = {}
    for record in in_id_order(records):
        label = network_label(record)
        if counts[label_digest(label)] > 1:
            base[record["id"]] = label
            if record.get("row") is not None:
                rows[record["id"]] = record["row"]
    labels = dict(base)
    _widen(labels, rows)
    widened = {record_id: label for record_id, label in labels.items() if label != base[record_id]}
    if any(counts[label_digest(label)] for label in widened.values()):
        whole = unique_labels(records)
        return {record["id"]: whole[record["id"]] for record in records if whole[record["id"]] != network_label(record)}
    return widened


def log_size(value: float, scale: float) -> float:
    """``MIN_SIZE`` plus ``scale`` per power of ten of ``value + 1``, to two decimals.

    >>> log_size(0, 4), log_size(999, 4)
    (4.0, 16.0)
    """
    return round(MIN_SIZE + scale * math.log10(1 + max(value, 0)), 2)


def node_style(attributes: dict, degree: int) -> Style:
    """Colour (by kind) and size of a node: a network by its followers, any other by its ``degree``.

    >>> node_style({"kind": "network", "followers": 999}, 0).size, node_style({"kind": "country"}, 9).size
    (16.0, 10.0)
    """
    kind = str(attributes.get("kind") or "")
    if kind == "network":
        size = log_size(float(attributes.get("followers") or 0), 4)
    else:
        size = log_size(degree, 6)
    return Style(*KIND_COLORS.get(kind, OTHER_COLOR), size)
