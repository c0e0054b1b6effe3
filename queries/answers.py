"""Serializing query answers in every offered format, never past a byte limit.

Each writer adds its output piece by piece to a :class:`BoundedOutput`, which raises
:class:`~queries.protocol_errors.AnswerTooLarge` as soon as the answer grows past its limit, so
an answer built to be huge is stopped while it is written, not after. CSV cells that are text
are made spreadsheet-safe (:mod:`graph.export.csv_safe`); numeric literals stay numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable
from json.encoder import encode_basestring as _json_string  # what json.dumps uses, ensure_ascii=False
from typing import IO, Any, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph

from cio_graph.graph.export.csv_safe import safe_text
from cio_graph.queries.engine import PREFIXES
from cio_graph.queries.protocol_errors import AnswerTooLarge
from cio_graph.queries.results import FLOAT_TYPES, INTEGER_TYPES, XSD

__all__ = ["BoundedOutput", "serialize_boolean", "serialize_graph", "serialize_solutions"]

XSD_STRING = XSD + "string"
NUMERIC_TYPES = INTEGER_TYPES | FLOAT_TYPES
JSON_BATCH = 256  # rows encoded by one json.dumps call: few calls, and the byte limit still checked often
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")


class BoundedOutput:
    """A binary buffer that refuses to grow past ``limit`` bytes (a file-like ``write`` for serializers)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []

    def write(self, data: bytes | str) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.size += len(data)
        if self.size > self.limit:
            self._parts.clear()
            raise AnswerTooLarge(
                f"the answer is larger than {self.limit:,} bytes (the server's answer size limit); "
                "add a LIMIT, select fewer or shorter values, or ask for fewer rows"
            )
        self._parts.append(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: parts are kept in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def serialize_solutions(variables: list[str], rows, fmt: str, limit: int) -> bytes:
    """The SELECT answer ``rows`` (lists of terms or None) in ``fmt``: json, xml, csv or tsv."""
    out = BoundedOutput(limit)
    if fmt == "json":
        out.write(json.dumps({"head": {"vars": variables}})[:-1] + ', "results": {"bindings": [')
        # json.dumps of each binding, written by joining texts: a term recurs in many rows and is
        # encoded once per answer; the bytes are those of json.dumps(bindings) (", " and ": ").
        keys = [json.dumps(name, ensure_ascii=False) + ": " for name in variables]
        encode = _Memo(_json_text).__getitem__
        separator = ""
        for batch in _batched(rows):
            bindings = ", ".join(
                [
                    "{" + ", ".join([key + encode(term) for key, term in zip(keys, row) if term is not None]) + "}"
                    for row in batch
                ]
            )
            out.write(separator + bindings)
            separator = ", "
        out.write("]}}")
    elif fmt == "xml":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.write("<head>" + "".join(f"<variable name={quoteattr(name)}/>" for name in variables) + "</head>")
        out.write("<results>")
        for row in rows:
            out.write(
                "<result>"
                + "".join(
                    f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                    for name, term in zip(variables, row)
                    if term is not None
                )
                + "</result>"
            )
        out.write("</results></sparql>\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if term is None else _csv_cell(term) for term in row])
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        out.write(buffer.getvalue())
    else:
        out.write("\t".join("?" + name for name in variables) + "\n")
        for row in rows:
            out.write("\t".join("" if term is None else str(term) for term in row) + "\n")
    return out.getvalue()


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """The ASK answer ``value`` in ``fmt``."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n"
        ).encode()
    return f"{text}\r\n".encode()


def serialize_graph(triples: list, fmt: str, limit: int) -> bytes:
    """The CONSTRUCT/DESCRIBE answer ``triples`` in ``fmt``: turtle, ntriples, rdfxml or jsonld."""
    out = BoundedOutput(limit)
    if fmt in ("turtle", "rdfxml"):
        kind = pyoxigraph.RdfFormat.TURTLE if fmt == "turtle" else pyoxigraph.RdfFormat.RDF_XML
        pyoxigraph.serialize(triples, cast(IO[bytes], out), format=kind, prefixes=PREFIXES)
        return out.getvalue()
    pyoxigraph.serialize(triples, cast(IO[bytes], out), format=pyoxigraph.RdfFormat.N_TRIPLES)
    if fmt == "ntriples":
        return out.getvalue()
    import rdflib

    graph = rdflib.Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")
    document = BoundedOutput(limit)
    document.write(graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True))
    return document.getvalue()


def _batched(rows, size: int = JSON_BATCH):
    """Lists of up to ``size`` rows, in order (``itertools.batched``, which Python 3.11 lacks)."""
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class _Memo(dict):
    """``memo[term]``: ``function(term)``, computed once per term (a dict's own lookup for the hits)."""

    def __init__(self, function: Callable[[Any], str]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, term: Any) -> str:
        self[term] = value = self.function(term)
        return value


def _csv_cell(term) -> str:
    """A CSV cell: the plain value; text is spreadsheet-safe, a well-formed numeric literal stays a number."""
    if isinstance(term, pyoxigraph.Literal):
        if term.datatype.value in NUMERIC_TYPES and NUMBER.fullmatch(term.value):
            return term.value
        return safe_text(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.NamedNode):
        return safe_text(term.value)
    return safe_text(str(term))


def _json_text(term) -> str:
    """A term's JSON binding value, the text ``json.dumps(_json_term(term), ensure_ascii=False)`` gives,
    written directly (the answer's hot path)."""
    kind = type(term)
    if kind is pyoxigraph.Literal:
        text = '{"type": "literal", "value": ' + _json_string(term.value)
        if term.language:
            return text + ', "xml:lang": ' + _json_string(term.language) + "}"
        datatype = term.datatype.value
        return text + ("}" if datatype == XSD_STRING else ', "datatype": ' + _json_string(datatype) + "}")
    if kind is pyoxigraph.NamedNode:
        return '{"type": "uri", "value": ' + _json_string(term.value) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False)


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
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


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
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
        f"</predicate><object>{_xml_term(term.object)}</object></triple>"
    )
