"""TikTok's monthly tables of covert influence operations, as plain text and as a saved web page.

A TikTok report reads as month lines ("... disrupted between December 1-31, 2024 ...") each
followed by a table whose header row names the columns; data rows become networks
(:class:`~graph.readers.types.Network`), months disclosures. The rules for month lines, column
names and counts are in ``graph.readers.tiktok_text``; ``graph.readers.tiktok_html`` turns a page into the same blocks.

Line numbers: for text, ``source_line`` is the 1-based line of the file. For HTML, a row's
``source_line`` is its 1-based position among all ``<tr>`` of the document (document order,
every table counted), and a month's is the 1-based position of its paragraph or heading among
the page's text blocks in document order.

Tables: a month line opens a month; the next header row (matched loosely by column names) maps
the columns; each following row with cells is a network. In text a month without its own header
uses the previous one; in HTML each table needs its header. Consecutive lines naming the same
month (a "December 2024" heading, then the paragraph with the range) make one month. A date range
in prose followed by neither a table nor a re-establishing figure is not a month of the report.

>>> reader = TikTokTextReader()
>>> text = "Disrupted between May 1-31, 2024.\\nDetection Source | Accounts | Followers | Description\\n"
>>> reader.score(text, "t.txt") > 0.8
True
>>> TikTokTextReader().score("# TAG Bulletin: Q1 2020", "b.txt")
0.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers.limits import ends_inside_table
from cio_graph.graph.readers.platforms import detect_platform, looks_like_html
from cio_graph.graph.readers.tiktok_html import read_html
from cio_graph.graph.readers.tiktok_text import (
    Block,
    Cells,
    MonthLine,
    Prose,
    TableStart,
    match_header,
    parse_count,
    parse_month_line,
    read_text,
    reestablishing_figure,
    split_cells,
    split_title,
)
from cio_graph.graph.readers.types import Disclosure, Network, ParsedReport, SkippedRow, Source

__all__ = ["TikTokHtmlReader", "TikTokTextReader"]

_SCAN = 1 << 20
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'\u201d\u2019\u00bb\u2026]$")


class TikTokTextReader:
    """TikTok's report as text: month lines, each followed by a pipe-separated table."""

    name = "tiktok-text"
    platform = "tiktok"
    label = "TikTok monthly tables as text ('disrupted between December 1-31, 2024' + a '|' table)"

    def score(self, text: str, name: str) -> float:
        if looks_like_html(text):
            return 0.0
        return _score_blocks(read_text(text[:_SCAN]), text[:_SCAN])

    def read(self, text: str, source: Source) -> ParsedReport:
        slug = source.platform or detect_platform(text)
        assembler = _Assembler(source.name, source.sha256, slug, source.skip_bad_rows)
        return assembler.run(read_text(text), False, ends_cleanly=text.endswith(("\n", "\r")))


class TikTokHtmlReader:
    """TikTok's report saved as a web page: paragraphs with month lines, each followed by a table."""

    name = "tiktok-html"
    platform = "tiktok"
    label = "TikTok monthly tables as a saved web page (month paragraphs + <table>)"

    def score(self, text: str, name: str) -> float:
        if not looks_like_html(text):
            return 0.0
        document = read_html(text[:_SCAN].encode("utf-8"), name)
        return _score_blocks(document.blocks, document.text)

    def read(self, text: str, source: Source) -> ParsedReport:
        document = read_html(text.encode("utf-8"), source.name)
        slug = source.platform or detect_platform(document.text)
        assembler = _Assembler(source.name, source.sha256, slug, source.skip_bad_rows)
        return assembler.run(document.blocks, True, ends_cleanly=not ends_inside_table(text))


def _score_blocks(blocks: Iterable[Block], text: str) -> float:
    """0.9 with a header row of the table, 0.5 with a month line, 0.2 for a table or TikTok named."""
    score = 0.0
    for block in blocks:
        if isinstance(block, Cells) and match_header(block.cells) is not None:
            return 0.9
        if isinstance(block, Cells):
            score = max(score, 0.2)
        elif isinstance(block, Prose):
            try:
                if parse_month_line(block.text) is not None:
                    score = max(score, 0.5)
            except ValueError:
                score = max(score, 0.5)
    if score == 0.0 and detect_platform(text) == "tiktok":
        score = 0.2
    return score


# --- assembling tables ------------------------------------------------------------------------


class _BadRow(Exception):
    """A row that cannot be read; becomes an InputError or a SkippedRow."""


@dataclass
class _OpenMonth:
    month: MonthLine
    intro: str
    line: int
    has_table: bool = False
    rows: list[Network] = field(default_factory=list)
    positions: int = 0  # data rows seen, bad ones included


