"""``graph.nt``: N-Triples, one triple a line, lines sorted (byte-identical for the same input)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cio_graph.graph.export.files import write_chunks
from cio_graph.graph.model import XSD_STRING, Block, Lit, Term

__all__ = ["STRING_ESCAPES", "quoted", "nt_term", "block_lines", "ntriples_lines", "write_ntriples"]

STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def quoted(text: str) -> str:
    """A string literal's quoted form, valid in N-Triples and Turtle.

    >>> print(quoted('say "hi"\\n'))
    "say \\"hi\\"\\n"
    """
    return f'"{text.translate(STRING_ESCAPES)}"'


def nt_term(term: Term) -> str:
    """N-Triples form of an IRI (``str``) or a :class:`Lit`."""
    if isinstance(term, Lit):
        if term.datatype == XSD_STRING:
            return quoted(term.lexical)
        return f"{quoted(term.lexical)}^^<{term.datatype}>"
    return f"<{term}>"


def block_lines(block: Block, predicates: dict[str, str]) -> list[str]:
    """The sorted, distinct N-Triples lines of one block; ``predicates`` caches ``<p> `` texts."""
    subject, pairs = block
    start = f"<{subject}> "
    lines = set()
    for predicate, obj in pairs:
        p = predicates.get(predicate) or predicates.setdefault(predicate, f"<{predicate}> ")
        lines.add(f"{start}{p}{nt_term(obj)} .\n")
    return sorted(lines)


def ntriples_lines(blocks: Iterable[Block]) -> Iterable[str]:
    """Sorted N-Triples lines; blocks come in ``<subject>`` order, so sorting within a subject suffices."""
    predicates: dict[str, str] = {}
    for block in blocks:
        yield from block_lines(block, predicates)


def write_ntriples(blocks: Iterable[Block], path: Path) -> Path:
    return write_chunks(path, ntriples_lines(blocks))
