"""Reading rules of TikTok's monthly tables, and the tokenizer of their plain-text form.

A TikTok report, whatever its format, reads as a sequence of :class:`Prose` lines (month lines among
them) and :class:`Cells` rows (header rows and network rows). The rules here recognise a header
row and its columns and the title that opens a network's description cell (month lines, counts
and spaces are :mod:`graph.readers.tiktok_values`, re-exported here);
``graph.readers.tiktok_html`` reuses them for web pages.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cio_graph.graph.readers.tiktok_values import (
    COUNT,
    INVISIBLE,
    MonthLine,
    normalize_space,
    parse_count,
    parse_month_line,
    reestablishing_figure,
)

__all__ = [
    "REQUIRED_COLUMNS",
    "TEXT_COLUMNS",
    "Block",
    "Cells",
    "MonthLine",
    "Prose",
    "TableStart",
    "match_header",
    "normalize_space",
    "parse_count",
    "parse_month_line",
    "read_text",
    "reestablishing_figure",
    "split_cells",
    "split_title",
]

# --- units of a report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Prose:
    """A line of running text (a paragraph or heading in HTML)."""

    line: int
    text: str


@dataclass(frozen=True)
class Cells:
    """A table row: its cells' text and, per cell, a title the markup set apart (or None)."""

    line: int
    cells: tuple[str, ...]
    title_hints: tuple[str | None, ...] = ()
    source: str = ""  # the line as written (text), to re-split when its last cell holds a '|'


@dataclass(frozen=True)
class TableStart:
    """The start of a new table (HTML): the columns of the previous table no longer apply."""

    line: int


Block = Prose | Cells | TableStart

# --- header rows ------------------------------------------------------------------------------

REQUIRED_COLUMNS = ("detection_source", "accounts", "followers")
TEXT_COLUMNS = ("description", "title")
_COLUMN_NAMES = {
    "detection_source": ("detection source", "source of detection", "detection", "detected by"),
    "accounts": ("accounts in network", "accounts in the network", "number of accounts", "accounts"),
    "followers": (
        "followers of network",
        "followers of the network",
        "number of followers",
        "followers",
        "total followers",
    ),
    "description": ("description", "network description", "details", "summary"),
    "title": ("title", "network name", "network title", "name"),
}
_MIN_SIMILARITY = 0.8
_MAX_LABEL_LENGTH = 60
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def _column_of(label: str) -> tuple[str, float] | None:
    """The column a header label names, with how closely it matches, or None."""
    words = _NON_WORD.sub(" ", label.lower()).strip()
    if not words:
        return None
    best = max(
        (
            (column, difflib.SequenceMatcher(None, words, name).ratio())
            for column, names in _COLUMN_NAMES.items()
            for name in names
        ),
        key=lambda pair: pair[1],
    )
    return best if best[1] >= _MIN_SIMILARITY else None


def match_header(cells: tuple[str, ...]) -> dict[str, int] | None:
    """Column positions when ``cells`` is a header row (names matched loosely), else None.

    >>> match_header(("etection source", "Accounts in network", "Followers of network", "Description"))
    {'detection_source': 0, 'accounts': 1, 'followers': 2, 'description': 3}
    >>> match_header(("Internal", "27,217", "70,892", "Accounts targeting ...")) is None
    True
    """
    if any(len(cell) > _MAX_LABEL_LENGTH or COUNT.fullmatch(cell) for cell in cells):
        return None
    best: dict[str, tuple[float, int]] = {}
    for index, cell in enumerate(cells):
        found = _column_of(cell)
        if found and (found[0] not in best or found[1] > best[found[0]][0]):
            best[found[0]] = (found[1], index)
    columns = {column: index for column, (_, index) in best.items()}
    if all(c in columns for c in REQUIRED_COLUMNS) and any(c in columns for c in TEXT_COLUMNS):
        return columns
    return None


# --- title and description --------------------------------------------------------------------

# Capitalised words that open a sentence rather than continue a name: pronouns, determiners,
# prepositions, conjunctions, sentence adverbs, and the plural subjects such descriptions open with.
_SENTENCE_OPENERS = frozenset(
    """
We Our They Their It Its He She His Her I My
The This These Those That A An Each Every All Both Some Several Many Most Few Another Such Any No
In On At By For From With Within Across Among Between During After Before Following According
Based Since Over Through Throughout Upon Under Using As Despite Unlike Amid Beyond Via
Additionally Also However Further Furthermore Moreover Meanwhile Similarly Notably Specifically
Instead Overall Previously Initially Subsequently Separately Together Here There While Although
Though When Where Once If Accounts Members Individuals Operators Users Content Videos Posts Profiles
""".split()
)
_PRONOUNS = frozenset("We Our They Their It Its He She His Her I My".split())
_FUNCTION_WORDS = frozenset(
    """
a an the of in on at by for from with within to and or but as into about against between over
under via per its their his her our
""".split()
)
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr inc ltd co corp vs etc no gen col lt sgt prof gov sen rep".split())
_TOKEN = re.compile(r"\S+")
_SENTENCE_TEXT = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?:\s|$)")
_LONG_REMAINDER_WORDS = 12
_TITLE_TRIM = " :;,\u2013\u2014-"


