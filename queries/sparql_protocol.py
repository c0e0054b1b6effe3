"""The SPARQL 1.1 Protocol without HTTP: inspect, negotiate, run with caps, in killable workers.

A query is parsed (rdflib's SPARQL 1.1 grammar) and its parse tree inspected before anything
runs: updates and ``SERVICE`` clauses are refused, so the store is read-only and the server
never opens an outbound connection. The query then runs on pyoxigraph with the prefixes of
:data:`queries.engine.PREFIXES` predeclared; at most ``max_rows`` rows (or triples) are kept.

pyoxigraph cannot interrupt a running query, so queries run in :class:`QueryPool`: worker
processes that each hold the store. A worker that outlives the timeout is killed and a new one
takes its place; the server itself never blocks on a query.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import socket
import subprocess
import sys
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph

from queries.engine import PREFIXES, format_result, oxigraph_store, run_sparql

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Offered media types, best first, and the format each one names (aliases after the canonical type).
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
}
CANNED_TYPES = {"application/json": "json", "text/csv": "csv", "text/tab-separated-values": "tsv"}
CANONICAL = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}
CANNED_CANONICAL = {"json": "application/json", "csv": "text/csv; charset=utf-8",
                    "tsv": "text/tab-separated-values; charset=utf-8"}


class ProtocolError(Exception):
    """A query the endpoint answers with an error; ``status`` is the HTTP status it maps to."""

    status = 500

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class MalformedQuery(ProtocolError):
    """The text is not a SPARQL 1.1 query (the message is the parser's)."""

    status = 400


class QueryRefused(ProtocolError):
    """An update or a ``SERVICE`` clause: this endpoint only reads its own store."""

    status = 403


class NotAcceptable(ProtocolError):
    """No result format the client accepts fits the query form."""

    status = 406


class RequestTooLarge(ProtocolError):
    """The request body or query string is larger than allowed."""

    status = 413


class UnsupportedMediaType(ProtocolError):
    """A POST body of a kind the protocol does not define for queries."""

    status = 415


class QueryTimeout(ProtocolError):
    """The query ran longer than the timeout (or no worker came free in time)."""

    status = 503


@dataclass(frozen=True)
class Answer:
    """A serialized answer: media type, body, rows (or triples) written, and whether the cap cut it."""

    media_type: str
    body: bytes
    rows: int
    truncated: bool = False


# ---------------------------------------------------------------- inspection


def inspect_query(text: str) -> str:
    """The form of query ``text`` ("SELECT", "CONSTRUCT", "DESCRIBE" or "ASK"), checked safe to run.

    Raises :class:`QueryRefused` for an update or a ``SERVICE`` clause anywhere in the query
    (found in the parse tree, so ``service`` inside a literal, an IRI or a comment is no clause),
    and :class:`MalformedQuery` with the parser's message for anything else that does not parse.

    >>> inspect_query('ASK { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://y/>')
    'ASK'
    >>> inspect_query('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    Traceback (most recent call last):
    ...
    queries.sparql_protocol.QueryRefused: SERVICE clauses are not allowed: this endpoint only queries its own graph
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseBaseException as error:
        if _parses_as_update(text, parseUpdate):
            raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only") from None
        raise MalformedQuery(f"SPARQL syntax error: {error}") from None
    except (RecursionError, ValueError, TypeError) as error:
        raise MalformedQuery(f"SPARQL syntax error: {error}") from None
    if "ServiceGraphPattern" in _node_names(tree):
        raise QueryRefused("SERVICE clauses are not allowed: this endpoint only queries its own graph")
    return tree[1].name.removesuffix("Query").upper()


def _parses_as_update(text: str, parse_update) -> bool:
    """True when ``text`` is a SPARQL Update with at least one operation (an empty text is none)."""
    try:
        update = parse_update(text)
    except Exception:  # any failure means "not an update" here; the query error is the one reported
        return False
    return isinstance(update.get("request"), list) and bool(update["request"])


def _node_names(tree) -> set[str]:
    """Names of every grammar node in an rdflib parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return names


# ---------------------------------------------------------------- content negotiation


def negotiate(accept: str, offers: dict[str, str]) -> tuple[str, str]:
    """``(format, media type)`` of the offer the ``Accept`` header prefers (the first offer when absent).

    The offer with the highest quality wins; ties go to the more specific range, then to the
    earlier offer. Nothing acceptable is :class:`NotAcceptable`.

    >>> negotiate("text/csv, */*;q=0.1", RESULT_TYPES)
    ('csv', 'text/csv')
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", RESULT_TYPES)
    ('json', 'application/sparql-results+json')
    """
    ranges = _accept_ranges(accept) or [("*", "*", 1.0)]
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, media_type in enumerate(offers):
        kind, subtype = media_type.split("/")
        matches = [(q, 2 if (t, s) == (kind, subtype) else 1 if s == "*" and t == kind else 0)
                   for t, s, q in ranges
                   if (t, s) in ((kind, subtype), (kind, "*"), ("*", "*"))]
        if not matches:
            continue
        quality, specificity = max(matches, key=lambda m: (m[1], m[0]))
        key = (quality, specificity, -index)
        if quality > 0 and (best is None or key > best):
            best, chosen = key, media_type
    if chosen is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) is offered; offered: {', '.join(offers)}")
    return offers[chosen], chosen


