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

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick
import pycountry

DATA = Path(__file__).parent / "data"

# Kinds of reading a mention can have.
COUNTRY = "C"  # a country's name: "Romania", "the United States" (without "the")
DEMONYM = "D"  # a country's demonym, adjective or people: "Romanian", "Filipinos"
LANGUAGE = "L"  # a language usable in any context: "Spanish", "Farsi"
LANGUAGE_STRONG = "S"  # a language named with its cue word: "Cebuano language"
REGION = "R"  # a region's name: "Europe", "Gulf Countries"
REGION_ADJ = "A"  # a region's adjective: "European", "Latin American"


@dataclass(frozen=True)
class Language:
    """An ISO 639 language: ``code`` is 639-1 where there is one, else 639-3."""

    code: str
    name: str


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


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


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
    for row in _rows("gazetteer_country_names.csv"):
        for name in _split(row["names"]):
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
    for row in _rows("gazetteer_demonyms.csv"):
        for form in _split(row["demonyms"]):
            for variant in (form, strip_accents(form)):
                out.setdefault(variant, row["code"])
                plural = _plural(variant)
                if plural and plural not in names:
                    out.setdefault(plural, row["code"])
    return out


@cache
def _pycountry_languages() -> tuple[dict[str, Language], dict[str, Language]]:
    """(major, all): 639-1 languages by name, and all living languages by name."""
    extras = {row["code"]: _split(row["names"]) for row in _rows("gazetteer_languages.csv")}
    major: dict[str, Language] = {}
    every: dict[str, Language] = {}
    countries = country_names()
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        display = extras.get(code, [_drop_parentheses(lang.name)])[0]
        value = Language(code, display)
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
        value = Language(code, forms[0])
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
    for row in _rows("gazetteer_regions.csv"):
        for form in _split(row["nouns"]):
            out[form] = (row["region"], False)
        for form in _split(row["adjectives"]):
            out[form] = (row["region"], True)
    return out


@cache
def seats() -> dict[str, str]:
    """Seats of government that stand for a government, name -> country code: "Kremlin" -> RU.

    >>> seats()["Kremlin"], seats()["Beijing"]
    ('RU', 'CN')
    """
    return {form: row["code"] for row in _rows("gazetteer_seats.csv") for form in _split(row["names"])}


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


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_mentions(text: str) -> list[Mention]:
    """Whole-word gazetteer mentions in ``text``, longest first where they overlap, in order.

    >>> [(m.text, m.kinds) for m in find_mentions("targeted a Romanian audience in Moldova")]
    [('Romanian', 'DL'), ('Moldova', 'C')]
    >>> [m.text for m in find_mentions("Nigerien and Nigerian users in Latin America")]
    ['Nigerien', 'Nigerian', 'Latin America']
    """
    hits = []
    for end, (length, values, kinds) in _automaton().iter(text):
        start = end - length + 1
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end + 1 < len(text) and _is_word_char(text[end + 1]):
            continue
        hits.append((start, end + 1, values, kinds))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    mentions: list[Mention] = []
    last_end = -1
    for start, end, values, kinds in hits:
        if start >= last_end:
            mentions.append(Mention(start, end, text[start:end], values, kinds))
            last_end = end
    return mentions


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


ACTOR_TYPES = ("person", "party", "organization", "media")


@dataclass(frozen=True)
class KnownActor:
    """A well-known party, organisation, media outlet or platform (``data/actors_known.csv``).

    ``type`` is one of :data:`ACTOR_TYPES` or ``"platform"`` (named only to be left out).
    """

    name: str
    type: str
    country: str
    aliases: tuple[str, ...]


@cache
def known_actors() -> tuple[KnownActor, ...]:
    """The knowledge base of well-known actors, in file order."""
    actors = []
    for row in _rows("actors_known.csv"):
        kind = row["type"].strip()
        if kind not in ACTOR_TYPES + ("platform",):
            raise ValueError(f"actors_known.csv: unknown type {kind!r} for {row['name']!r}")
        actors.append(KnownActor(row["name"].strip(), kind, row["country"].strip(), tuple(_split(row["aliases"]))))
    return tuple(actors)


@cache
def _known_actor_index() -> dict[str, tuple[KnownActor, ...]]:
    index: dict[str, list[KnownActor]] = {}
    for actor in known_actors():
        for form in (actor.name, *actor.aliases):
            slot = index.setdefault(fold(form), [])
            if actor not in slot:
                slot.append(actor)
    return {key: tuple(value) for key, value in index.items()}


@lru_cache(maxsize=8192)
def lookup_actor(name: str, countries: frozenset[str] = frozenset()) -> KnownActor | None:
    """The known actor called ``name`` (any alias, case- and accent-insensitive).

    Where several share the name, the one of ``countries`` wins, else the first listed.

    >>> lookup_actor("PNL").name
    'National Liberal Party'
    >>> lookup_actor("PSD", frozenset({"RO"})).country
    'RO'
    """
    found = _known_actor_index().get(fold(name), ())
    for actor in found:
        if actor.country in countries:
            return actor
    return found[0] if found else None


def is_ambiguous_actor(name: str) -> bool:
    """True when several known actors share ``name``: which one is meant depends on the countries.

    >>> is_ambiguous_actor("PAS"), is_ambiguous_actor("PNL")
    (True, False)
    """
    return fold(name) in _ambiguous_actor_names()


@cache
def _ambiguous_actor_names() -> frozenset[str]:
    return frozenset(key for key, actors in _known_actor_index().items() if len(actors) > 1)


@cache
def _actor_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for actor in known_actors():
        for form in (actor.name, *actor.aliases):
            if len(form) >= 2:
                automaton.add_word(form, (len(form), form))
    automaton.make_automaton()
    return automaton


def find_known_actors(text: str) -> list[tuple[int, int, str]]:
    """Whole-word, case-sensitive mentions of known actors' names: (start, end, form).

    >>> find_known_actors("declining support from NATO and Western allies")
    [(23, 27, 'NATO')]
    """
    hits = []
    for end, (length, form) in _actor_automaton().iter(text):
        start = end - length + 1
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end + 1 < len(text) and _is_word_char(text[end + 1]):
            continue
        hits.append((start, end + 1, form))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return out


def is_place_or_people(form: str) -> bool:
    """True when ``form`` is a country, demonym, region or language name (no actor).

    >>> is_place_or_people("Moldovan"), is_place_or_people("Iurie Ciocan")
    (True, False)
    """
    return lookup(form) is not None
