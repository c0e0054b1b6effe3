"""The RDF writers side by side: the project's against pyoxigraph's serializer, on one build.

usage: python benchmarks/writers.py BUILD_FOLDER [--runs 3]

For graph.nt, graph.ttl and graph.jsonld: the time of the writer the build uses and of the
alternatives, in one process, medians of --runs runs, with the ratio to the fastest. "hand"
writers format the triples of :func:`graph.model.graph_blocks` in Python; "pyoxigraph from
objects" builds pyoxigraph ``Triple`` objects from the same triples and serializes them;
"pyoxigraph from graph.nt" streams the sorted N-Triples file through ``pyoxigraph.parse`` into
``pyoxigraph.serialize``; "pyoxigraph store dump" loads graph.nt into an in-memory store and
dumps it (store order, not sorted).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

__all__ = ["writer_times"]


def _median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _objects(blocks):
    """pyoxigraph Triples of ``blocks``, made term by term (interned IRIs made once)."""
    import pyoxigraph as ox

    from cio_graph.graph.model import Lit

    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: str) -> ox.NamedNode:
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = ox.NamedNode(iri)
        return found

    for subject, pairs in blocks:
        s = node(subject)
        for predicate, obj in sorted(set(pairs)):
            o = ox.Literal(obj.lexical, datatype=node(obj.datatype)) if isinstance(obj, Lit) else node(obj)
            yield ox.Triple(s, node(predicate), o)


def writer_times(build: Path, runs: int = 3) -> dict[str, dict[str, float]]:
    """``{file: {writer: seconds}}`` for the RDF files of the build folder ``build``."""
    import pyoxigraph as ox

    from cio_graph.graph.build import load_build
    from cio_graph.graph.export.jsonld import write_jsonld
    from cio_graph.graph.export.ntriples import write_ntriples
    from cio_graph.graph.export.turtle import SERIALIZER_PREFIXES, write_turtle, write_turtle_by_hand
    from cio_graph.graph.model import graph_blocks

    collection = load_build(build)
    blocks = graph_blocks(collection.reports, collection.networks)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        nt = out / "graph.nt"
        write_ntriples(blocks, nt)
        triples = ox.RdfFormat.N_TRIPLES
        figures["graph.nt"] = {
            "hand (used)": _median_time(lambda: write_ntriples(blocks, out / "a.nt"), runs),
            "pyoxigraph from objects": _median_time(
                lambda: ox.serialize(_objects(blocks), str(out / "b.nt"), format=triples), runs
            ),
        }
        store = ox.Store()
        store.load(path=str(nt), format=triples)
        figures["graph.ttl"] = {
            "pyoxigraph from graph.nt (used)": _median_time(lambda: write_turtle(nt, out / "a.ttl"), runs),
            "hand": _median_time(lambda: write_turtle_by_hand(blocks, out / "b.ttl"), runs),
            "pyoxigraph store dump": _median_time(
                lambda: store.dump(
                    str(out / "c.ttl"),
                    format=ox.RdfFormat.TURTLE,
                    from_graph=ox.DefaultGraph(),
                    prefixes=SERIALIZER_PREFIXES,
                ),
                runs,
            ),
        }
        figures["graph.jsonld"] = {
            "hand (used)": _median_time(lambda: write_jsonld(blocks, out / "a.jsonld"), runs),
            "pyoxigraph from graph.nt": _median_time(
                lambda: ox.serialize(
                    ox.parse(path=str(nt), format=triples), str(out / "b.jsonld"), format=ox.RdfFormat.JSON_LD
                ),
                runs,
            ),
            "pyoxigraph store dump": _median_time(
                lambda: store.dump(str(out / "c.jsonld"), format=ox.RdfFormat.JSON_LD, from_graph=ox.DefaultGraph()),
                runs,
            ),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for name, times in writer_times(args.build, args.runs).items():
        best = min(times.values())
        for writer, seconds in times.items():
            print(f"{name:13} {writer:32} {seconds:7.2f} s  {seconds / best:5.2f}x")


if __name__ == "__main__":
    main()
