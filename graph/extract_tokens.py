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

from graph.gazetteer import COUNTRY, DEMONYM, LANGUAGE, LANGUAGE_STRONG, REGION, REGION_ADJ


def _token(kinds: str) -> str:
    """Pattern of a placeholder token having one of the reading ``kinds``."""
    return rf"⟨[a-z]*[{kinds.lower()}][a-z]*\d+⟩"


def _listing(item: str) -> str:
    """Pattern of a list of items: "X", "X and Y", "X, Y and Z", "X or Y"."""
    sep = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)"
    return rf"(?:the\s+)?{item}(?:{sep}(?:the\s+)?{item})*"


NATION = _token(COUNTRY + DEMONYM)
COUNTRY_TOKEN = _token(COUNTRY)
LANGUAGE_TOKEN = _token(LANGUAGE)
STRONG_LANGUAGE_TOKEN = _token(LANGUAGE_STRONG)
REGION_TOKEN = _token(REGION)
REGION_ADJ_TOKEN = _token(REGION_ADJ)
NATIONS = _listing(NATION)
COUNTRIES = _listing(COUNTRY_TOKEN)
LANGUAGES = _listing(LANGUAGE_TOKEN)
REGIONS = _listing(REGION_TOKEN)
