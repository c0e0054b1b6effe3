"""Parse a disclosure report (plain text or a saved web page) into month tables of network rows.

Entry points: :func:`parse_file` and :func:`parse_bytes`. The format is told by content (HTML
or pipe-separated text), the platform by the names the report uses (or given). A report reads
as month lines ("... disrupted between December 1-31, 2024 ...") each followed by a table whose
header row names the columns; data rows become :class:`Row`, months :class:`MonthTable`.

Line numbers: for text, ``source_line`` is the 1-based line of the file. For HTML, a row's
``source_line`` is its 1-based position among all ``<tr>`` of the document (document order,
every table counted), and a month's is the 1-based position of its paragraph or heading among
the page's text blocks in document order (paragraphs, headings, list items, captions, lines
broken by ``<br>``, cells of tables that are not report tables, full-width rows of report tables).

Tables: a month line opens a month; the next header row (matched loosely by column names) maps
the columns; each following row with cells is a network. In text a month without its own header
uses the previous one; in HTML each table needs its header. Consecutive lines naming the same
month (a "December 2024" heading, then the paragraph with the range) make one month. A date range
in prose followed by neither a table nor a re-establishing figure is not a month of the report.

Strict by default: any bad row raises :class:`graph.errors.InputError`. With
``skip_bad_rows=True`` bad rows are recorded in ``ParsedReport.skipped`` instead; problems with
the file as a whole always raise. Nothing but InputError escapes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.parse_html import read_html
from graph.parse_text import (
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

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One network row of a month table."""

    source_file: str  # file name (no folder)
    source_line: int  # 1-based line (text) / 1-based <tr> position in the document (HTML)
    row: int  # 1-based position among the data rows of its month's table (bad rows included)
    detection_source: str  # "internal" / "external" (lowercased, stripped)
    accounts: int
    followers: int
    title: str
    description: str  # "" when the row only has a title


@dataclass(frozen=True)
class MonthTable:
    """One month of a report: the month line's figures and the table of networks under it."""

    platform: str
    period: str  # "YYYY-MM", the year-month the range starts in
    start_date: str
    end_date: str
    reestablishing_accounts_removed: int | None
    intro: str  # the month line as written (whitespace-normalised)
    source_file: str
    source_sha256: str
    source_line: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SkippedRow:
    """A bad row left out under ``skip_bad_rows``."""

    source_file: str
    source_line: int
    reason: str


@dataclass(frozen=True)
class ParsedReport:
    """Everything read from one file."""

    tables: tuple[MonthTable, ...]
    skipped: tuple[SkippedRow, ...]
    rows_read: int  # data rows seen (= networks kept + skipped)


# --- public entry points ----------------------------------------------------------------------