@dataclass
class _Columns:
    index: dict[str, int]
    labels: tuple[str, ...]
    piped: bool = False  # the header row (text) ends with '|': so does every complete row


class _Assembler:
    """Turns blocks (prose lines, rows, table starts) into month tables."""

    def __init__(self, name: str, sha256: str, platform: str, skip_bad_rows: bool) -> None:
        self.name, self.sha256, self.platform, self.skip_bad_rows = name, sha256, platform, skip_bad_rows
        self.tables: list[Disclosure] = []
        self.skipped: list[SkippedRow] = []
        self.rows_read = 0
        self.month: _OpenMonth | None = None
        self.columns: _Columns | None = None
        self.headers_seen = 0

    def run(self, blocks: Iterable[Block], is_html: bool, *, ends_cleanly: bool = True) -> ParsedReport:
        """The report's month tables. ``ends_cleanly``: the text ends with a line break, the page
        outside any table; else its last row or line may be cut off (see :meth:`check_ending`)."""
        last: Prose | Cells | None = None
        for block in blocks:
            if isinstance(block, Prose):
                self.prose(block)
                last = block
            elif isinstance(block, TableStart):
                self.columns = None
            else:
                self.cells(block)
                last = block
        self.check_ending(last, is_html, ends_cleanly)
        self.close_month()
        if not self.headers_seen:
            kind = "HTML page has no report table" if is_html else "no report table found"
            raise InputError(
                self.name,
                None,
                f"{kind} (expected a month line such as 'disrupted between December 1-31, 2024' followed "
                "by a table with columns Detection Source, Accounts in network, Followers of network, Description)",
            )
        return ParsedReport(tuple(self.tables), tuple(self.skipped), self.rows_read)

    def prose(self, block: Prose) -> None:
        try:
            month = parse_month_line(block.text)
        except ValueError as error:
            raise InputError(self.name, block.line, f"expected a valid date range in the month line: {error}") from None
        current = self.month
        if month is None:
            if current and not current.has_table and current.month.reestablishing_accounts_removed is None:
                figure = reestablishing_figure(block.text)
                if figure is not None:
                    current.month = _with_figure(current.month, figure)
            return
        if current and not current.has_table and current.month.period == month.period:
            self.month = _merge(current, _OpenMonth(month, block.text, block.line))
            return
        self.close_month()
        self.month = _OpenMonth(month, block.text, block.line)

    def cells(self, block: Cells) -> None:
        header = match_header(block.cells)
        if header is not None:
            if self.month is None:
                raise InputError(
                    self.name,
                    block.line,
                    "table has no month line before it (expected a line such as "
                    "'disrupted between December 1-31, 2024' above the header)",
                )
            self.columns = _Columns(header, block.cells, block.source.rstrip().endswith("|"))
            self.month.has_table = True
            self.headers_seen += 1
            return
        if not any(block.cells):
            return
        self.rows_read += 1
        try:
            if self.columns is None or self.month is None:
                raise _BadRow(
                    "row before any header row (expected a header such as "
                    "'Detection Source | Accounts in network | Followers of Network | Description')"
                )
            self.month.has_table = True
            self.month.positions += 1
            self.month.rows.append(self.row(block, self.columns, self.month.positions))
        except _BadRow as error:
            if not self.skip_bad_rows:
                raise InputError(self.name, block.line, str(error)) from None
            self.skipped.append(SkippedRow(self.name, block.line, str(error)))

    def check_ending(self, last: Prose | Cells | None, is_html: bool, ends_cleanly: bool) -> None:
        """Refuse a report cut off: its last row without its closing '|' (or, without one in the header, without
        a final line break; a page: inside its table), a header or month line with no rows after it, a last
        line cut mid-sentence. A cut row is a bad row (skipped with ``skip_bad_rows``); the rest stop the read."""
        if last is None:
            return
        cut = "the report ends there: it looks cut off"
        if isinstance(last, Cells) and match_header(last.cells) is not None:
            if not ends_cleanly:  # a header row and a line break: a month of no networks, as far as can be told
                raise InputError(self.name, last.line, f"a header row with no rows after it; {cut}")
            return
        if isinstance(last, Cells):
            columns = self.columns
            if is_html or columns is None or not columns.piped:
                complete = ends_cleanly
            else:
                complete = last.source.rstrip().endswith("|")
            month = self.month
            if complete or month is None or not month.rows or month.rows[-1].source_line != last.line:
                return  # complete, or already refused or skipped as a bad row
            if is_html:
                reason = f"the page ends inside this row's table (no </table>); {cut}"
            elif columns is not None and columns.piped:
                reason = f"expected the last row to end with '|' as its header row does; {cut}"
            else:
                reason = f"the last row has no final line break; {cut}"
            if not self.skip_bad_rows:
                raise InputError(self.name, last.line, reason)
            month.rows.pop()
            self.skipped.append(SkippedRow(self.name, last.line, reason))
            return
        if not ends_cleanly and is_html:
            raise InputError(self.name, last.line, f"the page ends inside a table; {cut}")
        month = self.month
        if (
            self.headers_seen
            and month is not None
            and not month.has_table
            and month.line == last.line
            and month.month.explicit_range
        ):
            raise InputError(self.name, last.line, f"a month line ({month.month.period}) with no table after it; {cut}")
        if not ends_cleanly and not _SENTENCE_END.search(last.text):
            raise InputError(
                self.name, last.line, f"the last line ends mid-sentence, without a final line break; {cut}"
            )

    def row(self, block: Cells, columns: _Columns, position: int) -> Network:
        cells, hints = _fit_cells(block, columns), block.title_hints

        def cell(column: str) -> str:
            return cells[columns.index[column]]

        def count(column: str) -> int:
            try:
                return parse_count(cell(column))
            except ValueError:
                label = columns.labels[columns.index[column]]
                raise _BadRow(f"expected a whole number in column '{label}', found {cell(column)!r}") from None

        source = cell("detection_source").lower()
        if not source:
            raise _BadRow(
                f"expected a detection source (e.g. Internal) in column "
                f"'{columns.labels[columns.index['detection_source']]}', found an empty cell"
            )
        accounts, followers = count("accounts"), count("followers")
        if "title" in columns.index:
            title_column = "title"
            title = cell("title")
            description = cell("description") if "description" in columns.index else ""
        else:
            title_column = "description"
            index = columns.index["description"]
            hint = hints[index] if index < len(hints) else None
            title, description = _title_and_description(cells[index], hint)
        if not title:
            label = columns.labels[columns.index[title_column]]
            raise _BadRow(f"expected a network title in column '{label}', found an empty cell")
        return Network(self.name, block.line, position, source, accounts, followers, title, description)

    def close_month(self) -> None:
        open_month, self.month = self.month, None
        if open_month is None:
            return
        month = open_month.month
        if not open_month.has_table and month.reestablishing_accounts_removed is None:
            return  # a date range in prose with neither a table nor a figure: not a month of the report
        self.tables.append(
            Disclosure(
                platform=self.platform,
                period=month.period,
                start_date=month.start.isoformat(),
                end_date=month.end.isoformat(),
                reestablishing_accounts_removed=month.reestablishing_accounts_removed,
                intro=open_month.intro,
                source_file=self.name,
                source_sha256=self.sha256,
                source_line=open_month.line,
                rows=tuple(open_month.rows),
            )
        )


