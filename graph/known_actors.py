"""The knowledge base of well-known actors (``data/actors_known.csv``): who a name is, and where names of them occur."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from cio_graph.graph.data_files import data_path, read_csv
from cio_graph.graph.folding import fold, split_cell, whole_word_matches

__all__ = ["ACTOR_TYPES", "KnownActor", "find_known_actors", "is_ambiguous_actor", "known_actors", "lookup_actor"]

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
    for row in read_csv(data_path("actors_known.csv"), ("name", "type", "country", "aliases")):
        kind = row["type"].strip()
        if kind not in ACTOR_TYPES + ("platform",):
            raise ValueError(f"actors_known.csv: unknown type {kind!r} for {row['name']!r}")
        actors.append(KnownActor(row["name"].strip(), kind, row["country"].strip(), tuple(split_cell(row["aliases"]))))
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
    return [(start, end, form) for start, end, (_, form) in whole_word_matches(_actor_automaton(), text)]
