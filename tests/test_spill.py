"""Triples spilled to disk in sorted runs and merged back: the same N-Triples and JSON-LD as the
triples held whole, however they are cut."""

from __future__ import annotations

import pytest

from cio_graph.graph.build import bundled_reports, collect
from cio_graph.graph.export.jsonld import write_jsonld
from cio_graph.graph.export.ntriples import write_ntriples
from cio_graph.graph.export.spill import merge_runs, read_run, spill, write_ntriples_and_jsonld, write_run
from cio_graph.graph.link_records import attach_links
from cio_graph.graph.model import Lit, graph_block_chunks, graph_blocks


@pytest.fixture(scope="module")
def records():
    """The bundled TikTok report and Meta pages (indicators, operations and links among them)."""
    collection = collect(bundled_reports())
    networks = collection.networks
    attach_links(networks)
    return collection.reports, networks


@pytest.fixture(scope="module")
def whole(records, tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    blocks = graph_blocks(*records)
    write_ntriples(blocks, folder / "graph.nt")
    write_jsonld(blocks, folder / "graph.jsonld")
    return folder


@pytest.mark.parametrize("chunk", [1, 5, 64, 10_000])
def test_the_merged_runs_write_the_same_files(records, whole, tmp_path, chunk):
    runs = spill(graph_block_chunks(*records, chunk=chunk), tmp_path / "runs")
    networks = len(records[1])
    assert len(runs) == networks // chunk + 1
    write_ntriples_and_jsonld(merge_runs(runs), tmp_path / "graph.nt", tmp_path / "graph.jsonld")
    for name in ("graph.nt", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_subject_in_several_runs_comes_once_with_all_its_pairs(records, whole, tmp_path):
    """Each subject's pairs cut in two runs (the parts of graph_block_chunks never repeat a subject
    today; the merge must not depend on it)."""
    blocks = graph_blocks(*records)
    first = [(subject, pairs[: len(pairs) // 2]) for subject, pairs in blocks]
    second = [(subject, pairs[len(pairs) // 2 :]) for subject, pairs in blocks if len(pairs) > 1]
    runs = spill([first, second], tmp_path / "runs")
    merged = list(merge_runs(runs))
    assert [subject for subject, _ in merged] == [subject for subject, _ in blocks]
    write_ntriples_and_jsonld(iter(merged), tmp_path / "graph.nt", tmp_path / "graph.jsonld")
    for name in ("graph.nt", "graph.jsonld"):
        assert (tmp_path / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_run_keeps_literals_and_iris_apart(tmp_path):
    blocks = [("urn:s", [("urn:p", "urn:o"), ("urn:p", Lit("urn:o")), ("urn:q", Lit("2", "urn:int"))])]
    write_run(blocks, tmp_path / "run")
    [(subject, pairs)] = read_run(tmp_path / "run")
    assert (subject, pairs) == blocks[0]
    assert [type(obj) for _, obj in pairs] == [str, Lit, Lit]
