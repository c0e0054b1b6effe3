"""Run SPARQL over a built graph on pyoxigraph (default) or rdflib: the graph, the store, the query run.

Results (:mod:`queries.results`, re-exported here) are engine-neutral: IRIs become their string, literals their Python value
(``int``, ``float``, ``bool``, else the lexical form), unbound cells ``None``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cio_graph.graph.errors import InputError
from cio_graph.graph.prefixes import PREFIXES
from cio_graph.queries.library import load_query
from cio_graph.queries.results import FORMATS, XSD, Result, Value, format_result, typed_value

DEFAULT_GRAPH = Path("exports")
ENGINES = ("oxigraph", "rdflib")
GRAPH_FILES = ("graph.nt", "graph.ttl")

__all__ = [
    "BASE_IRI",
    "DEFAULT_GRAPH",
    "ENGINES",
    "FORMATS",
    "GRAPH_FILES",
    "PREFIXES",
    "Result",
    "Value",
    "format_result",
    "graph_file",
    "oxigraph_store",
    "rdflib_graph",
    "read_query",
    "run_canned",
    "run_on_store",
    "run_sparql",
    "typed_value",
]


# Relative IRIs in a query resolve against this base (the SPARQL Protocol asks a service to define
# one): the namespace of the graph's own entities, so ``<network/x>`` means ``id:network/x``.
BASE_IRI = PREFIXES["id"]


def graph_file(path: Path | str | None = None) -> Path:
    """The graph file of ``path``: a build folder (its graph.nt, else graph.ttl) or an RDF file.

    ``None`` means the build in ``exports/``. A missing graph is an :class:`InputError`.
    """
    path = Path(path) if path is not None else DEFAULT_GRAPH
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return path / name
        raise InputError(str(path), None, "no graph.nt or graph.ttl in this folder: run `cio-graph build` first")
    if not path.is_file():
        raise InputError(
            str(path), None, "no such graph: expected a build folder or an RDF file (.nt, .ttl, .nq, .trig ...)"
        )
    return path


def _signature(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def oxigraph_store(path: Path | str | None = None, *, persisted: bool = True):
    """The pyoxigraph store of the graph of ``path`` (cached while the file is unchanged).

    A build's ``graph.nt`` with a current persisted store (:mod:`graph.store`) opens that store
    read-only, in milliseconds; any other graph, or ``persisted=False``, is loaded into memory.
    """
    signature = _signature(graph_file(path))
    if persisted:
        store = _persisted_store(*signature)
        if store is not None:
            return store
    return _oxigraph_store(*signature)


@lru_cache(maxsize=4)
def _persisted_store(path: str, mtime_ns: int, size: int):
    from cio_graph.graph.store import open_store

    return open_store(Path(path))


@lru_cache(maxsize=4)
def _oxigraph_store(path: str, mtime_ns: int, size: int):
    import pyoxigraph

    store = pyoxigraph.Store()
    try:
        store.load(path=path, format=_oxigraph_format(path))  # in memory: a bit faster than bulk_load
    except SyntaxError as error:
        raise InputError(path, None, f"not valid RDF: {error}") from None
    return store


def _oxigraph_format(path: str):
    import pyoxigraph

    suffix = Path(path).suffix.lower()
    formats = {
        ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
        ".ttl": pyoxigraph.RdfFormat.TURTLE,
        ".nq": pyoxigraph.RdfFormat.N_QUADS,
        ".trig": pyoxigraph.RdfFormat.TRIG,
        ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
        ".rdf": pyoxigraph.RdfFormat.RDF_XML,
        ".xml": pyoxigraph.RdfFormat.RDF_XML,
    }
    if suffix not in formats:
        raise InputError(
            path, None, f"unknown RDF file type {suffix!r}: expected .nt, .ttl, .nq, .trig, .jsonld or .rdf"
        )
    return formats[suffix]


def rdflib_graph(path: Path | str | None = None):
    """An rdflib graph of ``path`` (cached while the file is unchanged)."""
    return _rdflib_graph(*_signature(graph_file(path)))


@lru_cache(maxsize=4)
def _rdflib_graph(path: str, mtime_ns: int, size: int):
    import rdflib
    from rdflib.util import guess_format

    graph = rdflib.Graph()
    try:
        graph.parse(path, format=guess_format(path) or "turtle")
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise InputError(path, None, f"not valid RDF: {error}") from None
    return graph


def run_sparql(
    query: str, graph: Path | str | None = None, engine: str = "oxigraph", source: str = "<query>"
) -> Result:
    """Run ``query`` over the graph of ``graph`` on ``engine`` ("oxigraph" or "rdflib").

    The prefixes of :data:`PREFIXES` are predeclared and relative IRIs resolve against
    :data:`BASE_IRI`. The text is first judged by
    :func:`queries.query_guard.check_query` (the judge the query service uses): an update, a
    ``SERVICE`` clause or too deep a nesting is an :class:`InputError` naming ``source``, and so
    is a syntax error.
    """
    from cio_graph.queries.protocol_errors import ProtocolError
    from cio_graph.queries.query_guard import check_query

    try:
        check_query(query)
    except ProtocolError as error:
        raise InputError(source, None, error.message) from None
    if engine == "oxigraph":
        return run_on_store(query, oxigraph_store(graph), source)
    if engine == "rdflib":
        return _run_rdflib(query, rdflib_graph(graph), source)
    raise InputError("--engine", None, f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")


def run_on_store(query: str, store, source: str = "<query>") -> Result:
    """Run ``query`` on an open pyoxigraph store, the prefixes predeclared (no guard: see :func:`run_sparql`)."""
    import pyoxigraph

    try:
        answer = store.query(query, prefixes=PREFIXES, base_iri=BASE_IRI)
    except SyntaxError as error:
        raise InputError(source, None, f"SPARQL syntax error: {str(error).splitlines()[0]}") from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Result(["ask"], [(bool(answer),)])
    value = _oxigraph_converter()
    if isinstance(answer, pyoxigraph.QueryTriples):
        return Result(
            ["subject", "predicate", "object"],
            [(value(triple.subject), value(triple.predicate), value(triple.object)) for triple in answer],
        )
    columns = [variable.value for variable in answer.variables]
    return Result(columns, [tuple(map(value, solution)) for solution in answer])


def _oxigraph_converter():
    """The function turning a pyoxigraph term (or ``None``) into a :data:`Value`; cells are many, so
    it compares exact types and returns plain strings without a look-up."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    xsd_string = XSD + "string"

    def value(term) -> Value:
        kind = type(term)
        if kind is NamedNode:
            return term.value
        if kind is Literal:
            datatype = term.datatype.value
            return term.value if datatype == xsd_string else typed_value(term.value, datatype)
        if term is None:
            return None
        if kind is BlankNode:
            return f"_:{term.value}"
        return term.value

    return value


