"""The endpoint never fetches anything and never updates: one judge (the engine's own token rules)
on the server and the command line, and query workers without network access.

Every attack goes to a live uvicorn server on 127.0.0.1 through the three protocol bindings,
while a real HTTP listener on 127.0.0.1 records any connection the server might open.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cio_graph.queries.protocol_errors import MalformedQuery, QueryRefused
from cio_graph.queries.query_guard import MAX_NESTING, check_query, tokens
from cio_graph.queries.service import create_app
from tests.test_service import FIXTURE, make_build, running_server

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def http_listener():
    """An HTTP server on 127.0.0.1 recording every connection made to it; yields (base URL, hits)."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"<http://e/a> <http://e/b> <http://e/c> .\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def verify_request(self, request, client_address) -> bool:
            hits.append(f"connection from {client_address[0]}")
            return True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    build = make_build(tmp_path_factory.mktemp("guard"))
    with running_server(create_app(build, timeout=5, workers=2)) as url:
        yield url


def send_three_ways(base: str, query: str) -> list[httpx.Response]:
    """The query by GET, by POST form and by POST body."""
    with httpx.Client(base_url=base, timeout=30) as client:
        return [
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}),
        ]


SERVICE_ATTACKS = [
    "SELECT * WHERE {{ # x\rSERVICE <{url}/internal> {{ ?a ?b ?c }}\n}}",
    "SELECT * WHERE {{ # x\r\nSERVICE <{url}/internal> {{ ?a ?b ?c }}\n}}",
    "SELECT * WHERE {{ # x\nSERVICE <{url}/internal> {{ ?a ?b ?c }}\n}}",
    "SELECT * WHERE {{ {{ OPTIONAL {{ {{ ?s ?p ?o MINUS {{ SERVICE <{url}/n> {{ ?s ?p ?o }} }} }} }} }} }}",
    "select * where {{ service <{url}/lower> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}/silent> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}/glued>{{ ?s ?p ?o }} }}",
    "PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "PREFIX s: <{url}/> SELECT * WHERE {{ SERVICEs:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p true\tSERVICE <{url}/t> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE<{url}/t>{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p true.SERVICE<{url}/dot>{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p 'x'@enSERVICE<{url}/lang>{{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:a\\' ?o . SERVICE <{url}/esc> {{ ?x ?y ?z }} }} # '",
    "SELECT * WHERE {{ ?s ?p '''# x''' SERVICE <{url}/after-string> {{ ?x ?y ?z }} }}",
]


@pytest.mark.parametrize("template", SERVICE_ATTACKS)
def test_service_refused_and_nothing_fetched(base, template):
    with http_listener() as (url, hits):
        for response in send_three_ways(base, template.format(url=url)):
            assert response.status_code == 403, response.text
            assert "SERVICE clauses are not allowed" in response.text
    assert hits == []


UPDATE_ATTACKS = [
    'INSERT DATA {{ <http://e/a> <http://e/b> "c" }}',
    "LOAD <{url}/graph.nt>",
    "# comment\rLOAD <{url}/graph.nt>",
    "load silent <{url}/graph.nt> into graph <http://e/g>",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "CREATE GRAPH <http://e/g>",
    "ADD DEFAULT TO <http://e/g>",
    "COPY DEFAULT TO <http://e/g>",
    "MOVE DEFAULT TO <http://e/g>",
    "DELETE WHERE {{ ?s ?p ?o }}",
    "SELECT * {{ ?s ?p ?o }} ; INSERT DATA {{ <http://e/a> <http://e/b> 1 }}",
]


@pytest.mark.parametrize("template", UPDATE_ATTACKS)
def test_updates_refused_by_every_binding(base, template):
    with http_listener() as (url, hits):
        for response in send_three_ways(base, template.format(url=url)):
            assert response.status_code == 403, response.text
            assert "Update is not allowed" in response.text
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.post("/sparql", data={"update": template.format(url=url)}).status_code == 403
            assert (
                client.post(
                    "/sparql", content=template.format(url=url), headers={"Content-Type": "application/sparql-update"}
                ).status_code
                == 403
            )
    assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?n WHERE { ?n a cio:Network ; dcterms:title ?t FILTER(?t != """x\rSERVICE <http://127.0.0.1:9/> { }""") }',
        "SELECT ?n WHERE { ?n a cio:Network } # \\r SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
        "PREFIX service: <https://w3id.org/cio-graph/vocab#>\nASK { ?n a service:Network }",
        "SELECT ?n WHERE { ?n a cio:Network ; dcterms:title ?t FILTER(LANG(?t) != 'service') }",
        "SELECT ?n WHERE { ?n a cio:Network FILTER(?n != <http://example.org/SERVICE/LOAD>) }",
    ],
)
def test_words_in_strings_iris_and_comments_are_no_keywords(base, query):
    for response in send_three_ways(base, query):
        assert response.status_code == 200, response.text


def test_the_attack_is_real_without_the_judge():
    """Control: the engine alone, not network-isolated, does fetch the listener for the ``\\r`` query."""
    with http_listener() as (url, hits):
        query = f"SELECT * WHERE {{ # x\rSERVICE <{url}/internal> {{ ?a ?b ?c }}\n}}"
        code = f"import pyoxigraph\nprint(len(list(pyoxigraph.Store().query({query!r}))))"
        subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)  # fails on the reply
    assert any("/internal" in hit for hit in hits)


def test_isolated_worker_cannot_fetch_whatever_the_text():
    """Behind the judge: a process that ran :func:`isolate_network` reaches nothing, SERVICE included."""
    with http_listener() as (url, hits):
        port = int(url.rsplit(":", 1)[1])
        code = textwrap.dedent(f"""
            from cio_graph.queries.sandbox import can_connect, isolate_network
            import pyoxigraph
            assert isolate_network(), "no network namespace"
            assert not can_connect("127.0.0.1", {port})
            try:
                list(pyoxigraph.Store().query("SELECT * {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }}"))
            except OSError as error:
                print("refused:", error)
            """)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert "refused:" in run.stdout
    assert hits == []


def test_server_workers_are_network_isolated(tmp_path):
    app = create_app(make_build(tmp_path), timeout=5, workers=2)
    with running_server(app):
        assert app.state.pool.network_isolated


@pytest.mark.parametrize("template", [SERVICE_ATTACKS[0], "LOAD <{url}/graph.nt>"])
def test_command_line_uses_the_same_judge(template):
    with http_listener() as (url, hits):
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                "from cio_graph.queries.cli import main; main()",
                "sparql",
                "--graph",
                str(FIXTURE),
                template.format(url=url),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO,
        )
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: <query>: ")
    assert "not allowed" in run.stderr
    assert hits == []


def test_nesting_runs_fine_to_the_limit_and_is_a_clear_400_beyond(base):
    with httpx.Client(base_url=base, timeout=30) as client:
        fifty = "SELECT * WHERE " + "{" * 50 + " ?s ?p ?o " + "}" * 50 + " LIMIT 1"
        assert client.get("/sparql", params={"query": fifty}).status_code == 200
        deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
        response = client.post("/sparql", data={"query": deep})
        assert response.status_code == 400 and f"nesting limit is {MAX_NESTING}" in response.text
        unary = "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }"
        response = client.post("/sparql", data={"query": unary})
        assert response.status_code == 400 and "nesting limit" in response.text
        assert client.get("/sparql", params={"query": fifty}).status_code == 200


def test_tokenizer_follows_the_engine():
    assert [kind for kind, _ in tokens("'''a'b''c''' \"\"\"x\"\"\" 'q\\'' \"d\\\"\"")] == ["string"] * 4
    assert list(tokens("# one\rASK # two\r\n{}")) == [("word", "ASK"), ("other", "{"), ("other", "}")]
    assert check_query("PREFIX service: <http://e/> ASK { ?s a service:x }") == "ASK"
    assert check_query("BASE <http://e/> PREFIX p: <x> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert check_query("not a query") is None


def test_engine_reads_unicode_escapes_only_inside_strings_and_iris():
    """The judge assumes pyoxigraph does not unescape ``\\u`` before parsing (its optional
    "standard-unicode-escaping"); if an upgrade turns it on, ``\\u0053ERVICE`` would be a keyword."""
    import pyoxigraph

    with pytest.raises(SyntaxError):
        pyoxigraph.Store().query("\\u0053ELECT * WHERE { ?s ?p ?o }")
    assert next(iter(pyoxigraph.Store().query('SELECT ?x WHERE { BIND("\\u0041" AS ?x) }')))["x"].value == "A"


@pytest.mark.parametrize("text", ["\"(a(\\'" * 16_000, "SELECT * WHERE { ?s ?p 'open }", 'ASK { ?s ?p "x\ny" }'])
def test_a_string_that_never_ends_is_a_syntax_error(text):
    with pytest.raises(MalformedQuery, match="does not end"):
        check_query(text)


# ---------------------------------------------------------------- the judge against the engine itself

SEPARATORS = ["", " ", "\r", "\n", "\r\n", "\t", "#c\r", "#c\n", " # c\r\n", "#'\r", '#"\r']
KEYWORDS = ["SERVICE", "service", "SeRvIcE"]
TARGETS = ["<http://127.0.0.1:9/x>", ":x", "s:x", ":", "s:"]
JUNK = [
    "",
    "?s ?p ?o",
    "?s ?p ?o .",
    "?s ?p true",
    "?s ?p true.",
    "?s ?p false",
    "?s ?p 1",
    "?s ?p 1.",
    "?s ?p 'x'",
    "?s ?p 'x'@en",
    '?s ?p """a\rb"""',
    "?s s:a\\' ?o",
    "?s s:a\\# ?o",
    "#",
    "'",
    '"',
    "'''",
    "\\",
    "{ }",
    "OPTIONAL { ?s ?p ?o }",
    "FILTER(true)",
    "BIND(1 AS ?z)",
    "<<",
    "?s <p> ?o",
    "_:b ?p ?o",
    "?s a ?o",
]


def engine_calls_a_service(query: str) -> bool:
    """Whether Oxigraph evaluates a SERVICE clause of ``query``: every absolute IRI here points at
    port 9, which it refuses before connecting ("port 9 is not allowed"), so no traffic is made."""
    import pyoxigraph

    try:
        list(pyoxigraph.Store().query(query))
    except OSError as error:
        return "port 9" in str(error)
    except SyntaxError:
        return False
    return False


@given(
    st.sampled_from(JUNK),
    st.sampled_from(SEPARATORS),
    st.sampled_from(KEYWORDS),
    st.sampled_from(SEPARATORS),
    st.sampled_from(TARGETS),
    st.sampled_from(SEPARATORS),
    st.sampled_from(JUNK),
)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whenever_the_engine_would_call_a_service_the_judge_refuses(before, sep1, keyword, sep2, target, sep3, after):
    """Differential check against the engine itself, on text built around a SERVICE clause."""
    body = f"{before}{sep1}{keyword}{sep2}{target}{sep3}{{ ?a ?b ?c }} {after}"
    query = f"PREFIX : <http://127.0.0.1:9/> PREFIX s: <http://127.0.0.1:9/> SELECT * WHERE {{ {body} }}"
    if engine_calls_a_service(query):
        with pytest.raises(QueryRefused):
            check_query(query)


def test_the_differential_check_does_see_service_calls():
    """The oracle of the check above is live: plain clauses are evaluated (and refused by the judge)."""
    query = "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { # note\rSERVICE:x { ?a ?b ?c } }"
    assert engine_calls_a_service(query)
    with pytest.raises(QueryRefused):
        check_query(query)
    assert not engine_calls_a_service("SELECT * WHERE { ?s ?p ?o }")
