"""Inputs that multiply under the byte limit are refused before the work, each with a clear error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes
from cio_graph.graph.readers.markup import page_lines
from cio_graph.graph.readers.meta_page import clean
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import hostile_inputs

REFUSED = {
    "colspan": (2, "colspan=1000, more than 100 (the limit)"),
    "colspan-wide": (31_251, "more than 2,000,000 table cells, spans laid out (the limit)"),
    "rowspan": (2, "rowspan=65534, more than 100 (the limit)"),
    "attributes": (2, "an element with more than 256 attributes (the limit)"),
    "deep-nesting": (2, "elements nested more than 255 deep (the limit)"),
    "nested-tables": (17, "tables nested more than 16 deep (the limit)"),
    "cells": (2, "more than 2,000,000 table cells (the limit)"),
    "elements": (2, "more than 2,000,000 elements (the limit)"),
    "short-rows": (200_002, "more than 200,000 table rows (the limit; --max-rows raises it)"),
    "wide-row": (3, "a row of 500,002 cells or more, more than 64 (the limit)"),
}


@pytest.mark.parametrize("bomb", sorted(REFUSED))
def test_each_bomb_is_refused_naming_the_file_the_line_and_the_limit(bomb):
    data, name = hostile_inputs.BOMBS[bomb]()
    line, message = REFUSED[bomb]
    with pytest.raises(InputError) as refused:
        parse_bytes(data, name)
    assert (refused.value.path, refused.value.line) == (name, line)
    assert message in refused.value.message


def test_a_row_wider_than_the_limit_through_spans_is_refused():
    head = hostile_inputs.HEAD
    page = head + b"<tr>" + b"<td colspan=50>x</td>" * 2 + b"</tr>" + hostile_inputs.TAIL
    with pytest.raises(InputError, match=r"p.html:2: a row of \d+ cells, spans laid out, more than 64"):
        parse_bytes(page, "p.html")


def test_spans_within_the_limits_still_lay_out():
    page = (
        hostile_inputs.HEAD
        + (
            b"<tr><td rowspan=2>Internal</td><td>12</td><td>1,000</td><td>Accounts targeting "
            b"Ruritania</td></tr><tr><td>13</td><td>2,000</td><td>Accounts targeting Elbonia"
            b"</td></tr>"
        )
        + hostile_inputs.TAIL
    )
    rows = parse_bytes(page, "p.html").tables[0].rows
    assert [(r.detection_source, r.accounts, r.title) for r in rows] == [
        ("internal", 12, "Accounts targeting Ruritania"),
        ("internal", 13, "Accounts targeting Elbonia"),
    ]


def test_a_page_whose_nesting_stops_libxml2_is_refused_not_cut_short():
    page = b"<html><body>" + b"<div>" * 300 + b"x" + b"</div>" * 300 + b"<p>after</p></body></html>"
    with pytest.raises(InputError, match="nested more than 255 deep"):
        page_lines(page, "deep.html")


def test_unclosed_markdown_links_are_read_in_linear_time():
    data, name = hostile_inputs.BOMBS["link-brackets"]()
    parsed = parse_bytes(data, name)  # quadratic before: minutes for this megabyte
    assert len(parsed.tables[0].rows) == 1
    assert clean("[a](" * 3 + "[b](x) y") == "[a]([a]([a](b y"


def test_deep_inline_chains_are_read_in_linear_time():
    data, name = hostile_inputs.BOMBS["inline-chains"]()
    parsed = parse_bytes(data, name)  # quadratic in the depth before: half a minute for these 5 MB
    assert parsed.tables[0].rows[0].accounts == 5


def test_max_rows_is_an_option(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        hostile_inputs.TEXT_HEAD + "Internal | 1 | 2 | Accounts targeting Ruritania |\n" * 5, encoding="utf-8"
    )
    run = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()", "extract", str(report)]
    refused = subprocess.run([*run, "--max-rows", "4"], capture_output=True, text=True, cwd=REPO)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: r.txt:6: more than 4 table rows (the limit; --max-rows raises it)"
    accepted = subprocess.run([*run, "--max-rows", "6"], capture_output=True, text=True, cwd=REPO)
    assert accepted.returncode == 0 and accepted.stdout.count("\n") == 5
