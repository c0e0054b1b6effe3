"""Placeholder-token patterns shared by the cue modules of the entity extractor.

The extractor replaces each gazetteer mention with a token such as ``⟨cd3⟩`` (reading kinds in
lower case, then the mention's index); cue patterns name the kinds of token they accept.

>>> import re
>>> bool(re.fullmatch(COUNTRIES, "⟨c0⟩, ⟨cd1⟩ and the ⟨c2⟩"))
True
>>> bool(re.fullmatch(LANGUAGES, "⟨c0⟩"))
False
"""

from __future__ import annotations

from cio_graph.graph.gazetteer import COUNTRY, DEMONYM, LANGUAGE, LANGUAGE_STRONG, REGION, REGION_ADJ

__all__ = [
    "COUNTRIES",
    "COUNTRY_TOKEN",
    "LANGUAGES",
    "LANGUAGE_TOKEN",
    "NATION",
    "NATIONS",
    "REGIONS",
    "REGION_ADJ_TOKEN",
    "REGION_TOKEN",
    "STRONG_LANGUAGE_TOKEN",
    "listing",
    "token",
]


def token(kinds: str) -> str:
    """Pattern of a placeholder token having one of the reading ``kinds``."""
    return rf"⟨[a-z]*[{kinds.lower()}][a-z]*\d+⟩"


def listing(item: str) -> str:
    """Pattern of a list of items: "X", "X and Y", "X, Y and Z", "X or Y"."""
    sep = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)"
    return rf"(?:the\s+)?{item}(?:{sep}(?:the\s+)?{item})*"


NATION = token(COUNTRY + DEMONYM)
COUNTRY_TOKEN = token(COUNTRY)
LANGUAGE_TOKEN = token(LANGUAGE)
STRONG_LANGUAGE_TOKEN = token(LANGUAGE_STRONG)
REGION_TOKEN = token(REGION)
REGION_ADJ_TOKEN = token(REGION_ADJ)
NATIONS = listing(NATION)
COUNTRIES = listing(COUNTRY_TOKEN)
LANGUAGES = listing(LANGUAGE_TOKEN)
REGIONS = listing(REGION_TOKEN)
