"""Bad input: every problem is an InputError naming the file, the line or row, and what was expected."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import ParsedReport, parse_bytes, parse_file

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "graph" / "data" / "tiktok_cio_2024.txt"
HTML_REPORT = REPO / "tests" / "fixtures" / "tiktok_cio_2024.html"

MONTH = "Covert influence operations disrupted between December 1-31, 2024."
HEADER = "Detection Source | Accounts in network | Followers of Network | Description |"
ROW = "Internal | 27,217 | 70,892 | Accounts targeting political discourse in Romania |"


def error_of(text: str | bytes, name: str = "tiktok.txt", **options) -> InputError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        parse_bytes(data, name, **options)
    return caught.value


def test_message_format():
    error = InputError("tiktok.txt", 12, "expected 4 cells")
    assert (error.path, error.line, error.message) == ("tiktok.txt", 12, "expected 4 cells")
    assert str(error) == "tiktok.txt:12: expected 4 cells"
    assert str(InputError("tiktok.txt", None, "empty file")) == "tiktok.txt: empty file"
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", "\ufeff\n".encode("utf-8")])
def test_empty_file(data):
    error = error_of(data)
    assert str(error).startswith("tiktok.txt: empty file")


def test_binary_file():
    error = error_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert str(error) == "tiktok.txt: binary file: contains NUL bytes (expected UTF-8 or UTF-16 text)"


def test_control_characters_are_binary():
    assert "binary file" in str(error_of(bytes(range(1, 32)) * 3))


def test_undecodable_text_names_its_line():
    data = f"{MONTH}\n{HEADER}\nInternal | 1 | 2 | Caf\xe9 accounts |\n".encode("latin-1")
    error = error_of(data)
    assert error.line == 3 and str(error).startswith("tiktok.txt:3: undecodable byte")
    assert "expected UTF-8, or UTF-16 with a BOM" in str(error)


def test_utf16_without_bom_is_refused():
    assert "binary file" in str(error_of(f"{MONTH}\n".encode("utf-16-le")))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: file not found"):
        parse_file(tmp_path / "nope.txt")


def test_folder_is_not_a_report(tmp_path):
    with pytest.raises(InputError, match="not a regular file"):
        parse_file(tmp_path)


def test_input_larger_than_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(REPORT.read_bytes())
    with pytest.raises(InputError, match=r"^big\.txt: file is [\d,]+ bytes, larger than the limit of 1,000$"):
        parse_file(path, max_bytes=1000)
    with pytest.raises(InputError, match="larger than the limit"):
        parse_bytes(REPORT.read_bytes(), "big.txt", max_bytes=1000)


def test_too_few_cells():
    error = error_of(f"{MONTH}\n{HEADER}\n{ROW}\nInternal | 12 | Accounts targeting Peru |\n")
    assert str(error) == (
        "tiktok.txt:4: expected 4 cells (Detection Source | Accounts in network | "
        "Followers of Network | Description), found 3"
    )


def test_non_numeric_count():
    error = error_of(f"{MONTH}\n{HEADER}\nInternal | 12 | about 70k | Accounts targeting Peru |\n")
    assert str(error) == "tiktok.txt:3: expected a whole number in column 'Followers of Network', found 'about 70k'"


def test_empty_detection_source_and_title():
    assert str(error_of(f"{MONTH}\n{HEADER}\n|  | 1 | 2 | T |\n")).startswith(
        "tiktok.txt:3: expected a detection source"
    )
    assert str(error_of(f"{MONTH}\n{HEADER}\nInternal | 1 | 2 |  |\n")) == (
        "tiktok.txt:3: expected a network title in column 'Description', found an empty cell"
    )


def test_rows_before_any_header():
    error = error_of(f"{MONTH}\n{ROW}\n{HEADER}\n")
    assert error.line == 2 and "row before any header row" in error.message
    assert "Detection Source | Accounts in network" in error.message


def test_table_with_no_month_line():
    error = error_of(f"Our report.\n{HEADER}\n{ROW}\n")
    assert error.line == 2 and "table has no month line before it" in str(error)


def test_text_without_a_table():
    error = error_of("Just some prose about TikTok.\nNo tables here.\n")
    assert error.line is None and str(error).startswith("tiktok.txt: no report table found (expected a month line")


def test_html_page_without_a_report_table():
    page = b"<html><body><p>Disrupted between May 1-31, 2024.</p><table><tr><td>a</td><td>b</td></tr></table></body></html>"
    error = error_of(page, "page.html")
    assert str(error).startswith("page.html: HTML page has no report table")


def test_month_figures_without_any_table_are_not_a_report():
    page = (
        b"<html><body><p>Disrupted between May 1-31, 2024. We removed 12 accounts associated with "
        b"previously disrupted networks.</p></body></html>"
    )
    assert "HTML page has no report table" in str(error_of(page, "page.html"))


def test_html_bad_row_names_its_tr():
    page = (
        "<html><body><p>Disrupted between May 1-31, 2024.</p><table>"
        "<tr><th>Detection source</th><th>Accounts</th><th>Followers</th><th>Description</th></tr>"
        "<tr><td>Internal</td><td>1</td><td>2</td><td>T</td></tr>"
        "<tr><td>Internal</td><td>n/a</td><td>2</td><td>T</td></tr></table></body></html>"
    )
    error = error_of(page, "page.html")
    assert str(error) == "page.html:3: expected a whole number in column 'Accounts', found 'n/a'"


def test_impossible_date_range():
    error = error_of(f"Disrupted between February 1-30, 2024.\n{HEADER}\n{ROW}\n")
    assert error.line == 1 and "expected a valid date range" in error.message
    error = error_of(f"Disrupted between December 31-1, 2024.\n{HEADER}\n{ROW}\n")
    assert "ends before it starts" in error.message


def test_skip_bad_rows_never_skips_file_problems():
    with pytest.raises(InputError, match="table has no month line"):
        parse_bytes(f"{HEADER}\n{ROW}\n".encode(), "t.txt", skip_bad_rows=True)
    with pytest.raises(InputError, match="empty file"):
        parse_bytes(b"", "t.txt", skip_bad_rows=True)


def test_skip_bad_rows_records_row_before_header():
    report = parse_bytes(f"{MONTH}\n{ROW}\n{HEADER}\n{ROW}\n".encode(), "t.txt", skip_bad_rows=True)
    assert [(s.source_line, s.reason.split(" (")[0]) for s in report.skipped] == [(2, "row before any header row")]
    assert report.rows_read == 2 and len(report.tables[0].rows) == 1


def _parses_or_input_error(data: bytes, name: str) -> None:
    for skip in (False, True):
        try:
            report = parse_bytes(data, name, skip_bad_rows=skip)
        except InputError as error:
            assert error.path == name and error.message
        else:
            assert isinstance(report, ParsedReport)
            kept = sum(len(t.rows) for t in report.tables)
            assert report.rows_read == kept + len(report.skipped)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_garbage_bytes_raise_only_input_error(data):
    _parses_or_input_error(data, "garbage.bin")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                MONTH,
                HEADER,
                ROW,
                "|",
                "||||",
                "<table>",
                "<tr><td>",
                "x | 1",
                "Internal | 1 | 2",
                "December 2024",
                "<p>May 1-31, 2024</p>",
                "",
            ]
        ),
        max_size=12,
    ),
    st.text(max_size=40),
)
def test_shuffled_report_pieces_raise_only_input_error(lines, noise):
    _parses_or_input_error(("\n".join(lines) + noise).encode("utf-8"), "pieces.txt")


@pytest.mark.parametrize("path", [REPORT, HTML_REPORT], ids=["text", "html"])
def test_truncated_reports_raise_only_input_error(path):
    data = path.read_bytes()
    for cut in range(0, len(data), max(1, len(data) // 150)):
        _parses_or_input_error(data[:cut], path.name)
