"""TikTok's monthly tables saved as web pages: the page as blocks of prose and table rows.

Turns a page into the blocks of ``graph.readers.tiktok_text``: each paragraph, heading or other text
block becomes a :class:`Prose` line; each table whose rows include a header row (found by its
column names) becomes a :class:`TableStart` and one :class:`Cells` per ``<tr>`` (cells spanning
rows repeated in the rows they cover; a row of one full-width cell is prose, e.g. a month line). Scripts,
styles, forms' controls, navigation, asides, page headers and footers and hidden elements are
left out; tables without a header row are read as layout (their cells' text is prose). Class
names are never looked at. Nothing is fetched or executed: lxml parses the bytes offline.

In a description cell, a title the markup sets apart (a leading ``<strong>``/``<b>``, or the
first of several lines or blocks, e.g. before a ``<br>``) is passed on as the cell's title hint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers.limits import MAX_CELLS, MAX_CELLS_PER_ROW, MAX_TABLE_DEPTH, parse_html, span
from cio_graph.graph.readers.tiktok_text import Block, Cells, Prose, TableStart, match_header, normalize_space

__all__ = ["HtmlDocument", "read_html"]

_LEFT_OUT = frozenset(
    "head script style noscript template nav aside iframe frame frameset svg math object embed "
    "canvas button select textarea input dialog".split()
)
_CHROME = frozenset(("header", "footer"))  # left out unless inside the page's content
_CONTENT = frozenset(("article", "main", "section"))
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article main blockquote pre caption "
    "figcaption figure address details summary hr center table thead tbody tfoot tr td th form "
    "fieldset legend header footer".split()
)
_TITLE_TAGS = frozenset(("strong", "b"))
_WRAPPERS = frozenset(("p", "div", "span", "a", "font"))
_BREAK = object()


@dataclass(frozen=True)
class HtmlDocument:
    """The blocks of a page in reading order, and its visible text (for telling the platform)."""

    blocks: tuple[Block, ...]
    text: str


def read_html(data: bytes, name: str) -> HtmlDocument:
    """Read the UTF-8 bytes of a saved web page; InputError when it cannot be parsed or breaks a limit
    of :mod:`graph.readers.limits` (spans, cells per row, cells, nested tables)."""
    return _PageReader(parse_html(data, name), name).read()


class _PageReader:
    def __init__(self, root: etree._Element, name: str) -> None:
        self.root, self.name = root, name
        self.laid_out = 0  # cells of report tables, spans laid out
        self.row_numbers = {tr: number for number, tr in enumerate(root.iter("tr"), 1)}
        self.prose_count = 0
        self.blocks: list[Block] = []
        self.texts: list[str] = [normalize_space(root.findtext(".//title") or "")]

    def read(self) -> HtmlDocument:
        self.read_flow(self.root)
        return HtmlDocument(tuple(self.blocks), " ".join(self.texts))

    def read_flow(self, element: etree._Element, tables: int = 0) -> None:
        """Read ``element``'s content; ``tables``: how many layout tables it is nested in."""
        for item in _flow(element, stop_at_tables=True):
            if isinstance(item, str):
                self.add_prose(item)
            elif not self.read_report_table(item):
                if tables >= MAX_TABLE_DEPTH:
                    first = next(_own_rows(item), None)
                    raise InputError(
                        self.name,
                        self.row_numbers.get(first),
                        f"tables nested more than {MAX_TABLE_DEPTH} deep (the limit)",
                    )
                self.read_flow(item, tables + 1)  # a layout table: its cells are ordinary content

    def add_prose(self, text: str) -> None:
        self.prose_count += 1
        self.blocks.append(Prose(self.prose_count, text))
        self.texts.append(text)

    def read_report_table(self, table: etree._Element) -> bool:
        """Add the table's rows when it has a header row; False (nothing added) otherwise."""
        own = list(_own_rows(table))
        if not any(
            _short_cells(tr) and match_header(tuple(c.text for c in _cells(tr, self.name, self.row_numbers[tr])))
            for tr in own
        ):
            return False  # a layout table: each row was looked at only as deep as a header's labels go
        rows = [(tr, _cells(tr, self.name, self.row_numbers[tr])) for tr in own]
        for caption in table.iterchildren("caption"):
            for text in _flow(caption, stop_at_tables=False):
                self.add_prose(text)
        self.blocks.append(TableStart(self.row_numbers[rows[0][0]]))
        spanning: dict[int, tuple[int, _Cell]] = {}
        for tr, cells in rows:
            if len(cells) == 1 and cells[0].colspan > 1:  # a full-width row: a heading inside the table
                if cells[0].text:
                    self.add_prose(cells[0].text)
                continue
            laid_out = _lay_out(cells, spanning)
            self.laid_out += len(laid_out)
            if len(laid_out) > MAX_CELLS_PER_ROW or self.laid_out > MAX_CELLS:
                what = (
                    f"a row of {len(laid_out)} cells, spans laid out, more than {MAX_CELLS_PER_ROW}"
                    if len(laid_out) > MAX_CELLS_PER_ROW
                    else f"more than {MAX_CELLS:,} table cells, spans laid out"
                )
                raise InputError(self.name, self.row_numbers[tr], f"{what} (the limit)")
            texts = tuple(cell.text for cell in laid_out)
            self.texts.extend(texts)
            self.blocks.append(Cells(self.row_numbers[tr], texts, tuple(cell.hint for cell in laid_out)))
        return True


