"""The parameters of a SPARQL Protocol request beyond the query text: media-type parameters,
``version``, the ``format``/``output`` shorthand for ``Accept``, and the IRIs of the dataset.

Relative IRIs in ``default-graph-uri`` and ``named-graph-uri`` resolve against
:data:`queries.engine.BASE_IRI` by Oxigraph's own IRI parser, the code that resolves the
relative IRIs of the query text, so a graph named ``<g>`` in ``FROM <g>`` and in
``default-graph-uri=g`` is the same graph.
"""

from __future__ import annotations

import re

import pyoxigraph

from cio_graph.queries.engine import BASE_IRI
from cio_graph.queries.negotiation import CANNED_TYPES, negotiate
from cio_graph.queries.protocol_errors import MalformedQuery, NotAcceptable, UnsupportedMediaType

__all__ = [
    "FORMAT_ACCEPT",
    "VERSIONS",
    "canned_format",
    "check_charset",
    "format_accept",
    "media_type",
    "resolve_iri",
    "version_of",
]

# The versions of SPARQL a query may announce (SPARQL 1.2 Protocol §2.1).
VERSIONS = ("1.1", "1.2", "1.2-basic")
# ``format=`` / ``output=`` values and the ``Accept`` header each stands for; a SELECT or ASK
# answer takes the first type, a CONSTRUCT or DESCRIBE answer the second where two are given.
FORMAT_ACCEPT = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "n3": "text/turtle",  # Turtle is N3 too
}


def media_type(header: str) -> tuple[str, dict[str, str]]:
    """The media type of a ``Content-Type`` header (lower case) and its parameters (names lower case).

    >>> media_type('Application/SPARQL-Query; charset="UTF-8"; version=1.2')
    ('application/sparql-query', {'charset': 'UTF-8', 'version': '1.2'})
    """
    kind, *parameters = header.split(";")
    found: dict[str, str] = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        name = name.strip().lower()
        if name in found:
            raise MalformedQuery(f"the Content-Type parameter {name!r} is given twice")
        if name:
            found[name] = value.strip().strip('"')
    return kind.strip().lower(), found


def check_charset(kind: str, parameters: dict[str, str]) -> None:
    """Refuse (415) a body in a charset other than UTF-8, the only one the protocol allows.

    >>> check_charset("application/sparql-query", {"charset": "utf8"})
    >>> check_charset("text/plain", {"charset": "UTF-16"})
    Traceback (most recent call last):
    ...
    cio_graph.queries.protocol_errors.UnsupportedMediaType: text/plain; charset=UTF-16: UTF-8 is the only charset read
    """
    charset = parameters.get("charset")
    if charset is not None and charset.lower().replace("-", "") != "utf8":
        raise UnsupportedMediaType(f"{kind}; charset={charset}: UTF-8 is the only charset read")


def version_of(fields: list[tuple[str, str]], parameters: dict[str, str]) -> str | None:
    """The SPARQL version the request announces (``version`` parameter, else the media-type
    parameter); more than one ``version`` parameter, or a version not in :data:`VERSIONS`, is a 400."""
    given = [value for name, value in fields if name == "version"]
    if len(given) > 1:
        raise MalformedQuery(f"expected at most one 'version' parameter, got {len(given)}")
    announced = [value for value in (*given, parameters.get("version")) if value is not None]
    for value in announced:
        if value not in VERSIONS:
            raise MalformedQuery(f"unknown SPARQL version {value!r}: expected one of {', '.join(VERSIONS)}")
    return announced[0] if announced else None


def format_accept(fields: list[tuple[str, str]], accept: str) -> str:
    """The ``Accept`` value a request asks for: its ``format`` or ``output`` parameters, else the
    ``Accept`` header.

    A value is a name of :data:`FORMAT_ACCEPT` or a list of media types; several values are
    alternatives, any of them acceptable (SPARQLWrapper sends ``format=tsv`` with
    ``format=text/tab-separated-values``, and ``output=`` alike), and the endpoint's preferred one
    among them is answered. A value naming no format is a 400; empty values are ignored.

    >>> format_accept([("output", "CSV")], "application/json")
    'text/csv'
    >>> format_accept([("format", "tsv"), ("format", "text/tab-separated-values")], "")
    'text/tab-separated-values, text/tab-separated-values'
    >>> format_accept([], "text/csv")
    'text/csv'
    """
    asked = [
        _format_value(name, value.strip()) for name, value in fields if name in ("format", "output") and value.strip()
    ]
    return ", ".join(asked) if asked else accept


def _format_value(name: str, value: str) -> str:
    key = value.lower()
    if key in FORMAT_ACCEPT:
        return FORMAT_ACCEPT[key]
    types = [part.strip() for part in key.split(",")]
    if all(re.fullmatch(r"[a-z0-9!#$&^_.+*-]+/[a-z0-9!#$&^_.+*-]+(\s*;[^,]*)?", part) for part in types):
        return ", ".join(types)
    raise MalformedQuery(f"unknown {name} {value!r}: expected a media type or one of {', '.join(FORMAT_ACCEPT)}")


def canned_format(fields: list[tuple[str, str]], accept: str) -> str:
    """The table format of a canned query's answer ("json", "csv" or "tsv"): its ``format`` or
    ``output`` parameter (a format name or media type), else the ``Accept`` header.

    >>> canned_format([("format", "CSV")], "application/json"), canned_format([], "text/tab-separated-values")
    ('csv', 'tsv')
    """
    asked = [value.strip().lower() for name, value in fields if name in ("format", "output") and value.strip()]
    for value in asked:
        if value in CANNED_TYPES.values():
            return value
        if value in CANNED_TYPES:
            return CANNED_TYPES[value]
    if asked:
        raise NotAcceptable(f"a canned query answers json, csv or tsv, not {asked[0]!r}")
    return negotiate(accept, CANNED_TYPES)[0]


def resolve_iri(text: str, parameter: str) -> str:
    """``text`` as an absolute IRI, resolved against :data:`BASE_IRI` by Oxigraph; a bad IRI is a 400.

    >>> resolve_iri("network/x", "default-graph-uri")
    'https://w3id.org/cio-graph/id/network/x'
    >>> resolve_iri("http://example.org/g", "named-graph-uri")
    'http://example.org/g'
    """
    if any(character in text for character in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in text):
        raise MalformedQuery(f"{parameter}: not an IRI: {text!r}")
    try:
        triple = next(
            iter(
                pyoxigraph.parse(
                    f"<{text}> <urn:x> <urn:x> .".encode(), format=pyoxigraph.RdfFormat.TURTLE, base_iri=BASE_IRI
                )
            )
        )
    except SyntaxError as error:
        raise MalformedQuery(f"{parameter}: not an IRI: {text!r} ({error})") from None
    return triple.subject.value
