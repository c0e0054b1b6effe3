"""The W3C SPARQL Protocol test suite (tests/data/sparql-protocol/) against a live ``cio-graph serve``.

The manifest is read with rdflib; its data files are served as the named graphs it names, from
one N-Quads file (what ``serve --graph suite.nq`` serves); every request of every test goes to
a real uvicorn server on 127.0.0.1, and its status, content type and boolean are checked as the
manifest says. The endpoint is read-only, so a request carrying an update (``update=`` or
``application/sparql-update``) must be refused with 403, and the queries that follow it in the
same test must still answer, in the expected format, the opposite of what the update would
have made true: the refused update changed nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import rdflib
from rdflib import RDF, RDFS, Namespace
from rdflib.collection import Collection

from cio_graph.queries.service import create_app
from tests.test_service import running_server

SUITE = Path(__file__).parent / "data" / "sparql-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Request:
    """One ``ht:Request`` of the manifest and the response it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # leading digits of the acceptable statuses: {"2", "3"}, {"4"}
    expected_format: str | None = None
    expected_boolean: bool | None = None
    content_types: set[str] = field(default_factory=set)  # acceptable response media types, if named

    def is_update(self) -> bool:
        """Whether the request carries an update operation, as the protocol defines one."""
        kind = self.headers.get("content-type", "").split(";")[0].strip().lower()
        params = parse_qsl(urlsplit(self.path).query)
        if kind == "application/x-www-form-urlencoded" and self.body:
            params += parse_qsl(self.body.decode())
        return kind == "application/sparql-update" or any(name == "update" for name, _ in params)


@dataclass
class ProtocolTest:
    """One ``mf:ProtocolTest``: its requests in order and the graphs it loads (name -> file)."""

    name: str
    requests: list[Request]
    graphs: dict[str, Path]


def _statuses(graph: rdflib.Graph, response) -> set[str]:
    values = {str(o).rsplit("StatusCode", 1)[-1][0] for o in graph.objects(response, MF.expectedStatus)}
    values |= {str(o)[0] for o in graph.objects(response, HT.statusCodeValue)}
    assert values, f"no expected status in {response}"
    return values


def _request(graph: rdflib.Graph, node) -> Request:
    headers = {}
    if graph.value(node, HT.headers) is not None:
        for header in Collection(graph, graph.value(node, HT.headers)):
            headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
    body = None
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)  # UTF-16: with its byte order mark
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    if (content := graph.value(response, HT.body)) is not None:  # a response body of just true/false
        boolean = graph.value(content, CNT.chars)
    content_types: set[str] = set()
    if graph.value(response, HT.headers) is not None:
        for header in Collection(graph, graph.value(response, HT.headers)):
            # The header is named Content-Type, or (in some tests) Accept for the types acceptable.
            if str(graph.value(header, HT.fieldName)).lower() in ("content-type", "accept"):
                content_types |= {part.strip() for part in str(graph.value(header, HT.fieldValue)).split(",")}
    fmt = graph.value(response, MF.expectedFormat)
    return Request(
        str(graph.value(node, HT.methodName)),
        str(graph.value(node, HT.absolutePath)),
        headers,
        body,
        _statuses(graph, response),
        str(fmt) if fmt is not None else None,
        None if boolean is None else bool(boolean.toPython()),
        content_types,
    )


def read_manifest(folder: Path = SUITE) -> list[ProtocolTest]:
    """Every test of the manifest, in its order."""
    graph = rdflib.Graph().parse(folder / "manifest.ttl", format="turtle", publicID=(folder / "manifest.ttl").as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        graphs = {
            str(graph.value(data, RDFS.label)): Path(urlsplit(str(graph.value(data, UT.graph))).path)
            for data in graph.objects(test, UT.graphData)
        }
        action = graph.value(test, MF.action)
        requests = [_request(graph, node) for node in Collection(graph, graph.value(action, HT.requests))]
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[-1], requests, graphs))
    return tests


TESTS = read_manifest()


