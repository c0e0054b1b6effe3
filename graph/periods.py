"""Report periods: a month (``2024-12``), a quarter (``2020-Q1``), a half-year (``2025-H2``) or a year.

Every platform reports over its own period; these functions give any of them its granularity and
first and last day, so that periods of different platforms can be compared (overlap, adjacency).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["GRANULARITIES", "granularity", "period_bounds", "period_dates", "periods_overlap", "days_apart"]

GRANULARITIES = ("month", "quarter", "half", "year")
_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])|H(?P<half>[12])))?\Z")


def _parts(period: str) -> tuple[int, int, int]:
    """Year, first month and number of months of a period; ValueError when it is not one."""
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"expected a period such as 2024-12, 2020-Q1, 2025-H2 or 2024, not {period!r}")
    year = int(match["year"])
    if match["month"]:
        return year, int(match["month"]), 1
    if match["quarter"]:
        return year, 3 * int(match["quarter"]) - 2, 3
    if match["half"]:
        return year, 6 * int(match["half"]) - 5, 6
    return year, 1, 12


def granularity(period: str) -> str:
    """``month``, ``quarter``, ``half`` or ``year``.

    >>> [granularity(p) for p in ("2024-12", "2020-Q1", "2025-H2", "2023")]
    ['month', 'quarter', 'half', 'year']
    """
    return {1: "month", 3: "quarter", 6: "half", 12: "year"}[_parts(period)[2]]


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a period, as ISO dates.

    >>> period_bounds("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> period_bounds("2020-Q1")
    ('2020-01-01', '2020-03-31')
    >>> period_bounds("2025-H2")
    ('2025-07-01', '2025-12-31')
    >>> period_bounds("2024-13")
    Traceback (most recent call last):
    ...
    ValueError: expected a period such as 2024-12, 2020-Q1, 2025-H2 or 2024, not '2024-13'
    """
    start, end = period_dates(period)
    return start.isoformat(), end.isoformat()


def period_dates(period: str) -> tuple[date, date]:
    """First and last day of a period, as dates."""
    year, first, months = _parts(period)
    last = first + months - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def periods_overlap(a: str, b: str) -> bool:
    """Whether two periods share a day.

    >>> periods_overlap("2020-Q1", "2020-02"), periods_overlap("2025-H2", "2025-06")
    (True, False)
    """
    (a_start, a_end), (b_start, b_end) = period_dates(a), period_dates(b)
    return a_start <= b_end and b_start <= a_end


def days_apart(a: str, b: str) -> int:
    """Days between two periods: 0 when they overlap, else the gap between the nearer ends.

    >>> days_apart("2025-06", "2025-H2"), days_apart("2024-01", "2024-03")
    (1, 30)
    """
    (a_start, a_end), (b_start, b_end) = period_dates(a), period_dates(b)
    if a_start <= b_end and b_start <= a_end:
        return 0
    return (b_start - a_end).days if a_end < b_start else (a_start - b_end).days
