"""Hostile-input fuzzing of every reader: whatever the bytes, the only error is an InputError naming the file.

Each platform's real reports (TikTok text and page, Meta Markdown and page, TAG text and page) are
damaged the ways hostile or broken inputs are: cut anywhere, lines dropped or repeated, markup
fragments that multiply work (spans, nesting, attributes, unclosed links and quotes), impossible
dates and counts, odd characters. Plain generated text over the readers' syntax is fuzzed too.

The default run reads a few hundred examples. The long run (``slow`` marker, 28,000
examples) runs with ``python -m pytest -m slow tests/test_fuzz_hostile.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cio_graph.graph.build import bundled_report
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes
from tests.conftest import REPO

_REPORTS = REPO / "tests" / "data" / "reports"
_FIXTURES = REPO / "tests" / "fixtures"
SOURCES = {
    "tiktok.txt": bundled_report().read_text(encoding="utf-8"),
    "tiktok.html": (_FIXTURES / "tiktok_cio_2024.html").read_text(encoding="utf-8"),
    "meta.md": (_REPORTS / "meta" / "meta-h2-2025-iran-based-cib-network.md").read_text(encoding="utf-8"),
    "meta.html": (_FIXTURES / "readers" / "meta-h2-2025-moldova-based-cib-network.html").read_text(encoding="utf-8"),
    "tag.txt": (_REPORTS / "google" / "tag-bulletin-2021-q4.txt").read_text(encoding="utf-8"),
    "tag.html": (_FIXTURES / "readers" / "tag-bulletin-2021-q4.html").read_text(encoding="utf-8"),
}
FRAGMENTS = [
    "|",
    "||||",
    " | ",
    "`",
    "[a](",
    "](",
    "[",
    "**",
    "__",
    "#",
    "## Indicators of Compromise\n",
    "- Domain: `",
    "<td colspan=999>",
    "<td rowspan=0>",
    "<td colspan=-3>",
    "<td colspan='2'>",
    "<tr>",
    "</tr>",
    "<table>",
    "</table>",
    "<th>Accounts</th>",
    "<div>" * 300,
    "<p " + " ".join(f"a{i}" for i in range(300)) + ">",
    "<br>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<![CDATA[",
    "&#0;",
    "&#x110000;",
    "&amp;",
    "<strong>",
    "<code>",
    '"',
    "'",
    "disrupted between February 30-31, 2024.",
    "between December 31 - January 1, 2024",
    "Q5 2024",
    "H3 2025",
    "TAG Bulletin: Q9 2020\n",
    "We terminated 999999999999999999999 YouTube channels",
    "9" * 400,
    "1,2,3,4,5",
    "January\n",
    "Detection source | Accounts in network | Followers of network | Description |\n",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u00a0",
    "\r",
    "\t",
    "\x0b",
    "\x85",
    "\u2028",
    "\U0001f600",
    "x" * 5000,
    "\n" * 50,
]


@st.composite
def damaged(draw, name: str) -> bytes:
    """The report ``name`` with a few kinds of damage, as UTF-8 bytes."""
    text = SOURCES[name]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["cut", "insert", "drop", "repeat", "swap", "flip"]))
        at = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) * draw(st.integers(1, 3)) + text[at:]
        elif kind == "drop":
            text = text[:at] + text[at + draw(st.integers(1, 2000)) :]
        elif kind == "repeat":
            span = text[at : at + draw(st.integers(1, 500))]
            text = text[:at] + span * draw(st.integers(2, 20)) + text[at:]
        elif kind == "swap":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:at] + draw(st.characters(blacklist_categories=("Cs",))) + text[at + 1 :]
        if not text:
            break
    return text.encode("utf-8")


SYNTAX = st.lists(
    st.sampled_from(
        list("|`[]()*#-<>/=\"' \n\t.,:0123456789aAtdrhQH")
        + [
            "<td>",
            "<tr>",
            "<table>",
            "<p>",
            "Internal",
            "Accounts",
            "Followers",
            "Description",
            "Detection source",
            "disrupted between May 1-31, 2024.",
            "TAG Bulletin: Q1 2020",
            "Meta",
            "Indicators of Compromise",
            "We terminated 3 YouTube channels",
            "coordinated influence operation",
            "<html>",
            "colspan=9",
            "rowspan=9",
        ]
    ),
    max_size=200,
).map("".join)


def check(data: bytes, name: str, skip_bad_rows: bool) -> None:
    """Read ``data``: a report, or an InputError naming ``name``; any other exception fails."""
    try:
        parsed = parse_bytes(data, name, skip_bad_rows=skip_bad_rows)
    except InputError as error:
        assert error.path == name and str(error).startswith(name)
        return
    assert parsed.rows_read == sum(len(t.rows) for t in parsed.tables) + len(parsed.skipped)


def _fuzz(name: str, examples: int):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(damaged(name), st.booleans())
    def test(data: bytes, skip_bad_rows: bool) -> None:
        check(data, name, skip_bad_rows)

    return test


def _fuzz_syntax(examples: int):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(SYNTAX, st.sampled_from(["s.txt", "s.html", "s.md"]), st.booleans())
    def test(text: str, name: str, skip_bad_rows: bool) -> None:
        check(text.encode("utf-8"), name, skip_bad_rows)

    return test


# The default run: 40 examples per report, 60 of generated syntax (300 in all).
test_damaged_tiktok_text = _fuzz("tiktok.txt", 40)
test_damaged_tiktok_page = _fuzz("tiktok.html", 40)
test_damaged_meta_markdown = _fuzz("meta.md", 40)
test_damaged_meta_page = _fuzz("meta.html", 40)
test_damaged_tag_text = _fuzz("tag.txt", 40)
test_damaged_tag_page = _fuzz("tag.html", 40)
test_generated_syntax = _fuzz_syntax(60)

# The long run: 4,000 examples per report, 4,000 of generated syntax (28,000 in all).
test_slow_damaged_tiktok_text = pytest.mark.slow(_fuzz("tiktok.txt", 4000))
test_slow_damaged_tiktok_page = pytest.mark.slow(_fuzz("tiktok.html", 4000))
test_slow_damaged_meta_markdown = pytest.mark.slow(_fuzz("meta.md", 4000))
test_slow_damaged_meta_page = pytest.mark.slow(_fuzz("meta.html", 4000))
test_slow_damaged_tag_text = pytest.mark.slow(_fuzz("tag.txt", 4000))
test_slow_damaged_tag_page = pytest.mark.slow(_fuzz("tag.html", 4000))
test_slow_generated_syntax = pytest.mark.slow(_fuzz_syntax(4000))
