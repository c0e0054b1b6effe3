"""The reading of a row: every field read from title and description, merged into one record (memoised)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from cio_graph.graph import gazetteer
from cio_graph.graph.extract import actor_cues as named
from cio_graph.graph.extract import fields, prose
from cio_graph.graph.extract.actor_names import ACTOR_CUES, POSING
from cio_graph.graph.extract.actor_reader import Actor, ActorReader, merge_actors, read_actors
from cio_graph.graph.extract.fields import Fact, Facts
from cio_graph.graph.extract.patterns import (
    ANY_ELECTION,
    ELECTION_PATTERNS,
    GLOBAL_PATTERNS,
    LANGUAGE_PATTERNS,
    ORIGIN_PATTERNS,
    REGION_PATTERNS,
    STANCE_PATTERNS,
    TARGET_PATTERNS,
    TITLE_REGION,
    TITLE_TARGET,
    WAR_TOPICS,
)
from cio_graph.graph.extract.scanning import Scanner
from cio_graph.graph.extract.skeleton import Scanners, Skeleton
from cio_graph.graph.extract.tactics import tactic_index, tactics_in
from cio_graph.graph.taxonomy import tactic_read_from

__all__ = ["clear_caches", "extract", "make_skeleton", "skeleton_scanner", "text_scanner"]


@cache
def skeleton_scanner() -> Scanner:
    """The scanner of every cue pattern run on skeletons."""
    cues = [
        *TARGET_PATTERNS,
        TITLE_TARGET,
        *ORIGIN_PATTERNS,
        *REGION_PATTERNS,
        TITLE_REGION,
        *LANGUAGE_PATTERNS,
        *STANCE_PATTERNS,
        *ELECTION_PATTERNS,
        ANY_ELECTION,
    ]
    return Scanner([pattern for cue in cues for pattern in cue.scanned()])


@cache
def text_scanner() -> Scanner:
    """The scanner of every pattern run on lower-cased texts: worldwide audiences, wars, actor cues, tactics."""
    cues = [*GLOBAL_PATTERNS, *(cue for _, cue in WAR_TOPICS)]
    patterns = [pattern for cue in cues for pattern in cue.scanned()]
    return Scanner(
        patterns
        + [ACTOR_CUES, named.AFFILIATION_CUE, named.APPOSITION_CUE, named.COMMENTARY_CUE]
        + list(tactic_index()[0].values())
    )


def make_skeleton(text: str) -> Skeleton:
    """The skeleton of ``text``, with the scanners of its cue patterns."""
    return Skeleton(text, gazetteer.find_mentions(text), Scanners(skeleton_scanner(), text_scanner()))


@dataclass
class _Reading:
    """What one text (a title or a description) states on its own, before both are merged."""

    skel: Skeleton
    targets: list[Fact]
    origins: list[Fact]
    regions: list[Fact]
    title_targets: list[Fact]  # read from titles only: "... in Kenya"
    title_regions: list[Fact]
    global_evidence: str | None
    languages: list[Fact]
    multilingual: list[Fact]
    stances: list[tuple[str | None, str, str]]
    elections: list[Fact]
    unplaced_election: str | None
    wars: list[Fact]
    war_spans: list[tuple[int, int]]
    tactics: list[Fact]
    actors: ActorReader  # read without the row's countries

    def actors_found(self, countries: frozenset[str]) -> dict[str, Actor]:
        """The actors of this text; read again when a name's meaning depends on the countries."""
        if not self.actors.country_dependent:
            return self.actors.found
        return read_actors(self.skel, countries, self.war_spans).found


@lru_cache(maxsize=2048)
def _read_title(title: str) -> _Reading:
    """What a title states on its own; memoised, as titles repeat across rows (descriptions
    seldom do, and a reading holds the text's scans: memoising those would cost memory only)."""
    return _read(title, is_title=True)


@lru_cache(maxsize=16)
def _read_description(description: str) -> _Reading:
    """What a description states on its own; only the last few are kept (the empty one mostly)."""
    return _read(description, is_title=False)


