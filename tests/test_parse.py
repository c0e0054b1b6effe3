"""Parsing reports (text and HTML) into month tables and rows."""

from __future__ import annotations

import codecs
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from cio_graph.graph.parse import ParsedReport, detect_platform, parse_bytes, parse_file
from cio_graph.graph.readers.tiktok_text import match_header, parse_count, parse_month_line, split_title

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "graph" / "data" / "tiktok_cio_2024.txt"
HTML_REPORT = REPO / "tests" / "fixtures" / "tiktok_cio_2024.html"
GOLD = REPO / "tests" / "data" / "gold"

HEADER = "Detection Source | Accounts in network | Followers of Network | Description |"
MONTH = (
    "This report contains information about the covert influence operations disrupted between "
    "December 1-31, 2024. In addition to these new network disruptions, we removed 2,313 accounts "
    "associated with previously disrupted networks attempting to re-establish their presence."
)
ROW = (
    "Internal | 27,217 | 70,892 | Accounts targeting political discourse in Romania We assess that "
    "this network targeted a Romanian audience. |"
)


def parse_text(text: str, **options) -> ParsedReport:
    return parse_bytes(text.encode("utf-8"), "report.txt", **options)


def gold_networks() -> list[dict]:
    path = GOLD / "tiktok_cio_2024.gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def bundled() -> ParsedReport:
    return parse_file(REPORT)


@pytest.fixture(scope="module")
def bundled_html() -> ParsedReport:
    return parse_file(HTML_REPORT)


# --- the bundled report -----------------------------------------------------------------------


def test_bundled_report_has_twelve_months_of_figures_like_the_gold(bundled):
    path = GOLD / "tiktok_cio_2024.reports.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    got = [
        {
            "platform": t.platform,
            "period": t.period,
            "reestablishing_accounts_removed": t.reestablishing_accounts_removed,
        }
        for t in bundled.tables
    ]
    assert got == gold
    assert [(t.start_date, t.end_date) for t in bundled.tables][:3] == [
        ("2024-12-01", "2024-12-31"),
        ("2024-11-01", "2024-11-30"),
        ("2024-10-01", "2024-10-31"),
    ]
    february = next(t for t in bundled.tables if t.period == "2024-02")
    assert (february.start_date, february.end_date) == ("2024-02-01", "2024-02-29")


def test_bundled_report_rows_match_the_gold_networks(bundled):
    gold = gold_networks()
    rows = [
        (t.platform, t.period, r.detection_source, r.accounts, r.followers, r.title)
        for t in bundled.tables
        for r in t.rows
    ]
    assert rows == [
        (g["platform"], g["period"], g["detection_source"], g["accounts"], g["followers"], g["title"]) for g in gold
    ]
    assert bundled.rows_read == 59 and bundled.skipped == ()


def test_title_and_description_rebuild_the_cell(bundled):
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    for table in bundled.tables:
        for row in table.rows:
            cell = lines[row.source_line - 1].split("|")[3].strip()
            assert " ".join(filter(None, (row.title, row.description))) == cell
            assert not row.title.endswith(".")
            assert row.description == "" or row.description.endswith(".")


def test_rows_from_june_back_have_titles_only(bundled):
    for table in bundled.tables:
        assert all((row.description == "") == (table.period <= "2024-06") for row in table.rows)


def test_provenance_of_months_and_rows(bundled):
    data = REPORT.read_bytes()
    lines = data.decode("utf-8").split("\n")
    for table in bundled.tables:
        assert table.source_file == "tiktok_cio_2024.txt"
        assert table.source_sha256 == hashlib.sha256(data).hexdigest()
        assert lines[table.source_line - 1].strip() == table.intro
        assert [row.row for row in table.rows] == list(range(1, len(table.rows) + 1))
        for row in table.rows:
            assert lines[row.source_line - 1].startswith(row.detection_source.capitalize())
            assert f"{row.accounts:,}".replace(",", "") in lines[row.source_line - 1].replace(",", "")


