"""Anchored scanning and the cheap pre-checks of the extractor give what plain patterns give."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cio_graph.graph.extract import scanning
from cio_graph.graph.extract.actor_names import ACTOR_ITEM, ANY_NAME, CONNECTOR, NAME_WORD, may_start_item
from cio_graph.graph.extract.reading import make_skeleton, skeleton_scanner, text_scanner
from cio_graph.graph.extract.scanning import Scanner
from tests.reading import REPORT_WORDS

ROOT = Path(__file__).resolve().parents[1]


def bundled_texts() -> list[str]:
    from cio_graph.graph.parse import parse_file

    report = parse_file(ROOT / "graph" / "data" / "tiktok_cio_2024.txt")
    return [text for table in report.tables for row in table.rows for text in (row.title, row.description)]


def _same_matches_as_re(text: str) -> None:
    """Anchored scanning finds exactly what ``re.finditer`` finds, for every pattern it runs."""
    skel = make_skeleton(text)
    for scanner, target in ((skeleton_scanner(), skel.skeleton), (text_scanner(), skel.low)):
        scan = scanner.scan(target)
        for pattern in scanner.patterns:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(target)]
            assert [(m.span(), m.groups()) for m in scan.finditer(pattern)] == expected, pattern.pattern[:80]


def test_anchored_scanning_matches_like_re_on_the_bundled_report():
    texts = bundled_texts()
    assert len(texts) > 100
    for text in texts:
        _same_matches_as_re(text)


def test_every_scanned_pattern_is_anchored():
    assert skeleton_scanner().unanchored == text_scanner().unanchored == []
    assert len(skeleton_scanner().index) > 25 and len(text_scanner().index) > 20


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            REPORT_WORDS + ["\n", "\t", " ", "targeted", "in", "the", "Kenyan", "audiences", "2024", "٢٠٢٤", "7"]
        ),
        max_size=60,
    )
)
def test_anchored_scanning_matches_like_re_on_any_shuffle(words):
    _same_matches_as_re(" ".join(words))
    _same_matches_as_re("".join(words))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(REPORT_WORDS + ["d'Ivoire", "l’Humanité", "-", ",", "lurie Ciocan"]), max_size=30))
def test_actor_items_are_only_skipped_where_none_can_start(words):
    text = " ".join(words)
    for pos in range(len(text) + 1):
        if not may_start_item(text, pos):
            assert ACTOR_ITEM.match(text, pos) is None, (text, pos)


def test_name_search_finds_the_names_a_plain_search_finds():
    plain = re.compile(rf"{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*")
    text = (ROOT / "graph" / "data" / "tiktok_cio_2024.txt").read_text(encoding="utf-8")
    text += " d'Ivoire D'Artagnan l’Humanité L'Oréal Côte d'Ivoire dOr l'"
    assert [m.span() for m in ANY_NAME.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\bin\s+favou?r", "in\tfavour; in  favor of"),  # any whitespace
        (r"a{0}bc|x", "bc x abc"),  # no iteration
        (r"(?<=\d)rd\b|\bro(?i:ad)", "3rd ROAD roAD"),  # look-behind, case-insensitive part
        (r"\b\d{4}\s+elections?", "2024 elections, ٢٠٢٤ election"),  # digits beyond ASCII
        (r"\bcaf", "écaf caf"),  # \b after a non-ASCII letter
        (r"(?a:\b)caf|\bxyz", "écaf xyz"),  # ASCII word boundary
    ],
)
def test_anchored_scanning_matches_like_re_on_tricky_patterns(pattern, text):
    compiled = re.compile(pattern)
    scan = Scanner([compiled]).scan(text)
    assert [m.span() for m in scan.finditer(compiled)] == [m.span() for m in compiled.finditer(text)]
    found, expected = scan.search(compiled), compiled.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_the_private_parser_is_read_on_this_python():
    assert scanning.PARSER_READABLE == (scanning.KNOWN_PYTHONS[0] <= sys.version_info[:2] <= scanning.KNOWN_PYTHONS[1])


def test_the_fallback_without_anchors_gives_the_same_matches():
    """Unanchored, every pattern runs with finditer over the whole text: the same matches."""
    for anchored in (skeleton_scanner(), text_scanner()):
        fallback = Scanner(anchored.patterns, anchored=False)
        assert fallback.unanchored == anchored.patterns and fallback.automaton is None
        for text in bundled_texts()[:60]:
            skel = make_skeleton(text)
            target = skel.skeleton if anchored is skeleton_scanner() else skel.low
            fast, slow = anchored.scan(target), fallback.scan(target)
            for pattern in anchored.patterns:
                assert [m.span() for m in slow.finditer(pattern)] == [m.span() for m in fast.finditer(pattern)]
                found, expected = slow.search(pattern), fast.search(pattern)
                assert (found and found.span()) == (expected and expected.span())
                assert slow.may_match(pattern)


def test_scanning_falls_back_when_the_private_parser_is_missing(monkeypatch):
    """Without re._parser, the module loads, anchors nothing and scans like finditer."""
    monkeypatch.setitem(sys.modules, "re._parser", None)  # an import of it now fails
    spec = importlib.util.spec_from_file_location("scanning_without_parser", scanning.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.sre_parse is None and not module.PARSER_READABLE
    pattern = re.compile(r"\bin\s+favou?r")
    assert module.anchors(pattern) is None
    scanner = module.Scanner([pattern])
    assert scanner.unanchored == [pattern]
    text = "in favour of; in\tfavor"
    assert [m.span() for m in scanner.scan(text).finditer(pattern)] == [m.span() for m in pattern.finditer(text)]
