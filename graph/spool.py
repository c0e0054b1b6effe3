"""Network records kept on disk instead of in memory (``build --low-memory``).

Each report's records are written to one spool file as they are extracted (length-prefixed
:mod:`marshal` records, which round-trip every JSON value) and read back whenever a step goes
through them: the build then holds a record's offset and id per network, not the records (at a
million networks, 5.7 GB of records in memory). The records of a collection are read back in the
order of :func:`graph.records.sort_key` (:class:`SpooledNetworks`) or of their ids
(:func:`in_id_order`), with the links found across them set as they are read.
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from cio_graph.graph.record_types import LinkRecord, NetworkRecord
from cio_graph.graph.records import sort_key

__all__ = ["SPOOL_FILE", "RecordSpool", "SpooledRecords", "SpooledNetworks", "in_id_order", "record_ids"]

SPOOL_FILE = "networks.spool"
SIZE_BYTES = 8


class RecordSpool:
    """One file of network records, appended to a report at a time and read back by offset.

    >>> import tempfile
    >>> spool = RecordSpool(Path(tempfile.mkdtemp()))
    >>> month = spool.add([{"id": "b", "platform": "x", "period": "2024-01", "row": 2},
    ...                    {"id": "a", "platform": "x", "period": "2024-01", "row": 1}])
    >>> [record["id"] for record in month], month.ids, len(month)
    (['a', 'b'], ['a', 'b'], 2)
    >>> spool.links = {"a": [{"network": "z"}]}
    >>> month[0]["links"], month[1]["links"]
    ([{'network': 'z'}], [])
    >>> spool.remove()
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / SPOOL_FILE
        self._out = self.path.open("wb")
        self._size = 0
        self.links: dict[str, list[LinkRecord]] | None = None  # set on every record read, when given

    def add(self, records: Iterable[NetworkRecord]) -> SpooledRecords:
        """Write one report's records, sorted by :func:`graph.records.sort_key`; returns them as a sequence."""
        return self.records(*self.write(records))

    def write(self, records: Iterable[NetworkRecord]) -> tuple[array, list[str]]:
        """Write one report's records as :meth:`add` does; returns their offsets and ids, what a forked
        process that wrote them sends back (:mod:`graph.child`; the parent then calls :meth:`sync`)."""
        offsets, ids = array("q"), []
        for record in sorted(records, key=sort_key):
            data = marshal.dumps(record)  # type: ignore[arg-type]
            offsets.append(self._size)
            ids.append(record["id"])
            self._out.write(len(data).to_bytes(SIZE_BYTES, "little"))
            self._out.write(data)
            self._size += SIZE_BYTES + len(data)
        return offsets, ids

    def records(self, offsets: array, ids: list[str]) -> SpooledRecords:
        """The records written at ``offsets`` (with these ``ids``), as a sequence."""
        return SpooledRecords(self, offsets, ids)

    def flush(self) -> None:
        """Write out what is buffered (before a forked process writes to the spool)."""
        self._out.flush()

    def sync(self) -> None:
        """Continue after what a forked process wrote (it shares this file's offset): at the end."""
        self._out.seek(0, os.SEEK_END)
        self._size = self._out.tell()

    def read(self, offsets: Iterable[int]) -> Iterator[NetworkRecord]:
        """The records at ``offsets``, in that order (a fresh file handle: safe in a forked process)."""
        if not self._out.closed:
            self._out.flush()
        links = self.links
        with self.path.open("rb") as spool:
            position = 0
            for offset in offsets:
                if offset != position:
                    spool.seek(offset)
                size = int.from_bytes(spool.read(SIZE_BYTES), "little")
                record = marshal.loads(spool.read(size))
                position = offset + SIZE_BYTES + size
                if links is not None:
                    record["links"] = links.get(record["id"], [])
                yield record

    def remove(self) -> None:
        """Close and delete the spool file."""
        self._out.close()
        self.path.unlink(missing_ok=True)