def _accept_ranges(accept: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if "/" not in fields[0]:
            continue
        kind, subtype = (x.strip().lower() for x in fields[0].split("/", 1))
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((kind, subtype, quality))
    return ranges


# ---------------------------------------------------------------- requests


@dataclass(frozen=True)
class QueryRequest:
    """A SPARQL Protocol query operation: query text, ``Accept`` header and RDF dataset."""

    text: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def run(self, store, graph: Path, max_rows: int) -> Answer:
        """Inspect, negotiate, run and serialize (see :func:`answer_query`)."""
        return answer_query(store, self, max_rows)


@dataclass(frozen=True)
class CannedRequest:
    """A bound canned query, answered in the table format of :func:`queries.engine.format_result`."""

    text: str
    format: str
    source: str

    def run(self, store, graph: Path, max_rows: int) -> Answer:
        result = run_sparql(self.text, graph, source=self.source)
        truncated = len(result.rows) > max_rows
        result.rows = result.rows[:max_rows]
        body = format_result(result, self.format).encode("utf-8")
        return Answer(CANNED_CANONICAL[self.format], body, len(result.rows), truncated)


def protocol_request(method: str, content_type: str, params: list[tuple[str, str]], body: bytes,
                     accept: str) -> QueryRequest:
    """The query operation of an HTTP request, following the SPARQL 1.1 Protocol's three bindings.

    ``params`` are the URL's query parameters; ``body`` the POST body. An update (``update=``
    or ``application/sparql-update``) is :class:`QueryRefused`.

    >>> protocol_request("POST", "application/sparql-query", [], b"ASK {}", "").text
    'ASK {}'
    """
    from urllib.parse import parse_qsl

    kind = content_type.split(";")[0].strip().lower()
    fields = list(params)
    if method == "POST":
        if kind == "application/sparql-update":
            raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
        if kind == "application/x-www-form-urlencoded":
            fields += parse_qsl(_decode(body), keep_blank_values=True)
        elif kind == "application/sparql-query":
            fields.append(("query", _decode(body)))
        else:
            raise UnsupportedMediaType(
                f"unsupported body type {kind or '(none)'}: send application/sparql-query "
                "or application/x-www-form-urlencoded")
    names = [name for name, _ in fields]
    if "update" in names:
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
    queries = [value for name, value in fields if name == "query"]
    if len(queries) != 1:
        raise MalformedQuery("expected exactly one 'query' parameter")
    return QueryRequest(
        queries[0], " ".join(accept.split()),
        tuple(value for name, value in fields if name == "default-graph-uri"),
        tuple(value for name, value in fields if name == "named-graph-uri"),
    )


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedQuery(f"the request body is not UTF-8: {error}") from None


# ---------------------------------------------------------------- execution and serialization


def answer_query(store, request: QueryRequest, max_rows: int) -> Answer:
    """Answer ``request`` on ``store``: inspect, pick the format, run, keep ``max_rows``, serialize."""
    form = inspect_query(request.text)
    offers = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    fmt, _ = negotiate(request.accept, offers)
    try:
        result = store.query(
            request.text, prefixes=PREFIXES,
            default_graph=[pyoxigraph.NamedNode(iri) for iri in request.default_graphs] or None,
            named_graphs=[pyoxigraph.NamedNode(iri) for iri in request.named_graphs] or None,
        )
    except SyntaxError as error:
        raise MalformedQuery(f"SPARQL syntax error: {error}") from None
    except ValueError as error:  # a bad IRI in the dataset parameters
        raise MalformedQuery(str(error)) from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        return Answer(CANONICAL[fmt], _boolean(bool(result), fmt), 1)
    kept, truncated = _take(result, max_rows)
    if isinstance(result, pyoxigraph.QueryTriples):
        return Answer(CANONICAL[fmt], _graph(kept, fmt), len(kept), truncated)
    variables = [variable.value for variable in result.variables]
    rows = [[solution[name] for name in variables] for solution in kept]
    return Answer(CANONICAL[fmt], _solutions(variables, rows, fmt), len(rows), truncated)


def _take(iterator, max_rows: int) -> tuple[list, bool]:
    """The first ``max_rows`` items, and whether there were more."""
    items = []
    for item in iterator:
        if len(items) == max_rows:
            return items, True
        items.append(item)
    return items, False


def _solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{name: _json_term(term) for name, term in zip(variables, row) if term is not None}
                    for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(name)}/>" for name in variables)
        results = "".join(
            "<result>" + "".join(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                                 for name, term in zip(variables, row) if term is not None) + "</result>"
            for row in rows)
        return _xml_document(f"<head>{head}</head><results>{results}</results>")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if term is None else _plain(term) for term in row] for row in rows])
        return buffer.getvalue().encode("utf-8")
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _boolean(value: bool, fmt: str) -> bytes:
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return _xml_document(f"<head/><boolean>{text}</boolean>")
    return f"{text}\r\n".encode("utf-8")


