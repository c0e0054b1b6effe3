"""The command line as a user runs it: exit codes, one-line errors, --skip-bad-rows, summaries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_report
from tests.conftest import REPO

CLI = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd or REPO)


def test_extract_prints_one_json_record_per_network():
    result = run("extract", str(bundled_report()))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 59
    assert {"id", "period", "accounts", "tactics", "actors"} <= set(records[0])


def test_extract_reads_html_and_text_alike():
    text = run("extract", str(bundled_report())).stdout
    page = run("extract", str(REPO / "tests" / "fixtures" / "tiktok_cio_2024.html")).stdout
    strip = ("source_file", "source_line")

    def as_records(out):
        return [{k: v for k, v in json.loads(line).items() if k not in strip} for line in out.splitlines()]

    assert as_records(page) == as_records(text)


def test_build_with_no_input_builds_the_bundled_report_and_prints_a_summary(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Networks per platform" in result.stdout and "Top tactics" in result.stdout
    assert "rows read 66 = networks 66 + skipped 0" in result.stdout  # 59 TikTok + 7 Meta networks
    platforms = {
        json.loads(line)["platform"]
        for line in (tmp_path / "out" / "networks.jsonl").read_text(encoding="utf-8").splitlines()
    }
    assert platforms == {"tiktok", "meta"}
    assert (tmp_path / "out" / "graph.ttl").is_file()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_bad_files_stop_with_one_line_naming_the_file(tmp_path, content, expected):
    bad = tmp_path / "bad-report.txt"
    bad.write_bytes(content)
    result = run("build", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "bad-report.txt" in result.stderr and expected in result.stderr.lower()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    result = run("extract", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 1
    assert "nowhere.txt" in result.stderr and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "extract", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 1 and "Traceback" in result.stderr


def damaged_report(tmp_path: Path) -> Path:
    """The bundled report with two rows broken: a non-numeric count and a lost cell."""
    lines = bundled_report().read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line.startswith("Internal |")]
    lines[rows[0]] = lines[rows[0]].replace("| 27,217 |", "| many |")
    lines[rows[5]] = "Internal | 21 | Accounts targeting political discourse in Romania |\n"
    path = tmp_path / "damaged.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_bad_row_stops_the_build_naming_file_and_line(tmp_path):
    result = run("build", str(damaged_report(tmp_path)), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: damaged.txt:6:"), result.stderr


def test_skip_bad_rows_builds_and_lists_every_skipped_row(tmp_path):
    result = run("build", str(damaged_report(tmp_path)), "--out", str(tmp_path / "out"), "--skip-bad-rows")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 2 and skipped[0].startswith("skipped: damaged.txt:6: expected a whole number")
    assert "rows read 59 = networks 57 + skipped 2" in result.stdout
    assert sum(1 for _ in open(tmp_path / "out" / "networks.jsonl")) == 57


def test_max_bytes_refuses_a_larger_input(tmp_path):
    result = run("extract", str(bundled_report()), "--max-bytes", "1000")
    assert result.returncode == 1 and "tiktok_cio_2024.txt" in result.stderr


def test_update_reports_a_replaced_month(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(bundled_report()), "--out", str(out)).returncode == 0
    changed = tmp_path / "corrected.txt"
    changed.write_text(
        bundled_report().read_text(encoding="utf-8").replace("| 70,892 |", "| 70,893 |"), encoding="utf-8"
    )
    result = run("update", str(out), str(changed))
    assert result.returncode == 0, result.stderr
    assert "note: tiktok 2024-12: replaced the version from tiktok_cio_2024.txt" in result.stderr
    assert result.stderr.count("unchanged") == 11


def test_update_with_low_memory_writes_what_update_writes(tmp_path):
    """``update --low-memory`` reads the old build's records into a spool, not into memory: the same
    files as ``update``, the same notes, nothing left beside the build."""
    changed = tmp_path / "corrected.txt"
    changed.write_text(
        bundled_report().read_text(encoding="utf-8").replace("| 70,892 |", "| 70,893 |"), encoding="utf-8"
    )
    meta = sorted((REPO / "graph" / "data" / "reports" / "meta").glob("*.md"))[:2]
    outs = []
    for name, flags in (("memory", ()), ("disk", ("--low-memory",))):
        out = tmp_path / name
        assert run("build", "-q", str(bundled_report()), *map(str, meta), "--out", str(out)).returncode == 0
        result = run("update", "-q", *flags, str(out), str(changed))
        assert result.returncode == 0, result.stderr
        assert "replaced the version from tiktok_cio_2024.txt" in result.stderr
        outs.append(out)
    files = sorted(p.name for p in outs[0].iterdir() if p.is_file())
    assert "networks.jsonl" in files and files == sorted(p.name for p in outs[1].iterdir() if p.is_file())
    for name in files:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    assert not [p.name for p in tmp_path.iterdir() if "staging" in p.name]