def _fit_cells(block: Cells, columns: _Columns) -> tuple[str, ...]:
    """The row's cells lined up with the header, or _BadRow when they cannot be."""
    cells, expected, needed = block.cells, len(columns.labels), max(columns.index.values()) + 1
    if len(cells) < needed:
        raise _BadRow(f"expected {expected} cells ({' | '.join(columns.labels)}), found {len(cells)}")
    extra = cells[expected:]
    if not any(extra):
        return cells[:expected]
    if block.source and columns.index.get("description") == expected - 1:
        return split_cells(block.source, expected) or cells  # a '|' inside the last, free-text cell
    raise _BadRow(f"expected {expected} cells ({' | '.join(columns.labels)}), found {len(cells)}")


def _title_and_description(text: str, hint: str | None) -> tuple[str, str]:
    """Title and description of a description cell, using a title the markup set apart when there is one."""
    if hint and text.startswith(hint) and not hint.endswith("."):
        return hint.rstrip(" :;,\u2013\u2014-"), text[len(hint) :].strip()
    return split_title(text)


def _with_figure(month: MonthLine, figure: int) -> MonthLine:
    return MonthLine(month.start, month.end, figure, month.explicit_range)


def _merge(earlier: _OpenMonth, later: _OpenMonth) -> _OpenMonth:
    """Two lines naming the same month before its table (a heading, then the paragraph): one month."""
    kept, other = (
        (later, earlier) if later.month.explicit_range or not earlier.month.explicit_range else (earlier, later)
    )
    if kept.month.reestablishing_accounts_removed is None and other.month.reestablishing_accounts_removed is not None:
        kept.month = _with_figure(kept.month, other.month.reestablishing_accounts_removed)
    return kept
