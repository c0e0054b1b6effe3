"""Content negotiation for the endpoint: the media types offered per query form and the ``Accept`` rules."""

from __future__ import annotations

from cio_graph.queries.protocol_errors import NotAcceptable

__all__ = ["CANNED_CANONICAL", "CANNED_TYPES", "CANONICAL", "GRAPH_TYPES", "RESULT_TYPES", "negotiate"]

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
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
CANNED_CANONICAL = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}


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
        matches = [
            (q, 2 if (t, s) == (kind, subtype) else 1 if s == "*" and t == kind else 0)
            for t, s, q in ranges
            if (t, s) in ((kind, subtype), (kind, "*"), ("*", "*"))
        ]
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
