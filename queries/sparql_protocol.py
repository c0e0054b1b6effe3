"""The SPARQL 1.1 Protocol without HTTP: turn requests into query operations and answer them.

A query is judged by :mod:`queries.query_guard` (updates and ``SERVICE`` clauses refused, by the
token rules of the engine that runs it), then runs on pyoxigraph with the prefixes of
:data:`queries.engine.PREFIXES` predeclared and relative IRIs resolved against
:data:`queries.engine.BASE_IRI`; the dataset parameters replace the query's ``FROM`` and ``FROM
NAMED`` clauses; at most ``max_rows`` rows (or triples) are kept and the serialized answer may not
exceed ``max_answer_bytes``. Syntax errors are the engine's.

The pieces live in focused modules, re-exported here: errors (:mod:`queries.protocol_errors`),
negotiation (:mod:`queries.negotiation`), serialization (:mod:`queries.answers`), the answer
cache (:mod:`queries.answer_cache`) and the worker processes (:mod:`queries.worker_pool`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from cio_graph.queries.answer_cache import AnswerCache
from cio_graph.queries.answers import BoundedOutput, serialize_boolean, serialize_graph, serialize_solutions
from cio_graph.queries.engine import BASE_IRI, PREFIXES, format_result, run_sparql
from cio_graph.queries.negotiation import (
    CANNED_CANONICAL,
    CANNED_TYPES,
    CANONICAL,
    GRAPH_TYPES,
    RESULT_TYPES,
    negotiate,
)
from cio_graph.queries.protocol_errors import (
    AnswerTooLarge,
    MalformedQuery,
    NotAcceptable,
    ProtocolError,
    QueryRefused,
    QueryTimeout,
    RequestTimeout,
    RequestTooLarge,
    TooManyRequests,
    UnsupportedMediaType,
    WorkerCrashed,
)
from cio_graph.queries.protocol_params import check_charset, format_accept, media_type, resolve_iri, version_of
from cio_graph.queries.query_guard import check_query, inspect_query
from cio_graph.queries.worker_pool import QueryPool, worker_main

__all__ = [
    "CANNED_CANONICAL",
    "CANNED_TYPES",
    "CANONICAL",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "AnswerCache",
    "AnswerTooLarge",
    "CannedRequest",
    "MalformedQuery",
    "NotAcceptable",
    "ProtocolError",
    "QueryPool",
    "QueryRefused",
    "QueryRequest",
    "QueryTimeout",
    "RequestTimeout",
    "RequestTooLarge",
    "TooManyRequests",
    "UnsupportedMediaType",
    "WorkerCrashed",
    "answer_query",
    "inspect_query",
    "negotiate",
    "protocol_request",
    "worker_main",
]


@dataclass(frozen=True)
class Answer:
    """A serialized answer: media type, body, rows (or triples) written, and whether the cap cut it."""

    media_type: str
    body: bytes
    rows: int
    truncated: bool = False


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL Protocol query operation: query text, ``Accept`` header and RDF dataset."""

    text: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def dataset(self) -> dict:
        """The ``default_graph``/``named_graphs`` arguments of pyoxigraph's ``Store.query``: none when the
        request names no graph; else exactly the graphs it names, which replace the query's ``FROM``
        and ``FROM NAMED`` (a request naming only default graphs has no named graphs, and vice versa).
        """
        if not self.default_graphs and not self.named_graphs:
            return {}
        return {
            "default_graph": [pyoxigraph.NamedNode(iri) for iri in self.default_graphs],
            "named_graphs": [pyoxigraph.NamedNode(iri) for iri in self.named_graphs],
        }

    def run(self, store, graph: Path, max_rows: int, max_answer_bytes: int = 64 * 2**20) -> Answer:
        """Judge, negotiate, run and serialize (see :func:`answer_query`)."""
        return answer_query(store, self, max_rows, max_answer_bytes)


@dataclass(frozen=True)
class CannedRequest:
    """A bound canned query, answered in the table format of :func:`queries.engine.format_result`."""

    text: str
    format: str
    source: str

    def run(self, store, graph: Path, max_rows: int, max_answer_bytes: int = 64 * 2**20) -> Answer:
        """Run on the worker's store and format; CSV and TSV cells are spreadsheet-safe. A JSON answer
        cut at ``max_rows`` carries ``"truncated": true`` and a ``"note"`` saying where it was cut."""
        result = run_sparql(self.text, graph, source=self.source)
        truncated = len(result.rows) > max_rows
        result.rows = result.rows[:max_rows]
        out = BoundedOutput(max_answer_bytes)
        text = format_result(result, self.format, spreadsheet_safe=True)
        if truncated and self.format == "json":  # the cut is said in the answer too, not only its headers
            text = (
                json.dumps(
                    {**json.loads(text), "truncated": True, "note": f"results truncated at {max_rows} rows"},
                    ensure_ascii=False,
                    indent=2,
                )
                + "\n"
            )
        out.write(text)
        return Answer(CANNED_CANONICAL[self.format], out.getvalue(), len(result.rows), truncated)


