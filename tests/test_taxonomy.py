"""The tactic taxonomy file."""

import csv
import re

from cio_graph.graph.taxonomy import READ_FROM, TACTICS_CSV, Tactic, load_tactics, tactic_read_from, tactic_slugs


def test_loads_every_row_in_file_order():
    with open(TACTICS_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    tactics = load_tactics()
    assert [t.slug for t in tactics] == [row["slug"] for row in rows]
    assert all(isinstance(t, Tactic) for t in tactics)
    assert load_tactics() is tactics  # cached


def test_fields_are_well_formed():
    for tactic in load_tactics():
        assert tactic.label and tactic.definition
        assert tactic.disarm_ids and all(re.fullmatch(r"T\d{4}(\.\d{3})?", i) for i in tactic.disarm_ids)
        assert tactic.cues and tactic.keywords


def test_taxonomy_holds_the_reference_slugs():
    assert {
        "inauthentic-accounts",
        "fake-engagement-vendor",
        "comment-amplification",
        "duplicate-content",
        "fictitious-personas",
        "ai-generated-content",
        "location-obfuscation",
        "fake-news-outlets",
        "impersonation",
        "profile-imagery",
        "external-links",
        "owned-websites",
        "audience-building-pivot",
        "advanced-opsec",
        "undisclosed-state-media",
        "off-platform-coordination",
        "enforcement-evasion",
        "anomalous-amplification",
        "multilingual-targeting",
        "fan-accounts",
        "paid-ads",
        "hack-and-leak",
    } == tactic_slugs()


def test_every_disarm_id_resolves_to_a_technique():
    """Each tactic's DISARM ids name techniques of the bundled DISARM Red Framework."""
    techniques = TACTICS_CSV.parent / "disarm" / "techniques.csv"
    with open(techniques, encoding="utf-8", newline="") as f:
        known = {row[0] for row in csv.reader(f)}
    for tactic in load_tactics():
        assert set(tactic.disarm_ids) <= known, (tactic.slug, set(tactic.disarm_ids) - known)
    by_slug = {t.slug: t for t in load_tactics()}
    assert by_slug["paid-ads"].disarm_ids == ("T0114",)
    assert by_slug["hack-and-leak"].disarm_ids == ("T0089", "T0089.001")


def _alternatives(pattern: str) -> list[str]:
    """Top-level alternatives of a regular expression."""
    parts, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    return parts + [current]


def test_every_cue_alternative_names_one_of_its_keywords():
    """The keywords pre-check must never hide a cue: each alternative spells a keyword."""
    for tactic in load_tactics():
        for alternative in _alternatives(tactic.cues):
            literal = re.sub(r"\\[bswd]|[\\()?:*+{}\[\]^$|]", " ", alternative)
            assert any(k.split()[0].rstrip("-") in literal for k in tactic.keywords), (tactic.slug, alternative)


def test_the_tactics_the_extraction_reads_besides_cues_come_from_the_taxonomy():
    """No tactic slug is written in the extraction's code: the taxonomy says which reading reports which."""
    assert {reading: tactic_read_from(reading) for reading in READ_FROM} == {
        "brands": "fake-news-outlets",
        "languages": "multilingual-targeting",
        "posing": "impersonation",
    }
    vetoed = {t.slug for t in load_tactics() if t.not_the_networks}
    assert vetoed == {"undisclosed-state-media"}
