"""Gazetteers of countries, demonyms, languages and regions, and a one-pass mention finder.

Countries come from pycountry (ISO 3166-1, plus ``XK`` for Kosovo) with the common and
alternative names of ``data/gazetteer_country_names.csv``; demonyms from
``data/gazetteer_demonyms.csv``; languages from pycountry (ISO 639: 639-1 code, else 639-3)
with the extra names of ``data/gazetteer_languages.csv``; regions from
``data/gazetteer_regions.csv``. Everything is built once per process.

:func:`find_mentions` scans a text with one Aho-Corasick automaton and returns the
longest, leftmost, whole-word mentions. A surface form can have several readings
("Romanian" is a demonym of RO and the language ro); the caller decides by context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick
import pycountry

from cio_graph.graph.data_files import data_path, read_csv
from cio_graph.graph.folding import fold, split_cell, strip_accents, whole_word_matches
from cio_graph.graph.known_actors import (
    ACTOR_TYPES,
    KnownActor,
    find_known_actors,
    is_ambiguous_actor,
    known_actors,
    lookup_actor,
)
from cio_graph.graph.reference import Language

__all__ = [
    "ACTOR_TYPES",
    "COUNTRY",
    "DEMONYM",
    "LANGUAGE",
    "LANGUAGE_STRONG",
    "REGION",
    "REGION_ADJ",
    "STRONG_LANGUAGE_SUFFIXES",
    "KnownActor",
    "Language",
    "Mention",
    "all_languages",
    "country_names",
    "demonyms",
    "find_known_actors",
    "find_mentions",
    "fold",
    "is_ambiguous_actor",
    "is_place_or_people",
    "known_actors",
    "languages",
    "lookup",
    "lookup_actor",
    "regions",
    "seats",
    "strip_accents",
]

# Kinds of reading a mention can have.
COUNTRY = "C"  # a country's name: "Romania", "the United States" (without "the")
DEMONYM = "D"  # a country's demonym, adjective or people: "Romanian", "Filipinos"
LANGUAGE = "L"  # a language usable in any context: "Spanish", "Farsi"
LANGUAGE_STRONG = "S"  # a language named with its cue word: "Cebuano language"
REGION = "R"  # a region's name: "Europe", "Gulf Countries"
REGION_ADJ = "A"  # a region's adjective: "European", "Latin American"


@dataclass(frozen=True)
class Mention:
    """A gazetteer hit in a text: ``readings`` maps a kind to its value; ``kinds`` spells the
    kinds in order, e.g. ``"DL"``.

    Values: country code (C, D), :class:`Language` (L, S) or region name (R, A).
    """

    start: int
    end: int
    text: str
    readings: tuple[tuple[str, object], ...]
    kinds: str

    def reading(self, kind: str) -> object | None:
        """The value of the given kind of reading, or None."""
        for k, value in self.readings:
            if k == kind:
                return value
        return None


def _drop_parentheses(name: str) -> str:
    """``"Swahili (macrolanguage)"`` -> ``"Swahili"``; ``"Modern Greek (1453-)"`` -> ``"Modern Greek"``."""
    return re.sub(r"\s*\(.*?\)", "", name).strip()


@cache
def country_names() -> dict[str, str]:
    """Surface name -> ISO 3166-1 alpha-2 code (``XK`` for Kosovo)."""
    names: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            value = _drop_parentheses(value)  # "Falkland Islands (Malvinas)"
            if ", " in value:  # "Moldova, Republic of" -> "Moldova"
                derived.setdefault(value.split(", ")[0], set()).add(code)
            else:
                derived.setdefault(value.removeprefix("the "), set()).add(code)
    for name, codes in derived.items():
        if len(codes) == 1:
            names[name] = next(iter(codes))
    for row in read_csv(data_path("gazetteer_country_names.csv"), ("code", "names")):
        for name in split_cell(row["names"]):
            names[name] = row["code"]
    for name, code in list(names.items()):
        plain = strip_accents(name)
        names.setdefault(plain, code)
    return names


def _plural(word: str) -> str | None:
    """English plural of a demonym noun, when it simply takes an -s."""
    if word.isupper() or word.endswith(("sh", "ch", "ese", "ss", "s", "z", "x", "y")):
        return None
    if word.endswith(("man", "woman")):
        return None
    return word + "s"


@cache
def demonyms() -> dict[str, str]:
    """Demonym (adjective or people, singular or plural) -> country code."""
    names = country_names()
    out: dict[str, str] = {}
    for row in read_csv(data_path("gazetteer_demonyms.csv"), ("code", "demonyms")):
        for form in split_cell(row["demonyms"]):
            for variant in (form, strip_accents(form)):
                out.setdefault(variant, row["code"])
                plural = _plural(variant)
                if plural and plural not in names:
                    out.setdefault(plural, row["code"])
    return out


@cache
def _pycountry_languages() -> tuple[dict[str, Language], dict[str, Language]]:
    """(major, all): 639-1 languages by name, and all living languages by name."""
    extras = {
        row["code"]: split_cell(row["names"])
        for row in read_csv(data_path("gazetteer_languages.csv"), ("code", "names"))
    }
    major: dict[str, Language] = {}
    every: dict[str, Language] = {}
    countries = country_names()
    for lang in pycountry.languages:
        alpha2 = getattr(lang, "alpha_2", None)
        code = alpha2 or lang.alpha_3
        display = extras.get(code, [_drop_parentheses(lang.name)])[0]
        value = Language(code, alpha2, lang.alpha_3, display)
        name = _drop_parentheses(lang.name)
        if name in countries:
            continue
        if hasattr(lang, "alpha_2"):
            major.setdefault(name, value)
        if lang.type == "L" or hasattr(lang, "alpha_2"):
            every.setdefault(name, value)
    for code, forms in extras.items():
        record = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
        record = record or pycountry.languages.get(alpha_3=code)
        if record is None:
            raise KeyError(f"gazetteer_languages.csv: unknown language code {code!r}")
        value = Language(code, getattr(record, "alpha_2", None), record.alpha_3, forms[0])
        for form in forms:
            major[form] = value
            every[form] = value
    return major, every


def languages() -> dict[str, Language]:
    """Language names recognised in any language context ("in Tagalog", "Urdu speakers")."""
    return _pycountry_languages()[0]


def all_languages() -> dict[str, Language]:
    """Every living ISO 639-3 language by name (recognised only next to a cue word)."""
    return _pycountry_languages()[1]


@cache
def regions() -> dict[str, tuple[str, bool]]:
    """Surface form -> (region name, is_adjective)."""
    out: dict[str, tuple[str, bool]] = {}
    for row in read_csv(data_path("gazetteer_regions.csv"), ("region", "nouns", "adjectives")):
        for form in split_cell(row["nouns"]):
            out[form] = (row["region"], False)
        for form in split_cell(row["adjectives"]):
            out[form] = (row["region"], True)
    return out


@cache
def seats() -> dict[str, str]:
    """Seats of government that stand for a government, name -> country code: "Kremlin" -> RU.

    >>> seats()["Kremlin"], seats()["Beijing"]
    ('RU', 'CN')
    """
    return {
        form: row["code"]
        for row in read_csv(data_path("gazetteer_seats.csv"), ("code", "names"))
        for form in split_cell(row["names"])
    }


STRONG_LANGUAGE_SUFFIXES = (" language", " languages", "-language", " speakers", "-speaking")


@cache
def _automaton() -> ahocorasick.Automaton:
    readings: dict[str, list[tuple[str, object]]] = {}

    def add(form: str, kind: str, value: object) -> None:
        slot = readings.setdefault(form, [])
        if all(k != kind for k, _ in slot):
            slot.append((kind, value))

    for form, code in country_names().items():
        add(form, COUNTRY, code)
    for form, code in demonyms().items():
        add(form, DEMONYM, code)
    for form, lang in languages().items():
        add(form, LANGUAGE, lang)
    major = languages()
    for form, lang in all_languages().items():
        if form not in major:
            for suffix in STRONG_LANGUAGE_SUFFIXES:
                add(form + suffix, LANGUAGE_STRONG, lang)
    for form, (region, adjective) in regions().items():
        add(form, REGION_ADJ if adjective else REGION, region)
    automaton = ahocorasick.Automaton()
    for form, values in readings.items():
        automaton.add_word(form, (len(form), tuple(values), "".join(kind for kind, _ in values)))
    automaton.make_automaton()
    return automaton


def find_mentions(text: str) -> list[Mention]:
    """Whole-word gazetteer mentions in ``text``, longest first where they overlap, in order.

    >>> [(m.text, m.kinds) for m in find_mentions("targeted a Romanian audience in Moldova")]
    [('Romanian', 'DL'), ('Moldova', 'C')]
    >>> [m.text for m in find_mentions("Nigerien and Nigerian users in Latin America")]
    ['Nigerien', 'Nigerian', 'Latin America']
    """
    return [
        Mention(start, end, text[start:end], values, kinds)
        for start, end, (_, values, kinds) in whole_word_matches(_automaton(), text)
    ]


@lru_cache(maxsize=8192)
def lookup(form: str) -> Mention | None:
    """The gazetteer readings of a whole string, or None when it is no gazetteer entry.

    >>> lookup("Ivorian").reading("D"), lookup("Türkiye").reading("C")
    ('CI', 'TR')
    """
    found = find_mentions(form)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(form):
        return found[0]
    return None


def is_place_or_people(form: str) -> bool:
    """True when ``form`` is a country, demonym, region or language name (no actor).

    >>> is_place_or_people("Moldovan"), is_place_or_people("Iurie Ciocan")
    (True, False)
    """
    return lookup(form) is not None
