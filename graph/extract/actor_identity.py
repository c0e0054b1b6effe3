"""Actor identification: who a surface form names, of which type, and how a run of names splits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cio_graph.graph import gazetteer
from cio_graph.graph.extract import actor_cues as named
from cio_graph.graph.extract.actor_words import (
    ACRONYM,
    ENGLISH_L_WORDS,
    GENERIC_INSTITUTION_WORDS,
    GOVERNMENT_HEADS,
    MEDIA_WORDS,
    NOT_NAMES,
    ORGANIZATION_WORDS,
    PARTY_WORDS,
    TITLE_ARTICLES,
)
from cio_graph.graph.extract.patterns import SEAT_CODES
from cio_graph.graph.gazetteer import KnownActor, fold, lookup_actor

__all__ = ["Identity", "conjuncts", "identify", "is_acronym", "person_of", "split_conjoined"]


def _ocr_fixed(word: str) -> str:
    """A lowercase "l" read for a capital "I" at a name's start: "lurie" -> "Iurie"."""
    if word[:1] == "l" and word.lower() not in ENGLISH_L_WORDS and word[1:2].islower():
        return "I" + word[1:]
    return word


def split_conjoined(name: str, acronym_after: bool = False) -> str:
    """Cut "Nicolae Ciucă and the PNL" at "and"; keep "Recruitment and Social Support Center",
    a known name ("Law and Justice") and one word joined to more before an acronym
    ("Freedom and Direct Democracy (SPD)")."""
    parts = re.split(r"\s+and\s+", name, maxsplit=1)
    if len(parts) == 1:
        return name
    if parts[1].startswith(("the ", "The ")):
        return parts[0]
    if lookup_actor(name) or (acronym_after and " " not in parts[0]):
        return name
    if lookup_actor(parts[0]) and lookup_actor(parts[1]):  # "Structura and Social Design Agency"
        return parts[0]
    for joint in re.finditer(r"\s+and\s+", name):  # "Party of Action and Solidarity and of Russia's ..."
        if joint.start() > len(parts[0]) and lookup_actor(name[: joint.start()]):
            return name[: joint.start()]
    first, _, rest = name.partition(" ")
    if gazetteer.lookup(first) and lookup_actor(rest):  # "Polish Law and Justice"
        return name
    head_word = name.split()[-1].lower()
    joined = re.search(r"\s(?:of|for)\s", parts[0]) or head_word in ORGANIZATION_WORDS | PARTY_WORDS | MEDIA_WORDS
    return name if joined else parts[0]


def _type_from_words(name: str) -> str | None:
    words = {w.lower().strip(".,") for w in re.split(r"[\s\-/]+", name)}
    if words & PARTY_WORDS:
        return "party"
    if words & MEDIA_WORDS:
        return "media"
    if words & ORGANIZATION_WORDS:
        return "organization"
    return None


