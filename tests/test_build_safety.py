"""Builds under attack: concurrent updates, killed builds, damaged build folders (real processes, real files)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_report, collect, load_build, write_build
from cio_graph.graph.build_folder import MANIFEST, BuildLocked, build_lock, lock_path
from cio_graph.graph.errors import InputError
from cio_graph.graph.validate import validate
from tests.conftest import REPO

CLI = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()"]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402


def cli(*args: str, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [*CLI, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, **options
    )


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=REPO, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def month_files(folder: Path) -> tuple[Path, Path, Path]:
    """The bundled report as three files: January to October, November, December."""
    lines = bundled_report().read_text(encoding="utf-8").splitlines(keepends=True)
    at = {
        month: next(i for i, line in enumerate(lines) if f"between {month} 1" in line)
        for month in ("December", "November", "October")
    }
    parts = {
        "dec.txt": lines[: at["November"]],
        "nov.txt": lines[at["November"] : at["October"]],
        "rest.txt": lines[at["October"] :],
    }
    for name, part in parts.items():
        (folder / name).write_text("".join(part), encoding="utf-8")
    return folder / "rest.txt", folder / "nov.txt", folder / "dec.txt"


def periods(out: Path) -> set[str]:
    return {r["period"] for r in load_build(out).reports}


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped has stopped running)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_concurrent_updates_both_land(tmp_path):
    rest, november, december = month_files(tmp_path)
    for trial in range(2):
        out = tmp_path / f"out{trial}"
        write_build(collect([rest]), out)
        assert "2024-11" not in periods(out) and "2024-12" not in periods(out)
        first, second = cli("update", out, november), cli("update", out, december)
        results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
        for process in (first, second):
            process.stdout.close()
            process.stderr.close()
        assert [code for code, _ in results] == [0, 0], results
        assert {"2024-11", "2024-12"} <= periods(out)
        assert snapshot(out) == snapshot(_fresh(tmp_path / f"fresh{trial}", [rest, november, december]))


def _fresh(out: Path, paths: list[Path]) -> Path:
    write_build(collect(paths), out)
    return out


def test_no_wait_fails_fast_while_another_build_holds_the_folder(tmp_path):
    out = tmp_path / "out"
    with build_lock(out):
        result = run("build", "--out", out, "--no-wait")
    assert result.returncode == 1
    assert "another build" in result.stderr and str(os.getpid()) in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_build_waits_for_the_lock_holder(tmp_path):
    out = tmp_path / "out"
    with build_lock(out):
        waiting = cli("build", "--out", out)
        ready, _, _ = select.select([waiting.stderr], [], [], 240)
        assert ready, "the second build said nothing"
        note = waiting.stderr.readline()
        assert note == f"note: waiting for another build (process {os.getpid()}) to finish writing {out}\n"
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting for the lock
        assert not (out / MANIFEST).exists()
    assert waiting.wait(timeout=300) == 0
    waiting.stdout.close()
    waiting.stderr.close()
    assert validate(out)[0]


def test_a_killed_build_leaves_the_previous_build_and_no_orphan(tmp_path):
    out = tmp_path / "out"
    write_build(collect([bundled_report()]), out)
    before = snapshot(out)
    big = tmp_path / "big.txt"
    big.write_text(generate(10_000)[0], encoding="utf-8")
    build = cli("build", big, "--out", out, start_new_session=True)
    deadline = time.monotonic() + 240
    staging: list[Path] = []
    while time.monotonic() < deadline and build.poll() is None:
        staging = [s for s in tmp_path.glob(".out.staging-*") if any(s.glob("*.nt")) or any(s.glob("*.jsonl"))]
        if staging:
            break
        time.sleep(0.02)
    assert staging, "the build never reached its staging folder"
    workers = children_of(build.pid)
    assert workers, "the export worker process was not running"
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    build.stdout.close()
    build.stderr.close()
    deadline = time.monotonic() + 0.5  # the worker has seconds of exports left: only its parent's death ends it now
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "the export worker outlived its killed parent"
    assert snapshot(out) == before
    result = run("validate", out)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert staging[0].exists()  # left by the killed build...
    write_build(collect([bundled_report()]), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "big.txt", "out"]  # ...removed next time
    assert snapshot(out) == before


def test_update_and_validate_refuse_a_truncated_networks_file(tmp_path):
    out = tmp_path / "out"
    write_build(collect([bundled_report()]), out)
    networks = out / "networks.jsonl"
    lines = networks.read_text(encoding="utf-8").splitlines(keepends=True)
    networks.write_text("".join(lines[:-29]), encoding="utf-8")  # cut at a line boundary
    before = snapshot(out)
    _, november, _ = month_files(tmp_path)
    result = run("update", out, november)
    assert result.returncode == 1
    assert "networks.jsonl" in result.stderr and "manifest" in result.stderr
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".out.staging-*"))
    result = run("validate", out)
    assert result.returncode == 1 and "networks.jsonl" in result.stdout
    with pytest.raises(InputError, match="networks.jsonl"):
        load_build(out)


def test_a_manifest_counts_and_fingerprints_every_file(tmp_path):
    out = tmp_path / "out"
    collection = collect([bundled_report()])
    written = write_build(collection, out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert written[-1] == out / MANIFEST
    assert [f["name"] for f in manifest["files"]] == sorted(p.name for p in written[:-1])
    assert (manifest["reports"], manifest["networks"]) == (len(collection.reports), len(collection.networks))
    assert manifest["version"] and all(len(f["sha256"]) == 64 for f in manifest["files"])
    assert all(f["size"] == (out / f["name"]).stat().st_size for f in manifest["files"])


def test_files_from_two_builds_do_not_validate_and_the_next_build_finishes_the_commit(tmp_path):
    rest, november, _ = month_files(tmp_path)
    old, new = tmp_path / "out", tmp_path / "new"
    write_build(collect([rest]), old)
    write_build(collect([rest, november]), new)
    target = snapshot(new)
    # A build stopped after its commit point, between two file moves: graph.nt is new, graph.jsonld old.
    committed = tmp_path / ".out.commit"
    new.rename(committed)
    os.replace(committed / "graph.nt", old / "graph.nt")
    conforms, text = validate(old)
    assert not conforms and "graph.nt" in text
    with pytest.raises(InputError, match="graph.nt"):
        load_build(old)
    with build_lock(old):  # the next build or update of the folder finishes the move
        pass
    assert snapshot(old) == target and not committed.exists()
    assert validate(old)[0]


def test_the_lock_is_a_file_beside_the_folder(tmp_path):
    out = tmp_path / "out"
    assert lock_path(out) == tmp_path / ".out.lock"
    with build_lock(out):
        holder = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import sys; from pathlib import Path; from cio_graph.graph.build_folder import build_lock, BuildLocked\n"
                    "try:\n    build_lock(Path(sys.argv[1]), wait=False).__enter__()\n"
                    "except BuildLocked as error:\n    print(error)\n"
                ),
                out,
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
    assert "another build" in holder.stdout and str(out) in holder.stdout
    assert issubclass(BuildLocked, InputError)


@pytest.mark.parametrize(
    "line, complaint",
    [
        ("[1, 2]", "expected a JSON object with id, platform, period: found list"),
        ('{"id": "x"}', "expected a JSON object with id, platform, period: no platform, period"),
        ("[" * 100_000 + "]" * 100_000, "expected a JSON object: nested too deep"),
        ('{"id": ', "expected a JSON object: Expecting value"),
    ],
)
def test_records_that_are_not_network_objects_are_refused_naming_the_line(tmp_path, line, complaint):
    out = tmp_path / "out"
    write_build(collect([bundled_report()]), out)
    networks = out / "networks.jsonl"
    networks.write_text(networks.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    lines = networks.read_text(encoding="utf-8").count("\n")
    with pytest.raises(InputError, match="networks.jsonl: .*manifest.json"):
        load_build(out)
    with pytest.raises(InputError) as refused:
        load_build(out, verify=False)
    assert (Path(refused.value.path).name, refused.value.line) == ("networks.jsonl", lines)
    assert refused.value.message.startswith(complaint)


def test_validate_names_a_missing_manifest_and_checks_a_graph_file_against_its_folder(tmp_path):
    out = tmp_path / "out"
    write_build(collect([bundled_report()]), out)
    graph = out / "graph.nt"
    graph.write_bytes(graph.read_bytes() + b"\n")
    conforms, text = validate(graph)  # the file alone conforms; its folder's manifest says it changed
    assert not conforms and "graph.nt" in text and "manifest.json" in text
    assert validate(out / "graph.ttl")[0]  # a file the manifest still matches
    (out / MANIFEST).unlink()
    conforms, text = validate(out)
    assert not conforms and f"{out / MANIFEST}: missing" in text
    with pytest.raises(InputError, match="no manifest"):
        load_build(out)


def test_update_of_a_missing_folder_writes_nothing(tmp_path):
    _, november, _ = month_files(tmp_path)
    result = run("update", tmp_path / "nowhere" / "out", november)
    assert result.returncode == 1 and "no such build folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dec.txt", "nov.txt", "rest.txt"]
