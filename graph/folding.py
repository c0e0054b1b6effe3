"""How names are compared and found: accents stripped, case and dashes folded, whole-word matches of an automaton."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import ahocorasick

__all__ = ["fold", "split_cell", "strip_accents", "whole_word_matches"]


def strip_accents(text: str) -> str:
    """``"Călin Georgescu"`` -> ``"Calin Georgescu"``.

    >>> strip_accents("Türkiye, Côte d'Ivoire")
    "Turkiye, Cote d'Ivoire"
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Case-, accent- and hyphen-insensitive key for comparing names.

    >>> fold("TV-Novosti") == fold("tv novosti")
    True
    """
    text = strip_accents(text).casefold().replace("-", " ").replace("’", "'")
    return " ".join(text.split())


def split_cell(cell: str) -> list[str]:
    """The ``;``-separated values of a data file's cell.

    >>> split_cell("Kremlin; Moscow ;")
    ['Kremlin', 'Moscow']
    """
    return [part.strip() for part in cell.split(";") if part.strip()]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def whole_word_matches(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, tuple]]:
    """(start, end, value) of the automaton's whole-word matches in ``text``, longest first where they
    overlap, in order; each value is a tuple whose first item is the length of its form."""
    hits = []
    for end, value in automaton.iter(text):
        start = end - value[0] + 1
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end + 1 < len(text) and _is_word_char(text[end + 1]):
            continue
        hits.append((start, end + 1, value))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    found = []
    last_end = -1
    for start, end, value in hits:
        if start >= last_end:
            found.append((start, end, value))
            last_end = end
    return found
