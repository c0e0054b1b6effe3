"""The networks' parts of a property graph (:data:`graph.export.property_graph.NetworkPart`) in a file,
for GraphML and GEXF of more networks than memory holds: appended as they are made, read back in
batches on each pass of a writer (length-prefixed :mod:`marshal` records of :data:`BATCH` parts).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cio_graph.graph.export.property_graph import NetworkPart
from cio_graph.graph.export.spill import read_batches, write_batch

__all__ = ["BATCH", "PartsFile"]

BATCH = 1_000


class PartsFile:
    """Parts appended in node id order and read back in that order, as often as needed.

    >>> import tempfile
    >>> parts = PartsFile(Path(tempfile.mkdtemp()) / "parts")
    >>> parts.append(("network/a", {"kind": "network"}, [("network/a", "country/FR", {"relation": "targets"})]))
    >>> parts.append(("network/b", {"kind": "network"}, []))
    >>> [node for node, _, _ in parts], [node for node, _, _ in parts]
    (['network/a', 'network/b'], ['network/a', 'network/b'])
    >>> parts.remove()
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._out = path.open("wb")
        self._batch: list[NetworkPart] = []
        self._last: str | None = None
        self.in_order = True  # False once a part came before the one appended last (then sorted when read)

    def append(self, part: NetworkPart) -> None:
        if self._last is not None and part[0] < self._last:
            self.in_order = False
        self._last = part[0]
        self._batch.append(part)
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            write_batch(self._out, self._batch)
            self._batch = []
        self._out.flush()

    def __iter__(self) -> Iterator[NetworkPart]:
        self._flush()
        if not self.in_order:  # ids that had to be escaped: rare, sorted in memory
            yield from sorted(self._read(), key=lambda part: part[0])
        else:
            yield from self._read()

    def _read(self) -> Iterator[NetworkPart]:
        return read_batches(self.path)

    def remove(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)
