"""A Meta threat-report page read as Markdown: its title, intro, sections, paragraphs and indicator tables.

Markdown's rules for what a paragraph is (a run of prose lines; a blank line, a block or a hard line
break ends it); sections by heading, those of indicators, cross-links and references set apart
("stop" sections); indicator tables and lists typed by :mod:`graph.readers.indicators`.

>>> page = split_page(list(enumerate(["# Indicators of Compromise: A Network", "", "Meta disrupted", "a network.",
...                                    "## Indicators of Compromise", "| Indicator Type | Indicator Value |",
...                                    "| --- | --- |", "| Domain | `a[.]example` |"], 1)))
>>> page.title, page.intro, [(s.heading, s.stop) for s in page.sections]
('A Network', [(3, 'Meta disrupted a network.')], [('Indicators of Compromise', True)])
>>> [i.value for i, _ in section_iocs(page.sections[0])]
['a.example']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cio_graph.graph.readers.indicators import indicator
from cio_graph.graph.readers.types import Indicator

__all__ = [
    "NETWORK_HEADING",
    "Page",
    "Section",
    "clean",
    "cut_table_row",
    "section_iocs",
    "split_page",
    "table_indicators",
]

_TITLE_PREFIX = re.compile(r"^\s*(?:Indicators\s+of\s+Compromise|IOCs?)\s*[:\-\u2013\u2014]\s*", re.I)
_STOP = re.compile(
    r"indicators?\s+of\s+compromise|^(?:iocs?|cross-?links|references|related\b|resources|"
    r"further\s+reading|appendix|(?:threat\s+)?indicators|links)\b",
    re.I,
)
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)[:.]?$")
NETWORK_HEADING = re.compile(
    r"^(?:(?:case\s+study|network|operation|campaign|cluster|investigation)\s*(?:#|no\.?|number)?\s*"
    r"(?:\d+|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten)\b|\d+\s*[.):]\s+\S)",
    re.I,
)
_NOTE = re.compile(r"^(?:\*[^*\s].*\*|_[^_\s].*_)$")
# A line that only announces indicators ("Indicators:", "**IOCs**"): the list below it is the network's.
_INDICATOR_LINE = re.compile(
    r"^(?:\*\*|__)?(?:indicators?(?:\s+of\s+compromise)?|iocs?)(?:\s*\(iocs?\))?\s*:?(?:\*\*|__)?\s*:?$", re.I
)
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SEPARATOR_ROW = re.compile(r"^\|?[\s:|-]+\|?$")
# Link text without brackets, a target with one level of parentheses, possessive: an attempt stops at the
# next bracket or parenthesis, so a line of unclosed ``[a](`` takes linear time, not quadratic.
_LINK = re.compile(r"!?\[([^\[\]]*+)\]\((?:[^()]++|\([^()]*+\))*+\)")


def clean(text: str) -> str:
    """Markdown inline markup off, whitespace normalised: links as their text, no emphasis or code marks.

    >>> clean("we [announced](https://x.com/a_(b)) the **LFP** `network`  ")
    'we announced the LFP network'
    """
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.split())


@dataclass
class Section:
    """A heading and what follows it up to the next heading; ``stop``: indicators, cross-links, references."""

    level: int
    heading: str
    line: int
    stop: bool
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    tables: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # (line, cells) incl. header
    items: list[tuple[int, str]] = field(default_factory=list)  # list items of a stop section


@dataclass
class Page:
    """A page's title (its H1 without ``Indicators of Compromise:``), intro paragraphs and sections."""

    title: str = ""
    title_line: int = 0
    intro: list[tuple[int, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def split_page(lines: list[tuple[int, str]], blocks: bool = False) -> Page:
    """Title, intro and sections of a page; a paragraph is a run of prose lines (Markdown's rule: a blank
    line, a block or a hard line break ends it), a list item a paragraph of its own. ``blocks``: each line
    is a block of its own (a web page's lines)."""
    page = Page()
    current: Section | None = None
    stop_level = 0
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        if pending:
            text = clean(" ".join(t for _, t in pending))
            if text:
                (current.paragraphs if current is not None else page.intro).append((pending[0][0], text))
            pending.clear()

    for number, raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        bold = _BOLD_LINE.match(line) if not heading and page.title else None
        if bold and NETWORK_HEADING.match(clean(bold.group("text"))):
            level = (current.level if current is not None and not current.stop else 2) + 1
            heading = re.match(r"^(#+)\s+(.*)$", "#" * min(level, 6) + " " + bold.group("text"))
        elif not heading and page.title and _INDICATOR_LINE.match(line):  # "Indicators:" before a list
            level = (current.level if current is not None and not current.stop else 1) + 1
            heading = re.match(r"^(#+)\s+(.*)$", "#" * min(level, 6) + " " + clean(line).rstrip(":"))
        if heading or line.startswith("|") or _NOTE.match(line) or _LIST.match(line):
            flush()
        if heading:
            level, text = len(heading.group(1)), clean(heading.group(2))
            if not page.title and (level == 1 or not page.sections):
                page.title, page.title_line = _TITLE_PREFIX.sub("", text).strip(), number
                continue
            if stop_level and level > stop_level:
                stop = True
            else:
                stop = bool(_STOP.search(text))
                stop_level = level if stop else 0
            current = Section(level, text, number, stop)
            page.sections.append(current)
            continue
        if line.startswith("|"):
            if not _SEPARATOR_ROW.match(line) and current is not None:
                current.tables.append((number, tuple(clean(c) for c in line.strip().strip("|").split("|"))))
            continue
        if _NOTE.match(line):
            continue
        if current is not None and current.stop:
            if _LIST.match(line):
                current.items.append((number, _LIST.sub("", line)))
            continue
        pending.append((number, _LIST.sub("", line)))
        if blocks or _LIST.match(line) or raw.endswith(("  ", "\\")):
            flush()  # a list item, or a hard line break
    flush()
    return page


_OWNER_COLUMN = re.compile(r"network|case|cluster|operation|campaign", re.I)


def table_indicators(rows: list[tuple[int, tuple[str, ...]]]) -> list[tuple[Indicator, str | None]]:
    """Typed indicators of a table's rows (the first row is its header when it names the columns), each with
    the network its row names when the table has a column for it ("Network", "Case study")."""
    if not rows:
        return []
    header = [c.casefold() for c in rows[0][1]]
    type_at = next((i for i, c in enumerate(header) if "type" in c), None)
    value_at = next(
        (i for i, c in enumerate(header) if "value" in c or c in ("indicator", "ioc", "url", "domain")), None
    )
    owner_at = next((i for i, c in enumerate(header) if _OWNER_COLUMN.search(c) and i not in (type_at, value_at)), None)
    named = type_at is not None or value_at is not None
    body = rows[1:] if named else rows
    if not named:  # no header: type and value, or the value alone
        type_at, value_at = (0, 1) if len(rows[0][1]) > 1 else (None, 0)
    if value_at is None or value_at == type_at:
        value_at = next(i for i in range(len(header) + 1) if i not in (type_at, owner_at))
    found = []
    for _, cells in body:
        if value_at < len(cells) and cells[value_at].strip():
            owner = cells[owner_at] if owner_at is not None and owner_at < len(cells) else None
            kind = cells[type_at] if type_at is not None and type_at < len(cells) else ""
            found.append((indicator(kind, cells[value_at]), owner or None))
    return found


_IOC_HEADING = re.compile(r"indicator|\biocs?\b", re.I)
_ITEM = re.compile(r"^(?P<type>[^:`]{2,40}?)\s*:\s*(?P<value>\S.*)$")


def section_iocs(section: Section) -> list[tuple[Indicator, str | None]]:
    """A section's indicators: its tables, and the list items of an indicator section ("Domain: `a[.]b`")."""
    found = table_indicators(section.tables)
    if section.stop and _IOC_HEADING.search(section.heading):
        for _, item in section.items:
            item = clean(item)
            parts = _ITEM.match(item)
            if parts is not None and not parts.group("value").startswith("/"):
                kind, value = parts.group("type"), parts.group("value")
            else:
                kind, value = "", item
            if value and " " not in value.strip():
                found.append((indicator(kind, value), None))
    return found


def _cell_count(line: str) -> int:
    body = line.strip().removeprefix("|")
    return len(body.removesuffix("|").split("|"))


def cut_table_row(lines: list[tuple[int, str]], page_cut: bool = False) -> tuple[int, str] | None:
    """The last line of a page and why it is a table row cut off, or None.

    A page that ends in a table is cut off when its last row lacks the closing ``|`` its header has (or,
    alone, any closing ``|``), has fewer cells than the header, or leaves a back-quoted value open; so is a
    page ending in a list item that leaves one open (``- Domain: `a[.]ex``); ``page_cut``: the page's source ended
    inside its table (a saved web page), which cuts the last row whatever it holds.

    >>> cut_table_row([(1, "| Type | Value |"), (2, "| --- | --- |"), (3, "| Domain | `a[.]ex")])
    (3, "expected the table row to end with '|' as its header does; the page ends there: it looks cut off")
    >>> cut_table_row([(1, "| Type | Value |"), (2, "| Domain | `a[.]example` |")]) is None
    True
    """
    content = [(number, line.strip()) for number, line in lines if line.strip()]
    cut = "the page ends there: it looks cut off"
    if content and _LIST.match(content[-1][1]) and content[-1][1].count("`") % 2:
        return content[-1][0], f"a list item with a back-quoted value left open; {cut}"
    if not content or not content[-1][1].startswith("|"):
        return None
    at = len(content) - 1
    while at > 0 and content[at - 1][1].startswith("|"):
        at -= 1
    header, (number, last) = content[at][1], content[-1]
    if page_cut:
        return number, f"the page ends inside its table; {cut}"
    if at == len(content) - 1:  # a table of one row (a header cut short?): nothing to compare it with
        return (number, f"a table row without its closing '|'; {cut}") if not last.endswith("|") else None
    if header.endswith("|") and not last.endswith("|"):
        return number, f"expected the table row to end with '|' as its header does; {cut}"
    if _cell_count(last) < _cell_count(header):
        return (
            number,
            f"expected {_cell_count(header)} cells as in the table's header, found {_cell_count(last)}; {cut}",
        )
    if last.count("`") % 2:
        return number, f"a back-quoted value left open; {cut}"
    return None