def dataset_nquads(tests: list[ProtocolTest]) -> str:
    """The N-Quads of every graph the tests load, each file in the named graph the manifest gives it."""
    graphs = {name: path for test in tests for name, path in test.graphs.items()}
    lines = []
    for name, path in sorted(graphs.items()):
        for line in path.read_text(encoding="utf-8").splitlines():
            statement = line.strip()
            if statement and not statement.startswith("#"):
                lines.append(f"{statement.removesuffix('.').rstrip()} <{name}> .")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    dataset = tmp_path_factory.mktemp("sparql-protocol") / "suite.nq"
    dataset.write_text(dataset_nquads(TESTS), encoding="utf-8")
    with running_server(create_app(dataset, timeout=10, workers=2, max_per_client=0)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def endpoint_path(path: str) -> str:
    """The manifest's path with its ``/sparql`` or ``/sparql/`` replaced by the endpoint's (``/sparql``)."""
    for prefix in ("/sparql/", "/sparql"):
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            return "/sparql" + (rest if rest.startswith("?") or not rest else "?" + rest.lstrip("?"))
    raise AssertionError(f"unexpected path {path}")


def boolean_of(response: httpx.Response) -> bool:
    """The boolean of a SPARQL results document (JSON or XML)."""
    kind = response.headers["content-type"].split(";")[0]
    if kind == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    from xml.etree import ElementTree

    element = ElementTree.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert element is not None, response.text
    return element.text.strip() == "true"


def check(request: Request, response: httpx.Response, negate: bool) -> None:
    """``response`` is what ``request`` expects (its boolean negated when an update was refused before)."""
    assert str(response.status_code)[0] in request.statuses, (response.status_code, response.text)
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if request.content_types:
        assert kind in request.content_types, kind
    if request.expected_format == "boolean" or request.expected_boolean is not None:
        assert kind in BOOLEAN_TYPES, kind
        if request.expected_boolean is not None:
            assert boolean_of(response) is (request.expected_boolean != negate), response.text
    elif request.expected_format == "tabular":
        assert kind in TABULAR_TYPES, kind
        if kind == "application/sparql-results+json":
            assert json.loads(response.content)["results"]["bindings"] == [
                {"value": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
            ]
    elif request.expected_format == "RDF":
        assert kind in RDF_TYPES, kind
        rdflib.Graph().parse(data=response.content, format=RDF_TYPES[kind])


def update_side(test: ProtocolTest) -> bool:
    """Whether a test is about updates: an ``update_*`` or ``bad_update_*`` test, or one whose
    requests carry an update (``query_base_uri`` inserts its data first)."""
    return test.name.startswith(("update_", "bad_update_")) or any(r.is_update() for r in test.requests)


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_protocol(endpoint, test: ProtocolTest):
    refused_update = False
    for index, request in enumerate(test.requests):
        response = endpoint.request(
            request.method, endpoint_path(request.path), headers=request.headers, content=request.body
        )
        if request.is_update() or (index == 0 and update_side(test)):
            assert response.status_code == 403, (response.status_code, response.text)
            assert "read-only" in response.text
            refused_update = True
        else:
            check(request, response, negate=refused_update)


def test_the_suite_is_whole_and_every_update_side_test_is_refused():
    """48 tests: 29 query-side ones and 19 update-side ones, whose first request is refused with 403.
    Two of those send their update with a wrong or missing body type (``bad_update_wrong_media_type``,
    ``bad_update_missing_form_type``): the endpoint still sees an update, and refuses it as one."""
    assert len(TESTS) == 48
    updates = [test for test in TESTS if update_side(test)]
    assert len(updates) == 19 and len(TESTS) - len(updates) == 29  # the counts docs/service.md gives
    assert {test.name for test in updates if not test.requests[0].is_update()} == {
        "bad_update_wrong_media_type",
        "bad_update_missing_form_type",
    }
    assert {"query_base_uri", "bad_multiple_updates"} <= {test.name for test in updates}
    assert all(test.requests and all(r.statuses for r in test.requests) for test in TESTS)
    assert sum(r.expected_boolean is not None for test in TESTS for r in test.requests) >= 15


def test_bodies_of_other_types_are_refused_as_updates_only_when_they_are(endpoint):
    for body, status in (
        (b"CLEAR NAMED", 403),
        (b"update=CLEAR%20NAMED", 403),
        (b"ASK {}", 415),
        (b"query=ASK%20%7B%7D", 415),
        ("CLEAR ALL".encode("utf-16"), 415),
    ):
        response = endpoint.post("/sparql", content=body, headers={"Content-Type": "text/plain"})
        assert response.status_code == status, (body, response.text)
