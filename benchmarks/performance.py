"""Performance side by side: cio-graph against a minimal raw pyoxigraph script, written to docs/performance.md.

usage: python benchmarks/performance.py [--build-sizes 1000,10000,100000] [--query-sizes 10000,100000]
                                        [--million 1000000] [--runs 3] [--repeat 5] [--fresh-big NAMES]
                                        [--work DIR [--resume]] [--out docs/performance.md]

* Build, per size (synthetic reports of ``benchmarks/generate.py``): ``cio-graph build`` as a
  fresh process, wall time (median of --runs) and peak memory of its process tree (PSS, sampled);
  the time of each stage (one instrumented run); the floor: pyoxigraph alone loading the final
  ``graph.nt`` in a fresh process (median of --runs; one run above 100,000 networks); at
  --low-memory-sizes, one fresh ``build --low-memory`` too; the RDF writers side by side
  (``benchmarks/writers.py``, at the largest size up to 10,000); the size of every file of each build.
* A million networks (--million, in --million-parts files of consecutive months): one fresh
  ``build --low-memory``, its wall time and peak memory against the 100,000-network
  ``--low-memory`` build's (time ≤ 11×; memory bounded: peak ≤ 1.25×), then ``serve --on-disk``
  starting on it.
* Queries, per size: every canned query, default parameters. End to end (fresh process, median
  of --runs): ``cio-graph query NAME`` (opens the persisted store) against a raw script that loads
  ``graph.nt`` into pyoxigraph, runs the same text and reads the rows. In process (median of
  --repeat on a store already open): the project's ``run_canned`` against the raw ``Store.query``.
  Ratio = project / raw (below 1: the project is faster). Above 10,000 networks the raw script
  runs end to end for the --fresh-big queries only (its load costs ~20 s each time; every query
  runs end to end in ``cio-graph query``), and in process --repeat-big times (a run over 20 s is
  not repeated).
* Service, at --service-size networks (``benchmarks/service.py``): ``cio-graph serve`` against
  ``oxigraph serve`` on the same graph and queries, 1, 10 and 50 keep-alive clients, uncached and
  cached: requests per second, p50, p99 and the ratios (the two servers take turns --service-rounds
  times; medians).
* Cached answers (``benchmarks/service.py``): ``cio-graph serve`` with its cache on, on the bundled
  graph (``exports/``) and at --service-size networks, 10 and 50 clients, with the answers' mean size.
* Service start-up, per query size: from ``cio-graph serve`` starting to its first answer, in
  memory and ``--on-disk``, with the PSS of its process tree.
* Cold start: ``cio-graph --version`` and ``cio-graph query --list`` (median of --runs).

The load average is printed before and after: other work on the machine slows every figure,
so compare figures of one run. Each target is printed with its figure and "met" or "not met".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from performance_report import report
from run import fresh_process, load_average, log, synthetic, synthetic_parts

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

__all__ = ["main"]

BIN = Path(sys.executable).parent
CIO_GRAPH = str(BIN / "cio-graph")
RAW_SCRIPT = """
import json, sys, pyoxigraph
store = pyoxigraph.Store()
store.load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES)
answer = store.query(open(sys.argv[2], encoding="utf-8").read(), prefixes=json.loads(sys.argv[3]))
rows = [list(solution) for solution in answer]
print(len(rows))
"""
FLOOR_SCRIPT = """
import sys, pyoxigraph
store = pyoxigraph.Store()
store.load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_TRIPLES)
print(len(store))
"""
STAGES_SCRIPT = """
import json, sys, time
from pathlib import Path
from cio_graph.graph.build import collect, write_build
start = time.perf_counter()
stages = {}
def on_stage(stage, done, total):
    now = time.perf_counter() - start
    first, _ = stages.get(stage, (now, now))
    stages[stage] = (first, now)
