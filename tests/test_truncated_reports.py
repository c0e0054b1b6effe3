"""Reports cut off at any offset: refused naming the line, or read without any network cut short."""

from __future__ import annotations

import re

import pytest

from cio_graph.graph.build import bundled_report
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes
from tests.conftest import REPO

TIKTOK_TEXT = bundled_report().read_bytes()
TIKTOK_HTML = (REPO / "tests" / "fixtures" / "tiktok_cio_2024.html").read_bytes()
META_PAGES = sorted((REPO / "graph" / "data" / "reports" / "meta").glob("*.md"))
META_HTML = REPO / "tests" / "fixtures" / "readers" / "meta-h2-2025-moldova-based-cib-network.html"
BULLETINS = [
    *sorted((REPO / "tests" / "data" / "reports" / "google").glob("*.txt")),
    REPO / "tests" / "fixtures" / "readers" / "tag-bulletin-2021-q4.html",
]


def offsets(data: bytes, count: int, around: bytes) -> list[int]:
    """``count`` offsets spread over ``data``, and every offset of the line holding ``around``."""
    start = data.index(around)
    line_start, line_end = data.rindex(b"\n", 0, start) + 1, data.index(b"\n", start) + 1
    spread = range(len(data) // 10, len(data), max(1, len(data) // count))
    return sorted({*spread, *range(line_start, line_end + 1)})


def networks(parsed) -> list[tuple]:
    return [
        (n.title, n.description, n.accounts, n.followers, n.detection_source, n.iocs)
        for table in parsed.tables
        for n in table.rows
    ]


def read(data: bytes, name: str, **options):
    """The parsed report, or None when refused (the error names the file)."""
    try:
        return parse_bytes(data, name, **options)
    except InputError as error:
        assert error.path == name
        return None


@pytest.mark.parametrize(
    "data, name, row",
    [
        (TIKTOK_TEXT, "cut.txt", b"Accounts targeting political discourse in Germany"),
        (TIKTOK_HTML, "cut.html", b"Accounts targeting political discourse in Germany"),
    ],
)
def test_a_tiktok_report_cut_anywhere_never_yields_a_network_cut_short(data, name, row):
    full = set(networks(parse_bytes(data, name)))
    refused = 0
    for offset in offsets(data, 150, row):
        parsed = read(data[:offset], name)
        if parsed is None:
            refused += 1
            continue
        cut_short = [n for n in networks(parsed) if n not in full]
        assert not cut_short, f"cut at {offset}: {cut_short[0][:2]}"
    assert refused > 50  # every cut inside the row is refused, among others


def test_a_report_cut_in_half_is_refused_naming_the_row_and_skipped_on_request():
    text = TIKTOK_TEXT.decode("utf-8")
    cut = text.index("Accounts targeting political discourse in Germany") + len("Accounts targeting polit")
    half = text[:cut].encode("utf-8")
    line = half.count(b"\n") + 1
    with pytest.raises(InputError) as refused:
        parse_bytes(half, "half.txt")
    assert (refused.value.line, refused.value.message) == (
        line,
        "expected the last row to end with '|' as its header row does; the report ends there: it looks cut off",
    )
    parsed = parse_bytes(half, "half.txt", skip_bad_rows=True)
    assert [s.source_line for s in parsed.skipped] == [line]
    assert all(not n.title.endswith("polit") for t in parsed.tables for n in t.rows)
    assert parsed.rows_read == sum(len(t.rows) for t in parsed.tables) + 1


@pytest.mark.parametrize(
    "ending, message",
    [
        ("Internal | 12 | 3,400 | Accounts targeting Ruritania", "expected the last row to end with '|'"),
        (
            "Internal | 12 | 3,400 | Accounts targeting Ruritania |\nThis report contains information about the covert "
            "influence operations disrupted between May 1-31, 2024.\n",
            "a month line (2024-05) with no table after it",
        ),
        (
            "Internal | 12 | 3,400 | Accounts targeting Ruritania |\nThis report contains information about the covert "
            "influence operations disrup",
            "the last line ends mid-sentence, without a final line break",
        ),
        (
            "Internal | 12 | 3,400 | Accounts targeting Ruritania |\nDetection source | Accounts in network | Followers of "
            "network | Description |",
            "a header row with no rows after it",
        ),
    ],
)
def test_what_a_cut_tiktok_text_looks_like(ending, message):
    text = (
        "This report contains information about the covert influence operations disrupted between June 1-30, "
        "2024.\nDetection source | Accounts in network | Followers of network | Description |\n" + ending
    )
    with pytest.raises(InputError, match=re.escape(message)):
        parse_bytes(text.encode("utf-8"), "cut.txt")


def test_complete_reports_without_a_final_line_break_are_read():
    head = "This report contains information about the covert influence operations disrupted between June 1-30, 2024.\n"
    piped = (
        head + "Detection source | Accounts | Followers | Description |\nInternal | 12 | 3,400 | Accounts targeting X |"
    )
    bare = (
        head + "Detection source | Accounts | Followers | Description\nInternal | 12 | 3,400 | Accounts targeting X\n"
    )
    closing = piped + "\nThis report will be updated monthly."
    for text in (piped, bare, closing):
        assert len(parse_bytes(text.encode("utf-8"), "ok.txt").tables[0].rows) == 1
    assert TIKTOK_TEXT.rstrip(b"\n") == TIKTOK_TEXT  # the bundled report ends without a line break, and is read


@pytest.mark.parametrize("path", [*META_PAGES, META_HTML], ids=lambda p: p.name)
def test_a_meta_page_cut_anywhere_never_yields_an_indicator_cut_short(path):
    data = path.read_bytes()
    name = "cut" + path.suffix
    full = parse_bytes(data, name)
    full_iocs = {i for n in full.tables[0].rows for i in n.iocs + n.iocs_unassigned}
    indicator = re.search(rb"\n[|-] [^\n]*`[^\n]*\n", data) or re.search(rb"<code>hxxp", data)
    anchor = indicator.group(0).strip() if indicator else data.rstrip().rsplit(b"\n", 1)[-1]  # pages without any
    refused = 0
    for offset in offsets(data, 120, anchor):
        parsed = read(data[:offset], name)
        if parsed is None:
            refused += 1
            continue
        iocs = {i for n in parsed.tables[0].rows for i in n.iocs + n.iocs_unassigned}
        assert iocs <= full_iocs, f"cut at {offset}: {sorted(iocs - full_iocs, key=str)[:1]}"
    assert refused > 10 or not full_iocs


def test_a_meta_indicator_table_cut_mid_row_names_the_row():
    text = META_PAGES[0].read_text(encoding="utf-8")
    rows = [m for m in re.finditer(r"^\|[^\n]*`[^\n]*\|$", text, re.M)]
    last = rows[-1]
    cut = text[: last.start() + (last.end() - last.start()) // 2]
    line = cut.count("\n") + 1
    with pytest.raises(InputError) as refused:
        parse_bytes(cut.encode("utf-8"), "cut.md")
    assert refused.value.line == line and "it looks cut off" in refused.value.message
    parsed = parse_bytes(cut.encode("utf-8"), "cut.md", skip_bad_rows=True)
    assert [s.source_line for s in parsed.skipped] == [line]


@pytest.mark.parametrize("path", BULLETINS, ids=lambda p: p.name)
def test_a_bulletin_cut_anywhere_never_yields_a_campaign_cut_mid_sentence(path):
    data = path.read_bytes()
    name = "cut" + path.suffix
    full = [n.description for n in parse_bytes(data, name).tables[0].rows]
    refused = 0
    for offset in offsets(data, 150, b"We terminated"):
        parsed = read(data[:offset], name)
        if parsed is None:
            refused += 1
            continue
        for campaign in (n.description for n in parsed.tables[0].rows):
            assert any(f.startswith(campaign) for f in full), f"cut at {offset}: invented {campaign[-40:]!r}"
            assert campaign in full or re.search(r"[.!?][\"'\u201d\u2019)\]]*$", campaign), (
                f"cut at {offset}: a campaign cut mid-sentence {campaign[-40:]!r}"
            )
    assert refused > 20


def test_a_bulletin_cut_mid_word_names_the_campaign_line():
    text = BULLETINS[0].read_text(encoding="utf-8").rstrip("\n")
    cut = text[: text.rindex(" ") + 4]
    line = cut.count("\n") + 1
    with pytest.raises(InputError) as refused:
        parse_bytes(cut.encode("utf-8"), "b.txt")
    assert refused.value.line == line and "ends mid-sentence" in refused.value.message
    parsed = parse_bytes(cut.encode("utf-8"), "b.txt", skip_bad_rows=True)
    assert [s.source_line for s in parsed.skipped] == [line]
    assert parsed.rows_read == len(parsed.tables[0].rows) + 1


def test_a_table_without_closing_pipes_is_cut_when_its_last_row_has_no_line_break():
    text = (
        "This report contains information about the covert influence operations disrupted between June 1-30, "
        "2024.\nDetection source | Accounts | Followers | Description\nInternal | 12 | 3,400 | Accounts targ"
    )
    with pytest.raises(InputError, match=r"cut.txt:3: the last row has no final line break"):
        parse_bytes(text.encode("utf-8"), "cut.txt")


def test_a_page_cut_inside_a_row_names_the_row():
    page = TIKTOK_HTML.decode("utf-8")
    cut = page[: page.index("Accounts targeting political discourse in Germany") + 24].encode("utf-8")
    with pytest.raises(InputError, match=r"the page ends inside this row's table \(no </table>\)") as refused:
        parse_bytes(cut, "cut.html")
    row = next(
        n
        for t in parse_bytes(TIKTOK_HTML, "full.html").tables
        for n in t.rows
        if n.title.startswith("Accounts targeting political discourse in Germany")
    )
    assert refused.value.line == row.source_line  # the position of the row among the page's <tr>
