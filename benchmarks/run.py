"""Benchmark cio-graph at scale on synthetic reports and print the figures and ratios.

usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--json PATH] [--repeat 5]

Per size: parse+extract throughput (text and HTML), graph build, each export's time, the
whole `cio-graph build` as a fresh process (wall time and peak RSS), canned-query latency p50
on the project's engine (pyoxigraph) and, up to --rdflib-max networks, on plain rdflib over
the same Turtle with the ratio; and `cio-graph query cross-border-flows --graph big.ttl` as a
fresh process against a plain rdflib script running the same .rq file.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

RDFLIB_SCRIPT = """
import sys, time
from rdflib import Graph
from queries.library import load_query
text = load_query("cross-border-flows").bind()
graph = Graph()
graph.parse(sys.argv[1], format="turtle")
rows = list(graph.query(text))
print(len(rows))
"""


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def synthetic(size: int, data_dir: Path) -> tuple[Path, Path]:
    """The synthetic report of ``size`` networks, generated once and kept in ``data_dir``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    text_path, html_path = data_dir / f"synthetic-{size}.txt", data_dir / f"synthetic-{size}.html"
    if not (text_path.exists() and html_path.exists()):
        text, page = generate(size)
        text_path.write_text(text, encoding="utf-8")
        html_path.write_text(page, encoding="utf-8")
    return text_path, html_path


def fresh_process(command: list[str]) -> tuple[float, int]:
    """Wall time of ``command`` and the peak RSS in MB of it and its children."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def export_times(reports, networks, out: Path) -> dict[str, float]:
    from graph.export.gexf import write_gexf
    from graph.export.graphml import write_graphml
    from graph.export.jsonld import write_jsonld
    from graph.export.networks_csv import write_networks_csv
    from graph.export.ntriples import write_ntriples
    from graph.export.property_graph import build_country_flows, build_property_graph
    from graph.export.stix import write_stix
    from graph.export.turtle import write_turtle
    from graph.model import graph_blocks

    figures: dict[str, float] = {}
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
    return figures


def query_latencies(graph: Path, engine: str, repeat: int) -> dict[str, float]:
    """p50 latency in ms of every canned query (default parameters) on ``engine``."""
    from queries.engine import oxigraph_store, rdflib_graph, run_canned
    from queries.library import list_queries

    (oxigraph_store if engine == "oxigraph" else rdflib_graph)(graph)  # load once, outside the timing
    latencies = {}
    for query in list_queries():
        runs = [timed(run_canned, query.name, None, graph, engine)[1] for _ in range(repeat)]
        latencies[query.name] = statistics.median(runs) * 1000
    return latencies


def bench_size(size: int, data_dir: Path, repeat: int, rdflib_max: int) -> dict:
    from graph.build import collect, write_build

    text_path, html_path = synthetic(size, data_dir)
    figures: dict = {"networks": size}
    collection, seconds = timed(collect, [text_path])
    figures["parse+extract text (networks/s)"] = size / seconds
    _, seconds = timed(collect, [html_path])
    figures["parse+extract html (networks/s)"] = size / seconds
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        figures["seconds"] = export_times(collection.reports, collection.networks, out)
        write_build(collection, out / "build")
        del collection
        cli = str(Path(sys.executable).with_name("cio-graph"))
        elapsed, rss = fresh_process([cli, "build", str(text_path), "--out", str(out / "cli")])
        figures["cio-graph build, text to every export (s)"] = elapsed
        figures["peak RSS (MB)"] = rss
        graph = out / "build" / "graph.ttl"
        figures["p50 ms oxigraph"] = query_latencies(graph, "oxigraph", repeat)
        if size <= rdflib_max:
            figures["p50 ms rdflib"] = query_latencies(graph, "rdflib", max(1, repeat // 3))
            figures["ratio rdflib/oxigraph"] = {
                name: figures["p50 ms rdflib"][name] / max(ms, 1e-3)
                for name, ms in figures["p50 ms oxigraph"].items()
            }
        ours, _ = fresh_process([cli, "query", "cross-border-flows", "--graph", str(graph), "--format", "csv"])
        script = out / "plain_rdflib.py"
        script.write_text(RDFLIB_SCRIPT, encoding="utf-8")
        plain, _ = fresh_process([sys.executable, str(script), str(graph)])
        figures["cross-border-flows end to end (s)"] = {"cio-graph": ours, "plain rdflib": plain,
                                                        "ratio": plain / ours}
    return figures


def print_figures(all_figures: list[dict]) -> None:
    for figures in all_figures:
        print(f"\n## {figures['networks']:,} networks")
        for key, value in figures.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for name, number in value.items():
                    print(f"    {name:38s} {number:12.3f}")
            elif key != "networks":
                print(f"{key:44s} {value:12.1f}")
    by_size = {f["networks"]: f for f in all_figures}
    if 10_000 in by_size and 100_000 in by_size:
        ratio = (by_size[100_000]["cio-graph build, text to every export (s)"]
                 / by_size[10_000]["cio-graph build, text to every export (s)"])
        print(f"\ntime(100k) / time(10k) = {ratio:.2f} (target <= 12)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query for the p50")
    parser.add_argument("--rdflib-max", type=int, default=10_000, help="largest size also run on rdflib")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    figures = [bench_size(size, args.data, args.repeat, args.rdflib_max) for size in sizes]
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