def is_acronym(text: str) -> bool:
    return bool(ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def _guess_type(name: str, hint: str | None) -> str:
    if hint in ("party", "organization", "media", "person"):
        return hint
    if name.split()[0] in TITLE_ARTICLES:  # "Le Monde", "Die Zeit", "El País"
        return "media"
    by_words = _type_from_words(name)
    if by_words:
        return by_words
    if is_acronym(name):
        return "organization"
    return "person"


def _demonym_begins_name(rest: str, hint: str | None) -> bool:
    """True when a leading demonym is part of a party's name ("Serbian Progressive Party",
    "Serbian List" party), not a qualifier of a state institution ("Ukrainian ... Center")."""
    if hint == "party" or _type_from_words(rest) == "party":
        return True
    return " " not in rest and not is_acronym(rest) and rest.lower() not in GENERIC_INSTITUTION_WORDS


def _names_part_of(name: str, known: KnownActor) -> bool:
    """True when ``name`` is (part of) the known actor's name or an alias of it."""
    folded = fold(name)
    return any(folded in fold(form) for form in (known.name, *known.aliases))


@dataclass(frozen=True)
class Identity:
    """Who a surface form names: the actor's name, type and the other forms it was seen under."""

    name: str
    type: str
    aliases: frozenset[str]


@lru_cache(maxsize=16384)
def identify(
    surface: str, hint: str | None, alias: str | None, long_form: str | None, countries: frozenset[str]
) -> tuple[Identity | None, bool]:
    """The actor ``surface`` names (None when it names none: a place, a government, a platform, ...),
    and whether a name shared by several known actors was looked up (the answer then depends on
    ``countries``). Memoised: names recur across texts.
    """
    ambiguous = False

    def known_as(form: str) -> KnownActor | None:
        nonlocal ambiguous
        ambiguous = ambiguous or gazetteer.is_ambiguous_actor(form)
        return lookup_actor(form, countries)

    surface = re.sub(r"['’]s\Z", "", surface.strip())
    surface = named.without_descriptor(surface)  # "Minsk-based Zubr Media"
    owned, owner = named.without_possessor(surface)
    if owner and (gazetteer.is_place_or_people(owner) or known_as(owned)):  # "Iran's International Union of ..."
        surface = owned
    if named.is_report_term(surface) or (alias and named.is_report_term(alias)):  # "Pages", "... (VPNs)"
        return None, ambiguous
    if re.search(r"\b[A-Z]\.[A-Z]\Z", surface) and gazetteer.is_place_or_people(surface + "."):
        return None, ambiguous  # "U.S" read without its last dot
    words = surface.split()
    if not words:
        return None, ambiguous
    words[0] = _ocr_fixed(words[0])
    if not words[0][:1].isupper() and words[0][:2] not in ("d'", "d’", "l'", "l’"):
        return None, ambiguous
    name = " ".join(words)
    aliases = {surface, name} | ({alias} if alias else set()) | ({long_form} if long_form else set())
    if long_form:
        name = long_form
    known = None
    for form in (name, *sorted(aliases)):
        known = known_as(form)
        if known and form == alias and " " in name and is_acronym(form) and not _names_part_of(name, known):
            known = None  # "Centre for Research and Information (CRI)": the long name says who, not the acronym
        if known:
            break
    # a leading demonym qualifies an institution: "Ukrainian Territorial Recruitment Center"
    first, _, rest = name.partition(" ")
    rest_words = [w.lower() for w in rest.split()]
    if not known and rest and gazetteer.lookup(first) and known_as(rest):  # "Polish Confederation ... Independence"
        name, known = rest, known_as(rest)
    if rest and gazetteer.lookup(first) and not GOVERNMENT_HEADS.isdisjoint(rest_words):
        return None, ambiguous  # "the Moldovan Government": a stance toward a government, no actor
    if (
        not known
        and rest
        and gazetteer.lookup(first)
        and not gazetteer.lookup(rest)
        and not all(w in GENERIC_INSTITUTION_WORDS for w in rest_words)
        and not _demonym_begins_name(rest, hint)
    ):
        name = rest
        known = known_as(name)
    if fold(name) in NOT_NAMES or fold(name) in SEAT_CODES or gazetteer.is_place_or_people(name):
        return None, ambiguous
    if name.lower().startswith("the ") and not known:
        name = name[4:]
    if known and known.type == "platform":
        return None, ambiguous
    if known:
        kind = known.type
        aliases.add(name)
        name = known.name
    else:
        kind = _guess_type(name, hint)
    aliases.discard(name)
    return Identity(name, kind, frozenset(aliases)), ambiguous


def person_of(name: str) -> tuple[str, str] | None:
    """("Luisa González", "Citizen Revolution Movement") from "Luisa González of the Citizen Revolution Movement"."""
    m = re.match(r"(.+?)\s+of\s+(?:the\s+)?(.+)\Z", name)
    if not m:
        return None
    person, body = m.groups()
    person_words = person.split()
    if not 2 <= len(person_words) <= 4 or any(
        w.lower() in GENERIC_INSTITUTION_WORDS | PARTY_WORDS | MEDIA_WORDS for w in person_words
    ):
        return None
    if not (_type_from_words(body) or lookup_actor(body)):
        return None
    return person, body


@lru_cache(maxsize=16384)
def conjuncts(name: str) -> tuple[tuple[str, int, int], ...]:
    """The names joined in one capitalised run, with their spans in it: "Nicolae Ciucă and the PNL"
    -> two names. Memoised: names recur across texts.

    >>> conjuncts("Nicolae Ciucă and the PNL")
    (('Nicolae Ciucă', 0, 13), ('PNL', 22, 25))
    """
    return tuple(_split_conjuncts(name))


def _split_conjuncts(name: str) -> Iterator[tuple[str, int, int]]:
    offset = 0
    while name:
        part = split_conjoined(name)
        split = person_of(part)
        if split:
            yield split[0], offset, offset + len(split[0])
            body_start = offset + part.rindex(split[1])
            yield split[1], body_start, body_start + len(split[1])
        else:
            yield part, offset, offset + len(part)
        rest = name[len(part) :]
        stripped = re.sub(r"\A\s+and\s+(?:the\s+|The\s+)?", "", rest)
        offset += len(part) + len(rest) - len(stripped)
        name = stripped
