"""Limits on the work an input may ask for, checked before the work is done.

Bytes alone do not bound the work: 5 MB of ``colspan="1000"`` cells lay out as billions of cells,
one element with 200,000 attributes takes libxml2 quadratic time, a million one-line rows take
gigabytes of records. Every input is therefore checked, in one linear pass and before any parsing,
against these limits; each breach is an :class:`~graph.errors.InputError` naming the file, the
line and the limit. ``max_rows`` can be raised (``cio-graph build --max-rows``); the others are
far above any real report.

>>> check_text("Internal | 1 | 2 | A |\\n" * 3, "t.txt", max_rows=2)
Traceback (most recent call last):
...
cio_graph.graph.errors.InputError: t.txt:3: more than 2 table rows (the limit; --max-rows raises it)
>>> check_markup(b"<table><tr><td colspan=2>a</td></tr></table>", "p.html")
>>> check_markup(b"<p " + b" ".join(b"a%d" % i for i in range(300)) + b">", "p.html")
Traceback (most recent call last):
...
cio_graph.graph.errors.InputError: p.html:1: an element with more than 256 attributes (the limit)
"""

from __future__ import annotations

import re

from lxml import etree

from cio_graph.graph.errors import InputError

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_CELLS",
    "MAX_CELLS_PER_ROW",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_LINES",
    "MAX_ROWS",
    "MAX_SPAN",
    "MAX_TABLE_DEPTH",
    "check_markup",
    "check_text",
    "ends_inside_table",
    "parse_html",
    "span",
]

MAX_ROWS = 200_000  # table rows in one file (text lines with '|', HTML <tr>): overridable
MAX_LINES = 500_000  # lines of a text file
MAX_CELLS = 2_000_000  # table cells in one file (HTML: after colspan/rowspan are laid out)
MAX_CELLS_PER_ROW = 64  # cells of one row, spans laid out (a report table has four to six)
MAX_SPAN = 100  # colspan / rowspan
MAX_ATTRIBUTES = 256  # attributes of one element
MAX_ELEMENTS = 2_000_000  # elements of one page
MAX_DEPTH = 255  # elements nested in one another (libxml2's own limit: it stops reading deeper pages)
MAX_TABLE_DEPTH = 16  # tables nested in one another

# A start tag, quoted attribute values kept whole (possessive: each byte is looked at once).
_START_TAG = re.compile(rb"<[A-Za-z][^\s/>]*+((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)")
_ATTRIBUTE = re.compile(rb"[^\s\"'>/=]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?+")
# A start tag with more than MAX_ATTRIBUTES units (a quoted value is one) before its end: worth counting.
_LONG_TAG = re.compile(rb"<[A-Za-z](?:[^>\"']|\"[^\"]*+\"|'[^']*+'){%d}" % MAX_ATTRIBUTES)
_ROW_TAG = re.compile(rb"<tr[\s/>]", re.I)
_CELL_TAG = re.compile(rb"<t[dh][\s/>]", re.I)


def _line(data: bytes | str, offset: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1
    return data.count("\n", 0, offset) + 1


def check_text(text: str, name: str, *, max_rows: int = MAX_ROWS) -> None:
    """Lines, table rows and cells of a text report (or of a page's source, rows as ``<tr>``) within the limits."""
    pipes = text.count("|")
    if pipes > max_rows or pipes > MAX_CELLS_PER_ROW:
        rows = 0
        for number, line in enumerate(text.split("\n"), 1):
            pipes = line.count("|")
            if pipes:
                rows += 1
                if rows > max_rows:
                    raise InputError(
                        name, number, f"more than {max_rows:,} table rows (the limit; --max-rows raises it)"
                    )
                if pipes > MAX_CELLS_PER_ROW + 1:
                    raise InputError(
                        name, number, f"a row of {pipes - 1:,} cells or more, more than {MAX_CELLS_PER_ROW} (the limit)"
                    )
    if pipes > MAX_CELLS:
        raise InputError(name, None, f"more than {MAX_CELLS:,} table cells (the limit)")
    if text.count("\n") >= MAX_LINES:
        raise InputError(name, MAX_LINES + 1, f"more than {MAX_LINES:,} lines (the limit)")


def check_markup(data: bytes, name: str, *, max_rows: int = MAX_ROWS) -> None:
    """Elements, attributes per element, table rows and cells of an HTML page within the limits.

    Runs before libxml2 reads the page: lxml's time is quadratic in the attributes of one element.
    Counts are made in C (``bytes.count``); a tag is looked at in Python only when one of them is near a limit.
    """
    lower = data.lower()
    if lower.count(b"<tr") > max_rows:
        _over(_ROW_TAG, data, max_rows, name, f"more than {max_rows:,} table rows (the limit; --max-rows raises it)")
    if lower.count(b"<td") + lower.count(b"<th") > MAX_CELLS:
        _over(_CELL_TAG, data, MAX_CELLS, name, f"more than {MAX_CELLS:,} table cells (the limit)")
    del lower
    if data.count(b"<") - data.count(b"</") > MAX_ELEMENTS:
        _over(_START_TAG, data, MAX_ELEMENTS, name, f"more than {MAX_ELEMENTS:,} elements (the limit)")
    for candidate in _LONG_TAG.finditer(data):
        tag = _START_TAG.match(data, candidate.start())
        if tag is not None and sum(1 for _ in _ATTRIBUTE.finditer(tag.group(1))) > MAX_ATTRIBUTES:
            raise InputError(
                name, _line(data, tag.start()), f"an element with more than {MAX_ATTRIBUTES} attributes (the limit)"
            )


def _over(pattern: re.Pattern[bytes], data: bytes, limit: int, name: str, message: str) -> None:
    """InputError at the match of ``pattern`` past ``limit`` in ``data``, when there is one."""
    for count, match in enumerate(pattern.finditer(data), 1):
        if count > limit:
            raise InputError(name, _line(data, match.start()), message)


def span(value: str | None, name: str, line: int | None, attribute: str) -> int:
    """A cell's ``colspan``/``rowspan``: 1 when missing or not a number; InputError above :data:`MAX_SPAN`.

    >>> span("3", "p.html", 4, "colspan"), span(None, "p.html", 4, "colspan"), span("x", "p.html", 4, "rowspan")
    (3, 1, 1)
    """
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    if number > MAX_SPAN:
        raise InputError(name, line, f"a cell with {attribute}={number}, more than {MAX_SPAN} (the limit)")
    return max(number, 1)


def parse_html(data: bytes, name: str) -> etree._Element:
    """The page's root element, parsed offline by lxml (comments and processing instructions dropped).

    InputError when the page cannot be parsed or libxml2 stopped at one of its limits (elements nested
    deeper than :data:`MAX_DEPTH`): the rest of the page would be silently lost.
    """
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError) as error:
        raise InputError(name, None, f"cannot parse the HTML page ({error})") from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "depth" in entry.message.lower():
            raise InputError(
                name,
                entry.line or None,
                f"elements nested more than {MAX_DEPTH} deep (the limit): {entry.message.strip()}",
            )
    if root is None:
        raise InputError(name, None, "cannot parse the HTML page (no document element)")
    return root


def ends_inside_table(text: str) -> bool:
    """Whether a page's source ends inside a ``<table>`` (opened after the last ``</table>``): a page cut off.

    >>> ends_inside_table("<table><tr><td>a</td></tr></table></body>"), ends_inside_table("<table><tr><td>Acc")
    (False, True)
    """
    lower = text.lower()
    return lower.rfind("<table") > lower.rfind("</table")
