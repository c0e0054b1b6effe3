"""``graph.jsonld``: JSON-LD with an ``@context`` of the graph's prefixes, one node object a line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rdflib.namespace import RDF

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.export.turtle import TURTLE_PREFIXES, Compactor
from cio_graph.graph.model import XSD_BOOLEAN, XSD_INTEGER, XSD_STRING, Block, Lit, Term

__all__ = ["RDF_TYPE", "jsonld_value", "node_object", "NodeTexts", "jsonld_chunks", "write_jsonld"]

RDF_TYPE = str(RDF.type)


def jsonld_value(term: Term, compact: Compactor) -> object:
    """A JSON-LD value: native numbers and booleans, plain strings, ``{"@id"}`` for IRIs."""
    if isinstance(term, Lit):
        if term.datatype == XSD_STRING:
            return term.lexical
        if term.datatype == XSD_INTEGER:
            return int(term.lexical)
        if term.datatype == XSD_BOOLEAN:
            return term.lexical == "true"
        return {"@value": term.lexical, "@type": compact[term.datatype]}
    return {"@id": compact[term]}


def node_object(subject: str, pairs: list[tuple[str, Term]], compact: Compactor) -> dict:
    """One node object: ``@id``, ``@type``, then each property with its values, all sorted."""
    node: dict[str, object] = {"@id": compact[subject]}
    types = sorted({compact[o] for p, o in pairs if p == RDF_TYPE})
    if types:
        node["@type"] = types
    values: dict[str, dict[tuple[str, str], object]] = {}
    for predicate, obj in pairs:  # keyed by text and datatype: sorted, and a repeated pair kept once
        if predicate != RDF_TYPE:
            order = (obj.lexical, obj.datatype) if isinstance(obj, Lit) else (compact[obj], "")
            values.setdefault(compact[predicate], {})[order] = jsonld_value(obj, compact)
    for key in sorted(values):
        node[key] = [values[key][order] for order in sorted(values[key])]
    return node


class NodeTexts:
    """The parts of ``graph.jsonld``: :attr:`head`, then :meth:`text` of each block in order, then
    :attr:`tail` (one compactor and one encoder for every node)."""

    head = json.dumps({"@context": TURTLE_PREFIXES}, indent=1)[:-2] + ',\n "@graph": [\n'
    tail = "\n ]\n}\n"

    def __init__(self) -> None:
        self.compact = Compactor(TURTLE_PREFIXES, bracket=False)
        self.encode = json.JSONEncoder(ensure_ascii=False).encode
        self.separator = ""

    def text(self, block: Block) -> str:
        subject, pairs = block
        text = self.separator + self.encode(node_object(subject, pairs, self.compact))
        self.separator = ",\n"
        return text


def jsonld_chunks(blocks: Iterable[Block]) -> Iterable[str]:
    nodes = NodeTexts()
    yield nodes.head
    for block in blocks:
        yield nodes.text(block)
    yield nodes.tail


def write_jsonld(blocks: Iterable[Block], path: Path) -> Path:
    return write_chunks(path, jsonld_chunks(blocks))
