"""Reporting periods: a half-year, a quarter or a month, with its first and last day.

>>> find_period("This file contains IOCs from Meta’s Adversarial Threat Report H2 2025.")
Period(period='2025-H2', granularity='half', start_date='2025-07-01', end_date='2025-12-31')
>>> find_period("# TAG Bulletin: Q1 2020").period
'2020-Q1'
>>> find_period("campaigns terminated on our platforms in Q1 of 2020").period
'2020-Q1'
>>> find_period("Meta's Q4 2022 Adversarial Threat Report").period
'2022-Q4'
>>> find_period("our Adversarial Threat Report for the second quarter of 2023").period
'2023-Q2'
>>> find_period("meta-q3-2023-china-based-cib-network.md").period
'2023-Q3'
>>> find_period("nothing here") is None
True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "MONTH_NAMES", "Period", "find_period", "month_heading", "period_of"]

MONTH_NAMES = tuple(name.casefold() for name in calendar.month_name[1:])  # "january" … "december"
MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


@dataclass(frozen=True)
class Period:
    period: str  # "2025-H2", "2020-Q1", "2024-12"
    granularity: str  # half / quarter / month
    start_date: str
    end_date: str


def period_of(year: int, granularity: str, number: int) -> Period:
    """The period of a year's ``number``-th half, quarter or month.

    >>> period_of(2020, "quarter", 1).end_date
    '2020-03-31'
    """
    months = {"half": 6, "quarter": 3, "month": 1}[granularity]
    first = (number - 1) * months + 1
    last = first + months - 1
    end_day = calendar.monthrange(year, last)[1]
    label = {"half": f"{year}-H{number}", "quarter": f"{year}-Q{number}", "month": f"{year}-{number:02d}"}
    return Period(label[granularity], granularity, f"{year}-{first:02d}-01", f"{year}-{last:02d}-{end_day:02d}")


_YEAR = r"((?:19|20)\d\d)"
_PATTERNS = (
    (re.compile(rf"(?<![A-Za-z0-9])([HQ])([1-4])(?:\s+of|\s*[-_,]?)\s*{_YEAR}(?!\d)", re.I), "code-year"),
    (re.compile(rf"(?<!\d){_YEAR}\s*[-_ ]?\s*([HQ])([1-4])(?![0-9])", re.I), "year-code"),
    (re.compile(rf"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(half|quarter)\s+(?:of\s+)?{_YEAR}", re.I), "words"),
)


def find_period(text: str) -> Period | None:
    """The first half-year or quarter ``text`` names ("H2 2025", "Q1 of 2020", "second quarter of 2023")."""
    for pattern, shape in _PATTERNS:
        for match in pattern.finditer(text):
            if shape == "code-year":
                letter, number, year = match.group(1).upper(), int(match.group(2)), int(match.group(3))
            elif shape == "year-code":
                year, letter, number = int(match.group(1)), match.group(2).upper(), int(match.group(3))
            else:
                number, letter, year = (
                    _ORDINALS[match.group(1).casefold()],
                    match.group(2)[0].upper(),
                    int(match.group(3)),
                )
            if letter == "H" and number > 2:
                continue
            return period_of(year, "half" if letter == "H" else "quarter", number)
    return None


_MONTH_HEADING = re.compile(r"^\W*(?P<month>[A-Za-z]+)\.?(?:\s+(?P<year>(?:19|20)\d\d))?\W*$")


def month_heading(line: str) -> tuple[int, int | None] | None:
    """``(month, year or None)`` when the line is only a month name ("January", "March 2021").

    >>> month_heading("January"), month_heading("## October 2021"), month_heading("May we")
    ((1, None), (10, 2021), None)
    """
    match = _MONTH_HEADING.match(line.strip().lstrip("#").strip())
    if not match or match.group("month").casefold() not in MONTHS:
        return None
    return MONTHS[match.group("month").casefold()], int(match.group("year")) if match.group("year") else None