def _is_capitalised(token: str) -> bool:
    word = token.lstrip("(\"'\u201c\u2018[")
    return bool(word) and word[0].isupper()


def _core(token: str) -> str:
    """The word of a token: without surrounding punctuation and invisible characters."""
    return INVISIBLE.sub("", token).strip("()[]\"'\u201c\u201d\u2018\u2019,;:")


def _ends_sentence(token: str) -> bool:
    if not token.endswith((".", "!", "?")):
        return False
    word = token.rstrip(".!?")
    is_initialism = bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word))
    return not is_initialism and word.lower() not in _ABBREVIATIONS


def _reads_as_sentences(text: str) -> bool:
    return bool(_SENTENCE_TEXT.search(text)) or len(text.split()) >= _LONG_REMAINDER_WORDS


def split_title(text: str) -> tuple[str, str]:
    """Split a description cell into the network's title and its description.

    The description starts at the first sentence start after the title: a capitalised word that
    opens sentences (We, The, This, According...) or the word after a full stop, provided what
    follows reads as sentences. An opener followed by a name ("The Gambia", "All India") counts
    only when no other sentence start comes before the first full stop. Without any opener, a
    capitalised word ending a name and followed by a lowercase content word ("Kenya Kenyan
    officials were...") starts it. Titles are noun phrases and never end with a full stop.

    >>> split_title("Accounts targeting political discourse in the United States We assess that it posted.")
    ('Accounts targeting political discourse in the United States', 'We assess that it posted.')
    >>> split_title("Accounts targeting political discourse in Gulf Countries, in particular Saudi Arabia")
    ('Accounts targeting political discourse in Gulf Countries, in particular Saudi Arabia', '')
    >>> split_title("Accounts targeting Kenya. Kenyan officials were impersonated.")
    ('Accounts targeting Kenya', 'Kenyan officials were impersonated.')
    """
    text = normalize_space(text)
    tokens = _TOKEN.finditer(text)
    before, current = next(tokens, None), next(tokens, None)
    title_case = True  # every word of four letters or more so far is capitalised
    weak: int | None = None  # an opener followed by a name ("The Gambia"): used if nothing better comes
    fallback: int | None = None
    while before is not None and current is not None:
        after = next(tokens, None)
        previous, token, following = before.group(), current.group(), after.group() if after else ""
        start = current.start()
        before, current = current, after
        if title_case and len(_core(previous)) >= 4 and not _is_capitalised(previous):
            title_case = False
        if token[0].islower() or not _is_capitalised(token):
            continue
        if _ends_sentence(previous):
            if weak is not None:
                break
            return text[:start].rstrip(_TITLE_TRIM + "."), text[start:]
        word = _core(token)
        if word in _SENTENCE_OPENERS and _reads_as_sentences(text[start:]):
            if word in _PRONOUNS or not _is_capitalised(following):
                return text[:start].rstrip(_TITLE_TRIM), text[start:]
            if weak is None and not title_case:
                weak = start
        ends_name = _is_capitalised(previous) or previous.endswith(")")
        if (
            fallback is None
            and ends_name
            and following
            and not _is_capitalised(following)
            and _core(following).lower() not in _FUNCTION_WORDS
        ):
            fallback = start
    split = weak if weak is not None else fallback if _SENTENCE_TEXT.search(text) else None
    if split is not None:
        return text[:split].rstrip(_TITLE_TRIM), text[split:]
    return text.rstrip(_TITLE_TRIM + "."), ""


# --- the plain-text reader --------------------------------------------------------------------

_SEPARATOR_CELL = re.compile(r":?-{2,}:?|")


def split_cells(line: str, max_cells: int | None = None) -> tuple[str, ...] | None:
    """The cells of a pipe-separated line (outer pipes optional); None for a rule line or empty row.

    With ``max_cells``, the last cell keeps the rest of the line, pipes included.

    >>> split_cells("| Internal | 27,217 |70,892| Accounts |")
    ('Internal', '27,217', '70,892', 'Accounts')
    >>> split_cells("Internal | 1 | 2 | A| B |", max_cells=4)
    ('Internal', '1', '2', 'A| B')
    >>> split_cells("|---|:---:|") is None
    True
    """
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    parts = body.split("|") if max_cells is None else body.split("|", max_cells - 1)
    if body.endswith("|"):
        if max_cells is None or len(parts) < max_cells:
            parts.pop()
        else:
            parts[-1] = parts[-1][:-1]
    cells = tuple(normalize_space(part) for part in parts)
    if all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells):
        return None
    return cells


def read_text(text: str) -> Iterator[Prose | Cells]:
    """The prose lines and pipe-separated rows of a plain-text report, with 1-based line numbers."""
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if "|" in raw:
            cells = split_cells(raw)
            if cells is not None:
                yield Cells(number, cells, source=raw)
            continue
        line = normalize_space(raw)
        if line:
            yield Prose(number, line)
