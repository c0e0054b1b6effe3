"""The SPARQL Protocol details clients hit, on a live uvicorn server: the base IRI, GET bodies,
``version``, charsets, dataset parameters replacing ``FROM``, the service description, the
``format``/``output`` parameters and visible truncation."""

from __future__ import annotations

import socket

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, Literal, Namespace, URIRef

from cio_graph.queries.engine import BASE_IRI, PREFIXES, run_sparql
from cio_graph.queries.library import list_queries
from cio_graph.queries.protocol_errors import MalformedQuery
from cio_graph.queries.protocol_params import resolve_iri
from cio_graph.queries.query_guard import check_query
from cio_graph.queries.service import ROW_CAP_HEADER, create_app
from tests.test_service import FIXTURE, cio_graph_serve, running_server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
MAX_ROWS = 5
G1, G2, G3 = (f"http://example.org/graph/{n}" for n in (1, 2, 3))
QUADS = f"""
<{BASE_IRI}s> <{BASE_IRI}p> "default" .
<http://example.org/a> <http://example.org/p> "one" <{G1}> .
<http://example.org/b> <http://example.org/p> "two" <{G2}> .
<http://example.org/c> <http://example.org/p> "three" <{G3}> .
<{BASE_IRI}s> <{BASE_IRI}p> "in a graph named relatively" <{BASE_IRI}g> .
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server over a small dataset: a default graph and four named graphs."""
    dataset = tmp_path_factory.mktemp("details") / "dataset.nq"
    dataset.write_text(QUADS, encoding="utf-8")
    with running_server(create_app(dataset, timeout=10, workers=2, max_rows=MAX_ROWS, max_per_client=0)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


@pytest.fixture(scope="module")
def build_server():
    """A live server over the small graph of the service tests, capped at MAX_ROWS rows."""
    with running_server(create_app(FIXTURE, timeout=10, workers=2, max_rows=MAX_ROWS, max_per_client=0)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def select(client: httpx.Client, query: str, **params) -> list[dict]:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return [{name: term["value"] for name, term in row.items()} for row in response.json()["results"]["bindings"]]


# ---------------------------------------------------------------- base IRI


def test_relative_iris_resolve_against_the_documented_base(server):
    assert select(server, "SELECT ?o WHERE { <s> <p> ?o }") == [{"o": "default"}]
    assert select(server, "SELECT ?o WHERE { GRAPH <g> { <s> ?p ?o } }") == [{"o": "in a graph named relatively"}]
    # BASE in the query still wins (REQ-5.1.1), and resolves against the service's base when relative.
    assert select(server, "BASE <http://example.org/> SELECT ?o WHERE { GRAPH <graph/1> { <a> ?p ?o } }") == [
        {"o": "one"}
    ]
    assert select(server, "BASE <sub/> SELECT (<x> AS ?x) {}") == [{"x": BASE_IRI + "sub/x"}]


def test_judge_engine_and_command_line_agree_on_the_base(server, tmp_path):
    query = "SELECT ?o WHERE { <s> <p> ?o }"
    assert check_query(query) == "SELECT"  # the judge lets it through to the engine ...
    graph = tmp_path / "graph.nt"
    graph.write_text(f'<{BASE_IRI}s> <{BASE_IRI}p> "default" .\n', encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):  # ... and every engine resolves it as the endpoint does
        assert run_sparql(query, graph, engine).rows == [("default",)]
    # A relative dataset IRI is resolved by Oxigraph with the same base as FROM <g> in the query.
    assert resolve_iri("g", "default-graph-uri") == BASE_IRI + "g"
    by_parameter = select(server, "SELECT ?o WHERE { ?s ?p ?o }", **{"default-graph-uri": "g"})
    by_from = select(server, "SELECT ?o FROM <g> WHERE { ?s ?p ?o }")
    assert by_parameter == by_from == [{"o": "in a graph named relatively"}]
    with pytest.raises(MalformedQuery):
        resolve_iri("not an iri", "named-graph-uri")
    response = server.get("/sparql", params={"query": "ASK {}", "named-graph-uri": "<x>"})
    assert response.status_code == 400 and "named-graph-uri" in response.text


@pytest.mark.parametrize(
    "iri,resolved",
    [
        ("", BASE_IRI),
        ("#x", BASE_IRI + "#x"),
        ("../x", "https://w3id.org/cio-graph/x"),
        ("?q=1", BASE_IRI + "?q=1"),
        ("//example.org/x", "https://example.org/x"),
        ("country/RO", BASE_IRI + "country/RO"),
    ],
)
def test_relative_iris_resolve_alike_everywhere(server, iri, resolved):
    """The endpoint, the command line's engines and the dataset parameters resolve a relative IRI alike."""
    query = f"SELECT (<{iri}> AS ?x) WHERE {{}}"
    assert check_query(query) == "SELECT"
    assert select(server, query) == [{"x": resolved}]
    assert run_sparql(query, FIXTURE).rows == [(resolved,)]
    assert resolve_iri(iri, "default-graph-uri") == resolved


# ---------------------------------------------------------------- requests the protocol forbids


def raw_request(client: httpx.Client, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection to the server of ``client``; the first bytes of the answer."""
    url = client.base_url
    with socket.create_connection((url.host, url.port), timeout=10) as connection:
        connection.sendall(data)
        return connection.recv(65536)


def test_get_with_a_body_is_400(server):
    response = server.request("GET", "/sparql", params={"query": "ASK {}"}, content=b"unexpected body")
    assert response.status_code == 400 and "body" in response.text
    chunked = raw_request(
        server,
        b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    )
    assert chunked.startswith(b"HTTP/1.1 400")
    assert server.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize(
    "versions,status",
    [
        (["1.1"], 200),
        (["1.2"], 200),
        (["1.1", "1.2"], 400),
        (["1.1", "1.1"], 400),
        (["2.0"], 400),
        ([""], 400),
    ],
)
def test_version_parameter(server, versions, status):
    params = [("query", "ASK {}")] + [("version", version) for version in versions]
    assert server.get("/sparql", params=params).status_code == status
    assert server.post("/sparql", data={"query": "ASK {}", "version": versions}).status_code == status


@pytest.mark.parametrize(
    "content_type,status",
    [
        ("application/sparql-query; version=1.2", 200),
        ("application/sparql-query; version=3", 400),
        ("application/sparql-query; charset=utf-8", 200),
        ('application/sparql-query; charset="UTF-8"', 200),
        ("application/sparql-query; charset=UTF-16", 415),
        ("application/sparql-query; charset=ISO-8859-1", 415),
        ("application/x-www-form-urlencoded; charset=UTF-16", 415),
    ],
)
def test_body_media_type_parameters(server, content_type, status):
    body = "query=ASK%20%7B%7D" if "form" in content_type else "ASK {}"
    encoding = "utf-16" if "16" in content_type else "utf-8"
    response = server.post("/sparql", content=body.encode(encoding), headers={"Content-Type": content_type})
    assert response.status_code == status, response.text


# ---------------------------------------------------------------- the dataset of the protocol request


def graphs_seen(server, query: str, **params) -> list[str]:
    return sorted(row["g"] for row in select(server, query, **params))


def test_dataset_parameters_replace_from_and_from_named(server):
    named = f"SELECT DISTINCT ?g FROM NAMED <{G3}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert graphs_seen(server, named) == [G3]
    assert graphs_seen(server, named, **{"named-graph-uri": G1}) == [G1]
    # Only default graphs given: GRAPH ?g sees no named graph at all, not the query's nor the store's.
    assert graphs_seen(server, named, **{"default-graph-uri": G1}) == []
    assert graphs_seen(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"default-graph-uri": G1}) == []
    default = f"SELECT ?o FROM <{G3}> WHERE {{ ?s ?p ?o }}"
    assert select(server, default) == [{"o": "three"}]
    assert select(server, default, **{"default-graph-uri": G2}) == [{"o": "two"}]
    # Only named graphs given: the default graph is empty, not the query's FROM.
    assert select(server, default, **{"named-graph-uri": G2}) == []
    both = select(
        server,
        "SELECT ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o",
        **{"default-graph-uri": [G1, G2], "named-graph-uri": G3},
    )
    assert both == [{"o": "one"}, {"o": "three", "g": G3}, {"o": "two"}]
    # With no dataset anywhere the store's own: its default graph and every named graph.
    assert select(server, "SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "default"}]
    assert len(graphs_seen(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == 4


# ---------------------------------------------------------------- the service description


def description(server, accept: str | None = None, **params) -> tuple[httpx.Response, rdflib.Graph]:
    response = server.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    kind = response.headers["content-type"].split(";")[0]
    parse_as = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[kind]
    return response, rdflib.Graph().parse(data=response.content, format=parse_as)


def test_service_description(server):
    response, graph = description(server)
    assert response.headers["content-type"].startswith("text/turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef(str(server.base_url) + "/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    formats = {str(f).rsplit("/", 1)[-1] for f in graph.objects(service, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
    } <= formats
    assert set(graph.objects(service, SD.feature))
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(graph.value(dataset, SD.defaultGraph), VOID.triples).toPython() == 1
    named = {
        str(graph.value(n, SD.name)): graph.value(graph.value(n, SD.graph), VOID.triples).toPython()
        for n in graph.objects(dataset, SD.namedGraph)
    }
    assert named == {G1: 1, G2: 1, G3: 1, BASE_IRI + "g": 1}
    declared = {
        str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(service, SH.declare)
    }
    assert declared == PREFIXES
    assert str(MAX_ROWS) in {str(o) for o in graph.objects(service, None) if isinstance(o, Literal)}


@pytest.mark.parametrize(
    "accept,params,media_type",
    [
        ("application/ld+json", {}, "application/ld+json"),
        ("application/n-triples", {}, "application/n-triples"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", {}, "text/turtle"),
        (None, {"format": "jsonld"}, "application/ld+json"),
    ],
)
def test_service_description_formats(server, accept, params, media_type):
    response, graph = description(server, accept, **params)
    assert response.headers["content-type"].startswith(media_type)
    assert graph.value(predicate=RDF.type, object=SD.Service) is not None
    assert server.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_predeclared_prefixes_and_explicit_prefix_lines(server):
    assert select(server, "SELECT ?o WHERE { id:s id:p ?o }") == [{"o": "default"}]
    assert select(server, "PREFIX id: <http://example.org/> SELECT ?o WHERE { GRAPH ?g { id:a ?p ?o } }") == [
        {"o": "one"}
    ]


@pytest.mark.parametrize("query", list_queries(), ids=lambda query: query.name)
def test_canned_queries_run_on_a_plain_store_without_predeclared_prefixes(query):
    """Each canned query carries its PREFIX lines, so its text runs on any SPARQL store."""
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    store.query(query.bind())  # a SyntaxError (an undeclared prefix) fails the test


# ---------------------------------------------------------------- format= and output=


@pytest.mark.parametrize(
    "name,value,media_type",
    [
        ("format", "csv", "text/csv"),
        ("output", "csv", "text/csv"),
        ("format", "tsv", "text/tab-separated-values"),
        ("format", "json", "application/sparql-results+json"),
        ("output", "xml", "application/sparql-results+xml"),
        ("format", "text/csv", "text/csv"),
        ("format", "JSON", "application/sparql-results+json"),
    ],
)
def test_results_format_by_parameter_overrides_accept(server, name, value, media_type):
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    response = server.get(
        "/sparql", params={"query": query, name: value}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
    posted = server.post("/sparql", data={"query": query, name: value})
    assert posted.headers["content-type"].split(";")[0] == media_type and posted.content == response.content


def test_graph_format_by_parameter(server):
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    for value, media_type in (
        ("turtle", "text/turtle"),
        ("json", "application/ld+json"),
        ("xml", "application/rdf+xml"),
        ("nt", "application/n-triples"),
    ):
        response = server.get("/sparql", params={"query": query, "format": value})
        assert response.headers["content-type"].split(";")[0] == media_type
    assert server.get("/sparql", params={"query": query, "format": "csv"}).status_code == 406
    bad = server.get("/sparql", params={"query": query, "format": "yaml"})
    assert bad.status_code == 400 and "yaml" in bad.text
    either = server.get("/sparql", params={"query": query, "format": "json", "output": "turtle"})
    assert either.headers["content-type"].startswith("text/turtle")  # alternatives: the endpoint's first choice
    # SPARQLWrapper's way: format, output and results, with a name and a media type for the same format.
    sent = [
        ("format", "json-ld"),
        ("format", "application/ld+json"),
        ("output", "json-ld"),
        ("output", "application/ld+json"),
        ("results", "json-ld"),
    ]
    response = server.get("/sparql", params=[("query", query), *sent])
    assert response.headers["content-type"].split(";")[0] == "application/ld+json"


def test_canned_query_format_by_parameter(build_server):
    as_csv = build_server.get(
        "/queries/tactic-frequency", params={"format": "csv"}, headers={"Accept": "application/json"}
    )
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("tactic")
    assert as_csv.text == build_server.get("/queries/tactic-frequency.csv").text
    as_tsv = build_server.get("/queries/tactic-frequency", params={"output": "tsv"})
    assert as_tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert build_server.get("/queries/tactic-frequency", params={"format": "xml"}).status_code == 406
    assert build_server.get("/queries/tactic-frequency", params={"output": "json"}).json()["columns"]


def test_answers_vary_by_accept_and_head_is_get_without_body(server):
    response = server.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert {"accept", "origin"} <= {part.strip().lower() for part in response.headers["vary"].split(",")}
    head = server.head("/sparql", params={"query": "ASK {}"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "application/sparql-results+json"
    assert server.head("/sparql").headers["content-type"].startswith("text/turtle")


# ---------------------------------------------------------------- truncation


def test_cut_answers_say_so(build_server):
    response = build_server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["warning"] == f'199 - "results truncated at {MAX_ROWS} rows"'
    assert response.headers[ROW_CAP_HEADER] == str(MAX_ROWS)
    assert response.headers["link"] == '</sparql>; rel="describedby"'
    # The link leads to the service description, which states the cap.
    described = build_server.get(response.links["describedby"]["url"])
    assert described.status_code == 200 and f"maxRows {MAX_ROWS}" in described.text
    exposed = build_server.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Origin": "https://yasgui.example"}
    )
    assert {"warning", "link", ROW_CAP_HEADER.lower()} <= set(
        exposed.headers["access-control-expose-headers"].lower().replace(" ", "").split(",")
    )
    whole = build_server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert not {"warning", "link", ROW_CAP_HEADER.lower()} & set(whole.headers)


def test_cut_canned_answers_say_so_in_json(build_server):
    response = build_server.get("/queries/country-profile.json")
    data = response.json()
    assert len(data["rows"]) == MAX_ROWS, "the profile of the fixture's country has more rows than the cap"
    assert data["truncated"] is True and data["note"] == f"results truncated at {MAX_ROWS} rows"
    assert response.headers["warning"] == f'199 - "results truncated at {MAX_ROWS} rows"'
    csv_answer = build_server.get("/queries/country-profile.csv")
    assert csv_answer.headers[ROW_CAP_HEADER] == str(MAX_ROWS)
    assert len(csv_answer.text.splitlines()) == MAX_ROWS + 1  # CSV stays a plain table: the note is in headers
    small = build_server.get("/queries/tactic-frequency.json").json()
    assert set(small) == {"columns", "rows"}


def test_max_rows_option_of_serve(tmp_path):
    """``cio-graph serve --max-rows`` as a user runs it."""

    with cio_graph_serve("--graph", str(FIXTURE), "--max-rows", "3", "--workers", "1") as (_, port):
        response = httpx.get(
            f"http://127.0.0.1:{port}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10
        )
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["warning"] == '199 - "results truncated at 3 rows"'


def test_nquads_and_trig_datasets_are_served_with_their_named_graphs(server, tmp_path):
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert select(server, count) == [{"n": "4"}]
    trig = tmp_path / "dataset.trig"
    trig.write_text(
        f'<{G1}> {{ <http://example.org/a> <http://example.org/p> "one" }}\n'
        '<http://example.org/d> <http://example.org/p> "default" .\n',
        encoding="utf-8",
    )
    with running_server(create_app(trig, timeout=10, workers=1)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            assert select(client, count) == [{"n": "1"}]
            assert select(client, "SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "default"}]
            _, graph = description(client)
            assert {str(o) for o in graph.objects(None, SD.name)} == {G1}
