"""The query service: SPARQL 1.1 Protocol (real SPARQLWrapper client on a live server), safety rules,
canned queries, exports and the page (Starlette TestClient)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import rdflib
import uvicorn
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from starlette.testclient import TestClient

from cio_graph.queries.service import ROW_CAP_HEADER, create_app
from cio_graph.queries.sparql_protocol import (
    GRAPH_TYPES,
    RESULT_TYPES,
    MalformedQuery,
    NotAcceptable,
    QueryRefused,
    inspect_query,
    negotiate,
)

FIXTURE = Path(__file__).parent / "fixtures" / "service_small.ttl"
TRIPLES = len(rdflib.Graph().parse(FIXTURE, format="turtle"))
NETWORKS = "SELECT ?n ?title WHERE { ?n a cio:Network ; dcterms:title ?title } ORDER BY ?n"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A cross product of the whole graph five times over (150^5 rows to count): far beyond any timeout here.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
MAX_ROWS = 50
MAX_REQUEST_BYTES = 4000
TIMEOUT = 1.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def cio_graph_serve(*options: str):
    """``cio-graph serve OPTIONS`` as a user runs it, in a child process on a free port of 127.0.0.1;
    yields ``(process, port)`` once it listens, and stops it afterwards (its stderr stays readable)."""
    import subprocess
    import sys

    port = free_port()
    command = [sys.executable, "-c", "from cio_graph.queries.cli import main; main()", "serve", *options]
    process = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "cio-graph serve did not start"
                time.sleep(0.2)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def running_server(app):
    """Run ``app`` with uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def make_build(folder: Path) -> Path:
    """A build folder around the small graph: graph file, records, a figure, and things never served."""
    build = folder / "build"
    (build / "figures").mkdir(parents=True)
    shutil.copy(FIXTURE, build / "graph.ttl")
    (build / "networks.jsonl").write_text('{"id": "tiktok-2024-05-aaaaaaaaaa"}\n', encoding="utf-8")
    (build / "figures" / "networks-per-month.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    (build / ".hidden").write_text("hidden", encoding="utf-8")
    (folder / "secret.txt").write_text("top secret", encoding="utf-8")
    (build / "escape.txt").symlink_to(folder / "secret.txt")
    return build


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    return make_build(tmp_path_factory.mktemp("service"))


@pytest.fixture(scope="module")
def client(build):
    app = create_app(build, timeout=TIMEOUT, max_rows=MAX_ROWS, max_request_bytes=MAX_REQUEST_BYTES)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def endpoint(build):
    """The SPARQL endpoint URL of a live uvicorn server (what ``cio-graph serve`` runs)."""
    with running_server(create_app(build, timeout=TIMEOUT, max_rows=MAX_ROWS)) as base:
        yield base + "/sparql"


def wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def count(client, query: str = COUNT_ALL) -> int:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------- a real client on a live server


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(endpoint, method):
    result = wrapper(endpoint, NETWORKS, JSON, method).queryAndConvert()
    assert result["head"]["vars"] == ["n", "title"]
    titles = [row["title"]["value"] for row in result["results"]["bindings"]]
    assert len(titles) == 3
    assert "Accounts targeting a global audience" in titles


def test_sparqlwrapper_select_xml_csv_tsv(endpoint):
    xml = wrapper(endpoint, NETWORKS, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 3
    table = list(csv.reader(io.StringIO(wrapper(endpoint, NETWORKS, CSV).queryAndConvert().decode())))
    assert table[0] == ["n", "title"] and len(table) == 4
    assert table[1][0] == "https://w3id.org/cio-graph/id/network/tiktok-2024-05-aaaaaaaaaa"
    tsv = wrapper(endpoint, NETWORKS, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?n\t?title" and tsv[1].startswith("<https://w3id.org/cio-graph/id/network/")


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, "ASK { ?n a cio:Network ; cio:accounts 500 }", JSON).queryAndConvert()["boolean"]
    assert not wrapper(endpoint, "ASK { ?n cio:accounts 501 }", JSON).queryAndConvert()["boolean"]


@pytest.mark.parametrize("fmt,parse_as", [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld"), (XML, "xml")])
def test_sparqlwrapper_construct(endpoint, fmt, parse_as):
    query = "CONSTRUCT { ?n dcterms:title ?t } WHERE { ?n a cio:Network ; dcterms:title ?t }"
    result = wrapper(endpoint, query, fmt).query()
    body = result.response.read()
    graph = rdflib.Graph().parse(data=body, format=parse_as)
    assert len(graph) == 3
    assert rdflib.Literal("Accounts targeting a global audience") in set(graph.objects())


def test_sparqlwrapper_describe(endpoint):
    body = wrapper(endpoint, "DESCRIBE <https://w3id.org/cio-graph/id/country/RO>", TURTLE).query().response.read()
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/cio-graph/id/country/RO"),
        rdflib.RDFS.label,
        rdflib.Literal("Romania"),
    ) in graph


def test_sparqlwrapper_malformed_query(endpoint):
    with pytest.raises(QueryBadFormed) as raised:
        wrapper(endpoint, "SELECT * WHERE { ?s ?p }", JSON).query()
    assert "expected" in str(raised.value).lower()  # the engine's own message


def test_sparqlwrapper_update_refused(endpoint):
    import urllib.error

    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery('INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }')
    sparql.setMethod("POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        sparql.query()
    assert raised.value.code == 403


# ---------------------------------------------------------------- the three protocol bindings


def test_get_post_form_and_post_body_agree(client):
    by_get = client.get("/sparql", params={"query": NETWORKS})
    by_form = client.post("/sparql", data={"query": NETWORKS})
    by_body = client.post("/sparql", content=NETWORKS, headers={"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.json() == by_form.json() == by_body.json()
    assert by_get.headers["content-type"] == "application/sparql-results+json"


def test_dataset_parameters_select_graphs(client):
    # The store holds only the default graph, so a named default graph is empty.
    response = client.get("/sparql", params={"query": COUNT_ALL, "default-graph-uri": "http://example.org/none"})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert count(client) == TRIPLES


def test_missing_query_and_wrong_body_type(client):
    assert client.post("/sparql", data={"default-graph-uri": "http://example.org/g"}).status_code == 400
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")  # the service description
    response = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415 and "application/sparql-query" in response.text


@pytest.mark.parametrize(
    "accept,media_type",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_select_result_format_by_accept(client, accept, media_type):
    response = client.get("/sparql", params={"query": NETWORKS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_format_by_accept(client, accept, fmt):
    response = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s rdfs:label ?o }"}, headers={"Accept": accept}
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    expected = count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?o }")
    assert len(graph) == expected > 0


def test_unacceptable_format_is_406(client):
    response = client.get("/sparql", params={"query": NETWORKS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.status_code == 406


def test_cors_for_browser_clients(client):
    response = client.get("/sparql", params={"query": COUNT_ALL}, headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = client.options(
        "/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "DELETE"}
    )
    assert refused.status_code == 400


# ---------------------------------------------------------------- safety rules


@pytest.mark.parametrize(
    "query",
    [
        'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }',
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "DROP ALL",
        "LOAD <http://127.0.0.1:9/graph.ttl>",
        'PREFIX ex: <http://example.org/>\nWITH ex:g DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o }',
    ],
)
def test_update_in_query_text_refused(client, query):
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 403
        assert "Update is not allowed" in response.text
    assert count(client) == TRIPLES


def test_update_operation_refused(client):
    update = "DELETE WHERE { ?s ?p ?o }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    response = client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403 and "read-only" in response.text
    assert count(client) == TRIPLES


@contextlib.contextmanager
def listener():
    """A TCP listener on 127.0.0.1 recording whether anyone connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    connections = []

    def accept():
        with contextlib.suppress(OSError):
            connections.append(server.accept())

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        thread.join()
        server.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX remote: <{url}>\nSELECT * WHERE {{ ?n a cio:Network OPTIONAL {{ SERVICE remote: {{ ?n ?p ?o }} }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE {{ VALUES ?endpoint {{ <{url}> }} SERVICE ?endpoint {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ # a comment\n SERVICE\n<{url}>\n{{ ?s ?p ?o }} }}",
    ],
)
def test_service_refused_before_any_connection(client, template):
    with listener() as (port, connections):
        query = template.format(url=f"http://127.0.0.1:{port}/sparql")
        response = client.post("/sparql", data={"query": query})
        assert response.status_code == 403, response.text
        assert "SERVICE clauses are not allowed" in response.text
    assert connections == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?n WHERE { ?n dcterms:title ?t FILTER(CONTAINS(?t, "SERVICE")) }',
        'SELECT ?n WHERE { ?n dcterms:title ?t FILTER(?t != """SERVICE <http://127.0.0.1:9/> { }""") }',
        "SELECT ?n WHERE { ?n a cio:Network } # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
        "PREFIX service: <https://w3id.org/cio-graph/vocab#>\nSELECT ?service WHERE { ?service a service:Network }",
        "SELECT ?n WHERE { ?n a cio:Network FILTER(?n != <http://example.org/SERVICE>) }",
    ],
)
def test_service_word_elsewhere_is_no_clause(client, query):
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"]


@pytest.mark.parametrize(
    "query,fragment",
    [
        ("SELECT * WHERE { ?s ?p }", "expected"),
        ("SELEC * WHERE { ?s ?p ?o }", "expected"),
        ("SELECT * WHERE { ?s ?p ?o", "expected"),
        ("", "expected"),
    ],
)
def test_malformed_query_is_400_with_parser_message(client, query, fragment):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "syntax error" in response.text and fragment in response.text.lower()


def test_timeout_answers_503_and_server_stays_healthy(client):
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "longer than" in response.text
    assert elapsed < TIMEOUT + 5
    # The stuck worker was killed and replaced: queries keep being answered, several at a time.
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(count(client))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [TRIPLES] * 6
    assert client.get("/sparql", params={"query": SLOW}).status_code == 503
    assert count(client) == TRIPLES


def test_row_cap(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers[ROW_CAP_HEADER] == str(MAX_ROWS)
    graph = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert len(graph.text.splitlines()) == MAX_ROWS and graph.headers[ROW_CAP_HEADER] == str(MAX_ROWS)
    small = client.get("/sparql", params={"query": NETWORKS})
    assert ROW_CAP_HEADER not in small.headers


def test_request_size_cap(client):
    padding = "#" + "x" * MAX_REQUEST_BYTES + "\n"
    assert client.post("/sparql", data={"query": padding + COUNT_ALL}).status_code == 413
    assert (
        client.post(
            "/sparql", content=padding + COUNT_ALL, headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 413
    )
    assert client.get("/sparql", params={"query": padding + COUNT_ALL}).status_code == 413

    def chunks():  # no Content-Length: the size is counted as the body arrives
        for _ in range(10):
            yield b"#" + b"x" * (MAX_REQUEST_BYTES // 5) + b"\n"

    response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert client.post("/sparql", data={"query": COUNT_ALL}).status_code == 200


# ---------------------------------------------------------------- canned queries


def test_canned_query_list(client):
    queries = client.get("/queries").json()
    assert queries, "the library has canned queries"
    for query in queries:
        assert set(query) >= {"name", "title", "description", "params"}
        assert query["title"] and query["description"]
        for param in query["params"]:
            assert set(param) >= {"name", "type", "default", "description"}


def test_every_canned_query_runs_as_json_and_csv(client):
    for query in client.get("/queries").json():
        name = query["name"]
        as_json = client.get(f"/queries/{name}.json")
        assert as_json.status_code == 200, (name, as_json.text)
        data = as_json.json()
        assert set(data) == {"columns", "rows"}
        assert as_json.headers["content-type"].startswith("application/json")
        as_csv = client.get(f"/queries/{name}.csv")
        assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(as_csv.text)))
        assert rows[0] == data["columns"] and len(rows) == len(data["rows"]) + 1
        by_accept = client.get(f"/queries/{name}", headers={"Accept": "text/csv"})
        assert by_accept.text == as_csv.text


def test_canned_query_finds_rows_of_the_small_graph(client):
    data = client.get("/queries/tactic-frequency.json").json()
    assert len(data["rows"]) == 2
    assert {row["tactic"] for row in data["rows"]} == {"inauthentic-accounts", "ai-generated-content"}


def test_canned_query_parameters(client):
    with_params = [q for q in client.get("/queries").json() if q["params"]]
    assert with_params
    for query in with_params:
        param = query["params"][0]
        if param["type"] in ("integer", "decimal"):
            response = client.get(f"/queries/{query['name']}.json", params={param["name"]: "not a number"})
            assert response.status_code == 400 and param["name"] in response.text
        if param["type"] == "string":  # user text is bound as a literal, never pasted into the query
            hostile = '"} } ; DROP ALL ; SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o'
            response = client.get(f"/queries/{query['name']}.json", params={param["name"]: hostile})
            assert response.status_code == 200 and response.json()["rows"] == []
    response = client.get(f"/queries/{with_params[0]['name']}.json", params={"no_such_param": "1"})
    assert response.status_code == 400 and "unknown parameter" in response.text
    assert count(client) == TRIPLES


def test_unknown_canned_query_is_404(client):
    assert client.get("/queries/no-such-query").status_code == 404
    assert client.get("/queries/..%2Fengine.json").status_code == 404


# ---------------------------------------------------------------- exports and page


def test_exports_listing(client):
    names = {item["name"] for item in client.get("/exports/").json()}
    assert names == {"graph.ttl", "networks.jsonl", "figures/networks-per-month.svg"}
    response = client.get("/exports/graph.ttl")
    assert response.status_code == 200 and response.content == FIXTURE.read_bytes()
    figure = client.get("/exports/figures/networks-per-month.svg")
    assert figure.status_code == 200 and figure.headers["content-type"].startswith("image/svg+xml")
    assert "sandbox" in figure.headers["content-security-policy"]
    assert figure.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/exports/../secret.txt",
        "/exports/%2e%2e/secret.txt",
        "/exports/..%2fsecret.txt",
        "/exports/figures/../../secret.txt",
        "/exports/figures/%2e%2e/%2e%2e/secret.txt",
        "/exports/escape.txt",
        "/exports/.hidden",
        "/exports//etc/passwd",
        "/exports/%2fetc%2fpasswd",
    ],
)
def test_exports_never_leave_the_build_folder(build, path):
    """Raw requests on a live server, so no client normalises the path first."""
    with running_server(create_app(build)) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            reply = b""
            while chunk := connection.recv(65536):
                reply += chunk
    status = int(reply.split(b" ", 2)[1])
    assert status in (400, 404), reply[:200]
    assert b"top secret" not in reply and b"root:" not in reply and b"hidden" not in reply.split(b"\r\n\r\n", 1)[1]


def test_page_and_static_files(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'src="static/app.js"' in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "textContent" in script.text
    assert "innerHTML" not in script.text
    assert client.get("/static/style.css").status_code == 200


# ---------------------------------------------------------------- the data layer


@pytest.mark.parametrize(
    "query,form",
    [
        ("SELECT * {}", "SELECT"),
        ("ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
    ],
)
def test_inspect_query_forms(query, form):
    assert inspect_query(query) == form


def test_inspect_query_errors():
    with pytest.raises(QueryRefused):
        inspect_query("SELECT * { { } UNION { SERVICE ?x { } } }")
    with pytest.raises(QueryRefused):
        inspect_query("ADD DEFAULT TO <http://example.org/g>")
    with pytest.raises(QueryRefused):
        inspect_query("SELECT * { SERVICE }")
    with pytest.raises(MalformedQuery, match="nesting limit"):
        inspect_query("SELECT * { " + "{" * 500 + "}" * 500 + " }")


def test_negotiate():
    assert negotiate("", RESULT_TYPES) == ("json", "application/sparql-results+json")
    assert negotiate("*/*", GRAPH_TYPES) == ("turtle", "text/turtle")
    assert negotiate("text/*", GRAPH_TYPES) == ("turtle", "text/turtle")
    assert negotiate("application/json", GRAPH_TYPES)[0] == "jsonld"
    assert negotiate("text/csv;q=0, */*", RESULT_TYPES)[0] == "json"
    with pytest.raises(NotAcceptable):
        negotiate("text/csv;q=0", RESULT_TYPES)
    assert json.loads(json.dumps(negotiate("text/tab-separated-values", RESULT_TYPES))) == [
        "tsv",
        "text/tab-separated-values",
    ]


# ---------------------------------------------------------------- defaults, command line, load


def test_default_graph_is_a_fresh_build_of_the_bundled_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no exports/ here
    app = create_app(timeout=30)
    scratch = app.state.source
    assert (scratch / "networks.jsonl").is_file()
    networks = len((scratch / "networks.jsonl").read_text(encoding="utf-8").splitlines())
    with TestClient(app) as test_client:
        assert count(test_client, "SELECT (COUNT(?x) AS ?n) WHERE { ?x a cio:Network }") == networks > 0
        exported = {item["name"] for item in test_client.get("/exports/").json()}
        assert {"graph.ttl", "networks.jsonl"} <= exported
    assert not scratch.exists()


def test_cio_graph_serve_command(build):
    """``cio-graph serve`` as a user runs it: a real process answering on 127.0.0.1."""
    import httpx

    with cio_graph_serve("--graph", str(build), "--timeout", "3") as (process, port):
        response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": COUNT_ALL}, timeout=10)
        assert response.json()["results"]["bindings"][0]["n"]["value"] == str(TRIPLES)
    assert str(build / "graph.ttl") in process.stderr.read()


def test_load_benchmark_has_no_errors():
    """50 concurrent clients for a few seconds (the full run is ``benchmarks/load.py``)."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "load.py"
    run = subprocess.run(
        [sys.executable, str(script), "--graph", str(FIXTURE), "--clients", "50", "--duration", "3", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    rows = {row["kind"]: row for row in json.loads(run.stdout)}
    assert rows["all"]["errors"] == 0
    assert all(rows[kind]["requests"] > 0 for kind in ("canned", "adhoc", "unique"))
