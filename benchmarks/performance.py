"""Performance side by side: cio-graph against a minimal raw pyoxigraph script, written to docs/performance.md.

usage: python benchmarks/performance.py [--build-sizes 1000,10000,100000] [--query-sizes 10000,100000]
                                        [--runs 3] [--repeat 5] [--fresh-big NAMES] [--out docs/performance.md]

* Build, per size (synthetic reports of ``benchmarks/generate.py``): ``cio-graph build`` as a
  fresh process, wall time (median of --runs) and peak memory of its process tree (PSS, sampled);
  the time of each stage (one instrumented run); the floor: pyoxigraph alone loading the final
  ``graph.nt`` in a fresh process (median of --runs; one run above 100,000 networks); at
  --low-memory-sizes, one fresh ``build --low-memory`` too; the RDF writers side by side
  (``benchmarks/writers.py``, at the largest size up to 10,000).
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

from run import fresh_process, load_average, log, synthetic

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
        "triples": sum(1 for _ in (out / "graph.nt").open(encoding="utf-8")),
    }


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


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def ratio(project: float | None, raw: float | None) -> str:
    return "–" if project is None or raw is None or raw == 0 else f"{project / raw:.2f}"


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def report(
    builds: list[dict],
    queries: dict[int, list[dict]],
    cold: dict[str, float],
    writers: dict,
    writers_size: int | None,
    loads: tuple[str, str],
    service: dict | None = None,
    service_size: int | None = None,
    service_duration: float = 10.0,
    startups: dict[int, dict] | None = None,
    cached: dict[str, dict] | None = None,
) -> str:
    lines = [
        "# Performance",
        "",
        "Written by `benchmarks/performance.py` (synthetic reports of `benchmarks/generate.py`) on this "
        "project's 2-core machine, shared with other work: figures of one run compare with each other, "
        "not with other runs. What the figures mean, and why the build and queries are as fast as they "
        "are: [performance-notes.md](performance-notes.md).",
        "",
        f"Load average before: {loads[0]}; after: {loads[1]}.",
        "",
    ]
    targets: list[tuple[str, str, str]] = []
    lines += [
        "## Build",
        "",
        "Fresh `cio-graph build -q` of the synthetic text report: wall time (median of the runs given), "
        "peak memory of the process tree (PSS; the build runs a second process and a store thread), time "
        "of each stage (one run), and the floor: a fresh pyoxigraph process loading the final `graph.nt`.",
        "",
        "| networks | triples | runs | build (s) | peak (MB PSS) | floor (s) | build / floor | stages (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for b in builds:
        stages = ", ".join(f"{name} {value:.1f}" for name, value in b["stages"].items() if name != "total")
        lines.append(
            f"| {b['size']:,} | {b['triples']:,} | {b.get('runs', '')} | {seconds(b['wall'])} | "
            f"{b['peak_mb']:,.0f} | {seconds(b['floor'])} | {b['wall'] / b['floor']:.1f} | {stages} |"
        )
    lows = [b for b in builds if b.get("low_memory")]
    if lows:
        lines += [
            "",
            "`cio-graph build -q --low-memory` (the exports one at a time in one process, the store loaded in "
            "batches), one fresh run beside the default build's figures above:",
            "",
            "| networks | build (s) | × default | peak (MB PSS) | × default |",
            "|---:|---:|---:|---:|---:|",
        ]
        for b in lows:
            low = b["low_memory"]
            lines.append(
                f"| {b['size']:,} | {seconds(low['wall'])} | {low['wall'] / b['wall']:.2f} | "
                f"{low['peak_mb']:,.0f} | {low['peak_mb'] / b['peak_mb']:.2f} |"
            )
    for b in builds:
        if b["size"] == 100_000:
            targets.append(
                ("build of 100,000 networks, every export, ≤ 30 s", f"{b['wall']:.1f} s", verdict(b["wall"] <= 30))
            )
            targets.append(
                (
                    "build of 100,000 networks: peak memory ≤ 2 GB",
                    f"{b['peak_mb']:,.0f} MB",
                    verdict(b["peak_mb"] <= 2048),
                )
            )
            if b.get("low_memory"):
                low = b["low_memory"]
                targets.append(
                    (
                        "build of 100,000 networks with `--low-memory`: peak memory ≤ 2 GB",
                        f"{low['peak_mb']:,.0f} MB ({low['wall']:.1f} s)",
                        verdict(low["peak_mb"] <= 2048),
                    )
                )
    if writers:
        lines += [
            "",
            f"RDF writers side by side at {writers_size:,} networks (`benchmarks/writers.py`, "
            "in process, median of 3; ratio to the fastest):",
            "",
            "| file | writer | s | × fastest |",
            "|---|---|---:|---:|",
        ]
        for name, times in writers.items():
            best = min(times.values())
            for writer, value in times.items():
                lines.append(f"| {name} | {writer} | {value:.2f} | {value / best:.2f} |")
    for size, rows in queries.items():
        lines += [
            "",
            f"## Canned queries at {size:,} networks",
            "",
            "End to end: a fresh `cio-graph query NAME --format csv` (persisted store) against a fresh raw "
            "script (pyoxigraph loads `graph.nt`, runs the query, reads the rows; above 10,000 networks "
            "for a few queries only, as its load takes ~20 s), medians. In process, "
            "medians on stores already open: the project's engine (`run_on_store`: the query, its rows "
            "turned into Python values) on the in-memory store, as the service's workers and a "
            "long-lived Python process hold it, against raw `Store.query` reading the rows on the same "
            "store; and `run_canned` on the persisted (on-disk) store a fresh `cio-graph query` opens. "
            "Ratio = project / raw.",
            "",
            "| query | end to end (s) | raw (s) | ratio | in memory (ms) | raw (ms) | ratio | persisted (ms) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            memory = row.get("inproc_memory")
            lines.append(
                f"| `{row['query']}` | {seconds(row.get('fresh'))} | {seconds(row.get('fresh_raw'))} | "
                f"{ratio(row.get('fresh'), row.get('fresh_raw'))} | "
                f"{'–' if memory is None else f'{memory * 1000:,.1f}'} | "
                f"{row['inproc_raw'] * 1000:,.1f} | {ratio(memory, row['inproc_raw'])} | {row['inproc'] * 1000:,.1f} |"
            )
        measured = [row for row in rows if row.get("inproc_memory") is not None and row["inproc_raw"] >= 0.005]
        if measured:
            worst = max(measured, key=lambda row: row["inproc_memory"] / row["inproc_raw"])
            targets.append(
                (
                    f"canned queries in process at {size:,} networks within 1.5× of raw pyoxigraph "
                    "(queries of 5 ms or more)",
                    f"at most {worst['inproc_memory'] / worst['inproc_raw']:.2f}× (`{worst['query']}`) over "
                    f"{len(measured)} queries",
                    verdict(worst["inproc_memory"] / worst["inproc_raw"] <= 1.5),
                )
            )
        fresh = [row for row in rows if "fresh" in row]
        if size >= 100_000 and fresh:
            fast = [row["query"] for row in fresh if row["fresh"] <= 0.5]
            slow = [row for row in fresh if row["fresh"] > 0.5]
            bounded = [row for row in slow if row["inproc_raw"] > 0.5]  # the engine alone, graph in memory
            targets.append(
                (
                    f"fresh-process canned query at {size:,} networks ≤ 0.5 s",
                    f"{len(fast)} of {len(fresh)}; slowest {max(row['fresh'] for row in fresh):.2f} s; "
                    f"{len(bounded)} of the {len(slow)} slower ones take over 0.5 s in raw pyoxigraph "
                    "itself with the graph already in memory",
                    verdict(len(fast) == len(fresh)),
                )
            )
            compared = [row for row in fresh if "fresh_raw" in row]
            speedups = [row["fresh_raw"] / row["fresh"] for row in compared]
            targets.append(
                (
                    f"fresh-process canned query at {size:,} networks ≥ 5× faster than raw pyoxigraph",
                    f"{min(speedups):.1f}× to {max(speedups):.1f}× over {len(compared)} queries",
                    verdict(min(speedups) >= 5),
                )
            )
    if service:
        from service import markdown as service_table
        from service import targets as service_targets

        lines += ["", f"## Service at {service_size:,} networks", ""]
        lines += service_table(service, f"{service_size:,}-network", service_duration)
        targets += service_targets(service)
    if cached:
        from service import cached_markdown, cached_targets

        lines += ["", "## Cached answers", ""]
        lines += cached_markdown(cached, service_duration)
        targets += cached_targets(cached)
    if startups:
        lines += [
            "",
            "## Service start-up",
            "",
            "From `cio-graph serve` starting to its first answer, and the PSS of its process tree then: "
            "workers loading `graph.nt` into memory (the default) and `--on-disk` (the persisted store).",
            "",
            "| networks | in memory (s) | (MB PSS) | on disk (s) | (MB PSS) |",
            "|---:|---:|---:|---:|---:|",
        ]
        for size, modes in sorted(startups.items()):
            memory, disk = modes["in memory"], modes["on disk"]
            lines.append(
                f"| {size:,} | {memory['ready']:.2f} | {memory['pss_mb']:,.0f} | {disk['ready']:.2f} | {disk['pss_mb']:,.0f} |"
            )
        largest = max(startups)
        ready = startups[largest]["on disk"]["ready"]
        targets.append(
            (
                f"`serve` starts in seconds on a large build (`--on-disk`, {largest:,} networks; 1,000,000 not built)",
                f"{ready:.2f} s, {startups[largest]['on disk']['pss_mb']:,.0f} MB",
                verdict(ready <= 5),
            )
        )
    lines += ["", "## Cold start", "", "| command | s |", "|---|---:|"]
    for command, value in cold.items():
        lines.append(f"| `cio-graph {command}` | {value:.2f} |")
        targets.append((f"`cio-graph {command}` ≤ 0.3 s", f"{value:.2f} s", verdict(value <= 0.3)))
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {figure} | {met} |" for name, figure, met in targets]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-sizes", default="1000,10000,100000")
    parser.add_argument("--query-sizes", default="10000,100000")
    parser.add_argument(
        "--runs", type=int, default=3, help="fresh processes per figure (median; builds above 100,000 networks: one)"
    )
    parser.add_argument("--low-memory-sizes", default="100000", help="sizes also built with --low-memory (one run)")
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
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    log(f"load average {after}; written {args.out}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
