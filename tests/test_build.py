"""The build: deterministic, order-independent, atomic, incremental; the committed exports are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cio_graph.graph import export as graph_export
from cio_graph.graph.build import bundled_report, collect, load_build, write_build
from tests.conftest import GOLD, REPO


def split_report(folder: Path) -> tuple[Path, Path]:
    """The bundled report cut in two files at the June month line: (July-December, January-June)."""
    lines = bundled_report().read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if "between June 1-30, 2024" in line)
    late, early = folder / "late.txt", folder / "early.txt"
    late.write_text("".join(lines[:cut]), encoding="utf-8")
    early.write_text("".join(lines[cut:]), encoding="utf-8")
    return late, early


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def build(paths: list[Path], out: Path) -> dict[str, bytes]:
    write_build(collect(paths), out)
    return snapshot(out)


def test_two_builds_are_byte_identical(tmp_path, bundled_build):
    assert build([bundled_report()], tmp_path / "again") == snapshot(bundled_build)


def test_input_order_does_not_change_the_build(tmp_path):
    late, early = split_report(tmp_path)
    assert build([late, early], tmp_path / "a") == build([early, late], tmp_path / "b")


def test_committed_exports_match_a_fresh_build(default_build):
    fresh = snapshot(default_build)
    committed = {name: (REPO / "exports" / name).read_bytes() for name in fresh if (REPO / "exports" / name).is_file()}
    stale = sorted(name for name in fresh if committed.get(name) != fresh[name])
    assert not stale, f"exports/ is out of date, run `cio-graph build`: {stale}"


def test_a_failed_build_leaves_the_previous_exports_intact(tmp_path, monkeypatch, bundled_collection):
    out = tmp_path / "exports"
    write_build(bundled_collection, out)
    before = snapshot(out)

    def fail_midway(reports, networks, folder, **options):
        (folder / "graph.ttl").write_text("half-written", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(graph_export, "write_exports", fail_midway)
    with pytest.raises(RuntimeError):
        write_build(bundled_collection, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".exports.lock", "exports"]


def test_update_equals_a_fresh_build_of_all_inputs(tmp_path):
    late, early = split_report(tmp_path)
    fresh = build([late, early], tmp_path / "fresh")
    out = tmp_path / "incremental"
    write_build(collect([late]), out)
    write_build(collect([early], collection=load_build(out)), out)
    assert snapshot(out) == fresh


def test_update_with_a_report_already_built_changes_nothing(tmp_path):
    late, _ = split_report(tmp_path)
    out = tmp_path / "out"
    before = build([late], out)
    collection = collect([late], collection=load_build(out))
    write_build(collection, out)
    assert snapshot(out) == before
    assert all("unchanged" in notice for notice in collection.notices)


def test_a_changed_month_replaces_the_old_one_and_says_so(tmp_path):
    late, _ = split_report(tmp_path)
    changed = tmp_path / "late-corrected.txt"
    changed.write_text(late.read_text(encoding="utf-8").replace("| 27,217 |", "| 27,218 |"), encoding="utf-8")
    out = tmp_path / "out"
    write_build(collect([late]), out)
    collection = collect([changed], collection=load_build(out))
    write_build(collection, out)
    assert [n for n in collection.notices if "replaced" in n] == [
        "tiktok 2024-12: replaced the version from late.txt (7 networks) with late-corrected.txt (7 networks)"
    ]
    networks = load_build(out).networks
    assert 27218 in {n["accounts"] for n in networks} and 27217 not in {n["accounts"] for n in networks}
    assert {r["source_file"] for r in load_build(out).reports if r["period"] == "2024-12"} == {"late-corrected.txt"}


def test_duplicate_months_in_one_call_merge_like_an_update(tmp_path):
    late, early = split_report(tmp_path)
    collection = collect([late, early, late])
    assert len(collection.reports) == 12
    assert len(collection.networks) == 59


def test_extraction_scores_against_the_gold(bundled_build):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cio_graph.queries.cli import main; main()",
            "evaluate",
            str(bundled_build / "networks.jsonl"),
            str(GOLD / "tiktok_cio_2024.gold.jsonl"),
            "--min-f1",
            "0.97",
            "--min-field-f1",
            "0.9",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
