"""Faceted browsing of networks: filters, facet counts, sorting and paging, without HTTP.

A :class:`Browse` is parsed from URL parameters (:func:`parse_browse`): facet filters
(``platform``, ``period``, ``origin``, ``target``, ``tactic``, ``language``, ``operation``,
``actor``; each may repeat and every one must hold), a text search ``q`` (title, description,
actor names), ``sort``/``order`` and ``page``/``per_page``. Every parameter is bounded; a bad
one is a :class:`BrowseError`. :func:`select` applies it to a :class:`Dataset`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from cio_graph.graph import reference
from cio_graph.graph.export.csv_safe import safe_cell
from cio_graph.graph.record_types import NetworkRecord
from cio_graph.graph.terms import slug
from cio_graph.queries.explorer.evidence import country_name, tactic_label
from cio_graph.queries.explorer.records import Dataset, operation_slug, summary

__all__ = [
    "COLUMNS",
    "FACETS",
    "FILTERS",
    "MAX_PER_PAGE",
    "SORTS",
    "Browse",
    "BrowseError",
    "Selection",
    "parse_browse",
    "select",
    "to_csv",
]

FACETS = ("platform", "period", "origin", "target", "tactic", "language", "operation")
FILTERS = (*FACETS, "actor")
SORTS = ("title", "platform", "period", "accounts", "followers", "id")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_VALUES = 20  # values of one filter
MAX_VALUE_LENGTH = 200
COLUMNS = (
    "id",
    "title",
    "platform",
    "period",
    "accounts",
    "followers",
    "origins",
    "targets",
    "tactics",
    "operation",
    "links",
)


class BrowseError(ValueError):
    """A browsing parameter that is unknown, repeated where it may not be, too long or out of range."""


@dataclass(frozen=True)
class Browse:
    """What a list of networks shows: filters ``(name, value)``, search text, order and page."""

    filters: tuple[tuple[str, str], ...] = ()
    q: str = ""
    sort: str = ""
    order: str = "asc"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def params(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of this browse (defaults left out), with ``changes`` applied."""
        state = replace(self, **changes)
        items = list(state.filters)
        if state.q:
            items.append(("q", state.q))
        if state.sort:
            items += [("sort", state.sort), ("order", state.order)]
        if state.page != 1:
            items.append(("page", str(state.page)))
        if state.per_page != DEFAULT_PER_PAGE:
            items.append(("per_page", str(state.per_page)))
        return items

    def query(self, **changes) -> str:
        """:meth:`params` as a query string (with a leading ``?``, or empty).

        >>> Browse((("origin", "RU"),), sort="followers", order="desc").query(page=2)
        '?origin=RU&sort=followers&order=desc&page=2'
        """
        text = urlencode(self.params(**changes))
        return "?" + text if text else ""

    def adding(self, name: str, value: str) -> str:
        """The query string with one more filter, back on page 1."""
        if (name, value) in self.filters:
            return self.query(page=1)
        return self.query(filters=(*self.filters, (name, value)), page=1)

    def removing(self, name: str, value: str) -> str:
        """The query string without one filter, back on page 1."""
        return self.query(filters=tuple(f for f in self.filters if f != (name, value)), page=1)

    def sorting(self, column: str) -> str:
        """The query string sorting by ``column`` (ascending, or the other way if it is sorted so already)."""
        order = "desc" if self.sort == column and self.order == "asc" else "asc"
        return self.query(sort=column, order=order, page=1)


@dataclass(frozen=True)
class Selection:
    """The networks a :class:`Browse` selects: the page's rows, the total, and facet counts."""

    browse: Browse
    rows: list[dict]
    total: int
    facets: dict[str, list[dict]]
    labels: dict[tuple[str, str], str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.browse.per_page))

    def as_json(self) -> dict:
        """The selection as plain data (what ``/networks.json`` answers)."""
        return {
            "filters": [{"name": n, "value": v} for n, v in self.browse.filters],
            "q": self.browse.q,
            "sort": self.browse.sort,
            "order": self.browse.order,
            "page": self.browse.page,
            "per_page": self.browse.per_page,
            "pages": self.pages,
            "total": self.total,
            "networks": self.rows,
            "facets": self.facets,
        }


def _integer(name: str, text: str, low: int, high: int) -> int:
    if not text.isdigit() or len(text) > 6 or not low <= int(text) <= high:
        raise BrowseError(f"{name} must be an integer from {low} to {high}, got {text[:20]!r}")
    return int(text)


