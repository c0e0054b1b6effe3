"""Read a disclosure report file: decode it, check its size, and hand it to the reader that recognises it.

Entry points: :func:`parse_file` and :func:`parse_bytes`. The platform and format are told by
content: every reader registered in :mod:`graph.readers` scores the text and the best one reads
it (TikTok monthly tables as text or HTML, Meta threat-report pages as Markdown or HTML, Google
TAG bulletins as text or HTML). ``platform`` keeps the choice to that platform's readers.

Strict by default: any bad row raises :class:`graph.errors.InputError`. With
``skip_bad_rows=True`` bad rows are recorded in ``ParsedReport.skipped`` instead; problems with
the file as a whole always raise. Nothing but InputError escapes.

The records are those of :mod:`graph.readers.types`; ``Row`` and ``MonthTable`` are the names
the TikTok tables first used for networks and disclosures.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from cio_graph.graph.errors import InputError
from cio_graph.graph.readers import choose
from cio_graph.graph.readers.limits import MAX_ROWS, check_markup, check_text
from cio_graph.graph.readers.platforms import detect_platform, looks_like_html, normalize_platform
from cio_graph.graph.readers.types import Disclosure, Network, ParsedReport, SkippedRow, Source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ROWS",
    "Disclosure",
    "MonthTable",
    "Network",
    "ParsedReport",
    "Row",
    "SkippedRow",
    "decode",
    "detect_platform",
    "looks_like_html",
    "normalize_platform",
    "parse_bytes",
    "parse_file",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = MAX_ROWS  # table rows in one file; the other limits are in graph.readers.limits

Row = Network
MonthTable = Disclosure


# --- public entry points ----------------------------------------------------------------------


def parse_file(
    path: str | Path,
    *,
    platform: str | None = None,
    skip_bad_rows: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
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
    return parse_bytes(
        data, path.name, platform=platform, skip_bad_rows=skip_bad_rows, max_bytes=max_bytes, max_rows=max_rows
    )


def parse_bytes(
    data: bytes,
    name: str,
    *,
    platform: str | None = None,
    skip_bad_rows: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ParsedReport:
    """Parse a report held in memory; ``name`` is the file name used in rows and errors.

    Before any reader runs, the input is checked against the limits of :mod:`graph.readers.limits`
    (``max_rows`` table rows; lines, cells, spans, attributes, elements, nesting): the work it asks for
    is bounded, not only its bytes.
    """
    if len(data) > max_bytes:
        raise InputError(name, None, f"input is {len(data):,} bytes, larger than the limit of {max_bytes:,}")
    text = decode(data, name)
    if looks_like_html(text):
        check_markup(text.encode("utf-8"), name, max_rows=max_rows)
    else:
        check_text(text, name, max_rows=max_rows)
    try:
        slug = normalize_platform(platform) if platform else None
        reader = choose(text, name, slug)
        return reader.read(text, Source(name, hashlib.sha256(data).hexdigest(), slug, skip_bad_rows))
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
            name,
            line,
            f"undecodable byte at offset {error.start} for {encoding} (expected UTF-8, or UTF-16 with a BOM)",
        ) from None
    if "\x00" in text or len(_CONTROL.findall(text, 0, 1 << 20)) > 8:
        raise InputError(name, None, "binary file: control characters (expected UTF-8 or UTF-16 text)")
    if not text.strip():
        raise InputError(name, None, "empty file (expected a report)")
    return text