def _run_rdflib(query: str, graph, source: str) -> Result:
    from pyparsing import ParseException

    try:
        answer = graph.query(query, initNs=PREFIXES, base=BASE_IRI)
    except ParseException as error:
        raise InputError(source, None, f"SPARQL syntax error: {str(error).splitlines()[0]}") from None
    if answer.type == "ASK":
        return Result(["ask"], [(bool(answer.askAnswer),)])
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        return Result(
            ["subject", "predicate", "object"], [tuple(_rdflib_value(t) for t in triple) for triple in answer]
        )
    columns = [str(variable) for variable in answer.vars]
    return Result(columns, [tuple(_rdflib_value(term) for term in row) for row in answer])


def _rdflib_value(term) -> Value:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return typed_value(str(term), str(term.datatype) if term.datatype else XSD + "string")
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def read_query(query_or_file: str) -> tuple[str, str]:
    """The text of an ad-hoc query and its name for messages: ``-`` reads standard input; an existing
    path, or one ending in ``.rq``/``.sparql``, is a file (a missing one an :class:`InputError`);
    anything else is the query itself.

    >>> read_query("ASK {}")
    ('ASK {}', '<query>')
    >>> read_query("missing.rq")
    Traceback (most recent call last):
    ...
    cio_graph.graph.errors.InputError: missing.rq: no such file: expected a SPARQL query file (.rq, .sparql)
    """
    import sys

    if query_or_file == "-":
        return sys.stdin.read(), "<stdin>"
    path = Path(query_or_file)
    one_line = len(query_or_file) < 4096 and "\n" not in query_or_file
    if one_line and not path.exists() and path.suffix.lower() in (".rq", ".sparql"):
        raise InputError(str(path), None, "no such file: expected a SPARQL query file (.rq, .sparql)")
    if one_line and path.exists() and not path.is_file():
        raise InputError(str(path), None, "not a file: expected a SPARQL query file (.rq, .sparql)")
    if one_line and path.is_file():
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except UnicodeDecodeError:
            raise InputError(str(path), None, "expected a UTF-8 text file holding a SPARQL query") from None
    return query_or_file, "<query>"


def run_canned(
    name: str, params: dict[str, str] | None = None, graph: Path | str | None = None, engine: str = "oxigraph"
) -> Result:
    """Run the canned query ``name`` with ``params`` (text values, checked against the header)."""
    query = load_query(name)
    return run_sparql(query.bind(params), graph, engine, source=str(query.path))
