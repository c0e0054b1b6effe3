"""Every export of the graph, written from the records into one folder.

Each format has its own module. N-Triples and JSON-LD are written by small deterministic writers
from the triples of :func:`graph.model.graph_block_chunks`, made a part at a time, each part
spilled to disk as a sorted run and the runs merged back (:mod:`graph.export.spill`), so the
graph's triples are never all in memory; Turtle from the sorted N-Triples by pyoxigraph's
serializer; the network-tool files (GraphML, GEXF), the STIX bundle and the CSV are built straight
from the records, in a second process so that both cores work (their parts kept on disk, not in memory).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from traceback import format_exception

from cio_graph.graph.errors import InputError
from cio_graph.graph.export.facts_csv import write_facts_csv
from cio_graph.graph.export.gexf import write_gexf
from cio_graph.graph.export.graphml import write_graphml
from cio_graph.graph.export.networks_csv import write_networks_csv
from cio_graph.graph.export.parts import PartsFile
from cio_graph.graph.export.property_graph import build_country_flows, build_property_graph
from cio_graph.graph.export.spill import merge_runs, spill, write_ntriples_and_jsonld
from cio_graph.graph.export.stix import write_stix
from cio_graph.graph.export.turtle import write_turtle
from cio_graph.graph.lifetime import die_with_parent
from cio_graph.graph.model import graph_block_chunks
from cio_graph.graph.progress import OnStage, every, ignore
from cio_graph.graph.record_types import NetworkRecord, ReportRecord
from cio_graph.graph.reference import data_path

__all__ = [
    "EXPORT_FILES",
    "shapes_path",
    "write_record_exports",
    "record_exports_worker",
    "writing_progress",
    "collection_paused",
    "run_also",
    "write_exports",
    "write_in_parallel",
    "STORE_BATCH",
    "SPILL_NETWORKS",
    "SPILL_FOLDER",
    "RECORD_SPILL_FOLDER",
    "spill_triples",
    "write_in_sequence",
    "relay",
    "StoreThread",
]

EXPORT_FILES = (
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "shapes.ttl",
    "graph.graphml",
    "country-flows.graphml",
    "graph.gexf",
    "stix.json",
    "networks.csv",
    "facts.csv",
)


def shapes_path() -> Path:
    """The SHACL shapes the graph conforms to (``graph/data/shapes.ttl``)."""
    return data_path("shapes.ttl")


def writing_progress(on_stage: OnStage) -> Callable[[str], None]:
    """``tell(name)`` after each file written: ``on_stage("writing", files so far, all files)``."""
    written: list[str] = []

    def tell(name: str) -> None:
        written.append(name)
        on_stage("writing", len(written), len(EXPORT_FILES))

    return tell


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Garbage collection off inside (millions of small acyclic objects: its passes would only cost
    time), back as it was after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def run_also(also: tuple[Callable[..., object], tuple] | None) -> None:
    """Call ``also`` = ``(function, arguments)``, if given."""
    if also is not None:
        function, arguments = also
        function(*arguments)


def write_record_exports(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    out_dir: Path,
    on_written: Callable[[str], None] | None = None,
    *,
    spill_folder: Path | None = None,
) -> None:
    """GraphML, GEXF, STIX and CSV, built from the records; ``on_written(name)`` after each file.
    With ``spill_folder``, what these files are made of is kept there, not in memory: the networks'
    nodes and edges of GraphML and GEXF (read back on each pass of their writers) and the sorted
    runs of STIX objects (the folder is the caller's to remove)."""
    written = on_written or (lambda name: None)
    if spill_folder is not None:
        spill_folder.mkdir(parents=True, exist_ok=True)
    parts = PartsFile(spill_folder / "graph-parts") if spill_folder is not None else None
    try:
        property_graph = build_property_graph(reports, networks, parts)
        write_graphml(property_graph, out_dir / "graph.graphml")
        written("graph.graphml")
        write_gexf(property_graph, out_dir / "graph.gexf")
        written("graph.gexf")
        del property_graph
    finally:
        if parts is not None:
            parts.remove()
    write_graphml(build_country_flows(networks), out_dir / "country-flows.graphml")
    written("country-flows.graphml")
    write_stix(reports, networks, out_dir / "stix.json", spill_folder=spill_folder)
    written("stix.json")
    write_networks_csv(networks, out_dir / "networks.csv")
    written("networks.csv")
    write_facts_csv(networks, out_dir / "facts.csv")
    written("facts.csv")


def record_exports_worker(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    out_dir: Path,
    errors,
    also: tuple[Callable[..., object], tuple] | None = None,
    progress=None,
    parent: int | None = None,
) -> None:
    """Run ``also`` then :func:`write_record_exports` in a child process; a failure goes back through
    ``errors``, the name of each file written through the ``progress`` connection. The child ends
    with its ``parent`` process: a killed build leaves no worker behind. It keeps the networks'
    parts of GraphML and GEXF and the runs of STIX objects on disk (``out_dir/.parts``): the two
    processes' peaks coincide, and the child has time to spare while the parent writes the triples."""
    if parent is not None:
        die_with_parent(parent)
    try:
        run_also(also)
        spill_folder = out_dir / RECORD_SPILL_FOLDER
        write_record_exports(
            reports, networks, out_dir, progress.send if progress is not None else None, spill_folder=spill_folder
        )
        shutil.rmtree(spill_folder)
    except Exception as error:
        errors.put(error if isinstance(error, InputError) else RuntimeError("".join(format_exception(error))))
        raise SystemExit(1) from None


def write_exports(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    out_dir: Path,
    *,
    also: tuple[Callable[..., object], tuple] | None = None,
    on_stage: OnStage | None = None,
    store: bool = False,
    low_memory: bool = False,
) -> list[Path]:
    """Write every file of :data:`EXPORT_FILES` into ``out_dir``; returns their paths in that order.

    With ``low_memory``, :func:`write_in_sequence` writes the same files one at a time in this
    process instead.

    The second process starts first, with the records, and writes its files while this one makes
    the triples; the records are checked while the triples are made: bad input raises
    ``InputError`` and stops the second process, whose files written by then stay (the build writes
    into a staging folder, so a failed build leaves nothing behind). ``also`` = ``(function,
    arguments)``: more work for the second process, done before its exports (the build writes its
    JSON-lines there).
    ``on_stage(stage, done, total)`` follows ``graph triples`` (networks) and ``writing`` (files of
    both processes, in the order they are done), always from this process. With ``store``, the
    persisted query store of ``graph.nt`` (:func:`graph.store.write_store`) is made in
    ``out_dir/.store/`` by a thread, while the other files are written.
    """
    out_dir = Path(out_dir)
    on_stage = on_stage or ignore
    if low_memory:
        return write_in_sequence(reports, networks, out_dir, also=also, on_stage=on_stage, store=store)
    with collection_paused():
        write_in_parallel(reports, networks, out_dir, also, on_stage, store)
    return [out_dir / name for name in EXPORT_FILES]


def write_in_parallel(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    out_dir: Path,
    also: tuple[Callable[..., object], tuple] | None,
    on_stage: OnStage,
    store: bool,
) -> None:
    """The body of :func:`write_exports`: a second process, this one and a store thread at once."""
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    errors = context.SimpleQueue()
    receiver, sender = context.Pipe(duplex=False)
    tell = writing_progress(on_stage)
    storing: StoreThread | None = None
    gc.freeze()  # the child shares the parent's objects without copying their pages
    # The child starts before the triples are made: it needs only the records, and the two cores
    # then share the triples' generation and the child's exports.
    worker = context.Process(
        target=record_exports_worker, args=(reports, networks, out_dir, errors, also, sender, os.getpid())
    )
    worker.start()
    sender.close()
    try:
        try:
            on_stage("graph triples", 0, len(networks))
            runs = spill_triples(reports, networks, out_dir, on_stage)
        except BaseException:
            worker.terminate()  # bad input found while the triples are made: the child's files are moot
            raise
        on_stage("writing", 0, len(EXPORT_FILES))
        try:
            write_ntriples_and_jsonld(merge_runs(runs), out_dir / "graph.nt", out_dir / "graph.jsonld")
            tell("graph.nt")
            tell("graph.jsonld")
            if store:
                storing = StoreThread(out_dir)
            relay(receiver, tell)
            write_turtle(out_dir / "graph.nt", out_dir / "graph.ttl")
            tell("graph.ttl")
            relay(receiver, tell)
            shutil.copyfile(shapes_path(), out_dir / "shapes.ttl")
            tell("shapes.ttl")
            if storing is not None:
                storing.finish()
        finally:
            shutil.rmtree(out_dir / SPILL_FOLDER, ignore_errors=True)
            if storing is not None:
                storing.join()
            while relay(receiver, tell, wait=0.5):
                pass
    finally:
        worker.join()
        receiver.close()
        gc.unfreeze()
    if worker.exitcode != 0:
        raise (
            errors.get()
            if not errors.empty()
            else RuntimeError(f"writing GraphML, GEXF, STIX and CSV stopped (exit code {worker.exitcode})")
        )


# Triples per bulk load of the store: at 100,000 networks, batches of 50,000 lines keep the loader
# at 0.11 GB (one load of the whole file: 1.55 GB) in the same time (23.4 s with the compaction).
STORE_BATCH = 50_000
SPILL_NETWORKS = 25_000  # networks whose triples are made, sorted and spilled at a time (every build)


def write_in_sequence(
    reports: list[ReportRecord],
    networks: Sequence[NetworkRecord],
    out_dir: Path,
    *,
    also: tuple[Callable[..., object], tuple] | None = None,
    on_stage: OnStage | None = None,
    store: bool = False,
) -> list[Path]:
    """:func:`write_exports` with the least memory: the same files, written one after another in this
    process: the triples spilled (:func:`spill_triples`), N-Triples and JSON-LD written from their
    runs, then Turtle, the store (loaded :data:`STORE_BATCH` triples at a time) and the files made
    from the records; one core works, and no two of these parts hold memory at once."""
    from cio_graph.graph.store import write_store

    on_stage = on_stage or ignore
    tell = writing_progress(on_stage)
    with collection_paused():
        on_stage("graph triples", 0, len(networks))
        runs = spill_triples(reports, networks, out_dir, on_stage)
        on_stage("writing", 0, len(EXPORT_FILES))
        write_ntriples_and_jsonld(merge_runs(runs), out_dir / "graph.nt", out_dir / "graph.jsonld")
        tell("graph.nt")
        tell("graph.jsonld")
        shutil.rmtree(out_dir / SPILL_FOLDER)
        write_turtle(out_dir / "graph.nt", out_dir / "graph.ttl")
        tell("graph.ttl")
        shutil.copyfile(shapes_path(), out_dir / "shapes.ttl")
        tell("shapes.ttl")
        if store:
            write_store(out_dir, batch=STORE_BATCH)
        run_also(also)
        write_record_exports(reports, networks, out_dir, tell, spill_folder=out_dir / RECORD_SPILL_FOLDER)
        shutil.rmtree(out_dir / RECORD_SPILL_FOLDER)
    return [out_dir / name for name in EXPORT_FILES]


RECORD_SPILL_FOLDER = ".parts"  # GraphML, GEXF and STIX's parts in a low-memory build, while written
SPILL_FOLDER = ".triples"  # the runs of spilled triples, in the (staging) output folder while it is written


def spill_triples(
    reports: list[ReportRecord], networks: Sequence[NetworkRecord], out_dir: Path, on_stage: OnStage
) -> list[Path]:
    """The graph's triples made :data:`SPILL_NETWORKS` networks at a time, each part written as a sorted
    run in ``out_dir/.triples/`` (:mod:`graph.export.spill`); returns the runs, to be merged back."""
    parts = graph_block_chunks(reports, networks, every(on_stage, "graph triples"), chunk=SPILL_NETWORKS)
    return spill(parts, out_dir / SPILL_FOLDER)


def relay(receiver, tell: Callable[[str], None], wait: float = 0.0) -> bool:
    """Pass on the file names the child sent (waiting up to ``wait`` s for one); False once it has
    closed its end."""
    try:
        while receiver.poll(wait):
            tell(receiver.recv())
            wait = 0.0
    except EOFError:
        return False
    return True


class StoreThread(threading.Thread):
    """:func:`graph.store.write_store` of ``folder`` in a thread (pyoxigraph's bulk load runs without
    the interpreter lock); :meth:`finish` waits for it and raises its error."""

    def __init__(self, folder: Path) -> None:
        super().__init__(name="cio-graph-store", daemon=True)
        self.folder = folder
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        from cio_graph.graph.store import write_store

        try:
            write_store(self.folder, batch=STORE_BATCH)
        except BaseException as error:
            self.error = error

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error
