"""Triples spilled to disk: the parts of :func:`graph.model.graph_block_chunks` written as sorted runs
and merged back into one stream of blocks in N-Triples order, so that no more than one part of the
graph's triples is in memory at a time (every build's N-Triples and JSON-LD).

A run is a file of :mod:`marshal` records, each its size in 8 bytes then a list of up to
:data:`RUN_BLOCKS` blocks whose literals are plain ``(lexical, datatype)`` tuples; it lives as long
as the build that made it.
"""

from __future__ import annotations

import heapq
import marshal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cio_graph.graph.export.jsonld import NodeTexts
from cio_graph.graph.export.ntriples import block_lines
from cio_graph.graph.terms import Block, Lit

__all__ = [
    "RUN_BLOCKS",
    "write_batch",
    "read_batches",
    "write_run",
    "read_run",
    "spill",
    "merge_runs",
    "write_ntriples_and_jsonld",
]

# blocks per marshal record: the merge holds one record of every run at once (40 runs at a million
# networks: 1.2 GB with records of 10,000 blocks, 0.12 GB with 1,000)
RUN_BLOCKS = 1_000


def write_batch(out: BinaryIO, items: list) -> None:
    """One length-prefixed :mod:`marshal` record of ``items`` (the format of every run and parts file)."""
    data = marshal.dumps(items)
    out.write(len(data).to_bytes(8, "little") + data)


def read_batches(path: Path) -> Iterator:
    """The items of every record :func:`write_batch` wrote to ``path``, in order."""
    with path.open("rb") as run:
        while size := run.read(8):
            # marshal.loads of a record read whole: marshal.load on a file reads it field by field
            yield from marshal.loads(run.read(int.from_bytes(size, "little")))


def write_run(blocks: list[Block], path: Path) -> Path:
    """Write sorted ``blocks`` to the run file ``path``."""
    with path.open("wb") as out:
        for start in range(0, len(blocks), RUN_BLOCKS):
            batch = [
                (subject, [(p, tuple(o) if type(o) is Lit else o) for p, o in pairs])
                for subject, pairs in blocks[start : start + RUN_BLOCKS]
            ]
            write_batch(out, batch)
    return path


def read_run(path: Path) -> Iterator[Block]:
    """The blocks of a run file, in the order written, literals as :class:`~graph.terms.Lit`."""
    make = Lit._make
    for subject, pairs in read_batches(path):
        yield subject, [(p, o if type(o) is str else make(o)) for p, o in pairs]


def spill(parts: Iterable[list[Block]], folder: Path) -> list[Path]:
    """Write each part as a run in ``folder`` (made if needed), one part in memory at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, part in enumerate(parts):
        paths.append(write_run(part, folder / f"run-{number:05d}"))
        del part  # freed before the next part is made, not after
    return paths


def merge_runs(paths: Iterable[Path]) -> Iterator[Block]:
    """The blocks of every run in N-Triples subject order (``<iri>`` sorted), a subject found in
    several runs once, with all their pairs.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> runs = spill([[("urn:a", [("urn:p", Lit("x"))]), ("urn:c", [("urn:p", "urn:b")])],
    ...               [("urn:a/b", []), ("urn:a", [("urn:q", Lit("1", "urn:int"))])]], folder)
    >>> [(s, sorted(pairs)) for s, pairs in merge_runs(runs)]  # doctest: +NORMALIZE_WHITESPACE
    [('urn:a/b', []),
     ('urn:a', [('urn:p', Lit(lexical='x', datatype='http://www.w3.org/2001/XMLSchema#string')),
                ('urn:q', Lit(lexical='1', datatype='urn:int'))]),
     ('urn:c', [('urn:p', 'urn:b')])]
    >>> import shutil; shutil.rmtree(folder)
    """
    # (key, run number, subject, pairs): tuples compared by key, then run, never by their pairs
    merged = heapq.merge(*(_keyed(path, number) for number, path in enumerate(paths)))
    current: Block | None = None
    for _, _, subject, pairs in merged:
        if current is not None and current[0] == subject:
            current[1].extend(pairs)
            continue
        if current is not None:
            yield current
        current = (subject, pairs)
    if current is not None:
        yield current


def _keyed(path: Path, number: int) -> Iterator[tuple[str, int, str, list]]:
    for subject, pairs in read_run(path):
        yield subject + ">", number, subject, pairs


def write_ntriples_and_jsonld(blocks: Iterable[Block], ntriples: Path, jsonld: Path) -> None:
    """``graph.nt`` and ``graph.jsonld`` of the sorted ``blocks`` in one pass over them: the same files
    as :func:`graph.export.ntriples.write_ntriples` and :func:`graph.export.jsonld.write_jsonld`
    (the runs are read and merged once, not once per file)."""
    predicates: dict[str, str] = {}
    nodes = NodeTexts()
    with (
        ntriples.open("w", encoding="utf-8", newline="\n") as lines,
        jsonld.open("w", encoding="utf-8", newline="\n") as objects,
    ):
        objects.write(nodes.head)
        for block in blocks:
            lines.writelines(block_lines(block, predicates))
            objects.write(nodes.text(block))
        objects.write(nodes.tail)
