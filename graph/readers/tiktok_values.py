"""The values of TikTok's report lines: spaces normalised, counts as written, month lines and their date ranges."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "COUNT",
    "INVISIBLE",
    "MonthLine",
    "normalize_space",
    "parse_count",
    "parse_month_line",
    "reestablishing_figure",
]

# --- whitespace -------------------------------------------------------------------------------

INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (nbsp, thin spaces included) to one space.

    Other characters, invisible ones included, are kept: the text stays a copy of the source.

    >>> normalize_space("  1\u202f177\u00a0876 \\n x ")
    '1 177 876 x'
    """
    return " ".join(text.split())


# --- counts -----------------------------------------------------------------------------------

_GROUP_SEPARATORS = ",.' \u2019\u00a0\u2009\u202f"
COUNT = re.compile(rf"[0-9]{{1,3}}(?:([{_GROUP_SEPARATORS}])[0-9]{{3}}(?:\1[0-9]{{3}})*)?")


def parse_count(text: str) -> int:
    """A whole number written with or without thousands separators; ValueError otherwise.

    >>> [parse_count(s) for s in ("27,217", "9743", "1.177.876", "1 177 876", " 2 ")]
    [27217, 9743, 1177876, 1177876, 2]
    """
    text = text.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    if not COUNT.fullmatch(text):
        raise ValueError(f"not a whole number: {text!r}")
    return int(re.sub(r"[^0-9]", "", text))


# --- month lines ------------------------------------------------------------------------------

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH_NUMBERS["sept"] = 9
_MONTH_WORD = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))


def _month(group: str) -> str:
    return rf"\b(?P<{group}>{_MONTH_WORD})(?![a-z])\.?"


def _day(group: str) -> str:
    return rf"\b(?P<{group}>[0-3]?\d)(?:st|nd|rd|th)?\b"


def _year(group: str) -> str:
    return rf"\b(?P<{group}>(?:19|20)\d\d)\b"


_COMMA = r"(?:\s*,\s*|\s+)"
_TO = r"\s*(?:[-\u2010-\u2015]|\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b)\s*"
_RANGES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # December 1-31, 2024 / December 1, 2024 - December 31, 2024 / November 1 to December 31, 2024
        rf"{_month('sm')}\s+{_day('sd')}(?:{_COMMA}{_year('sy')})?{_TO}"
        rf"(?:{_month('em')}\s+)?{_day('ed')}{_COMMA}{_year('ey')}",
        # 1-31 December 2024 / 1 December 2024 - 31 December 2024
        rf"{_day('sd')}(?:\s+{_month('sm')}(?:{_COMMA}{_year('sy')})?)?{_TO}"
        rf"{_day('ed')}\s+{_month('em')}{_COMMA}{_year('ey')}",
        # 2024-12-01 to 2024-12-31
        r"\b(?P<sy>\d{4})-(?P<sm>\d\d)-(?P<sd>\d\d)" + _TO + r"(?P<ey>\d{4})-(?P<em>\d\d)-(?P<ed>\d\d)\b",
    )
)
_MONTH_HEADING = re.compile(rf"\W*{_month('m')}{_COMMA}{_year('y')}\W*", re.IGNORECASE)

_NUMBER = rf"[0-9]{{1,3}}(?:[{_GROUP_SEPARATORS}][0-9]{{3}})+(?![0-9])|[0-9]+"
_REESTABLISHING = re.compile(r"re-?establish|previously (?:disrupted|removed|banned)|return|recidiv", re.I)
_ACCOUNTS_FIGURE = re.compile(rf"(?<![\d.,])(?P<n>{_NUMBER})\s+(?:[\w-]+\s+){{0,3}}?accounts\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class MonthLine:
    """What a month line says: the reporting range and the re-establishing accounts removed."""

    start: date
    end: date
    reestablishing_accounts_removed: int | None
    explicit_range: bool  # False for a bare "December 2024" heading

    @property
    def period(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"


def _month_number(word: str) -> int:
    return int(word) if word.isdigit() else _MONTH_NUMBERS[word.lower().rstrip(".")]


def parse_month_line(text: str) -> MonthLine | None:
    """The month a line introduces, or None; ValueError when its range is not a real date range.

    >>> m = parse_month_line("disrupted between February 1 \u2013 29, 2024. We removed 9743 accounts "
    ...                      "associated with previously disrupted networks.")
    >>> (m.start.isoformat(), m.end.isoformat(), m.reestablishing_accounts_removed, m.period)
    ('2024-02-01', '2024-02-29', 9743, '2024-02')
    >>> parse_month_line("1-31 December 2024").end.isoformat()
    '2024-12-31'
    >>> parse_month_line("Starting in May 2024, we will update this page") is None
    True
    """
    found = [m for m in (pattern.search(text) for pattern in _RANGES) if m]
    if found:
        match = min(found, key=lambda m: m.start())
        parts = match.groupdict()
        end_month = _month_number(parts["em"] or parts["sm"])
        start_month = _month_number(parts["sm"] or parts["em"])
        end_year = int(parts["ey"])
        start_year = int(parts["sy"]) if parts["sy"] else end_year - (start_month > end_month)
        start = date(start_year, start_month, int(parts["sd"]))
        end = date(end_year, end_month, int(parts["ed"]))
        if end < start:
            raise ValueError(f"the range ends before it starts: {match.group(0)!r}")
        return MonthLine(start, end, reestablishing_figure(text), True)
    heading = _MONTH_HEADING.fullmatch(text)
    if heading:
        year, month = int(heading["y"]), _month_number(heading["m"])
        last_day = calendar.monthrange(year, month)[1]
        return MonthLine(date(year, month, 1), date(year, month, last_day), None, False)
    return None


def reestablishing_figure(text: str) -> int | None:
    """Accounts removed for re-establishing disrupted networks, when a sentence of ``text`` says so.

    >>> reestablishing_figure("In addition, we removed 2,313 accounts associated with "
    ...                       "previously disrupted networks attempting to re-establish their presence.")
    2313
    """
    for sentence in _SENTENCE_END.split(text):
        if _REESTABLISHING.search(sentence):
            figure = _ACCOUNTS_FIGURE.search(sentence)
            if figure:
                return parse_count(figure["n"])
    return None