class SpooledRecords(Sequence[NetworkRecord]):
    """One report's records in a :class:`RecordSpool`: a sequence read from disk on each pass."""

    def __init__(self, spool: RecordSpool, offsets: array, ids: list[str]) -> None:
        self.spool, self.offsets = spool, offsets
        # the ids as one text, not a string each: a million small strings kept from extraction would
        # pin the memory of everything freed around them
        joined = "\n".join(ids)
        self._ids: str | list[str] = joined if joined.count("\n") == max(0, len(ids) - 1) else list(ids)
        self.first: tuple | None = None  # sort keys of the first and last record, for merging
        self.last: tuple | None = None
        if ids:
            first, last = spool.read([offsets[0], offsets[-1]])
            self.first, self.last = sort_key(first), sort_key(last)

    @property
    def ids(self) -> list[str]:
        """The records' ids, in their order."""
        if isinstance(self._ids, list):
            return self._ids
        return self._ids.split("\n") if self._ids or len(self.offsets) else []

    def __len__(self) -> int:
        return len(self.offsets)

    def __iter__(self) -> Iterator[NetworkRecord]:
        return self.spool.read(self.offsets)

    @overload
    def __getitem__(self, index: int) -> NetworkRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[NetworkRecord]: ...
    def __getitem__(self, index: int | slice) -> NetworkRecord | list[NetworkRecord]:
        if isinstance(index, slice):
            return list(self.spool.read(self.offsets[index]))
        return next(self.spool.read([self.offsets[index]]))


class SpooledNetworks(Sequence[NetworkRecord]):
    """Every network of a collection's reports, read from their spool in :func:`graph.records.sort_key`
    order (reports whose records interleave in that order are merged as they are read)."""

    def __init__(self, spool: RecordSpool, reports: Iterable[SpooledRecords]) -> None:
        self.spool = spool
        self.reports = sorted((r for r in reports if len(r)), key=lambda r: (r.first, r.last))
        self.size = sum(len(report) for report in self.reports)
        self.id_order: array | None = None
        self.groups: list[list[SpooledRecords]] = []
        for report in self.reports:
            group = self.groups[-1] if self.groups else None
            if group is not None and report.first is not None and report.first < max(r.last or () for r in group):
                group.append(report)
            else:
                self.groups.append([report])

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[NetworkRecord]:
        for group in self.groups:
            if len(group) == 1:
                yield from group[0]
            else:
                yield from heapq.merge(*group, key=sort_key)

    @overload
    def __getitem__(self, index: int) -> NetworkRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[NetworkRecord]: ...
    def __getitem__(self, index: int | slice) -> NetworkRecord | list[NetworkRecord]:
        """The records at ``index``, read up to the last of them (not every record)."""
        chosen = range(self.size)[index]  # an int out of range: IndexError
        if isinstance(chosen, int):
            return next(itertools.islice(self, chosen, None))
        if not chosen:
            return []
        low = min(chosen)
        read = list(itertools.islice(self, low, max(chosen) + 1))
        return [read[position - low] for position in chosen]

    def by_id(self) -> Iterator[NetworkRecord]:
        """The records in the order of their ids (the order found once, then kept: 8 bytes a network)."""
        if self.id_order is None:
            pairs = sorted((i, o) for report in self.reports for i, o in zip(report.ids, report.offsets, strict=True))
            self.id_order = array("q", (offset for _, offset in pairs))
            del pairs
        return self.spool.read(self.id_order)


def in_id_order(networks: Iterable[NetworkRecord]) -> Iterable[NetworkRecord]:
    """The records sorted by id: read from the spool in that order when spooled, else sorted in memory.

    >>> [n["id"] for n in in_id_order([{"id": "b"}, {"id": "a"}])]
    ['a', 'b']
    """
    if isinstance(networks, SpooledNetworks):
        return networks.by_id()
    return sorted(networks, key=lambda n: n["id"])


def record_ids(networks: Iterable[NetworkRecord]) -> list[str]:
    """The ids of the records, in their order (without reading spooled records back)."""
    if isinstance(networks, SpooledRecords):
        return list(networks.ids)
    return [n["id"] for n in networks]
