"""The persisted Oxigraph store of a build: made by ``cio-graph build``, opened read-only by queries.

A build folder holds ``graph.nt`` and, beside it, ``.store/<key>/`` (git-ignored): ``db/``, an
on-disk Oxigraph (RocksDB) store of the same triples, and ``stamp.json``, the sha256, size and
modification time of the ``graph.nt`` it was made from, with the store format and the pyoxigraph
version that wrote it. ``<key>`` is the start of that sha256.

Opening takes milliseconds where loading ``graph.nt`` takes seconds (about 20 s at 100,000
networks). :func:`open_store` opens a store only when its stamp matches the ``graph.nt`` beside
it: same size and modification time, or else the same sha256 (a copy or a checkout changes the
time, not the triples). When none matches (no build since the exports changed, a store from
another pyoxigraph version, a read-only copy without ``.store/``) it returns ``None`` and the
engine loads ``graph.nt`` into memory as before: queries never write into the build folder, and a
stale store is never read. Any number of processes may open the same store at once: read-only
instances take no lock. Queries on it are several times slower than on an in-memory store, so the
service's long-lived workers load ``graph.nt`` instead (docs/performance-notes.md).

The store is written by :func:`write_store` into the build's staging folder (a temporary
folder first, renamed once complete) and moved into place by :func:`install_store`, which keeps
the previous store too (a service started before the build may still be reading it) and removes
older ones.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, TypeGuard

__all__ = ["STORE_DIR", "STORE_FORMAT", "install_store", "open_store", "read_stamp", "store_for", "write_store"]

STORE_DIR = ".store"
STORE_FORMAT = 1
GRAPH_NAME = "graph.nt"
STAMP_NAME = "stamp.json"
KEY_LENGTH = 16


def _pyoxigraph_version() -> str:
    import pyoxigraph

    return str(getattr(pyoxigraph, "__version__", "unknown"))


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(2**20):
            digest.update(block)
    return digest.hexdigest()


def read_stamp(folder: Path) -> dict[str, Any] | None:
    """The stamp of the store in ``folder`` (``.store/<key>/``), or ``None`` if it has none."""
    try:
        stamp = json.loads((folder / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def _usable(stamp: dict[str, Any] | None) -> TypeGuard[dict[str, Any]]:
    return (
        stamp is not None and stamp.get("format") == STORE_FORMAT and stamp.get("pyoxigraph") == _pyoxigraph_version()
    )


def store_for(graph: Path) -> Path | None:
    """The store folder (``.store/<key>/``) made from ``graph`` (a build's ``graph.nt``), or ``None``.

    A store matches when its stamp has the size and modification time of ``graph``, or else its
    sha256; stores of another format or pyoxigraph version never match.
    """
    graph = Path(graph)
    root = graph.parent / STORE_DIR
    if graph.name != GRAPH_NAME or not root.is_dir():
        return None
    try:
        stat = graph.stat()
    except OSError:
        return None
    candidates = []
    for folder in sorted(root.iterdir()):
        stamp = read_stamp(folder)
        if _usable(stamp) and stamp["size"] == stat.st_size and (folder / "db").is_dir():
            if stamp["mtime_ns"] == stat.st_mtime_ns:
                return folder
            candidates.append((folder, stamp))
    if candidates:
        digest = file_sha256(graph)
        for folder, stamp in candidates:
            if stamp["sha256"] == digest:
                return folder
    return None


def open_store(graph: Path):
    """The persisted store of ``graph`` opened read-only (a ``pyoxigraph.Store``), or ``None`` when
    no store matches it (see :func:`store_for`) or it cannot be opened."""
    import pyoxigraph

    folder = store_for(graph)
    if folder is None:
        return None
    try:
        return pyoxigraph.Store.read_only(str(folder / "db"))
    except OSError:
        return None


def write_store(folder: Path, batch: int | None = None) -> Path:
    """Make the store of ``folder/graph.nt`` in ``folder/.store/<key>/``; returns that folder.

    The triples are bulk-loaded into a temporary folder beside it, which is renamed once the store
    and its stamp are complete. With ``batch``, they are loaded ``batch`` lines at a time: the
    loader's memory then follows the batch, not its own buffers (at 100,000 networks, 0.11 GB for
    batches of 50,000 lines, 0.74 GB for 500,000, 1.55 GB for the whole file at once), in the same
    time or less.
    """
    import pyoxigraph

    graph = Path(folder) / GRAPH_NAME
    stat = graph.stat()
    digest = file_sha256(graph)
    root = graph.parent / STORE_DIR
    root.mkdir(exist_ok=True)
    target = root / digest[:KEY_LENGTH]
    temporary = Path(tempfile.mkdtemp(prefix=".making-", dir=root))
    os.chmod(temporary, 0o755)  # readable as the build's other files are, not mkdtemp's 0700
    try:
        store = pyoxigraph.Store(str(temporary / "db"))
        if batch is None:
            store.bulk_load(path=str(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
        else:
            with graph.open("rb") as lines:
                while chunk := b"".join(itertools.islice(lines, batch)):  # N-Triples: one triple a line
                    store.bulk_load(chunk, format=pyoxigraph.RdfFormat.N_TRIPLES)
        triples = len(store)
        # Compacting the bulk-loaded files makes every later query 2-5 times faster (at 100,000
        # networks: 5.5 s here, cross-border-flows 5.8 s -> 2.5 s, tactic-frequency 8.6 s -> 3.0 s).
        store.optimize()
        store.flush()
        del store
        stamp = {
            "format": STORE_FORMAT,
            "pyoxigraph": _pyoxigraph_version(),
            "graph": GRAPH_NAME,
            "sha256": digest,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "triples": triples,
        }
        (temporary / STAMP_NAME).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.rename(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return target


def install_store(staging: Path, out_dir: Path) -> None:
    """Move the store written in ``staging`` into ``out_dir/.store/``; of the other stores there only
    the newest stays (a service started before this build may still be reading it).

    Call it after ``graph.nt`` has moved from ``staging`` to ``out_dir`` (a rename keeps the size and
    time the stamp holds). A store of the same key already in place holds the same triples: it is
    kept and its stamp updated.
    """
    source_root, target_root = Path(staging) / STORE_DIR, Path(out_dir) / STORE_DIR
    if not source_root.is_dir():
        return
    target_root.mkdir(exist_ok=True)
    made = [folder for folder in sorted(source_root.iterdir()) if not folder.name.startswith(".")]
    for folder in made:
        target = target_root / folder.name
        if (target / "db").is_dir() and _usable(read_stamp(target)):
            os.replace(folder / STAMP_NAME, target / STAMP_NAME)
        else:
            if target.exists():
                shutil.rmtree(target)
            os.rename(folder, target)
    keep = {folder.name for folder in made}
    others = sorted(
        (folder for folder in target_root.iterdir() if folder.name not in keep),
        key=lambda folder: (-folder.stat().st_mtime_ns, folder.name),
    )
    for folder in others[1:]:  # the one before stays for a service still reading it
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(source_root, ignore_errors=True)
