"""Push the graph into a real Oxigraph server (SPARQL 1.1 Graph Store Protocol) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from cio_graph.graph.errors import InputError
from cio_graph.queries.cli import cli
from cio_graph.queries.push import PushError, push

FIXTURE = Path(__file__).parent / "fixtures" / "service_small.ttl"
GRAPH_IRI = "https://w3id.org/cio-graph/id/graph/test"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    """Base URL of an Oxigraph server with a fresh store, stopped after the test."""
    executable = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
    assert executable, "the oxigraph server (PyPI package 'oxigraph') must be installed"
    port = free_port()
    process = subprocess.Popen(
        [str(executable), "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, "oxigraph serve exited"
        try:
            httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def remote_count(base: str, pattern: str) -> int:
    response = httpx.get(
        base + "/query",
        params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def local_count() -> int:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    return len(store)


def test_push_twice_replaces_the_named_graph(oxigraph, tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(FIXTURE, build / "graph.ttl")
    expected = local_count()
    named = f"GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }}"

    first = push(build, oxigraph + "/store", GRAPH_IRI)
    assert first.status in (200, 201, 204)
    assert remote_count(oxigraph, named) == expected
    second = push(build, oxigraph + "/store", GRAPH_IRI)
    assert second.status in (200, 204)
    assert remote_count(oxigraph, named) == expected
    assert remote_count(oxigraph, "?s ?p ?o") == 0  # the default graph is untouched

    titles = httpx.get(
        oxigraph + "/query",
        timeout=10,
        headers={"Accept": "text/csv"},
        params={
            "query": f"SELECT ?t WHERE {{ GRAPH <{GRAPH_IRI}> {{ ?n a <https://w3id.org/cio-graph/vocab#Network> ; "
            f"<http://purl.org/dc/terms/title> ?t }} }}"
        },
    )
    assert titles.status_code == 200, titles.text
    assert len(titles.text.splitlines()) == 1 + 3
    assert "Accounts targeting a global audience" in titles.text


def test_push_default_graph_with_the_cli(oxigraph):
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["push", oxigraph + "/store", "--source", str(FIXTURE)])
        assert result.exit_code == 0, result.output
        assert "?default" in result.output
    assert remote_count(oxigraph, "?s ?p ?o") == local_count()


def test_push_errors_name_the_problem(oxigraph, tmp_path):
    with pytest.raises(PushError, match="404"):
        push(FIXTURE, oxigraph + "/no-such-endpoint", GRAPH_IRI)
    closed = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PushError, match="ConnectError"):
        push(FIXTURE, closed, GRAPH_IRI)
    with pytest.raises(InputError, match="absolute IRI"):
        push(FIXTURE, oxigraph + "/store", "not an iri")
    with pytest.raises(InputError, match="no such graph"):
        push(tmp_path / "missing.ttl", oxigraph + "/store")
    result = CliRunner().invoke(cli, ["push", closed, "--source", str(FIXTURE)])
    assert result.exit_code == 1 and "ConnectError" in result.output
