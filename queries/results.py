"""The engine-neutral answer of a query (columns and rows of Python values) and its text formats: table, CSV, TSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from cio_graph.graph.errors import InputError
from cio_graph.graph.prefixes import PREFIXES

__all__ = ["FLOAT_TYPES", "FORMATS", "INTEGER_TYPES", "XSD", "Result", "Value", "format_result", "typed_value"]

FORMATS = ("table", "csv", "tsv", "json")

XSD = PREFIXES["xsd"]
INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}


Value = str | int | float | bool | None
Row = tuple[Any, ...]  # of Values: which type each column holds depends on the query


@dataclass
class Result:
    """Columns and rows of a query answer (``ASK``: one ``ask`` column; ``CONSTRUCT``: s, p, o)."""

    columns: list[str]
    rows: list[Row]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Value]:
        """The values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def typed_value(lexical: str, datatype: str) -> Value:
    """The Python value of a literal: numbers and booleans converted, anything else its lexical form.

    >>> typed_value("42", XSD + "integer"), typed_value("0.50", XSD + "decimal"), typed_value("2024-12", XSD + "gYearMonth")
    (42, 0.5, '2024-12')
    """
    try:
        if datatype in INTEGER_TYPES:
            return int(lexical)
        if datatype in FLOAT_TYPES:
            return float(lexical)
    except ValueError:
        return lexical
    if datatype == XSD + "boolean":
        return lexical.strip() in ("true", "1")
    return lexical


def format_result(
    result: Result, fmt: str = "table", max_width: int = 80, *, spreadsheet_safe: bool = False, thousands: bool = False
) -> str:
    """``result`` as text: an aligned ``table`` (cells cut at ``max_width``), ``csv``, ``tsv`` or ``json``.

    With ``spreadsheet_safe``, CSV and TSV text cells a spreadsheet would read as a formula get a
    leading ``'`` (:mod:`graph.export.csv_safe`); numbers stay numbers. ``thousands`` writes the
    table's integers with thousands separators (never csv, tsv or json).

    >>> print(format_result(Result(["origin", "networks"], [("RU", 2), ("CN", 1)]), "csv"), end="")
    origin,networks
    RU,2
    CN,1
    >>> print(format_result(Result(["origin", "networks"], [("RU", 2)])), end="")
    origin  networks
    ------  --------
    RU             2
    (1 row)
    >>> print(format_result(Result(["origin", "accounts"], [("RO", 27217)]), thousands=True), end="")
    origin  accounts
    ------  --------
    RO        27,217
    (1 row)
    """
    if fmt == "json":
        return json.dumps({"columns": result.columns, "rows": result.records()}, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        if spreadsheet_safe:
            from cio_graph.graph.export.csv_safe import safe_cell

            writer.writerows([[_text(safe_cell(value)) for value in row] for row in result.rows])
        else:
            writer.writerows([[_text(value) for value in row] for row in result.rows])
        return buffer.getvalue()
    if fmt == "table":
        return _table(result, max_width, thousands)
    raise InputError("--format", None, f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _table(result: Result, max_width: int, thousands: bool = False) -> str:
    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    def text(value: Value) -> str:
        if thousands and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return _text(value)

    cells = [[cut(text(value)) for value in row] for row in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    numeric = [
        bool(result.rows)
        and all(
            isinstance(row[i], (int, float)) and not isinstance(row[i], bool)
            for row in result.rows
            if row[i] is not None
        )
        for i in range(len(result.columns))
    ]

    def line(values: list[str]) -> str:
        padded = [v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)]
        return "  ".join(padded).rstrip()

    rows = len(result.rows)
    lines = [line(list(result.columns)), line(["-" * w for w in widths])]
    lines += [line(row) for row in cells]
    lines.append(f"({rows} row{'' if rows == 1 else 's'})")
    return "\n".join(lines) + "\n"
