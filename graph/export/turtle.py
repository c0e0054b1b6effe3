"""``graph.ttl``: Turtle grouped by subject (``;`` and ``,``), in the sorted order of ``graph.nt``.

The build writes it with pyoxigraph's serializer, streaming the sorted ``graph.nt`` through
``pyoxigraph.parse`` (:func:`write_turtle`): several times faster than formatting the triples in
Python (``benchmarks/writers.py``). :func:`write_turtle_by_hand`, the Python writer it replaced,
stays for the benchmark. :class:`Compactor` also serves the JSON-LD writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib.namespace import RDF

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.export.ntriples import quoted
from cio_graph.graph.model import PREFIXES, XSD_BOOLEAN, XSD_INTEGER, XSD_STRING, Block, Lit, Term
from cio_graph.graph.vocab import DATA_IRI

# Prefixes for the data namespaces, so most nodes read as ``country:RO`` or ``network:tiktok-...``.
DATA_PREFIXES = {
    name: f"{DATA_IRI}{name}/"
    for name in (
        "country",
        "disarm",
        "language",
        "network",
        "platform",
        "region",
        "report",
        "source",
        "tactic",
        "tactic-set",
        "topic",
    )
}
TURTLE_PREFIXES = dict(sorted({**PREFIXES, **DATA_PREFIXES}.items()))
# pyoxigraph's serializer escapes the "/" of a local name (``id:actor\/person\/x``): without ``id:``
# such IRIs are written in full, as the Python writer does.
SERIALIZER_PREFIXES = {prefix: namespace for prefix, namespace in TURTLE_PREFIXES.items() if prefix != "id"}

__all__ = [
    "DATA_PREFIXES",
    "SERIALIZER_PREFIXES",
    "TURTLE_PREFIXES",
    "Compactor",
    "write_turtle",
    "write_turtle_by_hand",
]

LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
RDF_TYPE = str(RDF.type)


class Compactor(dict):
    """``compactor[iri]``: a prefixed name when the local part is a plain Turtle name, else ``<iri>``
    (the bare IRI with ``bracket=False``). Computed once per IRI, for the first :attr:`limit` IRIs
    (predicates, classes and shared nodes come first; the IRIs of a million networks would hold
    1.3 GB)."""

    limit = 200_000

    def __init__(self, prefixes: dict[str, str], *, bracket: bool = True) -> None:
        super().__init__()
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        # A local name holds no "/" or "#": when every namespace ends with one, the only namespace
        # that can match is the IRI up to its last "/" or "#", found by one dictionary look-up.
        self.by_namespace = (
            {namespace: prefix for prefix, namespace in reversed(self.prefixes)}
            if all(n.endswith(("/", "#")) for n in prefixes.values())
            else None
        )
        self.full = "<{}>" if bracket else "{}"

    def __missing__(self, iri: str) -> str:
        found = self.full.format(iri)
        if self.by_namespace is not None:
            end = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self.by_namespace.get(iri[:end])
            if prefix is not None and LOCAL_NAME.match(iri, end):
                found = f"{prefix}:{iri[end:]}"
        else:
            for prefix, namespace in self.prefixes:
                if iri.startswith(namespace) and LOCAL_NAME.match(iri, len(namespace)):
                    found = f"{prefix}:{iri[len(namespace) :]}"
                    break
        if len(self) < self.limit:
            self[iri] = found
        return found


def turtle_term(term: Term, compact: Compactor) -> str:
    if isinstance(term, Lit):
        if term.datatype == XSD_STRING:
            return quoted(term.lexical)
        if term.datatype in (XSD_INTEGER, XSD_BOOLEAN):
            return term.lexical
        return f"{quoted(term.lexical)}^^{compact[term.datatype]}"
    return compact[term]


def turtle_chunks(blocks: Iterable[Block]) -> Iterable[str]:
    compact = Compactor(TURTLE_PREFIXES)
    for prefix, namespace in TURTLE_PREFIXES.items():
        yield f"@prefix {prefix}: <{namespace}> .\n"
    for subject, pairs in blocks:
        by_predicate: dict[str, set[str]] = {}
        for predicate, obj in pairs:
            by_predicate.setdefault(predicate, set()).add(turtle_term(obj, compact))
        order = sorted(by_predicate, key=lambda p: (p != RDF_TYPE, p))
        lines = [f"    {'a' if p == RDF_TYPE else compact[p]} {', '.join(sorted(by_predicate[p]))}" for p in order]
        yield f"\n{compact[subject]}\n" + " ;\n".join(lines) + " .\n"


def write_turtle_by_hand(blocks: Iterable[Block], path: Path) -> Path:
    """Turtle formatted in Python: subjects sorted, ``a`` first, objects sorted (benchmark reference)."""
    return write_chunks(path, turtle_chunks(blocks))


def write_turtle(ntriples: Path, path: Path) -> Path:
    """``path``: the triples of the N-Triples file ``ntriples`` as Turtle, by pyoxigraph's serializer.

    The serializer groups consecutive triples by subject and predicate, so the sorted lines of
    ``graph.nt`` give one block per subject, in that order: the same file for the same graph.
    The prefixes are :data:`SERIALIZER_PREFIXES`.
    """
    import pyoxigraph

    triples = pyoxigraph.parse(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    pyoxigraph.serialize(triples, str(path), format=pyoxigraph.RdfFormat.TURTLE, prefixes=SERIALIZER_PREFIXES)
    return path