def parse_file(
    path: str | Path,
    *,
    platform: str | None = None,
    skip_bad_rows: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedReport:
    """Parse the report at ``path``."""
    path = Path(path)
    try:
        if not path.exists():
            raise InputError(str(path), None, "file not found (expected a report file)")
        if not path.is_file():
            raise InputError(str(path), None, "not a regular file (expected a report file)")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path.name, None, f"file is {size:,} bytes, larger than the limit of {max_bytes:,}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, ValueError) as error:  # ValueError: a path the system cannot name (NUL byte)
        reason = getattr(error, "strerror", None) or error
        raise InputError(str(path), None, f"cannot read the file ({reason})") from None
    return parse_bytes(data, path.name, platform=platform, skip_bad_rows=skip_bad_rows, max_bytes=max_bytes)


def parse_bytes(
    data: bytes,
    name: str,
    *,
    platform: str | None = None,
    skip_bad_rows: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedReport:
    """Parse a report held in memory; ``name`` is the file name used in rows and errors."""
    if len(data) > max_bytes:
        raise InputError(name, None, f"input is {len(data):,} bytes, larger than the limit of {max_bytes:,}")
    text = decode(data, name)
    try:
        if looks_like_html(text):
            document = read_html(text.encode("utf-8"), name)
            blocks, platform_text, is_html = document.blocks, document.text, True
        else:
            blocks, platform_text, is_html = read_text(text), text, False
        slug = normalize_platform(platform) if platform else detect_platform(platform_text)
        assembler = _Assembler(name, hashlib.sha256(data).hexdigest(), slug, skip_bad_rows)
        return assembler.run(blocks, is_html)
    except InputError:
        raise
    except (ValueError, RecursionError, MemoryError, LookupError) as error:
        raise InputError(name, None, f"cannot read the report ({type(error).__name__}: {error})") from None


# --- decoding and format ----------------------------------------------------------------------

_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str) -> str:
    """The text of ``data``: UTF-8 (with or without BOM) or UTF-16 with a BOM; InputError otherwise.

    >>> decode(b"\\xef\\xbb\\xbfabc", "a.txt")
    'abc'
    >>> decode("abc".encode("utf-16"), "a.txt")
    'abc'
    """
    if not data.strip():
        raise InputError(name, None, "empty file (expected a report)")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in data:
            raise InputError(name, None, "binary file: contains NUL bytes (expected UTF-8 or UTF-16 text)")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1 if encoding != "utf-16" else None
        raise InputError(
            name, line,
            f"undecodable byte at offset {error.start} for {encoding} (expected UTF-8, or UTF-16 with a BOM)",
        ) from None
    if "\x00" in text or len(_CONTROL.findall(text, 0, 1 << 20)) > 8:
        raise InputError(name, None, "binary file: control characters (expected UTF-8 or UTF-16 text)")
    if not text.strip():
        raise InputError(name, None, "empty file (expected a report)")
    return text


_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|head|body|table|tr|td|p|div|h[1-6])\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether the text is markup (it opens with a tag and has HTML elements), not a text report.

    >>> looks_like_html("<!-- saved --><html><body><table>")
    True
    >>> looks_like_html("Detection Source | Accounts | Followers | Description |")
    False
    """
    return text.lstrip("\ufeff \t\r\n").startswith("<") and bool(_HTML_MARKUP.search(text, 0, 1 << 16))


# --- platform ---------------------------------------------------------------------------------

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


# --- assembling tables ------------------------------------------------------------------------


class _BadRow(Exception):
    """A row that cannot be read; becomes an InputError or a SkippedRow."""


@dataclass
class _OpenMonth:
    month: MonthLine
    intro: str
    line: int
    has_table: bool = False
    rows: list[Row] = field(default_factory=list)
    positions: int = 0  # data rows seen, bad ones included


@dataclass
class _Columns:
    index: dict[str, int]
    labels: tuple[str, ...]


class _Assembler:
    """Turns blocks (prose lines, rows, table starts) into month tables."""

    def __init__(self, name: str, sha256: str, platform: str, skip_bad_rows: bool) -> None:
        self.name, self.sha256, self.platform, self.skip_bad_rows = name, sha256, platform, skip_bad_rows
        self.tables: list[MonthTable] = []
        self.skipped: list[SkippedRow] = []
        self.rows_read = 0
        self.month: _OpenMonth | None = None
        self.columns: _Columns | None = None
        self.headers_seen = 0

    def run(self, blocks: Iterable[Block], is_html: bool) -> ParsedReport:
        for block in blocks:
            if isinstance(block, Prose):
                self.prose(block)
            elif isinstance(block, TableStart):
                self.columns = None
            else:
                self.cells(block)
        self.close_month()
        if not self.headers_seen:
            kind = "HTML page has no report table" if is_html else "no report table found"
            raise InputError(
                self.name, None,
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
                    self.name, block.line,
                    "table has no month line before it (expected a line such as "
                    "'disrupted between December 1-31, 2024' above the header)",
                )
            self.columns = _Columns(header, block.cells)
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

    def row(self, block: Cells, columns: _Columns, position: int) -> Row:
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
            raise _BadRow(f"expected a detection source (e.g. Internal) in column "
                          f"'{columns.labels[columns.index['detection_source']]}', found an empty cell")
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
        return Row(self.name, block.line, position, source, accounts, followers, title, description)

    def close_month(self) -> None:
        open_month, self.month = self.month, None
        if open_month is None:
            return
        month = open_month.month
        if not open_month.has_table and month.reestablishing_accounts_removed is None:
            return  # a date range in prose with neither a table nor a figure: not a month of the report
        self.tables.append(MonthTable(
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
        ))


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
        return hint.rstrip(" :;,\u2013\u2014-"), text[len(hint):].strip()
    return split_title(text)


def _with_figure(month: MonthLine, figure: int) -> MonthLine:
    return MonthLine(month.start, month.end, figure, month.explicit_range)


def _merge(earlier: _OpenMonth, later: _OpenMonth) -> _OpenMonth:
    """Two lines naming the same month before its table (a heading, then the paragraph): one month."""
    kept, other = (later, earlier) if later.month.explicit_range or not earlier.month.explicit_range else (earlier, later)
    if kept.month.reestablishing_accounts_removed is None and other.month.reestablishing_accounts_removed is not None:
        kept.month = _with_figure(kept.month, other.month.reestablishing_accounts_removed)
    return kept