def _graph(triples: list, fmt: str) -> bytes:
    if fmt == "turtle":
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
    if fmt == "rdfxml":
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=PREFIXES)
    ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if fmt == "ntriples":
        return ntriples
    import rdflib

    graph = rdflib.Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True).encode("utf-8")


def _json_term(term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        encoded = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            encoded["datatype"] = term.datatype.value
        return encoded
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _xml_term(term) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml_document(content: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sparql xmlns="http://www.w3.org/2005/sparql-results#">{content}</sparql>\n').encode("utf-8")


def _plain(term) -> str:
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.Literal)):
        return term.value
    return str(term)


# ---------------------------------------------------------------- worker processes

STARTUP_TIMEOUT = 120.0


def worker_main(descriptor: int, graph: str, max_rows: int) -> None:
    """Body of a worker process: load the store, then answer requests over the socket ``descriptor``."""
    connection = Connection(descriptor)
    try:
        store = oxigraph_store(graph)
        inspect_query("ASK {}")  # builds the parser's grammar before the first real query
    except Exception as error:  # reported to the parent, which refuses to start
        connection.send(ProtocolError(f"could not load {graph}: {error}"))
        return
    connection.send(None)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = request.run(store, Path(graph), max_rows)
        except ProtocolError as error:
            reply = error
        except SyntaxError as error:
            reply = MalformedQuery(str(error))
        except Exception as error:  # anything else still answers, as a server error
            reply = ProtocolError(f"the query failed: {type(error).__name__}: {error}")
        connection.send(reply)