collection = collect([Path(sys.argv[1])], on_stage=on_stage, max_bytes=int(sys.argv[3]), max_rows=int(sys.argv[4]))
write_build(collection, Path(sys.argv[2]), on_stage=on_stage)
stages["total"] = (0.0, time.perf_counter() - start)
print(json.dumps(stages))
"""


def median_wall(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time (s) of ``command`` over ``runs`` fresh processes, and its largest peak PSS (MB)."""
    results = [fresh_process(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def in_process(function, repeat: int, long: float = 20.0) -> float:
    """Median seconds of ``repeat`` calls; a call longer than ``long`` seconds is not repeated."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        if times[-1] > long:
            break
    return statistics.median(times)


def bench_build(size: int, data: Path, work: Path, runs: int, low_memory: bool = False) -> dict:
    """Build figures for ``size`` networks; leaves the build in ``work/build-<size>``. With
    ``low_memory``, also one fresh ``build --low-memory`` (wall time and peak memory)."""
    text, _ = synthetic(size, data)
    out = work / f"build-{size}"
    log(f"build {size:,}: {runs} fresh builds")
    # a report larger than the default input limits needs them raised, as a user would
    limits = [str(max(text.stat().st_size + 1, 50 * 2**20)), str(max(size + 1000, 200_000))]
    command = [
        CIO_GRAPH,
        "build",
        "-q",
        str(text),
        "--out",
        str(out),
        "--max-bytes",
        limits[0],
        "--max-rows",
        limits[1],
    ]
    wall, peak = median_wall(command, runs)
    low = None
    if low_memory:
        log(f"build {size:,}: --low-memory")
        shutil.rmtree(work / "low-memory", ignore_errors=True)
        low = fresh_process([*command[:5], str(work / "low-memory"), *command[6:], "--low-memory"])
        shutil.rmtree(work / "low-memory", ignore_errors=True)
    log(f"build {size:,}: stages")
    staged = subprocess.run(
        [sys.executable, "-c", STAGES_SCRIPT, str(text), str(work / "staged"), *limits],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    stages = {name: end - first for name, (first, end) in json.loads(staged.stdout).items()}
    shutil.rmtree(work / "staged", ignore_errors=True)
    log(f"build {size:,}: floor (pyoxigraph loading graph.nt)")
    floor, _ = median_wall([sys.executable, "-c", FLOOR_SCRIPT, str(out / "graph.nt")], runs)
    return {
        "size": size,
        "wall": wall,
        "peak_mb": peak,
        "runs": runs,
        "low_memory": None if low is None else {"wall": low[0], "peak_mb": low[1]},
        "stages": stages,
        "floor": floor,
        "triples": triples_in(out),
        "sizes": export_sizes(out),
    }


def triples_in(out: Path) -> int:
    """The triples of a build: the lines of its ``graph.nt``, read a line at a time."""
    with (out / "graph.nt").open(encoding="utf-8") as lines:
        return sum(1 for _ in lines)


def export_sizes(out: Path) -> dict[str, int]:
    """Bytes of every file of a build, the persisted store (a folder) as one."""
    sizes = {path.name: path.stat().st_size for path in out.iterdir() if path.is_file()}
    store = out / ".store"
    if store.is_dir():
        sizes["the store (.store/)"] = sum(path.stat().st_size for path in store.rglob("*") if path.is_file())
    return dict(sorted(sizes.items()))


def bench_million(size: int, parts: int, data: Path, work: Path) -> dict:
    """One fresh ``build --low-memory`` of ``size`` networks in ``parts`` files (wall time, peak PSS of
    the process tree, triples, export sizes), then ``serve --on-disk`` starting on it; the build is
    removed after."""
    from service import startup

    paths = synthetic_parts(size, parts, data)
    out = work / f"build-{size}"
    shutil.rmtree(out, ignore_errors=True)
    log(f"build {size:,} in {parts} files: --low-memory")
    limits = [str(max(path.stat().st_size for path in paths) + 1), str(size)]
    command = [CIO_GRAPH, "build", "-q", *map(str, paths), "--out", str(out), "--low-memory"]
    wall, peak = fresh_process([*command, "--max-bytes", limits[0], "--max-rows", limits[1]])
    log(f"build {size:,}: serve --on-disk")
    started = startup(out, modes=("on disk",))["on disk"]
    figures = {
        "size": size,
        "parts": parts,
        "wall": wall,
        "peak_mb": peak,
        "triples": triples_in(out),
        "sizes": export_sizes(out),
        "startup": started,
    }
    shutil.rmtree(out, ignore_errors=True)
    return figures


def bench_queries(size: int, build: Path, runs: int, repeat: int, fresh_only: set[str] | None) -> list[dict]:
    """Per canned query: fresh-process and in-process seconds, project and raw."""
    import pyoxigraph

    from cio_graph.queries.engine import PREFIXES, oxigraph_store, run_canned, run_on_store
    from cio_graph.queries.library import list_queries

    prefixes = json.dumps(PREFIXES)
    raw_store = pyoxigraph.Store()
    raw_store.load(path=str(build / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    oxigraph_store(build)  # opened once before timing: run_canned reuses the open store
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for query in list_queries():
            text = query.bind({})
            path = Path(folder) / f"{query.name}.rq"
            path.write_text(text, encoding="utf-8")
            row: dict = {"query": query.name}
            log(f"queries {size:,}: {query.name} end to end")
            row["fresh"] = median_wall(
                [CIO_GRAPH, "query", query.name, "--graph", str(build), "--format", "csv"], runs
            )[0]
            if fresh_only is None or query.name in fresh_only:  # the raw script reloads graph.nt each time
                row["fresh_raw"] = median_wall(
                    [sys.executable, "-c", RAW_SCRIPT, str(build / "graph.nt"), str(path), prefixes], runs
                )[0]
            log(f"queries {size:,}: {query.name} in process")
            row["inproc"] = in_process(lambda name=query.name: run_canned(name, None, build), repeat)
            row["inproc_memory"] = in_process(lambda text=text: run_on_store(text, raw_store), repeat)
            row["inproc_raw"] = in_process(
                lambda text=text: [list(s) for s in raw_store.query(text, prefixes=PREFIXES)], repeat
            )
            figures.append(row)
    return figures


def cold_start(runs: int) -> dict[str, float]:
    log("cold start")
    return {
        " ".join(command[1:]): median_wall(command, runs)[0]
        for command in ([CIO_GRAPH, "--version"], [CIO_GRAPH, "query", "--list"])
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-sizes", default="1000,10000,100000")
    parser.add_argument("--query-sizes", default="10000,100000")
    parser.add_argument(
        "--runs", type=int, default=3, help="fresh processes per figure (median; builds above 100,000 networks: one)"
    )
    parser.add_argument("--low-memory-sizes", default="100000", help="sizes also built with --low-memory (one run)")
    parser.add_argument(
        "--million",
        type=int,
        default=1_000_000,
        help="networks of the largest build, with --low-memory from --million-parts files (0: none; ~30 min)",
    )
    parser.add_argument("--million-parts", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="in-process runs per query (median)")
    parser.add_argument(
        "--fresh-big",
        default="cross-border-flows,disarm-rollup,government-stances,largest-networks",
        help="the queries the raw script runs end to end above 10,000 networks",
    )
    parser.add_argument("--repeat-big", type=int, default=3, help="in-process runs per query above 10,000")
    parser.add_argument("--service-size", type=int, default=10_000, help="networks of the service comparison (0: none)")
    parser.add_argument(
        "--service-seconds", type=float, default=10.0, help="seconds per cell of the service comparison"
    )
    parser.add_argument(
        "--service-rounds", type=int, default=3, help="runs of each server in the comparison (medians reported)"
    )
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--work", type=Path, default=None, help="folder for the builds (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument(
        "--resume", action="store_true", help="reuse the figures already measured in --work (its figures.json)"
    )
    args = parser.parse_args()
    build_sizes = sorted(
        {int(s) for s in args.build_sizes.split(",") if s} | {int(s) for s in args.query_sizes.split(",") if s}
    )
    query_sizes = sorted(int(s) for s in args.query_sizes.split(",") if s)
    before = load_average()
    log(f"load average {before}")
    work = args.work or Path(tempfile.mkdtemp(prefix="cio-graph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    saved = work / "figures.json"  # what is measured, kept as it goes: --resume starts from it
    done = json.loads(saved.read_text(encoding="utf-8")) if args.resume and saved.is_file() else {}

    def keep(name: str, measure):
        if name not in done:
            done[name] = measure()
            saved.write_text(json.dumps(done), encoding="utf-8")
        return done[name]

    try:
        cold = keep("cold", lambda: cold_start(args.runs))
        builds = [
            keep(
                f"build-{size}",
                lambda size=size: bench_build(
                    size,
                    args.data,
                    work,
                    args.runs if size <= 100_000 else 1,  # a 300,000-network build takes minutes
                    str(size) in args.low_memory_sizes.split(","),
                ),
            )
            for size in build_sizes
        ]
        writers_size = max((s for s in build_sizes if s <= 10_000), default=None)
        writers = {}
        if writers_size is not None:
            from writers import writer_times

            log(f"writers at {writers_size:,}")
            writers = keep("writers", lambda: writer_times(work / f"build-{writers_size}"))
        queries = {
            size: keep(
                f"queries-{size}",
                lambda size=size: bench_queries(
                    size,
                    work / f"build-{size}",
                    args.runs,
                    args.repeat if size <= 10_000 else args.repeat_big,
                    None if size <= 10_000 else set(args.fresh_big.split(",")),
                ),
            )
            for size in query_sizes
        }
        service = None
        if args.service_size:
            from service import compare

            if not (work / f"build-{args.service_size}").is_dir():
                keep(f"build-{args.service_size}", lambda: bench_build(args.service_size, args.data, work, 1))
            service = keep(
                f"service-{args.service_size}",
                lambda: compare(
                    work / f"build-{args.service_size}", [1, 10, 50], args.service_seconds, args.service_rounds
                ),
            )
            # JSON keeps the concurrency keys as text
            service = {run: {int(c): cell for c, cell in cells.items()} for run, cells in service.items()}
        from service import cached as cached_run

        graphs = {"bundled graph (`exports/`)": REPO / "exports"}
        if args.service_size:
            graphs[f"{args.service_size:,} networks"] = work / f"build-{args.service_size}"
        cached = {
            name: keep(f"cached-{name}", lambda folder=folder: cached_run(folder, [10, 50], args.service_seconds))
            for name, folder in graphs.items()
        }
        cached = {
            name: {**figures, "clients": {int(c): cell for c, cell in figures["clients"].items()}}
            for name, figures in cached.items()
        }
        from service import startup

        startups = {
            size: keep(f"startup-{size}", lambda size=size: startup(work / f"build-{size}"))
            for size in query_sizes
            if (work / f"build-{size}").is_dir()
        }
        million = None
        if args.million:
            million = keep(
                f"million-{args.million}",
                lambda: bench_million(args.million, args.million_parts, args.data, work),
            )
        builds = [b for b in builds if str(b["size"]) in args.build_sizes.split(",")]
    finally:
        if args.work is None:  # with --work, the builds and figures.json stay
            shutil.rmtree(work, ignore_errors=True)
    after = load_average()
    text = report(
        builds,
        queries,
        cold,
        writers,
        writers_size,
        (before, after),
        service,
        args.service_size,
        args.service_seconds,
        {int(size): modes for size, modes in startups.items()},
        cached,
        million,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    log(f"load average {after}; written {args.out}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
