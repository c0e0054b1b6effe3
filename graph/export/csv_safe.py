"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is neutralised.

The rule (OWASP's "CSV injection"): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading single quote, so it is shown as text, never evaluated.
Numbers are not text: a numeric cell such as ``-3`` is written as it is.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would read it as a formula.

    >>> safe_text("=HYPERLINK(\\"http://x\\")"), safe_text("-1+2"), safe_text("Romania"), safe_text("")
    ('\\'=HYPERLINK("http://x")', "'-1+2", 'Romania', '')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: object) -> object:
    """A CSV cell value made safe: text goes through :func:`safe_text`, numbers (and the rest) stay.

    >>> safe_cell(-3), safe_cell(-0.5), safe_cell("-3"), safe_cell(None)
    (-3, -0.5, "'-3", None)
    """
    return safe_text(value) if isinstance(value, str) else value
