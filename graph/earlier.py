"""Where a report says a network continues one the platform took down before, and when that was.

Platforms write "we removed a network linked to the same individuals in August 2022", "this
network re-emerged after our takedown in Q3 2021", "a continuation of the activity we reported in
our Q1 2023 Adversarial Threat Report". :func:`earlier_takedowns` finds such statements and the
period they name (a month, a quarter, a half-year or a year), so :mod:`graph.links` can link the
network to the platform's networks of that period from the same origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cio_graph.graph.readers.periods import MONTH_NAMES

__all__ = ["EarlierTakedown", "earlier_takedowns"]

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

_WHEN = (
    rf"(?P<month>{'|'.join(MONTH_NAMES)})\s+(?P<month_year>\d{{4}})"
    r"|(?:Q(?P<q>[1-4])|the\s+(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of)\s+(?P<q_year>\d{4})"
    r"|(?:H(?P<h>[12])|the\s+(?P<hord>first|second)\s+half\s+of)\s+(?P<h_year>\d{4})"
    r"|(?P<year>(?:19|20)\d{2})"
)
_EARLIER = re.compile(
    r"\b(?:(?:linked|connected|tied|related)\s+to|part\s+of|a\s+continuation\s+of|(?:re-?)?(?:emerged|appeared|"
    r"established)\s+(?:after|following)|the\s+same\s+(?:individuals|operators|actors|people)\s+(?:as|behind)|"
    r"attempt\w*\s+to\s+re-?establish\w*|returned\s+after|came\s+back\s+after)\s+"
    r"(?:\w+\s+){0,6}?(?:network|operation|activity|campaign|takedown|accounts|enforcement|removal)s?\s+"
    r"(?:\w+\s+){0,4}?(?:(?:removed|took\s+down|taken\s+down|disrupted|reported|exposed|terminated|described|"
    r"announced)\s+)?(?:\w+\s+){0,3}?in\s+(?:our\s+|the\s+|its\s+)?(?P<when>" + _WHEN + r")",
    re.I,
)


_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class EarlierTakedown:
    """A statement that a network continues an earlier one, and the period it names."""

    period: str  # "2022-08", "2021-Q3", "2023-H1" or "2020"
    evidence: str


def _period(match: re.Match) -> str:
    if match["month"]:
        return f"{match['month_year']}-{MONTH_NAMES.index(match['month'].lower()) + 1:02d}"
    if match["q_year"]:
        return f"{match['q_year']}-Q{match['q'] or ORDINALS[match['qord'].lower()]}"
    if match["h_year"]:
        return f"{match['h_year']}-H{match['h'] or ORDINALS[match['hord'].lower()]}"
    return match["year"]


def earlier_takedowns(text: str) -> list[EarlierTakedown]:
    """Statements of ``text`` that the network continues one taken down in a named period.

    >>> [t.period for t in earlier_takedowns(
    ...     "We found this network linked to the same individuals behind a network we removed in August 2022.")]
    ['2022-08']
    >>> [t.period for t in earlier_takedowns("This activity re-emerged after our takedown in Q3 2021.")]
    ['2021-Q3']
    >>> [t.period for t in earlier_takedowns(
    ...     "It is a continuation of the operation we reported in our Q1 2023 Adversarial Threat Report.")]
    ['2023-Q1']
    >>> earlier_takedowns("We removed 12 accounts in August 2022.")
    []
    """
    if not text or not _YEAR.search(text):  # every statement names a year: most texts are passed at once
        return []
    return [EarlierTakedown(_period(match), match.group(0)) for match in _EARLIER.finditer(text)]
