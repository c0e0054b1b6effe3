"""Benchmark cio-graph at scale on synthetic reports and print the figures and ratios.

usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--json PATH] [--markdown PATH]
                                [--repeat 5] [--runs 3] [--rdflib-max 10000] [--rdflib-cap 60]

Per size: parse+extract throughput (text and HTML), graph build, each export's time, the whole
`cio-graph build` as a fresh process (wall time, and peak memory of its process tree: the largest
sum of PSS over the process and its workers, sampled every half second), canned-query latency p50 on the
project's engine (pyoxigraph) and, up to --rdflib-max networks, on plain rdflib over the same
Turtle with the ratio (an rdflib query still running after --rdflib-cap seconds is stopped and
reported as at least that long); and `cio-graph query cross-border-flows --graph graph.ttl` as a
fresh process against (up to --rdflib-max networks) a plain rdflib script parsing the same Turtle
and running the same .rq file. Fresh-process figures are medians of --runs runs (the plain rdflib
script, a minute or more from 10k networks on, runs once). Progress goes to standard error; the machine's
load average is printed with the figures, since other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generate import generate, split_months

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

RDFLIB_SCRIPT = """
import sys
from rdflib import Graph
text = open(sys.argv[2], encoding="utf-8").read()
graph = Graph()
graph.parse(sys.argv[1], format="turtle")
rows = list(graph.query(text))
print(len(rows))
"""
BUILD = "cio-graph build, text to every export (s)"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def synthetic(size: int, data_dir: Path) -> tuple[Path, Path]:
    """The synthetic report of ``size`` networks, generated once and kept in ``data_dir``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    text_path, html_path = data_dir / f"synthetic-{size}.txt", data_dir / f"synthetic-{size}.html"
    if not (text_path.exists() and html_path.exists()):
        text, page = generate(size)
        text_path.write_text(text, encoding="utf-8")
        html_path.write_text(page, encoding="utf-8")
    return text_path, html_path


def synthetic_parts(size: int, parts: int, data_dir: Path) -> list[Path]:
    """The synthetic text report of ``size`` networks as ``parts`` files of consecutive months
    (:func:`generate.split_months`), generated once and kept in ``data_dir``."""
    folder = data_dir / f"synthetic-{size}-in-{parts}"
    paths = sorted(folder.glob("part-*.txt"))
    if len(paths) != parts:
        folder.mkdir(parents=True, exist_ok=True)
        text, _ = generate(size)
        paths = []
        for number, piece in enumerate(split_months(text, parts)):
            paths.append(folder / f"part-{number:02d}.txt")
            paths[-1].write_text(piece, encoding="utf-8")
    return paths


def tree_pss_mb(root: int) -> float:
    """PSS in MB of ``root`` and all its descendants (pages shared after fork counted once)."""
    pids, total = [root], 0
    while pids:
        pid = pids.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue  # the process ended meanwhile
    return total / 1024