def protocol_request(
    method: str, content_type: str, params: list[tuple[str, str]], body: bytes, accept: str
) -> QueryRequest | None:
    """The query operation of an HTTP request, following the SPARQL 1.1 Protocol's three bindings;
    None for a GET (or HEAD) without a query (the service description is asked for).

    ``params`` are the URL's query parameters; ``body`` the request body. An update (``update=``
    or ``application/sparql-update``) is :class:`QueryRefused`; a GET with a body, more than one
    query or ``version``, an unknown version and a bad dataset IRI are :class:`MalformedQuery`;
    a body type other than the protocol's, or a charset other than UTF-8, is
    :class:`UnsupportedMediaType`. ``format=``/``output=`` stand for ``Accept`` (see
    :func:`queries.protocol_params.format_accept`).

    >>> protocol_request("POST", "application/sparql-query", [], b"ASK {}", "").text
    'ASK {}'
    >>> protocol_request("GET", "", [("query", "ASK {}"), ("format", "csv")], b"", "").accept
    'text/csv'
    """
    from urllib.parse import parse_qsl

    kind, parameters = media_type(content_type)
    fields = list(params)
    if method == "POST":
        if kind == "application/sparql-update":
            raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
        if kind == "application/x-www-form-urlencoded":
            check_charset(kind, parameters)
            fields += parse_qsl(_decode(body), keep_blank_values=True)
        elif kind == "application/sparql-query":
            check_charset(kind, parameters)
            fields.append(("query", _decode(body)))
        else:
            _refuse_update_body(body)
            raise UnsupportedMediaType(
                f"unsupported body type {kind or '(none)'}: send application/sparql-query "
                "or application/x-www-form-urlencoded"
            )
    names = [name for name, _ in fields]
    if "update" in names:
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
    if method in ("GET", "HEAD") and body:
        raise MalformedQuery("a GET request must not carry a body: send the query in the URL, or POST it")
    if method in ("GET", "HEAD") and "query" not in names:
        format_accept(fields, accept)  # a bad format is a 400 here too
        return None
    queries = [value for name, value in fields if name == "query"]
    if len(queries) != 1:
        raise MalformedQuery("expected exactly one 'query' parameter")
    version_of(fields, parameters if kind == "application/sparql-query" else {})
    return QueryRequest(
        queries[0],
        " ".join(format_accept(fields, accept).split()),
        tuple(resolve_iri(value, name) for name, value in fields if name == "default-graph-uri"),
        tuple(resolve_iri(value, name) for name, value in fields if name == "named-graph-uri"),
    )


def _refuse_update_body(body: bytes) -> None:
    """A body of an unsupported type that is an update all the same (form fields with ``update``, or
    text the judge reads as an update) is refused as an update (403), whatever its type."""
    from urllib.parse import parse_qsl

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    if any(name == "update" for name, _ in parse_qsl(text, keep_blank_values=True)):
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
    try:
        check_query(text)
    except QueryRefused:
        raise
    except ProtocolError:
        return


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedQuery(f"the request body is not UTF-8: {error}") from None


def answer_query(store, request: QueryRequest, max_rows: int, max_answer_bytes: int = 64 * 2**20) -> Answer:
    """Answer ``request`` on ``store``: judge, pick the format, run, keep ``max_rows``, serialize.

    The format is negotiated before the query runs when the judge recognises its form; the
    engine's syntax error is a :class:`MalformedQuery` with the engine's message.
    """
    form = check_query(request.text)
    fmt = _format(form, request.accept) if form else None
    try:
        result = store.query(request.text, prefixes=PREFIXES, base_iri=BASE_IRI, **request.dataset())
    except SyntaxError as error:
        raise MalformedQuery(f"SPARQL syntax error: {error}") from None
    except ValueError as error:  # a bad IRI in the dataset parameters
        raise MalformedQuery(str(error)) from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        fmt = fmt or _format("ASK", request.accept)
        return Answer(CANONICAL[fmt], serialize_boolean(bool(result), fmt), 1)
    kept, truncated = _take(result, max_rows)
    if isinstance(result, pyoxigraph.QueryTriples):
        fmt = fmt or _format("CONSTRUCT", request.accept)
        return Answer(CANONICAL[fmt], serialize_graph(kept, fmt, max_answer_bytes), len(kept), truncated)
    fmt = fmt or _format("SELECT", request.accept)
    variables = [variable.value for variable in result.variables]
    columns = range(len(variables))
    rows = ([solution[column] for column in columns] for solution in kept)  # by position: faster than by name
    return Answer(CANONICAL[fmt], serialize_solutions(variables, rows, fmt, max_answer_bytes), len(kept), truncated)


def _format(form: str, accept: str) -> str:
    offers = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    return negotiate(accept, offers)[0]


def _take(iterator, max_rows: int) -> tuple[list, bool]:
    """The first ``max_rows`` items, and whether there were more."""
    items: list = []
    for item in iterator:
        if len(items) == max_rows:
            return items, True
        items.append(item)
    return items, False
