"""The service description answered at ``GET /sparql`` without a query (SPARQL 1.1 Service Description).

It says what the endpoint is and does: an ``sd:Service`` with its ``sd:endpoint``, the language
(``sd:SPARQL11Query``; no update), the result formats, its features, the default dataset with
every named graph (and their sizes, ``void:triples``), and the prefixes every query may use
without declaring them, as SHACL prefix declarations (``sh:declare``). What the vocabulary has no
term for is said with the service's own terms under :data:`SERVICE_NS`: the base IRI that
relative IRIs resolve against, the row cap, and the features ``ReadOnly`` and ``NoFederation``.
Turtle by default, JSON-LD or N-Triples by ``Accept`` (or ``format=``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from cio_graph.queries.engine import BASE_IRI, PREFIXES
from cio_graph.queries.negotiation import negotiate
from cio_graph.queries.sparql_protocol import Answer

__all__ = [
    "DESCRIPTION_TYPES",
    "RESULT_FORMATS",
    "SERVICE_NS",
    "DatasetSummary",
    "describe_service",
    "description_triples",
]

SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
SERVICE_NS = "https://w3id.org/cio-graph/service#"
# The formats of W3C's registry (http://www.w3.org/ns/formats/) the endpoint answers in.
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
DESCRIPTION_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/json": "jsonld",
    "text/plain": "turtle",
}
_RDF_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
}
_MEDIA = {"turtle": "text/turtle; charset=utf-8", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}


@dataclass(frozen=True)
class DatasetSummary:
    """A request for the graphs of the store and their sizes, answered by a query worker."""

    def run(self, store, graph: Path, max_rows: int, max_answer_bytes: int = 0) -> Answer:
        """The default graph's size and every named graph's name and size, as JSON
        (``[[graph IRI or null, triples], ...]``)."""
        graphs: list[list] = [[None, _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")]]
        for solution in store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        ):
            if isinstance(solution["g"], NamedNode):
                graphs.append([solution["g"].value, int(solution["n"].value)])
        return Answer("application/json", json.dumps(graphs).encode(), len(graphs))


def _count(store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def describe_service(endpoint: str, graphs: list[list], accept: str, max_rows: int) -> tuple[str, bytes]:
    """``(media type, body)`` of the description of the endpoint at ``endpoint`` serving ``graphs``
    (as :class:`DatasetSummary` gives them) in the format ``accept`` prefers."""
    fmt, _ = negotiate(accept, DESCRIPTION_TYPES)
    triples = description_triples(endpoint, graphs, max_rows)
    prefixes = {
        "sd": SD,
        "sh": SH,
        "void": VOID,
        "formats": FORMATS,
        "service": SERVICE_NS,
        "xsd": PREFIXES["xsd"],
        "rdfs": PREFIXES["rdfs"],
    }
    if fmt == "turtle":
        data = pyoxigraph.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=prefixes)
    else:
        data = pyoxigraph.serialize(triples, format=_RDF_FORMATS[fmt])
    assert data is not None  # no output given: the bytes are returned
    return _MEDIA[fmt], data


def description_triples(endpoint: str, graphs: list[list], max_rows: int) -> list[Triple]:
    """The triples of the service description."""
    service = BlankNode()
    triples: list[Triple] = []

    def add(subject, predicate: str, obj) -> None:
        triples.append(Triple(subject, NamedNode(predicate), obj))

    def typed(subject, kind: str) -> None:
        triples.append(Triple(subject, RDF_TYPE, NamedNode(kind)))

    typed(service, SD + "Service")
    add(service, SD + "endpoint", NamedNode(endpoint))
    add(service, SD + "supportedLanguage", NamedNode(SD + "SPARQL11Query"))
    for name in RESULT_FORMATS:
        add(service, SD + "resultFormat", NamedNode(FORMATS + name))
    add(service, SD + "defaultEntailmentRegime", NamedNode("http://www.w3.org/ns/entailment/Simple"))
    for feature, comment in (
        ("ReadOnly", "SPARQL Update is refused (403); the graph never changes."),
        ("NoFederation", "SERVICE clauses are refused (403): no other endpoint is ever asked."),
    ):
        add(service, SD + "feature", NamedNode(SERVICE_NS + feature))
        add(NamedNode(SERVICE_NS + feature), PREFIXES["rdfs"] + "comment", Literal(comment))
    add(service, SERVICE_NS + "baseIRI", Literal(BASE_IRI, datatype=NamedNode(PREFIXES["xsd"] + "anyURI")))
    add(service, SERVICE_NS + "maxRows", Literal(str(max_rows), datatype=NamedNode(PREFIXES["xsd"] + "integer")))
    add(
        service,
        PREFIXES["rdfs"] + "comment",
        Literal(
            f"Relative IRIs resolve against {BASE_IRI}. Answers hold at most {max_rows} rows (or triples); "
            "a cut answer carries the headers Warning, X-SPARQL-MaxRows and a Link to this description. "
            "The prefixes declared here (sh:declare) may be used without PREFIX lines."
        ),
    )
    for prefix, namespace in PREFIXES.items():
        declaration = BlankNode()
        add(service, SH + "declare", declaration)
        add(declaration, SH + "prefix", Literal(prefix))
        add(declaration, SH + "namespace", Literal(namespace, datatype=NamedNode(PREFIXES["xsd"] + "anyURI")))
    dataset, default_graph = BlankNode(), BlankNode()
    add(service, SD + "defaultDataset", dataset)
    typed(dataset, SD + "Dataset")
    add(dataset, SD + "defaultGraph", default_graph)
    for name, size in graphs:
        graph = default_graph if name is None else BlankNode()
        typed(graph, SD + "Graph")
        add(graph, VOID + "triples", Literal(str(size), datatype=NamedNode(PREFIXES["xsd"] + "integer")))
        if name is not None:
            named = BlankNode()
            add(dataset, SD + "namedGraph", named)
            typed(named, SD + "NamedGraph")
            add(named, SD + "name", NamedNode(name))
            add(named, SD + "graph", graph)
    order: dict = {}
    for triple in triples:  # each subject's triples together, so Turtle writes each node once
        order.setdefault(triple.subject, len(order))
    return sorted(triples, key=lambda triple: order[triple.subject])
