"""Command-line usage: -h everywhere, one ``error:`` prefix, query files, number formatting, push --graph-iri."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from cio_graph.queries.cli import cli
from tests.conftest import REPO

CLI = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()"]
FIXTURE = REPO / "tests" / "fixtures" / "service_small.ttl"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=REPO)


def closed_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/store"


@pytest.mark.parametrize("command", [[], *[[name] for name in sorted(cli.commands)]])
def test_dash_h_is_help_everywhere(command):
    result = run(*command, "-h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Usage: cio-graph {' '.join(command)}".rstrip())
    assert "-h, --help" in result.stdout


@pytest.mark.parametrize(
    "arguments, code, message",
    [
        (["query", "--bogus"], 2, "error: No such option '--bogus'."),
        (["nosuch"], 2, "error: No such command 'nosuch'."),
        (["query"], 2, "error: give a query NAME, or --list to see them"),
        (["query", "x", "--format", "xml"], 2, "error: Invalid value for '--format'"),
        (["sparql", "missing.rq"], 1, "error: missing.rq: no such file: expected a SPARQL query file (.rq, .sparql)"),
        (["sparql", "queries/missing.sparql"], 1, "error: queries/missing.sparql: no such file"),
        (["sparql", "queries"], 1, "error: queries: not a file"),
        (["push", "ftp://nowhere"], 1, "error: ftp://nowhere: expected the http(s) URL"),
    ],
)
def test_every_error_starts_with_error(arguments, code, message):
    result = run(*arguments)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Error:" not in result.stderr and "syntax error" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_query_file_is_still_read_and_a_query_text_still_runs(tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    from_file = run("sparql", str(query), "--graph", str(FIXTURE), "--format", "csv")
    from_text = run("sparql", query.read_text(), "--graph", str(FIXTURE), "--format", "csv")
    assert from_file.returncode == from_text.returncode == 0, from_file.stderr + from_text.stderr
    assert from_file.stdout == from_text.stdout and int(from_file.stdout.split()[1]) > 0


def test_tables_group_thousands_and_csv_json_do_not(default_build):
    graph = str(default_build)
    table = run("query", "tactic-frequency", "--graph", graph)
    csv = run("query", "tactic-frequency", "--graph", graph, "--format", "csv")
    total = "SELECT (SUM(?a) AS ?accounts) WHERE { ?n <https://w3id.org/cio-graph/vocab#accounts> ?a }"
    as_json = run("sparql", total, "--graph", graph, "--format", "json")
    as_table = run("sparql", total, "--graph", graph)
    assert table.returncode == csv.returncode == as_json.returncode == as_table.returncode == 0
    first_table, first_csv = table.stdout.splitlines()[2], csv.stdout.splitlines()[1]
    followers = int(first_csv.rsplit(",", 1)[1])
    assert followers >= 1000 and f"{followers:,}" in first_table and f"{followers:,}" not in csv.stdout
    accounts = json.loads(as_json.stdout)["rows"][0]["accounts"]
    assert type(accounts) is int and accounts >= 1000
    assert f"{accounts:,}" in as_table.stdout and f"{accounts:,}" not in as_json.stdout


def test_push_takes_graph_iri_and_still_the_deprecated_graph():
    url = closed_url()
    new = run("push", url, "--graph-iri", "not an iri", "--source", str(FIXTURE))
    old = run("push", url, "--graph", "not an iri", "--source", str(FIXTURE))
    for result in (new, old):
        assert result.returncode == 1 and "error: not an iri: expected an absolute IRI" in result.stderr
    assert "note: push --graph is deprecated: use --graph-iri" in old.stderr
    assert "deprecated" not in new.stderr
    both = run("push", url, "--graph-iri", "urn:a", "--graph", "urn:a")
    assert both.returncode == 2 and "error: give --graph-iri only" in both.stderr
    assert "--graph " not in run("push", "-h").stdout.replace("--graph-iri", "")
    unreachable = run("push", url, "--graph-iri", "urn:x:g", "--source", str(FIXTURE))
    assert unreachable.returncode == 1 and unreachable.stderr.startswith("error: ")


def test_no_command_shows_the_help():
    result = run()
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: cio-graph [OPTIONS] COMMAND") and "Commands:" in result.stderr
    assert "error:" not in result.stderr
