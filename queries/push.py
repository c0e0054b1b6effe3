"""Push the built graph into a SPARQL 1.1 Graph Store Protocol server (Fuseki, GraphDB, Oxigraph, Virtuoso).

One HTTP ``PUT`` replaces the named graph (``STORE_URL?graph=IRI``) or the default graph
(``STORE_URL?default``) with the build's graph, so pushing again after a rebuild leaves the
store holding exactly the new graph.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from cio_graph.graph.errors import InputError
from cio_graph.queries.engine import graph_file

__all__ = ["MEDIA_TYPES", "PUSH_TIMEOUT", "PushError", "Pushed", "target_url", "push"]

MEDIA_TYPES = {
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".xml": "application/rdf+xml",
}
PUSH_TIMEOUT = 300.0  # seconds for the whole push: sending the graph and reading the store's reply


class PushError(Exception):
    """The store refused the graph or could not be reached."""


@dataclass(frozen=True)
class Pushed:
    """What one push sent: the request URL, the HTTP status and the bytes of the graph file."""

    url: str
    status: int
    bytes: int
    source: Path


def target_url(store_url: str, graph_iri: str | None = None) -> str:
    """The Graph Store Protocol URL of a named graph (or of the default graph when ``graph_iri`` is None).

    >>> target_url("http://127.0.0.1:7878/store", "https://w3id.org/cio-graph/id/graph")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fcio-graph%2Fid%2Fgraph'
    >>> target_url("http://127.0.0.1:3030/ds/data?x=1")
    'http://127.0.0.1:3030/ds/data?x=1&default'
    """
    parts = urlsplit(store_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(store_url, None, "expected the http(s) URL of a Graph Store Protocol endpoint")
    if graph_iri is not None and not urlsplit(graph_iri).scheme:
        raise InputError(graph_iri, None, "expected an absolute IRI for the graph name")
    selector = "default" if graph_iri is None else "graph=" + quote(graph_iri, safe="")
    return f"{store_url}{'&' if parts.query else '?'}{selector}"


def push(
    graph_path: Path | str | None, store_url: str, graph_iri: str | None = None, deadline: float = PUSH_TIMEOUT
) -> Pushed:
    """Replace the graph ``graph_iri`` (default graph if None) of the store at ``store_url``
    with the graph of ``graph_path`` (a build folder or an RDF file; None means ``exports/``).

    The whole exchange must end within ``deadline`` seconds, however slowly the store
    trickles its reply; past it the connection is closed and :class:`PushError` raised.
    """
    import httpx

    source = graph_file(graph_path)
    media_type = MEDIA_TYPES.get(source.suffix.lower())
    if media_type is None:
        raise InputError(str(source), None, f"unknown RDF file type: expected one of {', '.join(MEDIA_TYPES)}")
    url = target_url(store_url, graph_iri)
    body = source.read_bytes()
    client = httpx.Client(timeout=deadline)
    outcome: list = []

    def exchange() -> None:
        try:
            response = client.put(url, content=body, headers={"Content-Type": media_type})
            outcome.append(response)
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=exchange, daemon=True)
    thread.start()
    thread.join(deadline)
    if not outcome:
        with contextlib.suppress(Exception):
            client.close()  # ends the exchange: its socket is closed under it
        raise PushError(f"{url}: no complete reply within {deadline:g} s")
    client.close()
    response = outcome[0]
    if isinstance(response, httpx.HTTPError):
        raise PushError(f"{url}: {type(response).__name__}: {response}") from None
    if isinstance(response, Exception):
        raise response
    if not response.is_success:
        raise PushError(
            f"{url}: the store answered {response.status_code} {response.reason_phrase}: {response.text.strip()[:500]}"
        )
    return Pushed(url, response.status_code, len(body), source)