class _Worker:
    """One worker process (a fresh interpreter running :func:`worker_main`) and the parent's socket to it."""

    def __init__(self, graph: Path, max_rows: int) -> None:
        parent, child = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        environment = {**os.environ,
                       "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        code = f"from queries.sparql_protocol import worker_main; worker_main({child.fileno()}, {str(graph)!r}, {max_rows})"
        self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=[child.fileno()],
                                        env=environment, stdin=subprocess.DEVNULL)
        child.close()
        self.connection = Connection(parent.detach())
        if not self.connection.poll(STARTUP_TIMEOUT):
            self.kill()
            raise ProtocolError(f"a query worker did not start within {STARTUP_TIMEOUT:.0f} s")
        try:
            failure = self.connection.recv()
        except EOFError:
            failure = ProtocolError(f"a query worker died while loading {graph}")
        if failure is not None:
            self.kill()
            raise failure

    def call(self, request, timeout: float) -> Answer:
        """Send ``request`` and wait for its answer; raises :class:`QueryTimeout` after ``timeout`` s."""
        self.connection.send(request)
        if not self.connection.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
        reply = self.connection.recv()
        if isinstance(reply, ProtocolError):
            raise reply
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.connection.close()


class AnswerCache:
    """Answers by request, least recently used dropped first once ``max_bytes`` of bodies are held."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.held = 0
        self._answers: OrderedDict[object, Answer] = OrderedDict()

    def get(self, request) -> Answer | None:
        answer = self._answers.get(request)
        if answer is not None:
            self._answers.move_to_end(request)
        return answer

    def put(self, request, answer: Answer) -> None:
        if len(answer.body) > self.max_bytes or request in self._answers:
            return
        self._answers[request] = answer
        self.held += len(answer.body)
        while self.held > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.held -= len(dropped.body)


class QueryPool:
    """Worker processes that each hold the store of ``graph`` and answer one request at a time.

    :meth:`run` waits at most ``timeout`` seconds for a free worker and ``timeout`` seconds
    for the answer; a worker still busy then is killed and replaced in the background. The
    store never changes, so answers are cached (``cache_bytes`` of bodies; 0 turns it off).
    """

    def __init__(self, graph: Path, *, size: int | None = None, timeout: float = 10.0,
                 max_rows: int = 10_000, cache_bytes: int = 64 * 2**20) -> None:
        self.graph = Path(graph).resolve()
        self.size = size or max(2, os.cpu_count() or 2)
        self.timeout = timeout
        self.max_rows = max_rows
        self.cache = AnswerCache(cache_bytes)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._respawns: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Start every worker (in parallel) and wait until each has loaded the store."""
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self.size)),
                                       return_exceptions=True)
        failures = [w for w in workers if isinstance(w, BaseException)]
        for worker in workers:
            if isinstance(worker, _Worker):
                self._idle.put_nowait(worker)
        if failures:
            self.close()
            raise failures[0]

    def _spawn(self) -> _Worker:
        worker = _Worker(self.graph, self.max_rows)
        self._workers.add(worker)
        return worker

    async def run(self, request) -> Answer:
        """The answer to ``request`` (a :class:`QueryRequest` or :class:`CannedRequest`)."""
        cached = self.cache.get(request)
        if cached is not None:
            return cached
        assert self._idle is not None, "QueryPool.start() was not awaited"
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s; try again later") \
                from None
        # Shielded: a client that goes away does not orphan the worker; the task still returns it.
        answer = await asyncio.shield(asyncio.ensure_future(self._run_on(worker, request)))
        self.cache.put(request, answer)
        return answer

    async def _run_on(self, worker: _Worker, request) -> Answer:
        try:
            answer = await asyncio.to_thread(worker.call, request, self.timeout)
        except ProtocolError as error:
            if isinstance(error, QueryTimeout):
                self._replace(worker)
            else:
                self._idle.put_nowait(worker)
            raise
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise ProtocolError(f"the query worker died: {error or type(error).__name__}") from None
        self._idle.put_nowait(worker)
        return answer

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        self._workers.discard(worker)

        async def respawn() -> None:
            await asyncio.to_thread(worker.kill)
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))

        task = asyncio.ensure_future(respawn())
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    def close(self) -> None:
        """Stop every worker."""
        for task in self._respawns:
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