def test_quirks_of_the_bundled_report(bundled):
    by_period = {t.period: t for t in bundled.tables}
    assert by_period["2024-09"].reestablishing_accounts_removed == 9743  # no thousands separator
    assert by_period["2024-03"].rows  # header that lost its first letter
    assert "between" not in by_period["2024-01"].intro and by_period["2024-01"].end_date == "2024-01-31"
    assert "\u2013" in by_period["2024-02"].intro
    assert by_period["2024-07"].rows[0].detection_source == "internal"  # "Detection source" header
    assert {t.platform for t in bundled.tables} == {"tiktok"}


# --- HTML ---------------------------------------------------------------------------------------


def _content(report: ParsedReport) -> list[dict]:
    tables = []
    for table in report.tables:
        record = asdict(table)
        for key in ("source_file", "source_sha256", "source_line"):
            record.pop(key)
        record["rows"] = [
            {k: v for k, v in row.items() if k not in ("source_file", "source_line")} for row in record["rows"]
        ]
        tables.append(record)
    return tables


def test_html_page_gives_the_same_tables_as_the_text(bundled, bundled_html):
    assert len(bundled_html.tables) == 12
    assert _content(bundled_html) == _content(bundled)
    assert bundled_html.rows_read == 59


def test_html_rows_are_numbered_by_tr_position(bundled_html):
    page = HTML_REPORT.read_text(encoding="utf-8")
    december = bundled_html.tables[0]
    assert december.source_file == "tiktok_cio_2024.html"
    # two glossary rows and the header come before the first network's <tr>
    assert [row.source_line for row in december.rows][:2] == [4, 5]
    body = page[page.index("<body") :]
    assert bundled_html.tables[-1].rows[0].source_line == body.count("<tr") - 1  # the footer's <tr> is last


