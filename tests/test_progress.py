"""Build progress: every stage reported through the build's callback, drawn by the command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_reports, collect, write_build
from cio_graph.graph.export import EXPORT_FILES
from cio_graph.graph.progress import STAGES
from cio_graph.queries.progress import LineProgress, progress_reporter
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

CLI = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()"]
LINE = re.compile(r"^cio-graph: (parsing|extracting|linking|graph triples|writing) [\d,]+/[\d,]+ (files|networks)$")


def test_every_stage_is_reported_from_start_to_end(tmp_path):
    calls: list[tuple[str, int, int]] = []
    paths = bundled_reports()
    collection = collect(paths, on_stage=lambda *call: calls.append(call))
    write_build(collection, tmp_path, on_stage=lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == list(STAGES)
    for stage in STAGES:
        seen = [(done, total) for name, done, total in calls if name == stage]
        total = seen[0][1]
        assert seen[0] == (0, total) and seen[-1] == (total, total)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    networks = len(collection.networks)
    assert {stage: total for stage, _, total in calls} == {
        "parsing": len(paths),
        "extracting": networks,
        "linking": networks,
        "graph triples": networks,
        "writing": len(EXPORT_FILES),
    }
    assert len([c for c in calls if c[0] == "writing"]) == len(EXPORT_FILES) + 1


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_wait_two_seconds_then_one_per_stage_and_every_two_seconds():
    clock, out = Clock(), io.StringIO()
    progress = LineProgress(out, clock)
    progress("parsing", 0, 1)
    clock.now = 1.0
    progress("extracting", 0, 20000)
    clock.now = 2.5
    progress("extracting", 1000, 20000)
    clock.now = 3.0
    progress("extracting", 2000, 20000)  # within 2 s of the last line: nothing
    clock.now = 4.5
    progress("extracting", 12000, 20000)
    clock.now = 4.6
    progress("linking", 0, 20000)  # a new stage: a line at once
    assert out.getvalue().splitlines() == [
        "cio-graph: extracting 1,000/20,000 networks",
        "cio-graph: extracting 12,000/20,000 networks",
        "cio-graph: linking 0/20,000 networks",
    ]


def test_quiet_means_no_callback_and_a_pipe_gets_lines():
    with progress_reporter(quiet=True) as on_stage:
        assert on_stage is None
    with progress_reporter(stream=io.StringIO()) as on_stage:
        assert isinstance(on_stage, LineProgress)


@pytest.fixture(scope="module")
def big_report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "synthetic.txt"
    path.write_text(generate(4000)[0], encoding="utf-8")
    return path


def test_a_long_build_reports_progress_on_stderr_and_quiet_silences_it(big_report, tmp_path):
    started = time.monotonic()
    loud = subprocess.run(
        [*CLI, "build", str(big_report), "--out", str(tmp_path / "a")], capture_output=True, text=True, cwd=REPO
    )
    took = time.monotonic() - started
    assert loud.returncode == 0, loud.stderr
    lines = loud.stderr.splitlines()
    assert took > 3 and lines  # 4,000 networks take longer than the quiet first 2 s
    assert all(LINE.match(line) for line in lines), lines
    assert any(" writing " in line for line in lines)
    quiet = subprocess.run(
        [*CLI, "build", "-q", str(big_report), "--out", str(tmp_path / "b")], capture_output=True, text=True, cwd=REPO
    )
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()


def test_the_small_default_build_prints_no_progress(tmp_path):
    result = subprocess.run([*CLI, "build", "--out", str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and "cio-graph:" not in result.stderr
