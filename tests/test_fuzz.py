"""Fuzzing the parsers: mutated reports raise only InputError and never invent a network."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cio_graph.graph.build import bundled_report
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes
from tests.conftest import REPO

TEXT = bundled_report().read_text(encoding="utf-8")
HTML = (REPO / "tests" / "fixtures" / "tiktok_cio_2024.html").read_text(encoding="utf-8")
ODD_CHARACTERS = ["\u200b", "\u200d", "\ufeff", "ж", "語", "ـ", "\u00a0", "|", "\x00", "\r", "\t", "�"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@st.composite
def mutated(draw, source: str) -> str:
    """``source`` with a handful of the damage hand-copied reports suffer."""
    lines = source.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "pipe", "letters", "odd", "duplicate", "delete", "huge"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if kind == "truncate":
            lines = lines[:i] + [line[: draw(st.integers(0, len(line)))]]
        elif kind == "pipe":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "|" + line[at:] if draw(st.booleans()) else line.replace("|", "", 1)
        elif kind == "letters":
            lines[i] = re.sub(r"\d", lambda m: draw(st.sampled_from(["O", "l", "S", m.group()])), line)
        elif kind == "odd":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + line[at:]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "delete":
            del lines[i]
        else:
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "x" * draw(st.integers(10_000, 200_000)) + line[at:]
        if not lines:
            break
    return "".join(lines)


def visible_text(data: str, name: str) -> str:
    """What a reader sees of the input: the text itself, or an HTML page's text with entities decoded
    (once with tags joined as they are, once with a space at each tag, since inline tags join words)."""
    if name.endswith(".html"):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(data, "lxml")
        return squash(soup.get_text("")) + "\n" + squash(soup.get_text(" "))
    return squash(data)


def check(data: str, name: str, skip_bad_rows: bool) -> None:
    try:
        parsed = parse_bytes(data.encode("utf-8"), name, skip_bad_rows=skip_bad_rows)
    except InputError as error:
        assert name in str(error)
        return
    haystack = visible_text(data, name)
    for table in parsed.tables:
        for row in table.rows:
            assert squash(row.title) in haystack, f"invented title {row.title!r}"
            assert squash(row.description) in haystack, f"invented description {row.description!r}"
    kept = sum(len(t.rows) for t in parsed.tables)
    assert parsed.rows_read == kept + len(parsed.skipped)


settings.register_profile(
    "fuzz", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("fuzz")


@given(mutated(TEXT), st.booleans())
def test_mutated_text_reports(data, skip_bad_rows):
    check(data, "mutated.txt", skip_bad_rows)


@given(mutated(HTML), st.booleans())
def test_mutated_html_reports(data, skip_bad_rows):
    check(data, "mutated.html", skip_bad_rows)


@given(st.binary(max_size=2000))
def test_random_bytes(data):
    try:
        parse_bytes(data, "noise.bin")
    except InputError as error:
        assert "noise.bin" in str(error)