def parse_browse(items: list[tuple[str, str]]) -> Browse:
    """The :class:`Browse` of URL parameters; anything unknown or out of bounds is a :class:`BrowseError`.

    >>> parse_browse([("origin", "ru"), ("sort", "followers"), ("order", "desc")])
    Browse(filters=(('origin', 'RU'),), q='', sort='followers', order='desc', page=1, per_page=50)
    """
    filters: list[tuple[str, str]] = []
    single: dict[str, str] = {}
    for name, value in items:
        if len(value) > MAX_VALUE_LENGTH:
            raise BrowseError(f"{name} may have at most {MAX_VALUE_LENGTH} characters")
        if name in FILTERS:
            value = value.strip()
            if not value:
                continue
            value = value.upper() if name in ("origin", "target") else value
            if (name, value) not in filters:
                filters.append((name, value))
            if sum(1 for n, _ in filters if n == name) > MAX_VALUES:
                raise BrowseError(f"at most {MAX_VALUES} values of {name}")
        elif name in ("q", "sort", "order", "page", "per_page"):
            if name in single:
                raise BrowseError(f"{name} may be given once")
            single[name] = value
        else:
            raise BrowseError(
                f"unknown parameter {name!r}: expected one of {', '.join(FILTERS)}, q, sort, order, page, per_page"
            )
    sort = single.get("sort", "")
    if sort and sort not in SORTS:
        raise BrowseError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    order = single.get("order", "asc")
    if order not in ("asc", "desc"):
        raise BrowseError(f"order must be asc or desc, got {order!r}")
    page = _integer("page", single["page"], 1, 100000) if "page" in single else 1
    per_page = _integer("per_page", single["per_page"], 1, MAX_PER_PAGE) if "per_page" in single else DEFAULT_PER_PAGE
    return Browse(tuple(filters), single.get("q", "").strip(), sort, order if sort else "asc", page, per_page)


def values(record: NetworkRecord, facet: str) -> list[str]:
    """The values a network has for a facet or filter (``actor``: slugs of the actors' names)."""
    if facet in ("platform", "period"):
        return [record[facet]] if record[facet] else []
    if facet == "origin":
        return [c["code"] for c in record["origin_countries"]]
    if facet == "target":
        return [c["code"] for c in record["target_countries"]]
    if facet == "tactic":
        return [t["id"] for t in record["tactics"]]
    if facet == "language":
        return [lang["code"] for lang in record["languages"]]
    if facet == "operation":
        return [operation_slug(record["named_operation"])] if record["named_operation"] else []
    if facet == "actor":
        return sorted({slug(a["name"]) for a in record["actors"]})
    raise BrowseError(f"unknown facet {facet!r}")


def label(names: dict[tuple[str, str], str], facet: str, value: str) -> str:
    """A readable label of a facet value (``names``: the operations' and actors' names by value)."""
    if (facet, value) in names:
        return names[(facet, value)]
    if facet == "platform":
        return reference.platform_label(value)
    if facet in ("origin", "target"):
        return f"{country_name(value)} ({value})"
    if facet == "tactic":
        return tactic_label(value)
    if facet == "language":
        found = reference.language(value)
        return found.name if found else value
    return value


def _matches_text(record: NetworkRecord, needle: str) -> bool:
    haystack = [record["label"], record["description"], record["network"] or ""]
    haystack += [name for actor in record["actors"] for name in (actor["name"], *(actor.get("aliases") or []))]
    return any(needle in text.casefold() for text in haystack)


def _sort_key(column: str, descending: bool):
    def key(item: tuple[int, dict]) -> tuple:
        position, row = item
        value = row[column]
        if value is None or value == "":
            return (1, 0, position)  # missing values last, whichever the order
        if isinstance(value, str):
            value = value.casefold()
        return (0, value, position)

    if not descending:
        return key
    return lambda item: (key(item)[0], _Reversed(key(item)[1]), item[0])


class _Reversed:
    """Orders its value the other way round (to sort descending while ties keep their order)."""

    def __init__(self, value) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.value == other.value


def select(dataset: Dataset, browse: Browse) -> Selection:
    """The networks of ``dataset`` that ``browse`` selects: sorted, paged, with facet counts of all matches."""
    needle = browse.q.casefold()
    matched = [
        record
        for record in dataset.networks
        if all(value in values(record, name) for name, value in browse.filters)
        and (not needle or _matches_text(record, needle))
    ]
    names = {
        ("operation", operation_slug(r["named_operation"])): r["named_operation"]
        for r in dataset.networks
        if r["named_operation"]
    }
    names |= {("actor", slug(a["name"])): a["name"] for r in dataset.networks for a in r["actors"]}
    facets = {}
    for facet in FACETS:
        counts = Counter(value for record in matched for value in set(values(record, facet)))
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        facets[facet] = [
            {
                "value": value,
                "label": label(names, facet, value),
                "networks": count,
                "selected": (facet, value) in browse.filters,
            }
            for value, count in ordered
        ]
    rows = [summary(record) for record in matched]
    if browse.sort:
        ordered_rows = sorted(enumerate(rows), key=_sort_key(browse.sort, browse.order == "desc"))
        rows = [row for _, row in ordered_rows]
    start = (browse.page - 1) * browse.per_page
    labels = {(name, value): label(names, name, value) for name, value in browse.filters}
    return Selection(browse, rows[start : start + browse.per_page], len(rows), facets, labels)


def to_csv(rows: list[dict], columns: tuple[str, ...] = COLUMNS) -> str:
    """Rows as CSV (lists joined by ``;``, evidence phrases by `` | ``), every text cell spreadsheet-safe.

    >>> print(to_csv([{"id": "x", "title": "=1+1", "origins": ["RU", "BY"]}], ("id", "title", "origins")), end="")
    id,title,origins
    x,'=1+1,RU;BY
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(_cell(column, row.get(column))) for column in columns])
    return buffer.getvalue()


def _cell(column: str, value: object) -> object:
    if isinstance(value, list):
        return (" | " if column == "evidence" else ";").join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