def fresh_process(command: list[str]) -> tuple[float, float]:
    """Wall time of ``command`` and the peak PSS in MB of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_pss_mb(process.pid))
            time.sleep(0.5)  # reading PSS walks the page tables: not too often

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if process.wait() != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    elapsed = time.perf_counter() - start
    sampler.join()
    return elapsed, peak


def medians(command: list[str], runs: int) -> tuple[float, float]:
    results = [fresh_process(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def export_times(reports, networks, out: Path) -> dict[str, float]:
    from cio_graph.graph.export.gexf import write_gexf
    from cio_graph.graph.export.graphml import write_graphml
    from cio_graph.graph.export.jsonld import write_jsonld
    from cio_graph.graph.export.networks_csv import write_networks_csv
    from cio_graph.graph.export.ntriples import write_ntriples
    from cio_graph.graph.export.property_graph import build_country_flows, build_property_graph
    from cio_graph.graph.export.stix import write_stix
    from cio_graph.graph.export.turtle import write_turtle
    from cio_graph.graph.model import graph_blocks

    figures: dict[str, float] = {}
    gc.disable()  # as graph.export.write_exports does
    blocks, figures["graph build (triples)"] = timed(graph_blocks, reports, networks)
    _, figures["graph.ttl"] = timed(write_turtle, blocks, out / "graph.ttl")
    _, figures["graph.nt"] = timed(write_ntriples, blocks, out / "graph.nt")
    _, figures["graph.jsonld"] = timed(write_jsonld, blocks, out / "graph.jsonld")
    del blocks
    property_graph, figures["property graph"] = timed(build_property_graph, reports, networks)
    _, figures["graph.graphml"] = timed(write_graphml, property_graph, out / "graph.graphml")
    _, figures["graph.gexf"] = timed(write_gexf, property_graph, out / "graph.gexf")
    del property_graph
    flows, figures["country flows"] = timed(build_country_flows, networks)
    _, figures["country-flows.graphml"] = timed(write_graphml, flows, out / "country-flows.graphml")
    _, figures["stix.json"] = timed(write_stix, reports, networks, out / "stix.json")
    _, figures["networks.csv"] = timed(write_networks_csv, networks, out / "networks.csv")
    gc.enable()
    return figures


class Overtime(Exception):
    """An rdflib query ran past its cap."""


def capped(seconds: float, function, *args):
    """``function(*args)`` and its time; :class:`Overtime` after ``seconds`` (pure-Python code only)."""

    def stop(signum, frame):
        raise Overtime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return timed(function, *args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def query_latencies(graph: Path, engine: str, repeat: int, cap: float) -> tuple[dict[str, float], set[str]]:
    """p50 latency in ms of every canned query (default parameters) on ``engine``, and the queries
    stopped at ``cap`` seconds (their figure is the cap: a lower bound)."""
    from cio_graph.queries.engine import oxigraph_store, rdflib_graph, run_canned
    from cio_graph.queries.library import list_queries

    (oxigraph_store if engine == "oxigraph" else rdflib_graph)(graph)  # load once, outside the timing
    latencies, stopped = {}, set()
    for query in list_queries():
        runs = []
        for _ in range(repeat):
            try:
                runs.append(capped(cap, run_canned, query.name, None, graph, engine)[1])
            except Overtime:
                runs.append(cap)
                stopped.add(query.name)
                break
        latencies[query.name] = statistics.median(runs) * 1000
        log(f"  {engine} {query.name}: {latencies[query.name]:.1f} ms")
    return latencies, stopped


def bench_size(size: int, args) -> dict:
    from cio_graph.graph.build import collect, write_build
    from cio_graph.queries.library import load_query

    text_path, html_path = synthetic(size, args.data)
    figures: dict = {"networks": size, "load average before": load_average()}
    log(f"{size:,} networks: parse+extract")
    collection, seconds = timed(collect, [text_path])
    figures["parse+extract text (networks/s)"] = size / seconds
    _, seconds = timed(collect, [html_path])
    figures["parse+extract html (networks/s)"] = size / seconds
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        log(f"{size:,} networks: exports one by one")
        figures["seconds"] = export_times(collection.reports, collection.networks, out)
        write_build(collection, out / "build")
        del collection
        cli = str(Path(sys.executable).with_name("cio-graph"))
        log(f"{size:,} networks: cio-graph build x{args.runs}")
        figures[BUILD], figures["peak memory of the build (MB PSS)"] = medians(
            [cli, "build", str(text_path), "--out", str(out / "cli")], args.runs
        )
        graph = out / "build" / "graph.ttl"
        log(f"{size:,} networks: canned queries")
        figures["p50 ms oxigraph"], _ = query_latencies(graph, "oxigraph", args.repeat, args.rdflib_cap)
        if size <= args.rdflib_max:
            rdflib, stopped = query_latencies(graph, "rdflib", max(1, args.repeat // 3), args.rdflib_cap)
            figures["p50 ms rdflib"] = rdflib
            figures["ratio rdflib/oxigraph"] = {
                name: rdflib[name] / max(ms, 1e-3) for name, ms in figures["p50 ms oxigraph"].items()
            }
            figures["rdflib stopped at the cap (lower bounds)"] = sorted(stopped)
        log(f"{size:,} networks: cross-border-flows end to end x{args.runs}")
        ours, _ = medians([cli, "query", "cross-border-flows", "--graph", str(graph), "--format", "csv"], args.runs)
        figures["cross-border-flows end to end (s)"] = {"cio-graph": ours}
        if size <= args.rdflib_max:  # a minute or more per run from 10k networks on: one run
            script, query = out / "plain_rdflib.py", out / "cross-border-flows.rq"
            script.write_text(RDFLIB_SCRIPT, encoding="utf-8")
            query.write_text(load_query("cross-border-flows").bind(), encoding="utf-8")
            plain, _ = medians([sys.executable, str(script), str(graph), str(query)], 1)
            figures["cross-border-flows end to end (s)"].update({"plain rdflib": plain, "ratio": plain / ours})
    figures["load average after"] = load_average()
    return figures


def print_figures(all_figures: list[dict]) -> None:
    for figures in all_figures:
        print(f"\n## {figures['networks']:,} networks")
        for key, value in figures.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for name, number in value.items():
                    print(f"    {name:38s} {number:12.3f}")
            elif isinstance(value, (list, str)):
                print(f"{key:44s} {value}")
            elif key != "networks":
                print(f"{key:44s} {value:12.1f}")
    by_size = {f["networks"]: f for f in all_figures}
    if 10_000 in by_size and 100_000 in by_size:
        print(f"\ntime(100k) / time(10k) = {by_size[100_000][BUILD] / by_size[10_000][BUILD]:.2f} (target <= 12)")


def markdown(all_figures: list[dict]) -> str:
    """The figures as two Markdown tables: the build (a column per size), then the canned queries
    (p50 and, where measured, how many times longer plain rdflib took; "≥" when stopped at the cap)."""

    def number(value: float) -> str:
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"

    sizes = [f"{f['networks']:,}" for f in all_figures]
    lines = ["| figure | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(sizes)]

    def row(label: str, values: list) -> None:
        cells = ["–" if v is None else v if isinstance(v, str) else number(v) for v in values]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    for key in ("parse+extract text (networks/s)", "parse+extract html (networks/s)"):
        row(key, [f[key] for f in all_figures])
    for name in all_figures[0]["seconds"]:
        row(f"{name} (s)", [f["seconds"][name] for f in all_figures])
    row(f"**{BUILD}**", [f[BUILD] for f in all_figures])
    row("peak memory of the build (MB PSS)", [f["peak memory of the build (MB PSS)"] for f in all_figures])
    for part in ("cio-graph", "plain rdflib", "ratio"):
        row(
            f"cross-border-flows end to end: {part}{'' if part == 'ratio' else ' (s)'}",
            [f["cross-border-flows end to end (s)"].get(part) for f in all_figures],
        )
    row("load average before / after", [f"{f['load average before']} / {f['load average after']}" for f in all_figures])
    header = ["query"]
    for f, size in zip(all_figures, sizes):
        header += [f"{size}: p50 ms"] + ([f"{size}: rdflib ×"] if "ratio rdflib/oxigraph" in f else [])
    lines += ["", "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for name in all_figures[0]["p50 ms oxigraph"]:
        cells = [f"`{name}`"]
        for f in all_figures:
            cells.append(number(f["p50 ms oxigraph"][name]))
            if "ratio rdflib/oxigraph" in f:
                cut = name in f.get("rdflib stopped at the cap (lower bounds)", ())
                cells.append(("≥ " if cut else "") + number(f["ratio rdflib/oxigraph"][name]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query for the p50")
    parser.add_argument("--runs", type=int, default=3, help="runs of each fresh-process figure (median)")
    parser.add_argument("--rdflib-max", type=int, default=10_000, help="largest size also run on rdflib")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="longest one rdflib query may run (s)")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--markdown", type=Path, help="also write the figures as a Markdown table here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    log(f"load average {load_average()} on {os.cpu_count()} cores")
    figures = [bench_size(size, args) for size in sizes]
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(figures), encoding="utf-8")


if __name__ == "__main__":
    main()
