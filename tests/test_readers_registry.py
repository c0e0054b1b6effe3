"""The reader registry: each real file picks its reader by score, --platform forces, unknown files are refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import cio_graph.graph.readers as registry
from cio_graph.graph.build import bundled_report
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import decode, parse_bytes
from cio_graph.graph.readers import FLOOR, choose, readers, register

DATA = Path(__file__).parent / "data" / "reports"
FIXTURES = Path(__file__).parent / "fixtures"
CASES = [(path, "meta-markdown") for path in sorted((DATA / "meta").glob("*.md"))]
CASES += [(path, "google-text") for path in sorted((DATA / "google").glob("*.txt"))]
CASES += [
    (FIXTURES / "readers" / "meta-h2-2025-moldova-based-cib-network.html", "meta-html"),
    (FIXTURES / "readers" / "tag-bulletin-2021-q4.html", "google-html"),
    (FIXTURES / "tiktok_cio_2024.html", "tiktok-html"),
    (bundled_report(), "tiktok-text"),
]


@pytest.mark.parametrize(("path", "expected"), CASES, ids=lambda v: getattr(v, "name", v))
def test_each_real_file_picks_its_reader(path, expected):
    text = decode(path.read_bytes(), path.name)
    assert choose(text, path.name).name == expected
    scores = {name: reader.score(text, path.name) for name, reader in readers().items()}
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores[expected] == max(scores.values()) and scores[expected] >= FLOOR


def test_every_platform_has_a_text_and_an_html_reader():
    assert sorted(readers()) == [
        "google-html",
        "google-text",
        "meta-html",
        "meta-markdown",
        "tiktok-html",
        "tiktok-text",
    ]
    assert {r.platform for r in readers().values()} == {"google", "meta", "tiktok"}
    assert sorted(readers("meta")) == ["meta-html", "meta-markdown"]


def test_platform_option_forces_that_platforms_readers():
    text = (DATA / "google" / "tag-bulletin-2020-q1.txt").read_text("utf-8")
    assert choose(text, "b.txt", "google").name == "google-text"
    assert choose(text, "b.txt", "meta").platform == "meta"
    assert {t.platform for t in parse_bytes(text.encode(), "b.txt", platform="meta").tables} == {"meta"}
    # a platform with no reader of its own keeps every reader and names the platform in the records
    tiktok = bundled_report().read_bytes()
    assert {t.platform for t in parse_bytes(tiktok, "t.txt", platform="YouTube").tables} == {"youtube"}


def test_unrecognised_file_lists_the_formats():
    with pytest.raises(InputError) as caught:
        parse_bytes(b"Minutes of the parish council meeting.\nApologies were received.\n", "minutes.txt")
    message = str(caught.value)
    assert message.startswith("minutes.txt: not a recognised report (expected one of: ")
    for label in ("TikTok", "Meta threat-report page", "Google TAG Bulletin"):
        assert label in message


class Low:
    """A reader that recognises anything a little (registered first)."""

    platform = "example"
    label = "Example report"

    def score(self, text: str, name: str) -> float:
        return 0.3

    def read(self, text, source):
        raise NotImplementedError


class High(Low):
    """A reader that recognises anything well (registered last)."""

    def score(self, text: str, name: str) -> float:
        return 0.99


@pytest.fixture
def scratch_names():
    """Names a test registers, unregistered afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        registry.unregister(name)


def test_highest_score_wins_not_the_first_registered(scratch_names):
    scratch_names += ["aa-low", "zz-high"]
    register("aa-low", "tests.test_readers_registry:Low")
    register("zz-high", "tests.test_readers_registry:High")
    assert choose("anything at all", "x.txt").name == "zz-high"
    assert choose("anything at all", "x.txt", "example").name == "zz-high"
    assert (
        choose(
            "Disrupted between May 1-31, 2024.\nDetection Source | Accounts | Followers | Description",
            "t.txt",
            "tiktok",
        ).name
        == "tiktok-text"
    )


def test_registration_is_lazy_and_checked(scratch_names):
    scratch_names += ["later", "bad"]
    register("later", "a_module_that_is_never_imported:Reader")  # nothing imported yet
    assert "a_module_that_is_never_imported" not in sys.modules
    with pytest.raises(ValueError, match="module:Class"):
        register("bad", "no_colon_here")
    registry.unregister("later")
    assert "later" not in registry.readers()  # forgotten, still never imported


def test_a_bulletin_without_its_title_is_still_a_bulletin():
    text = (
        "This bulletin includes coordinated influence operation campaigns terminated on our platforms in Q1 2021.\n"
        "March 2021\nWe terminated 3 YouTube channels as part of our ongoing investigation into coordinated "
        "influence operations linked to Iran.\n"
    )
    assert choose(text, "b.txt").name == "google-text"
    table = parse_bytes(text.encode(), "b.txt").tables[0]
    assert (table.period, table.rows[0].month) == ("2021-Q1", "2021-03")


def test_markdown_that_is_no_report_is_refused():
    with pytest.raises(InputError, match="not a recognised report"):
        parse_bytes(b"# Release notes\n\n## 1.2\n\nFaster builds.\n", "NOTES.md")
