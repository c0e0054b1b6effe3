"""The actor reader: actors named in one text with their stances, and merged over a row's texts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from cio_graph.graph import gazetteer
from cio_graph.graph.extract import actor_cues as named
from cio_graph.graph.extract.actor_identity import conjuncts, identify, is_acronym, person_of, split_conjoined
from cio_graph.graph.extract.actor_names import (
    ACTOR_CUES,
    ACTOR_ITEM,
    ACTOR_SEPARATOR,
    ANY_NAME,
    EXAMPLE_HINTS,
    EXAMPLE_WORDS,
    EXAMPLES,
    NAME,
    PAREN_AFTER,
    PARTY_AFTER,
    PLACE_POSSESSIVE,
    may_start_item,
)
from cio_graph.graph.extract.actor_words import (
    GOVERNMENT_HEADS,
    HEAD_TYPES,
    INSTITUTION_HEADS,
    PARTY_NAME_WORDS,
    PERSON_ROLES,
    STANCE_RANK,
)
from cio_graph.graph.extract.skeleton import Skeleton
from cio_graph.graph.gazetteer import fold, lookup_actor

__all__ = ["Actor", "ActorReader", "merge_actors", "read_actors"]


@dataclass
class Actor:
    """One actor found in a text: its name, type, the stance toward it, evidence and other forms seen."""

    name: str
    type: str
    stance: str
    evidence: str
    aliases: set[str] = field(default_factory=set)


def _inside_name(text: str, pos: int) -> bool:
    """True when a capitalised cue word continues a name: "Social Support Center"."""
    if not text[pos : pos + 1].isupper():
        return False
    words = text[max(0, pos - 40) : pos].split()
    return bool(words) and words[-1][:1].isupper() and words[-1][-1:] not in ".!?:;(\"'"


class ActorReader:
    """Collects actors from one text (title or description)."""

    def __init__(self, skel: Skeleton, countries: frozenset[str], skip_spans: list[tuple[int, int]]) -> None:
        self.skel = skel
        self.text = skel.text
        self.low = skel.low
        self.countries = countries
        self.skip_spans = skip_spans
        self.found: dict[str, Actor] = {}
        self.country_dependent = False  # a name was shared by several known actors
        self.has_party = "party" in self.text  # pre-checks for PARTY_AFTER, PAREN_AFTER, PERSON_ROLES
        self.has_paren = "(" in self.text
        self.has_role = any(role in self.low for role in PERSON_ROLES)

    def add(
        self,
        surface: str,
        *,
        stance: str,
        evidence: str,
        hint: str | None = None,
        alias: str | None = None,
        long_form: str | None = None,
    ) -> None:
        """Record one actor seen as ``surface`` (with an optional acronym/long form)."""
        identity, ambiguous = identify(surface, hint, alias, long_form, self.countries)
        self.country_dependent |= ambiguous
        if identity is None:
            return
        key = fold(identity.name)
        current = self.found.get(key)
        if current is None:
            self.found[key] = Actor(identity.name, identity.type, stance, evidence, set(identity.aliases))
            return
        current.aliases |= identity.aliases
        if STANCE_RANK[stance] < STANCE_RANK[current.stance]:
            current.stance, current.evidence = stance, evidence

    @cached_property
    def known_hits(self) -> list[tuple[int, int, str]]:
        """Known actors' names in the text (start, end, form)."""
        return gazetteer.find_known_actors(self.text)

    def _skipped(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.skip_spans)

    def read_cued(self) -> None:
        """Actors named right after a cue: "promote X and Y", "images of X", "affiliated with X"."""
        known_spans = None
        for cue in self.skel.text_scan.finditer(ACTOR_CUES):
            if not _inside_name(self.text, cue.start()):
                if known_spans is None:
                    known_spans = [(a, b) for a, b, _ in self.known_hits]
                if any(a < cue.start() < b for a, b in known_spans):  # "Service against Foreign ... Interference"
                    continue
                self._read_list(cue.end(), cue.lastgroup or "mentioned", cue.start())
        for cue in self.skel.text_scan.finditer(named.AFFILIATION_CUE):  # "employees of RT", "attributed to X"
            self._read_list(cue.end(), "affiliated", cue.start())
        for cue in self.skel.text_scan.finditer(named.APPOSITION_CUE):  # "a marketing firm, Panda Media"
            self._read_list(cue.end(), "affiliated", cue.start(), "media" if cue.group("media") else "organization")
        for cue in self.skel.text_scan.finditer(named.COMMENTARY_CUE):  # "supportive commentary about X"
            self._read_list(cue.end(), cue.lastgroup or "mentioned", cue.start())
        for name, evidence in named.brands(self.text):  # under the "Voice of X" brand
            self.add(name, stance="affiliated", evidence=evidence, hint="media")

    def read_examples(self) -> None:
        """Actors given as examples of a kind: "news outlets such as TVN24", "parties including X"."""
        if not any(word in self.low for word in EXAMPLE_WORDS):
            return
        for m in EXAMPLES.finditer(self.low):
            kind = m.group("kind")
            hint = next(hint for nouns, hint in EXAMPLE_HINTS if kind.startswith(nouns))
            self._read_list(m.end(), "mentioned", m.start(), hint)

    def _read_list(self, pos: int, stance: str, cue_start: int, hint: str | None = None) -> None:
        """The actors listed from ``pos`` on: "X", "X and Y", "X, Y and Z"."""
        while True:
            item = ACTOR_ITEM.match(self.text, pos) if may_start_item(self.text, pos) else None
            if not item:
                break
            owner = PLACE_POSSESSIVE.fullmatch(item.group("name"))
            if owner and gazetteer.is_place_or_people(owner.group(1)):  # "Poland's governing Civic Coalition"
                owned = ACTOR_ITEM.match(self.text, item.end("name"))
                item = owned if owned and may_start_item(self.text, item.end("name")) else item
            end = self._take_item(item, stance, cue_start, hint)
            if self.text[end : end + 1] == "." and re.search(r"\b[A-Z]\.[A-Z]\Z", self.text[:end]):
                end += 1  # "the U.S., and NATO": the abbreviation's last dot
            sep = ACTOR_SEPARATOR.match(self.text, end)
            if not sep:
                break
            pos = sep.end()

    def _take_item(self, item: re.Match[str], stance: str, cue_start: int, kind_hint: str | None = None) -> int:
        """Record the actor of one list item; returns where the item ends."""
        raw = item.group("name")
        if named.qualifies_person(self.text, item.end("name")):  # "a Polish European Parliament member"
            return item.end("name")
        paren = item.group("paren")
        name = split_conjoined(raw, bool(paren) and is_acronym(paren.strip()) and item.group("head") is None)
        if name != raw:  # the item ends before "and ..."
            end = item.start("name") + len(name)
            head = paren = None
        else:
            end = item.end()
            head = (item.group("head") or "").lower()
            paren = item.group("paren")
        head_word = next((w for w in head.split() if w in HEAD_TYPES or w in GOVERNMENT_HEADS), "") if head else ""
        if head_word in GOVERNMENT_HEADS:  # a stance toward a government; a known party leading it is an actor
            if not gazetteer.is_place_or_people(name) and lookup_actor(name, self.countries):
                self.add(name, stance=stance, evidence=self.text[cue_start : item.end("name")])
            return end
        if gazetteer.is_place_or_people(name) and head_word in INSTITUTION_HEADS:
            institution = self.text[item.start("name") : item.end("head")]
            self.add(institution, stance=stance, evidence=self.text[cue_start:end], hint="organization")
            return end
        if head and head_word not in HEAD_TYPES:
            end = item.end("name")
        hint = self._hint(item, head_word) or kind_hint
        alias = long_form = None
        if paren and end == item.end():
            paren = paren.strip()
            if is_acronym(paren) and " " in name:
                alias = paren
            elif is_acronym(name) and re.fullmatch(NAME, paren):
                long_form = paren
            elif head_word in HEAD_TYPES and re.fullmatch(NAME, paren):  # "the Serbian List party (Srpska Lista)"
                alias = paren
            else:
                end = item.end("head") if head else item.end("name")
        split = person_of(name) if not long_form else None
        if split:
            person, body = split
            person_end = item.start("name") + len(person)
            self.add(person, stance=stance, evidence=self.text[cue_start:person_end], hint="person")
            name, hint = body, None
        self.add(
            name, stance=stance, evidence=self.text[cue_start:end].strip(), hint=hint, alias=alias, long_form=long_form
        )
        return end

    @staticmethod
    def _hint(item: re.Match[str], head_word: str) -> str | None:
        if head_word in HEAD_TYPES:
            return HEAD_TYPES[head_word]
        cls = (item.group("cls") or "").lower()
        if cls:
            lead = (item.group("lead") or "").lower()
            if "media" in lead or "news" in lead or cls in ("outlet", "broadcaster", "channel", "newspaper"):
                return "media"
            return "party" if cls in ("party", "movement") else "organization"
        if item.group("role"):
            return "person"
        return None

    def read_uncued(self) -> None:
        """Actors named without a stance: "candidate X", "the X party", "X (ACR)", known names."""
        spans = []
        for m in ANY_NAME.finditer(self.text):
            for name, start, end in conjuncts(m.group(0)):  # "the European Union and Ukraine": two runs
                spans.append((m.start() + start, m.start() + end))
                self._read_name(name, m.start() + start, m.start() + end)
        for start, end, form in self.known_hits:
            inside_longer = any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)
            if any(m.start <= start and end <= m.end for m in self.skel.mentions):
                continue  # "EU countries": a region, not the Union
            if self.text[start - 1 : start] == "(" and any(b in (start - 1, start - 2) for _, b in spans):
                continue  # "Centre for Research and Information (CRI)": the acronym is the name before it
            if not self._skipped(start) and not (inside_longer and not is_acronym(form)):
                self.add(form, stance="mentioned", evidence=form)

    def _read_name(self, name: str, start: int, end: int) -> None:
        words = name.split()
        before = self.low[max(0, start - 40) : start].rsplit(None, 1) if self.has_role else None
        if before and before[-1] in PERSON_ROLES:
            role_start = self.low.rindex(before[-1], 0, start)
            self.add(name, stance="mentioned", evidence=self.text[role_start:end], hint="person")
            return
        party = PARTY_AFTER.match(self.text, end) if self.has_party else None
        if party:
            self.add(name, stance="mentioned", evidence=self.text[start : party.end()], hint="party")
            return
        paren = PAREN_AFTER.match(self.text, end) if self.has_paren else None
        if paren:
            inner = paren.group(1).strip()
            if is_acronym(inner) and len(words) > 1:
                self.add(name, stance="mentioned", evidence=self.text[start : paren.end()], alias=inner)
                return
            if is_acronym(name) and " " in inner and re.fullmatch(NAME, inner):
                self.add(name, stance="mentioned", evidence=self.text[start : paren.end()], long_form=inner)
                return
        if not PARTY_NAME_WORDS.isdisjoint(words) and (words[0] not in PARTY_NAME_WORDS | {"The"} or len(words) > 2):
            self.add(name, stance="mentioned", evidence=name, hint="party")


def read_actors(skel: Skeleton, countries: frozenset[str], skip_spans: list[tuple[int, int]]) -> ActorReader:
    reader = ActorReader(skel, countries, skip_spans)
    reader.read_cued()
    reader.read_examples()
    reader.read_uncued()
    return reader


def merge_actors(found_per_text: list[dict[str, Actor]]) -> list[dict]:
    """One record per actor over both texts: the first text's evidence unless the other's stance ranks higher."""
    merged: dict[str, Actor] = {}
    for found in found_per_text:
        for key, actor in found.items():
            current = merged.get(key)
            if current is None:
                merged[key] = Actor(actor.name, actor.type, actor.stance, actor.evidence, set(actor.aliases))
                continue
            current.aliases |= actor.aliases
            if STANCE_RANK[actor.stance] < STANCE_RANK[current.stance]:
                current.stance, current.evidence = actor.stance, actor.evidence
    out = []
    for actor in merged.values():
        aliases = sorted(a for a in actor.aliases if a and a != actor.name)
        out.append(
            {
                "name": actor.name,
                "type": actor.type,
                "stance": actor.stance,
                "aliases": aliases,
                "evidence": actor.evidence,
            }
        )
    return sorted(out, key=lambda a: (fold(a["name"]), a["name"]))
