"""Step 5 (graph): the reference data behind shared nodes: tactics, DISARM, countries, languages, platforms.

Everything here is read from files bundled in ``graph/data`` (the taxonomy through
:mod:`graph.taxonomy`) or from pycountry, and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from cio_graph.graph.data_files import data_path, read_csv
from cio_graph.graph.errors import InputError
from cio_graph.graph.taxonomy import TACTICS_CSV, Tactic, load_tactics
from cio_graph.graph.terms import unaccented

__all__ = [
    "DISARM_URL",
    "PLATFORM_ALIASES",
    "PLATFORM_LABELS",
    "Country",
    "Disarm",
    "DisarmItem",
    "Language",
    "country",
    "data_path",
    "disarm",
    "election_country",
    "language",
    "platform_label",
    "platform_slug",
    "read_csv",
    "tactics",
    "tactics_by_slug",
    "topic_label",
]

DISARM_URL = "https://github.com/DISARMFoundation/DISARMframeworks"


@dataclass(frozen=True)
class DisarmItem:
    """A DISARM phase, tactic or technique; ``parent`` is the tactic of a technique, the phase of a tactic."""

    id: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Disarm:
    """The DISARM Red Framework: phases, tactics and techniques by id."""

    phases: dict[str, DisarmItem]
    tactics: dict[str, DisarmItem]
    techniques: dict[str, DisarmItem]


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    name: str


@dataclass(frozen=True)
class Language:
    """An ISO 639 language: ``code`` is 639-1 where there is one, else 639-3; ``name`` its display name."""

    code: str
    iso639_1: str | None
    iso639_3: str
    name: str


# Codes in use that ISO 3166-1 has not assigned (user-assigned, widely used).
EXTRA_COUNTRIES = {"XK": Country("XK", "XKX", "Kosovo")}

PLATFORM_LABELS = {"tiktok": "TikTok", "youtube": "YouTube", "linkedin": "LinkedIn"}
# Names reports use for a platform, folded to the platform's slug (the one table of platform names).
PLATFORM_ALIASES = {
    "facebook": "meta",
    "instagram": "meta",
    "whatsapp": "meta",
    "twitter": "x",
    "youtube": "google",
    "blogger": "google",
    "google-news": "google",
}

TOPIC_LABELS = {
    "russia-ukraine-war": "Russia–Ukraine war",
    "israel-hamas-war": "Israel–Hamas war",
}


@cache
def tactics() -> tuple[Tactic, ...]:
    """The tactic taxonomy, in file order, with each DISARM id checked against the framework."""
    known = disarm().techniques
    for tactic in load_tactics():
        unknown = [i for i in tactic.disarm_ids if i not in known]
        if unknown:
            raise InputError(
                TACTICS_CSV.name,
                None,
                f"tactic {tactic.slug}: expected DISARM technique ids, unknown {', '.join(unknown)}",
            )
    return load_tactics()


@cache
def tactics_by_slug() -> dict[str, Tactic]:
    return {t.slug: t for t in tactics()}


@cache
def disarm() -> Disarm:
    """DISARM Red Framework v1.6 (``graph/data/disarm``, CC BY-SA 4.0)."""
    phases = read_csv(data_path("disarm", "phases.csv"), ("id", "name"))
    tactic_rows = read_csv(data_path("disarm", "tactics.csv"), ("id", "name", "phase"))
    technique_rows = read_csv(data_path("disarm", "techniques.csv"), ("id", "name", "tactic_id"))
    return Disarm(
        phases={r["id"]: DisarmItem(r["id"], r["name"], None) for r in phases},
        tactics={r["id"]: DisarmItem(r["id"], r["name"], r["phase"]) for r in tactic_rows},
        techniques={r["id"]: DisarmItem(r["id"], r["name"], r["tactic_id"]) for r in technique_rows},
    )


@cache
def country(code: str) -> Country | None:
    """ISO 3166-1 data of an alpha-2 code (``XK`` for Kosovo), or None when unknown.

    >>> country("RO")
    Country(alpha2='RO', alpha3='ROU', name='Romania')
    >>> country("XK").alpha3
    'XKX'
    """
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 and code.isupper() else None
    if found is None:
        return None
    return Country(found.alpha_2, found.alpha_3, getattr(found, "common_name", found.name))


@cache
def language(code: str) -> Language | None:
    """ISO 639 data of a 639-1 or 639-3 code, or None when unknown.

    >>> language("ro")
    Language(code='ro', iso639_1='ro', iso639_3='ron', name='Romanian')
    """
    if not code.islower():
        return None
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return None
    alpha2 = getattr(found, "alpha_2", None)
    return Language(alpha2 or found.alpha_3, alpha2, found.alpha_3, found.name)


def platform_slug(name: object) -> str:
    """The slug of the platform a name stands for (case, accents and spacing aside).

    >>> platform_slug("Facebook"), platform_slug("twitter"), platform_slug("Google News"), platform_slug("tiktok")
    ('meta', 'x', 'google', 'tiktok')
    """
    key = "-".join(unaccented(str(name)).split())
    return PLATFORM_ALIASES.get(key, key)


def platform_label(slug: str) -> str:
    """Display name of a platform slug (``tiktok`` -> ``TikTok``)."""
    return PLATFORM_LABELS.get(slug, slug.replace("-", " ").title())


def topic_label(topic_id: str) -> str:
    """Display name of a topic id (``election-RO`` -> ``Elections in Romania``)."""
    if topic_id.startswith("election-"):
        found = country(topic_id.removeprefix("election-"))
        if found is not None:
            return f"Elections in {found.name}"
    return TOPIC_LABELS.get(topic_id, topic_id.replace("-", " ").capitalize())


def election_country(topic_id: str) -> str | None:
    """Alpha-2 code of the country whose elections a topic is about, if any."""
    code = topic_id.removeprefix("election-")
    return code if code != topic_id and country(code) is not None else None