@dataclass(frozen=True)
class _Cell:
    text: str
    hint: str | None  # the title the cell's markup sets apart
    rowspan: int = 1
    colspan: int = 1


_EMPTY_CELL = _Cell("", None)


def _own_rows(table: etree._Element) -> Iterator[etree._Element]:
    """The <tr> of ``table`` itself, in document order, not those of tables nested in it (each element
    is looked at once: reading nested tables stays linear)."""
    stack = list(reversed(table))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "tr":
            yield element
        elif tag != "table":
            stack.extend(reversed(element))


_LABEL_NODES = 64  # elements a header cell may hold
_LABEL_CHARACTERS = 1000  # characters, spaces included, a header cell may hold


def _short_cells(tr: etree._Element) -> bool:
    """Whether every cell of the row is short enough to be a header label (no table inside): a bounded look,
    so that telling layout tables from report tables reads no cell's content in full."""
    for cell in tr:
        if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
            continue
        characters = len(cell.text or "")
        for count, node in enumerate(cell.iterdescendants(), 1):
            characters += len(node.text or "") + len(node.tail or "")
            if count > _LABEL_NODES or characters > _LABEL_CHARACTERS or node.tag == "table":
                return False
        if characters > _LABEL_CHARACTERS:
            return False
    return True


def _cells(tr: etree._Element, name: str, line: int) -> list[_Cell]:
    """The row's <td>/<th> cells: text, title hint and spans (InputError above the span limit)."""
    cells = []
    for cell in tr:
        if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
            continue
        lines = list(_flow(cell, stop_at_tables=False))
        hint = _leading_emphasis(cell) or (lines[0] if len(lines) > 1 else None)
        cells.append(
            _Cell(
                " ".join(lines),
                hint,
                span(cell.get("rowspan"), name, line, "rowspan"),
                span(cell.get("colspan"), name, line, "colspan"),
            )
        )
    return cells


def _lay_out(cells: list[_Cell], spanning: dict[int, tuple[int, _Cell]]) -> list[_Cell]:
    """The row's cells by column: cells of rows above that span down fill their columns
    (``spanning`` maps a column to the rows it still covers and its cell), and a cell spanning
    several columns is followed by empty ones."""
    laid_out: list[_Cell] = []
    pending = iter(cells)
    cell = next(pending, None)
    while cell is not None or any(column >= len(laid_out) for column in spanning):
        column = len(laid_out)
        if column in spanning:
            rows_left, above = spanning.pop(column)
            if rows_left > 1:
                spanning[column] = (rows_left - 1, above)
            laid_out.append(above)
        elif cell is None:
            laid_out.append(_EMPTY_CELL)
        else:
            if cell.rowspan > 1:
                spanning[column] = (cell.rowspan - 1, cell)
            laid_out.append(cell)
            laid_out.extend([_EMPTY_CELL] * (cell.colspan - 1))
            cell = next(pending, None)
        if len(laid_out) > MAX_CELLS_PER_ROW:
            break  # the caller refuses the row: laying out the rest would be wasted work
    return laid_out


def _leading_emphasis(cell: etree._Element) -> str | None:
    """The text of a <strong>/<b> that opens the cell (through wrappers such as <p> or <a>)."""
    node = cell
    while True:
        if (node.text or "").strip():
            return None
        first = next((child for child in node if isinstance(child.tag, str)), None)
        if first is None:
            return None
        tag = first.tag.lower()
        if tag in _TITLE_TAGS:
            return normalize_space(" ".join(_flow(first, stop_at_tables=False))) or None
        if tag not in _WRAPPERS:
            return None
        node = first


def _left_out(element: etree._Element) -> bool:
    tag = element.tag.lower()
    if tag in _LEFT_OUT or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return tag in _CHROME and not any(a.tag in _CONTENT for a in element.iterancestors())


def _flow(element: etree._Element, *, stop_at_tables: bool) -> Iterator[str | etree._Element]:
    """The text lines of ``element``'s content, broken at blocks and <br>; tables handed back when asked."""
    buffer: list[str] = []
    stack: list = list(reversed(element))
    if element.text:
        stack.append(element.text)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            buffer.append(item)
            continue
        if item is _BREAK:
            yield from _flush(buffer)
            continue
        if item.tail:
            stack.append(item.tail)
        if not isinstance(item.tag, str) or _left_out(item):
            continue
        tag = item.tag.lower()
        if tag == "br":
            yield from _flush(buffer)
            continue
        if stop_at_tables and tag == "table":
            yield from _flush(buffer)
            yield item
            continue
        if tag in _BLOCKS:
            yield from _flush(buffer)
            stack.append(_BREAK)
        stack.extend(reversed(item))
        if item.text:
            stack.append(item.text)
    yield from _flush(buffer)


def _flush(buffer: list[str]) -> Iterator[str]:
    """The buffered text as one line (when not blank); empties the buffer."""
    text = normalize_space("".join(buffer))
    buffer.clear()
    if text:
        yield text
