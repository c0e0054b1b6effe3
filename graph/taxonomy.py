"""The tactic taxonomy: ``graph/data/tactics.csv`` (slug, label, definition, DISARM ids, cues).

``cues`` is a regular expression, in lower case, of phrases that say a network used the
tactic; :mod:`graph.extract` runs it on the lower-cased text. ``keywords`` (``;``-separated)
are word beginnings of which every cue phrase contains one: the cue is only tried on a text
where a keyword starts a word, which keeps extraction fast. ``also_read_from`` names a reading of
the extraction that reports the tactic besides its cues (:data:`READ_FROM`), and
``not_the_networks`` is a regular expression, run on the lower-cased text, of the words before a
cue that say the text speaks of someone else's doing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cio_graph.graph.data_files import csv_rows
from cio_graph.graph.errors import InputError

__all__ = [
    "TACTICS_CSV",
    "SLUG",
    "DISARM_ID",
    "READ_FROM",
    "Tactic",
    "load_tactics",
    "tactic_slugs",
    "tactic_read_from",
]

TACTICS_CSV = Path(__file__).parent / "data" / "tactics.csv"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DISARM_ID = re.compile(r"T\d{4}(?:\.\d{3})?\Z")
READ_FROM = {
    "brands": "the brand names a network ran its outlets under",
    "languages": "a text naming two languages or more",
    "posing": "an outlet or organisation a network posed as",
}


@dataclass(frozen=True)
class Tactic:
    """One tactic of the taxonomy."""

    slug: str
    label: str
    definition: str
    disarm_ids: tuple[str, ...]
    keywords: tuple[str, ...] = field(default=(), compare=False, repr=False)
    cues: str = field(default="", compare=False, repr=False)
    also_read_from: str = field(default="", compare=False, repr=False)
    not_the_networks: str = field(default="", compare=False, repr=False)


def _tactic(row: dict[str, str], line: int) -> Tactic:
    slug = (row.get("slug") or "").strip()
    if not SLUG.match(slug):
        raise InputError(TACTICS_CSV.name, line, f"expected a lowercase hyphenated slug, found {slug!r}")
    ids = tuple(part.strip() for part in (row.get("disarm_ids") or "").split(";") if part.strip())
    bad = [i for i in ids if not DISARM_ID.match(i)]
    if bad:
        raise InputError(TACTICS_CSV.name, line, f"expected DISARM ids like T0146 or T0150.001, found {bad}")
    cues = (row.get("cues") or "").strip()
    keywords = tuple(k for k in (row.get("keywords") or "").split(";") if k)
    if cues != cues.lower() or any(k != k.lower() for k in keywords):
        raise InputError(TACTICS_CSV.name, line, f"expected the cues and keywords of {slug!r} in lower case")
    if cues and not keywords:
        raise InputError(TACTICS_CSV.name, line, f"expected keywords for the cues of {slug!r}")
    not_the_networks = (row.get("not_the_networks") or "").strip()
    for column, pattern in (("cues", cues), ("not_the_networks", not_the_networks)):
        try:
            re.compile(pattern)
        except re.error as exc:
            message = f"{column} of {slug!r} is no valid regular expression: {exc}"
            raise InputError(TACTICS_CSV.name, line, message) from None
    also = (row.get("also_read_from") or "").strip()
    if also and also not in READ_FROM:
        raise InputError(TACTICS_CSV.name, line, f"expected also_read_from among {sorted(READ_FROM)}, found {also!r}")
    label, definition = (row.get("label") or "").strip(), (row.get("definition") or "").strip()
    return Tactic(slug, label, definition, ids, keywords, cues, also, not_the_networks)


@cache
def load_tactics() -> tuple[Tactic, ...]:
    """All tactics, in file order.

    >>> load_tactics()[0].slug
    'inauthentic-accounts'
    """
    rows = csv_rows(TACTICS_CSV, ("slug", "label", "definition", "disarm_ids"))
    tactics = tuple(_tactic(row, line) for line, row in rows)
    slugs = [t.slug for t in tactics]
    if len(set(slugs)) != len(slugs):
        raise InputError(TACTICS_CSV.name, None, "expected each slug once")
    readings = [t.also_read_from for t in tactics if t.also_read_from]
    if len(set(readings)) != len(readings):
        raise InputError(TACTICS_CSV.name, None, "expected each also_read_from value on one tactic at most")
    return tactics


def tactic_slugs() -> frozenset[str]:
    """The set of known slugs."""
    return frozenset(t.slug for t in load_tactics())


@cache
def tactic_read_from(reading: str) -> str | None:
    """The slug of the tactic that a reading of :data:`READ_FROM` reports, or None when no tactic asks for it.

    >>> tactic_read_from("languages")
    'multilingual-targeting'
    """
    return next((t.slug for t in load_tactics() if t.also_read_from == reading), None)
