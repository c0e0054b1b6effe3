"""Sorted runs of STIX objects, in memory or spilled to disk, merged back into the bundle's order.

``stix.json`` lists its objects by type (:data:`graph.export.stix_objects.TYPE_ORDER`) then id, and
an object made by several networks (a country, a campaign, an indicator) once, as the first network
in id order made it. The objects of every few thousand networks are encoded as JSON, sorted and
kept as a run (a list, or a file of length-prefixed :mod:`marshal` batches when a folder is given);
:meth:`ObjectRuns.merged` merges the runs, keeping the first of equal ids. The same goes for the
``(report, object)`` pairs that make each report's ``object_refs`` (:class:`PairRuns`).
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from cio_graph.graph.export.spill import read_batches, write_batch
from cio_graph.graph.export.stix_objects import TYPE_ORDER

__all__ = ["BATCH", "BATCH_BYTES", "SortedRuns", "ObjectRuns", "PairRuns"]

# A merge holds one record of each run (50 runs of objects at a million networks): at most BATCH items,
# and at most about BATCH_BYTES of text (a report object lists the ids of every object of its networks,
# megabytes each in large reports: a record of items counted only would hold a whole run of reports)
BATCH = 1_000
BATCH_BYTES = 1 << 20
ORDER = {kind: number for number, kind in enumerate(TYPE_ORDER)}


class SortedRuns:
    """Runs of sorted tuples: lists in memory, or files in ``folder`` (named ``prefix-00000`` …)."""

    def __init__(self, folder: Path | None = None, prefix: str = "run") -> None:
        self.folder, self.prefix = folder, prefix
        self.runs: list[list[tuple] | Path] = []

    def add(self, items: list[tuple]) -> None:
        """Add one run: ``items`` sorted here (a stable sort: equal keys keep their order)."""
        items.sort(key=lambda item: item[:2])
        if self.folder is None:
            self.runs.append(items)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.prefix}-{len(self.runs):05d}"
        with path.open("wb") as out:
            batch: list[tuple] = []
            size = 0
            for item in items:
                batch.append(item)
                size += len(item[-1]) if isinstance(item[-1], str) else 64
                if len(batch) == BATCH or size >= BATCH_BYTES:
                    write_batch(out, batch)
                    batch, size = [], 0
            if batch:
                write_batch(out, batch)
        self.runs.append(path)

    def read(self, run: list[tuple] | Path) -> Iterator[tuple]:
        return read_batches(run) if isinstance(run, Path) else iter(run)

    def merged(self) -> Iterator[tuple]:
        """Every item of every run by its first two fields; of equal keys, the earlier run's first."""
        keyed = (((item[:2], number, item) for item in self.read(run)) for number, run in enumerate(self.runs))
        for _, _, item in heapq.merge(*keyed, key=lambda entry: entry[:2]):
            yield item

    def remove(self) -> None:
        for run in self.runs:
            if isinstance(run, Path):
                run.unlink(missing_ok=True)
        self.runs = []


class ObjectRuns(SortedRuns):
    """STIX objects by (type order, id), each kept as its JSON text.

    >>> runs = ObjectRuns()
    >>> runs.add_objects([{"type": "relationship", "id": "relationship--2"}, {"type": "identity", "id": "identity--1"}])
    >>> runs.add_objects([{"type": "identity", "id": "identity--1", "name": "later"}])
    >>> [object_id for object_id, _ in runs.objects()]
    ['identity--1', 'relationship--2']
    """

    def add_objects(self, objects: Iterable[dict]) -> None:
        self.add([(ORDER[o["type"]], o["id"], json.dumps(o, ensure_ascii=False)) for o in objects])

    def objects(self) -> Iterator[tuple[str, str]]:
        """``(id, JSON text)`` of every object in the bundle's order, each id once (the first made)."""
        last = None
        for _, object_id, text in self.merged():
            if object_id != last:
                yield object_id, text
                last = object_id


class PairRuns(SortedRuns):
    """``(report, object id)`` pairs, read back grouped by report with each report's ids sorted once.

    >>> runs = PairRuns()
    >>> runs.add([("r2", "b"), ("r1", "c")]); runs.add([("r1", "a"), ("r1", "c")])
    >>> [(report, list(ids)) for report, ids in runs.grouped()]
    [('r1', ['a', 'c']), ('r2', ['b'])]
    """

    def __init__(self, folder: Path | None = None, prefix: str = "pairs") -> None:
        super().__init__(folder, prefix)
        self.keys: set[str] = set()  # every report that has a pair

    def grouped(self) -> Iterator[tuple[str, Iterator[str]]]:
        unique = (pair for pair, _ in itertools.groupby(self.merged()))
        for report, pairs in itertools.groupby(unique, key=lambda pair: pair[0]):
            yield report, (ref for _, ref in pairs)
