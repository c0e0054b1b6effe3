"""The persisted query store: made by the build, opened read-only, same answers, never stale."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_report, collect, new_collection, write_build
from cio_graph.graph.export.spill import spill
from cio_graph.graph.store import STORE_DIR, open_store, read_stamp, store_for
from cio_graph.queries.engine import oxigraph_store, run_on_store, run_sparql
from cio_graph.queries.library import list_queries
from tests.conftest import REPO

COUNT = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"


def stores(build: Path) -> list[Path]:
    return sorted(folder for folder in (build / STORE_DIR).iterdir())


@pytest.fixture()
def build_copy(bundled_build, tmp_path) -> Path:
    """A copy of the bundled build, store included, that a test may change."""
    copy = tmp_path / "build"
    shutil.copytree(bundled_build, copy)
    for stamp in (copy / STORE_DIR).glob("*/stamp.json"):  # copytree keeps the times: as a build left them
        assert read_stamp(stamp.parent)["mtime_ns"] == (copy / "graph.nt").stat().st_mtime_ns
    return copy


def test_the_build_writes_a_store_stamped_with_its_graph(bundled_build):
    [folder] = stores(bundled_build)
    stamp = read_stamp(folder)
    graph = bundled_build / "graph.nt"
    assert stamp["size"] == graph.stat().st_size and stamp["mtime_ns"] == graph.stat().st_mtime_ns
    assert folder.name == stamp["sha256"][:16]
    assert stamp["triples"] == len(graph.read_text(encoding="utf-8").splitlines())
    assert store_for(graph) == folder


def test_queries_open_the_persisted_store(bundled_build):
    store = oxigraph_store(bundled_build)
    assert len(store) == read_stamp(stores(bundled_build)[0])["triples"]
    with pytest.raises(RuntimeError, match="read-write"):  # the persisted store, opened read-only
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    oxigraph_store(bundled_build, persisted=False).update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    oxigraph_store(bundled_build, persisted=False).update("DELETE DATA { <urn:a> <urn:b> <urn:c> }")


@pytest.mark.parametrize("name", [query.name for query in list_queries()])
def test_every_canned_query_answers_the_same_from_both_stores(name, bundled_build):
    query = next(q for q in list_queries() if q.name == name)
    text = query.bind({})
    persisted = run_on_store(text, open_store(bundled_build / "graph.nt"), name)
    in_memory = run_on_store(text, oxigraph_store(bundled_build, persisted=False), name)
    assert persisted.columns == in_memory.columns
    assert persisted.rows == in_memory.rows


def test_a_changed_graph_is_loaded_from_the_file_not_the_stale_store(build_copy):
    graph = build_copy / "graph.nt"
    before = run_sparql(COUNT, build_copy).rows[0][0]
    with graph.open("a", encoding="utf-8") as stream:
        stream.write("<urn:added> <urn:p> <urn:o> .\n")
    assert store_for(graph) is None
    assert run_sparql(COUNT, build_copy).rows[0][0] == before + 1


def test_the_same_triples_with_a_new_time_still_use_the_store(build_copy):
    graph = build_copy / "graph.nt"
    os.utime(graph, ns=(1, 1))
    assert store_for(graph) == stores(build_copy)[0]


def test_a_store_of_another_pyoxigraph_version_is_not_used(build_copy):
    [folder] = stores(build_copy)
    stamp = read_stamp(folder)
    (folder / "stamp.json").write_text(json.dumps({**stamp, "pyoxigraph": "0.0.1"}), encoding="utf-8")
    assert store_for(build_copy / "graph.nt") is None
    assert open_store(build_copy / "graph.nt") is None


def test_only_a_build_folder_graph_nt_has_a_store(build_copy, tmp_path):
    other = tmp_path / "other.nt"
    shutil.copyfile(build_copy / "graph.nt", other)
    assert store_for(other) is None
    assert store_for(build_copy / "graph.ttl") is None


def test_several_processes_read_the_store_at_once(bundled_build):
    held = open_store(bundled_build / "graph.nt")  # this process holds it open too
    script = (
        "import sys; from cio_graph.graph.store import open_store; from pathlib import Path; "
        "print(len(open_store(Path(sys.argv[1]))))"
    )
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(bundled_build / "graph.nt")], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    counts = [int(reader.communicate(timeout=60)[0]) for reader in readers]
    assert counts == [len(held)] * 4


def test_a_rebuild_keeps_the_new_store_and_the_one_before(bundled_collection, tmp_path):
    out = tmp_path / "out"
    write_build(bundled_collection, out)
    [first] = stores(out)
    write_build(bundled_collection, out)  # same triples: the same store, no copy
    assert stores(out) == [first]
    networks = bundled_collection.networks
    for size in (len(networks) - 1, len(networks) - 2):
        collection = type(bundled_collection)()
        for key, month in bundled_collection.months.items():
            collection.months[key] = type(month)(month.report, month.networks)
        kept = {n["id"] for n in networks[:size]}
        for month in collection.months.values():
            month.networks = [n for n in month.networks if n["id"] in kept]
        write_build(collection, out)
    assert len(stores(out)) == 2 and first not in stores(out)
    assert store_for(out / "graph.nt") in stores(out)
    lines = len((out / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert run_sparql(COUNT, out).rows[0][0] == read_stamp(store_for(out / "graph.nt"))["triples"] == lines


def test_the_store_is_not_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", "exports/.store/0123456789abcdef/db/CURRENT"], cwd=REPO)
    assert ignored.returncode == 0


def test_serve_on_disk_answers_from_the_persisted_store(build_copy):
    from starlette.testclient import TestClient

    from cio_graph.queries.service import create_app

    query = "SELECT (COUNT(?n) AS ?networks) WHERE { ?n a cio:Network }"
    answers = []
    for on_disk in (False, True):
        with TestClient(create_app(build_copy, workers=1, on_disk=on_disk)) as client:
            reply = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
            assert reply.status_code == 200
            answers.append(reply.json()["results"]["bindings"])
    assert answers[0] == answers[1] and int(answers[1][0]["networks"]["value"]) == 59


def test_serve_on_disk_without_a_current_store_refuses_to_start(build_copy):
    from starlette.testclient import TestClient

    from cio_graph.queries.protocol_errors import ProtocolError
    from cio_graph.queries.service import create_app

    shutil.rmtree(build_copy / STORE_DIR)
    with pytest.raises(ProtocolError, match="no persisted store matches this graph"):
        with TestClient(create_app(build_copy, workers=1, on_disk=True)):
            pass


def test_a_low_memory_build_writes_the_same_files_and_store(bundled_build, tmp_path, monkeypatch):
    from cio_graph.graph import export as graph_export

    monkeypatch.setattr(graph_export, "STORE_BATCH", 1000)  # the bundled graph in several batches
    monkeypatch.setattr(graph_export, "SPILL_NETWORKS", 7)  # its triples in many runs merged back
    spilled = []

    def spill_and_count(parts, folder):
        runs = spill(parts, folder)
        spilled.append((folder, len(runs)))
        return runs

    monkeypatch.setattr(graph_export, "spill", spill_and_count)
    out = tmp_path / "low"
    with new_collection(out, low_memory=True) as spooled:  # the records on disk, as `build --low-memory` keeps them
        collect([bundled_report()], collection=spooled)
        assert spooled.spool is not None and spooled.spool.path.is_file()
        write_build(spooled, out, low_memory=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".low.lock", "low"]  # the spool's folder removed
    [(folder, runs)] = spilled
    assert runs > 5 and not folder.exists()  # many runs, removed once merged
    names = sorted(p.name for p in bundled_build.iterdir() if p.is_file())
    assert names == sorted(p.name for p in out.iterdir() if p.is_file())
    for name in names:
        assert (out / name).read_bytes() == (bundled_build / name).read_bytes(), name
    [folder] = stores(out)
    lines = len((out / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert lines > 3 * 1000 and read_stamp(folder)["triples"] == lines
    for query in list_queries():
        text = query.bind({})
        batched = run_on_store(text, open_store(out / "graph.nt"), query.name)
        whole = run_on_store(text, open_store(bundled_build / "graph.nt"), query.name)
        assert batched.rows == whole.rows, query.name


def test_build_low_memory_from_the_command_line(default_build, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()", "build", "-q", "--low-memory"]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]  # no spool of the records left
    for name in sorted(p.name for p in default_build.iterdir() if p.is_file()):
        assert (out / name).read_bytes() == (default_build / name).read_bytes(), name
    assert store_for(out / "graph.nt") is not None