def _read(text: str, is_title: bool) -> _Reading:
    """Everything ``text`` states on its own."""
    skel = make_skeleton(text)
    languages, language_spans = fields.languages(skel)
    elections, unplaced_election = fields.elections(skel)
    wars, war_spans = fields.wars(skel)
    return _Reading(
        skel=skel,
        targets=fields.places(skel, TARGET_PATTERNS, "country"),
        origins=fields.places(skel, ORIGIN_PATTERNS, "country") + prose.seat_origins(text),
        regions=fields.places(skel, REGION_PATTERNS, "region"),
        title_targets=fields.places(skel, [TITLE_TARGET], "country") if is_title else [],
        title_regions=fields.places(skel, [TITLE_REGION], "region") if is_title else [],
        global_evidence=fields.global_evidence(skel),
        languages=languages,
        multilingual=fields.multilingual(text, language_spans),
        stances=fields.stances(skel),
        elections=elections,
        unplaced_election=unplaced_election,
        wars=wars,
        war_spans=war_spans,
        tactics=tactics_in(skel),
        actors=read_actors(skel, frozenset(), war_spans),
    )


def _listed(facts: Facts, key: str) -> list[dict]:
    return [{key: value, "evidence": facts.items[value]} for value in sorted(facts.items)]


def extract(title: str, description: str) -> dict:
    """All facts of one network row, each with its evidence (a substring of title or description).

    Titles repeat across rows, so what a title states is read once (see :func:`_read_title`);
    each call returns records of its own.

    >>> facts = extract("Accounts targeting political discourse in Kenya",
    ...                 "We assess that this network operated from Kenya and targeted a Kenyan audience.")
    >>> facts["origin_countries"], [t["code"] for t in facts["target_countries"]]
    ([{'code': 'KE', 'evidence': 'operated from Kenya'}], ['KE'])
    """
    return _extract(title or "", description or "")


def clear_caches() -> None:
    """Forget memoised texts (for timing extraction of unseen rows)."""
    _read_title.cache_clear()
    _read_description.cache_clear()


def _same_place(origins: Facts, targets: Facts) -> None:
    """Give a domestic network's one known place to the side that names none."""
    if len(origins.items) == 1 and not targets.items:
        for code, evidence in origins.items.items():
            targets.add(code, evidence)
    elif len(targets.items) == 1 and not origins.items:
        for code, evidence in targets.items.items():
            origins.add(code, evidence)


def _extract(title: str, description: str) -> dict:
    texts = (_read_title(title), _read_description(description))
    title_text, desc_text = texts

    targets = Facts(title_text.targets, desc_text.targets, title_text.title_targets)
    origins = Facts(title_text.origins, desc_text.origins)
    regions = Facts(title_text.regions, desc_text.regions, title_text.title_regions)
    global_evidence = title_text.global_evidence or desc_text.global_evidence
    languages = Facts(title_text.languages, desc_text.languages)

    if prose.DOMESTIC.search(desc_text.skel.low) or prose.DOMESTIC.search(title_text.skel.low):
        _same_place(origins, targets)  # "a domestic network": it targeted the country it ran from
    target_list = list(targets)
    stances = Facts()
    for text in texts:
        for country, stance, evidence in text.stances:
            if country is not None:
                stances.add((country, stance), evidence)
            elif len(target_list) == 1:
                stances.add((target_list[0], stance), evidence)
    topics = Facts()
    for text in texts:
        for code, evidence in text.elections:
            topics.add(f"election-{code}", evidence)
        if text.unplaced_election and len(target_list) == 1:
            topics.add(f"election-{target_list[0]}", text.unplaced_election)
    for text in texts:
        for topic, evidence in text.wars:
            topics.add(topic, evidence)
    tactics = Facts(title_text.tactics, desc_text.tactics, title_text.multilingual, desc_text.multilingual)

    countries = (
        frozenset(target_list)
        | frozenset(origins)
        | frozenset(t.split("-", 1)[1] for t in topics if str(t).startswith("election-"))
    )
    actors = merge_actors([text.actors_found(countries) for text in texts])
    posing = tactic_read_from("posing")
    for actor in actors:  # posing as a named outlet or organisation
        if posing and actor["type"] in ("media", "organization") and POSING.match(actor["evidence"]):
            tactics.add(posing, actor["evidence"])

    return {
        "origin_countries": _listed(origins, "code"),
        "target_countries": _listed(targets, "code"),
        "global_audience": global_evidence is not None,
        "global_audience_evidence": global_evidence,
        "target_regions": _listed(regions, "name"),
        "languages": [
            {"code": lang.code, "name": lang.name, "evidence": languages.items[lang]}
            for lang in sorted(languages, key=lambda lang: lang.code)
        ],
        "actors": actors,
        "government_stances": [
            {"country": country, "stance": stance, "evidence": stances.items[(country, stance)]}
            for country, stance in sorted(stances)
        ],
        "tactics": _listed(tactics, "id"),
        "topics": _listed(topics, "id"),
    }