def _html(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>TikTok</title></head><body>{body}</body></html>".encode()


TABLE_HEAD = (
    "<tr><th>Detection Source</th><th>Accounts in network</th><th>Followers of Network</th><th>Description</th></tr>"
)


@pytest.mark.parametrize(
    "cell, title, description",
    [
        (
            "<strong>Accounts targeting Kenya</strong> The network posted.",
            "Accounts targeting Kenya",
            "The network posted.",
        ),
        (
            "Accounts targeting Kenya<br>Kenyan officials were impersonated.",
            "Accounts targeting Kenya",
            "Kenyan officials were impersonated.",
        ),
        (
            "<p>Accounts targeting <a href='x'>the Gambia</a></p><p>Gambian voters were targeted.</p>",
            "Accounts targeting the Gambia",
            "Gambian voters were targeted.",
        ),
        (
            "<b>Accounts targeting Peru:</b> We assess that it posted.",
            "Accounts targeting Peru",
            "We assess that it posted.",
        ),
        (
            "<span>Accounts targeting Chile</span> <span>We assess that &amp; more.</span>",
            "Accounts targeting Chile",
            "We assess that & more.",
        ),
        (
            "<strong>Accounts targeting Chile We assess that it posted.</strong>",
            "Accounts targeting Chile",
            "We assess that it posted.",
        ),
    ],
)
def test_html_title_from_markup_or_text_rule(cell, title, description):
    page = _html(
        f"<p>Disrupted between March 1-31, 2025.</p><table>{TABLE_HEAD}"
        f"<tr><td>External</td><td>1&#8201;234</td><td>&nbsp;5.678 </td><td>{cell}</td></tr></table>"
    )
    row = parse_bytes(page, "p.html").tables[0].rows[0]
    assert (row.title, row.description) == (title, description)
    assert (row.detection_source, row.accounts, row.followers, row.source_line) == ("external", 1234, 5678, 2)


def test_html_layout_tables_captions_td_headers_and_chrome():
    page = _html(
        "<nav><p>Archive: disrupted between May 1-31, 2020</p></nav>"
        "<table><tr><td><h2>Reports</h2>"  # a layout table around the whole content
        "<table><caption>Networks disrupted 1&#8211;30 April 2025</caption>"
        "<tr><td>DETECTION SOURCE</td><td>Acounts in network</td><td>Followers</td><td>Description</td></tr>"
        "<tr><td><span>Internal</span></td><td>7</td><td>8</td><td>Accounts targeting Peru</td></tr>"
        "<tr><td colspan='4'>Networks disrupted between May 1-31, 2025</td></tr>"
        "<tr><td>Internal</td><td>9</td><td>10</td><td>Accounts targeting Chile</td></tr>"
        "</table></td></tr></table>"
        "<footer><table><tr><td>Detection source</td><td>Accounts</td><td>Followers</td><td>Description</td></tr>"
        "<tr><td>x</td><td>y</td><td>z</td><td>w</td></tr></table></footer>"
        "<script>document.write('<table><tr><td>Internal</td></tr></table>')</script>"
    )
    report = parse_bytes(page, "p.html")
    assert [(t.period, t.end_date, [r.title for r in t.rows]) for t in report.tables] == [
        ("2025-04", "2025-04-30", ["Accounts targeting Peru"]),
        ("2025-05", "2025-05-31", ["Accounts targeting Chile"]),
    ]
    assert [r.source_line for t in report.tables for r in t.rows] == [3, 5]


def test_html_rowspan_fills_the_rows_below():
    page = _html(
        f"<p>Disrupted between March 1-31, 2025.</p><table>{TABLE_HEAD}"
        "<tr><td rowspan='2'>Internal</td><td>1</td><td>2</td><td>Accounts targeting Peru</td></tr>"
        "<tr><td>3</td><td>4</td><td>Accounts targeting Chile</td></tr>"
        "<tr><td>External</td><td colspan='2'>5</td><td>Accounts targeting Bolivia</td></tr></table>"
    )
    report = parse_bytes(page, "p.html", skip_bad_rows=True)
    rows = [(r.detection_source, r.accounts, r.followers, r.title) for r in report.tables[0].rows]
    assert rows == [("internal", 1, 2, "Accounts targeting Peru"), ("internal", 3, 4, "Accounts targeting Chile")]
    assert [s.source_line for s in report.skipped] == [4]  # the spanned followers cell is empty


def test_html_month_heading_then_paragraph_is_one_month():
    page = _html(
        "<h2>June 2025</h2><p>We removed 1,200 accounts associated with previously disrupted "
        f"networks.</p><table>{TABLE_HEAD}<tr><td>Internal</td><td>1</td><td>2</td><td>T</td></tr></table>"
    )
    table = parse_bytes(page, "p.html").tables[0]
    assert (table.period, table.start_date, table.end_date) == ("2025-06", "2025-06-01", "2025-06-30")
    assert table.reestablishing_accounts_removed == 1200 and table.intro == "June 2025"


def test_html_detected_by_content_not_extension(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(HTML_REPORT.read_bytes())
    assert len(parse_file(path).tables) == 12


# --- text tolerance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, start, end",
    [
        ("disrupted between December 1-31, 2024.", "2024-12-01", "2024-12-31"),
        ("disrupted 1-31 December 2024.", "2024-12-01", "2024-12-31"),
        ("disrupted December 1, 2024 - December 31, 2024.", "2024-12-01", "2024-12-31"),
        ("disrupted from Dec. 1 to 31, 2024", "2024-12-01", "2024-12-31"),
        ("disrupted Sept 1st \u2013 30th, 2024", "2024-09-01", "2024-09-30"),
        ("disrupted 1 November \u2014 31 December 2024", "2024-11-01", "2024-12-31"),
        ("disrupted December 1, 2023 through January 31, 2024", "2023-12-01", "2024-01-31"),
        ("disrupted December 1 - January 31, 2024", "2023-12-01", "2024-01-31"),
        ("disrupted between 2024-12-01 and 2024-12-31", "2024-12-01", "2024-12-31"),
        ("FEBRUARY 2024", "2024-02-01", "2024-02-29"),
    ],
)
def test_month_line_forms(line, start, end):
    month = parse_month_line(line)
    assert (month.start.isoformat(), month.end.isoformat()) == (start, end)
    assert month.period == start[:7]


@pytest.mark.parametrize(
    "line",
    [
        "For information about networks disrupted before January 2024, please see our reports.",
        "Starting in May 2024, we will be updating this page.",
        "Prince of Moldavia between 1457 and 1504",
        "Terminology",
    ],
)
def test_not_month_lines(line):
    assert parse_month_line(line) is None


@pytest.mark.parametrize(
    "text, value",
    [
        ("27,217", 27217),
        ("9743", 9743),
        ("1.177.876", 1177876),
        ("1\u2009177\u2009876", 1177876),
        ("1 177 876", 1177876),
        ("1'234", 1234),
        ("0", 0),
    ],
)
def test_counts(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["12,34", "1,234.567", "abc", "", "-5", "1.5", "٣"])
def test_not_counts(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_reestablishing_figure_absent_is_none():
    report = parse_text(f"Disrupted between May 1-31, 2024.\n{HEADER}\n{ROW}\n")
    assert report.tables[0].reestablishing_accounts_removed is None


def test_columns_in_another_order_without_outer_pipes_and_extra_spaces():
    text = (
        f"{MONTH}\n"
        "  followers   |  DESCRIPTION | detection  source | Number of accounts\n"
        "|---|---|---|---|\n"
        "1.177.876 |   Accounts targeting Chile   We assess it.  |  External  | 9743\n"
    )
    row = parse_text(text).tables[0].rows[0]
    assert (row.detection_source, row.accounts, row.followers) == ("external", 9743, 1177876)
    assert (row.title, row.description) == ("Accounts targeting Chile", "We assess it.")


def test_separate_title_column_is_used_as_is():
    text = f"{MONTH}\nTitle | Detection source | Accounts | Followers | Description\nT. One | Internal | 1 | 2 | D.\n"
    row = parse_text(text).tables[0].rows[0]
    assert (row.title, row.description) == ("T. One", "D.")


def test_pipe_inside_the_last_description_cell_is_kept():
    text = f"{MONTH}\n{HEADER}\nInternal | 1 | 2 | Accounts targeting Chile We assess A| B is true. |\n"
    assert parse_text(text).tables[0].rows[0].description == "We assess A| B is true."


def test_encodings_and_line_endings_give_the_same_tables(bundled):
    text = REPORT.read_text(encoding="utf-8")
    variants = [
        codecs.BOM_UTF8 + text.encode("utf-8"),
        text.encode("utf-16"),
        text.replace("\n", "\r\n").encode("utf-8"),
    ]
    for data in variants:
        assert _content(parse_bytes(data, "x.txt")) == _content(bundled)


def test_prose_between_tables_is_ignored_and_header_carries_over():
    text = (
        f"Intro about TikTok.\n{MONTH}\n{HEADER}\n{ROW}\nA note without pipes.\n"
        f"Disrupted between November 1-30, 2024.\n{ROW}\n"
    )
    report = parse_text(text)
    assert [(t.period, len(t.rows)) for t in report.tables] == [("2024-12", 1), ("2024-11", 1)]
    assert report.tables[1].rows[0].source_line == 7


def test_date_range_in_prose_without_a_table_is_not_a_month():
    text = f"This page covers networks disrupted between January 1 - December 31, 2024.\n{MONTH}\n{HEADER}\n{ROW}\n"
    assert [t.period for t in parse_text(text).tables] == ["2024-12"]


def test_month_with_a_figure_and_no_table_is_kept():
    text = (
        f"Disrupted between November 1-30, 2024. We removed 5 accounts linked to previously disrupted "
        f"networks.\n{MONTH}\n{HEADER}\n"
    )
    report = parse_text(text)
    assert [(t.period, t.reestablishing_accounts_removed, t.rows) for t in report.tables] == [
        ("2024-11", 5, ()),
        ("2024-12", 2313, ()),
    ]


def test_skip_bad_rows_keeps_the_good_ones():
    text = f"{MONTH}\n{HEADER}\n{ROW}\nInternal | many | 2 | Accounts X |\nInternal | 3 |\n{ROW}\n"
    report = parse_text(text, skip_bad_rows=True)
    rows = report.tables[0].rows
    assert [(r.row, r.source_line) for r in rows] == [(1, 3), (4, 6)]
    assert [(s.source_file, s.source_line) for s in report.skipped] == [("report.txt", 4), ("report.txt", 5)]
    assert "expected a whole number in column 'Accounts in network', found 'many'" in report.skipped[0].reason
    assert report.rows_read == len(rows) + len(report.skipped) == 4


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells",
    [
        ("Detection Source", "Accounts in network", "Followers of Network", "Description"),
        ("etection source", "Accounts in network", "Followers of network", "Description"),
        ("DETECTION SOURCE", "accounts in the network", "Followers of Netwrok", "description"),
        ("Detection", "Number of accounts", "Number of followers", "Summary"),
    ],
)
def test_header_rows(cells):
    assert match_header(cells) == {"detection_source": 0, "accounts": 1, "followers": 2, "description": 3}


@pytest.mark.parametrize(
    "cells",
    [
        ("Internal", "27,217", "70,892", "Accounts targeting political discourse in Romania"),
        ("Term", "Definition"),
        ("Detection Source", "Accounts in network", "Description"),
    ],
)
def test_not_header_rows(cells):
    assert match_header(cells) is None


# --- title split --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, title",
    [
        (
            "Accounts targeting political discourse in Romania We assess that it ran.",
            "Accounts targeting political discourse in Romania",
        ),
        (
            "Russian state-affiliated media accounts engaging in covert influence (Rossiya Segodnya) We removed a network.",
            "Russian state-affiliated media accounts engaging in covert influence (Rossiya Segodnya)",
        ),
        (
            "Accounts targeting political discourse in Gulf Countries, in particular Saudi Arabia",
            "Accounts targeting political discourse in Gulf Countries, in particular Saudi Arabia",
        ),
        (
            "Accounts targeting perceptions of the Chinese Government in Japan The network posted content.",
            "Accounts targeting perceptions of the Chinese Government in Japan",
        ),
        (
            "Accounts targeting voters in the Philippines This network operated from China.",
            "Accounts targeting voters in the Philippines",
        ),
        (
            "Accounts targeting Kenya According to our investigation, it was run from Nigeria.",
            "Accounts targeting Kenya",
        ),
        (
            "Accounts targeting the U.S. Senate election Our teams found it.",
            "Accounts targeting the U.S. Senate election",
        ),
        (
            "Accounts Targeting Political Discourse In Romania We assess it.",
            "Accounts Targeting Political Discourse In Romania",
        ),
        ("Accounts targeting The Gambia", "Accounts targeting The Gambia"),
        ("Accounts targeting The Gambia We assess it ran.", "Accounts targeting The Gambia"),
        (
            "Accounts targeting All India Trinamool Congress supporters Our review found it.",
            "Accounts targeting All India Trinamool Congress supporters",
        ),
        ("Accounts targeting Peru The Russian embassy promoted them. The network posted.", "Accounts targeting Peru"),
        ("Accounts targeting Peru In 2024, the network posted.", "Accounts targeting Peru"),
        ("Accounts targeting Brazil. Accounts within the network posted.", "Accounts targeting Brazil"),
        ("Accounts promoting Chinese policy and culture", "Accounts promoting Chinese policy and culture"),
        ("Accounts targeting Kenya Kenyan officials were impersonated by the network.", "Accounts targeting Kenya"),
        ("Cuentas dirigidas al discurso político en México", "Cuentas dirigidas al discurso político en México"),
    ],
)
def test_split_title(cell, title):
    got_title, description = split_title(cell)
    assert got_title == title
    assert " ".join(filter(None, (got_title, description))) == cell.replace("Brazil.", "Brazil")


def test_gold_titles_from_the_title_rule_alone(bundled):
    gold = gold_networks()
    cells = [
        line.split("|")[3].strip()
        for line in REPORT.read_text(encoding="utf-8").split("\n")
        if line.startswith(("Internal", "External"))
    ]
    assert [split_title(cell)[0] for cell in cells] == [g["title"] for g in gold]


# --- platform -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Meta's quarterly report on Facebook and Instagram. Links to YouTube.", "meta"),
        ("Google Threat Analysis Group terminated YouTube channels.", "google"),
        ("X (formerly Twitter) suspended accounts.", "x"),
        ("OpenAI disrupted uses of ChatGPT.", "openai"),
        ("Microsoft Threat Analysis Center (MTAC) observed.", "microsoft"),
        ("A report with no platform named.", "unknown"),
    ],
)
def test_detect_platform(text, slug):
    assert detect_platform(text) == slug


def test_platform_given_is_used_as_a_slug():
    report = parse_text(f"{MONTH}\n{HEADER}\n{ROW}\n", platform=" YouTube ")
    assert report.tables[0].platform == "youtube"
    assert parse_text(f"{MONTH}\n{HEADER}\n{ROW}\n").tables[0].platform == "unknown"
