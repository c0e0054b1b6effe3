"""The query service side by side with ``oxigraph serve``: same graph, same queries, same clients.

usage: python benchmarks/service.py --graph BUILD [--concurrency 1,10,50] [--duration 10] [--rounds 3] [--json PATH]

Both servers hold the graph in memory: ``oxigraph serve`` (PyPI package ``oxigraph``, no
``--location``) loaded by ``POST /store`` with the build's ``graph.nt``, and ``cio-graph serve``
started on the same folder. Every client sends the same SPARQL texts (each canned query with its
default parameters, its prefixes written out) by ``POST /sparql`` over one keep-alive connection,
asking for SPARQL JSON results, and reads each whole answer. Three runs per concurrency (the first
two repeated ``--rounds`` times, taking turns, and their medians reported):

* ``oxigraph``: ``oxigraph serve``;
* ``uncached``: ``cio-graph serve`` with its answer cache off (every request is evaluated);
* ``cached``: ``cio-graph serve`` with its answer cache on (after one warm-up pass).

Prints requests per second, p50 and p99 latency per run and the ratios to ``oxigraph serve``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from load import free_port

HERE = Path(__file__).resolve().parent

__all__ = ["cached", "cached_markdown", "compare", "median_cell", "markdown", "main"]


def wait_for(port: int, process: subprocess.Popen, what: str, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{what} did not start within {limit:.0f} s")


def start_oxigraph(graph_nt: Path) -> tuple[subprocess.Popen, int]:
    """``oxigraph serve`` in memory, loaded with ``graph_nt``."""
    executable = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [executable, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(port, process, "oxigraph serve")
    with graph_nt.open("rb") as data:
        answer = httpx.post(
            f"http://127.0.0.1:{port}/store?default",
            content=data,
            headers={"Content-Type": "application/n-triples"},
            timeout=600,
        )
    answer.raise_for_status()
    return process, port


def start_cio_graph(build: Path, cache: bool) -> tuple[subprocess.Popen, int]:
    """``cio-graph serve`` of ``build``: every client is 127.0.0.1, so no per-client limit, and whole
    answers (no row cap), as ``oxigraph serve`` sends them."""
    port = free_port()
    code = (
        "from pathlib import Path\nfrom cio_graph.queries.service import serve\n"
        f"serve(Path({str(build)!r}), host='127.0.0.1', port={port}, workers=None, "
        f"cache_bytes={64 * 2**20 if cache else 0}, timeout=60, max_per_client=0, max_rows=10**9)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    wait_for(port, process, "cio-graph serve")
    return process, port


def startup(build: Path, modes: tuple[str, ...] = ("in memory", "on disk")) -> dict[str, dict]:
    """Seconds from ``cio-graph serve`` starting to its first answer, and the PSS (MB) of its process
    tree then: workers loading ``graph.nt`` into memory, and ``--on-disk`` (the persisted store)."""
    from run import tree_pss_mb

    figures = {}
    for mode, flags in (("in memory", []), ("on disk", ["--on-disk"])):
        if mode not in modes:
            continue
        port = free_port()
        started = time.monotonic()
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "cio-graph"),
                "serve",
                "--graph",
                str(build),
                "--port",
                str(port),
                *flags,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if process.poll() is not None:
                    raise SystemExit(f"cio-graph serve {' '.join(flags)} exited with code {process.returncode}")
                try:
                    answer = httpx.post(
                        f"http://127.0.0.1:{port}/sparql", data={"query": "ASK { ?s ?p ?o }"}, timeout=5
                    )
                    if answer.status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            figures[mode] = {"ready": time.monotonic() - started, "pss_mb": tree_pss_mb(process.pid)}
        finally:
            process.terminate()
            process.wait(timeout=60)
    return figures


def query_texts() -> list[str]:
    """Every canned query with its default parameters, its prefixes declared in the text."""
    from cio_graph.queries.engine import PREFIXES
    from cio_graph.queries.library import list_queries

    head = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    return [head + query.bind({}) for query in list_queries()]


def request(query: str) -> bytes:
    body = query.encode("utf-8")
    return (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n"
        f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Read one whole response (Content-Length or chunked); returns its status and body size."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
    body = 0
    if "content-length" in headers:
        body = len(await reader.readexactly(int(headers["content-length"])))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            body += size
            if size == 0:
                break
    return status, body


async def client(port: int, requests: list[bytes], offset: int, deadline: float, latencies: list[float]) -> int:
    """Send ``requests`` round-robin (from ``offset``) until ``deadline``; returns the failures."""
    failures = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = offset
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            writer.write(requests[index % len(requests)])
            await writer.drain()
            status, _ = await read_answer(reader)
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                failures += 1
            index += 1
    finally:
        writer.close()
    return failures


async def once(port: int, requests: list[bytes]) -> list[int]:
    """Send each request once; returns the size of each answer's body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sizes = []
    try:
        for item in requests:
            writer.write(item)
            await writer.drain()
            sizes.append((await read_answer(reader))[1])
    finally:
        writer.close()
    return sizes


async def hammer(port: int, requests: list[bytes], clients: int, duration: float) -> dict:
    latencies: list[float] = []
    deadline = time.monotonic() + duration
    started = time.monotonic()
    failures = await asyncio.gather(*(client(port, requests, n, deadline, latencies) for n in range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies) + sum(failures),
        "failures": sum(failures),
        "req_per_s": (len(latencies) + sum(failures)) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else None,
    }


def run(coroutine):
    """Run the clients on uvloop where it is installed (less of the machine spent measuring), else asyncio."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def measure(port: int, requests: list[bytes], concurrency: list[int], duration: float, warm: bool) -> dict:
    if warm:  # one pass so that every answer is in the cache
        run(once(port, requests))
    return {c: run(hammer(port, requests, c, duration)) for c in concurrency}


def cached(build: Path, concurrency: list[int], duration: float) -> dict:
    """``cio-graph serve`` of ``build`` with its cache on, after a warm-up pass: the figures per
    concurrency, and ``answer_kb``, the mean size of the answers (which bounds req/s on large graphs)."""
    requests = [request(text) for text in query_texts()]
    process, port = start_cio_graph(build, True)
    try:
        sizes = run(once(port, requests))
        figures = {c: run(hammer(port, requests, c, duration)) for c in concurrency}
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"answer_kb": statistics.mean(sizes) / 1000, "clients": figures}


def compare(build: Path, concurrency: list[int], duration: float, rounds: int = 3) -> dict[str, dict]:
    """Figures of the three runs (``oxigraph``, ``uncached``, ``cached``) per concurrency.

    ``oxigraph`` and ``uncached`` run ``rounds`` times, taking turns (a fresh server each time), and
    each cell is the median of its rounds (req/s, p50, p99 taken separately), with every round's req/s
    in ``rounds``: one run of either moves by a third on a shared machine. ``cached`` runs once."""
    requests = [request(text) for text in query_texts()]
    starts = {
        "oxigraph": lambda: start_oxigraph(build / "graph.nt"),
        "uncached": lambda: start_cio_graph(build, False),
        "cached": lambda: start_cio_graph(build, True),
    }
    measured: dict[str, list[dict]] = {name: [] for name in starts}
    order = [name for _ in range(rounds) for name in ("oxigraph", "uncached")] + ["cached"]
    for number, name in enumerate(order, 1):
        print(f"service: {name} ({number}/{len(order)})", file=sys.stderr)
        process, port = starts[name]()
        try:
            measured[name].append(measure(port, requests, concurrency, duration, warm=name == "cached"))
        finally:
            process.terminate()
            process.wait(timeout=60)
    return {name: {c: median_cell([run[c] for run in runs]) for c in concurrency} for name, runs in measured.items()}


def median_cell(cells: list[dict]) -> dict:
    """The median of each figure over runs of one cell, and every run's req/s."""
    keys = ("requests", "failures", "req_per_s", "p50_ms", "p99_ms")
    median = {key: statistics.median(cell[key] for cell in cells) for key in keys}
    return {**median, "rounds": [cell["req_per_s"] for cell in cells]}


def markdown(figures: dict[str, dict], networks: str, duration: float) -> list[str]:
    """The side-by-side table and the service targets as (name, figure, met) rows."""
    lines = [
        f"Every canned query (default parameters) by `POST /sparql`, round-robin over keep-alive clients, "
        f"{duration:.0f} s per cell, on the {networks} build; both servers hold the graph in memory. "
        "Ratio = cio-graph / oxigraph (throughput: above 1 is faster; p99: below 1 is faster).",
        "",
        "| clients | oxigraph req/s | p50 ms | p99 ms | cio-graph uncached req/s | p50 ms | p99 ms "
        "| req/s ratio | p99 ratio | cio-graph cached req/s | p50 ms | p99 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    spread: list[str] = []
    for clients in figures["oxigraph"]:
        o, u, c = (figures[name][clients] for name in ("oxigraph", "uncached", "cached"))
        spread.append(f"{clients} clients: oxigraph {span(o)}, cio-graph uncached {span(u)}")
        lines.append(
            f"| {clients} | {o['req_per_s']:,.1f} | {o['p50_ms']:,.1f} | {o['p99_ms']:,.1f} | "
            f"{u['req_per_s']:,.1f} | {u['p50_ms']:,.1f} | {u['p99_ms']:,.1f} | "
            f"{u['req_per_s'] / o['req_per_s']:.2f} | {u['p99_ms'] / o['p99_ms']:.2f} | "
            f"{c['req_per_s']:,.0f} | {c['p50_ms']:,.2f} | {c['p99_ms']:,.2f} |"
        )
    rounds = len(figures["oxigraph"][next(iter(figures["oxigraph"]))].get("rounds", [1]))
    if rounds > 1:
        lines += [
            "",
            f"Medians of {rounds} rounds, the two servers taking turns; req/s of each round: "
            + "; ".join(spread)
            + ".",
        ]
    return lines


def span(cell: dict) -> str:
    return ", ".join(f"{rate:,.1f}" for rate in cell.get("rounds", [cell["req_per_s"]]))


def cached_markdown(runs: dict[str, dict], duration: float) -> list[str]:
    """The cached figures per graph (``runs``: graph name -> :func:`cached`) as a table."""
    lines = [
        f"`cio-graph serve` with its answer cache on, every canned query (default parameters) by `POST /sparql` "
        f"after one warm-up pass, {duration:.0f} s per cell: answers served from memory, so the answers' "
        "size bounds the rate.",
        "",
        "| graph | mean answer (kB) | clients | req/s | MB/s of answers | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for graph, figures in runs.items():
        for clients, cell in figures["clients"].items():
            lines.append(
                f"| {graph} | {figures['answer_kb']:,.1f} | {clients} | {cell['req_per_s']:,.0f} | "
                f"{cell['req_per_s'] * figures['answer_kb'] / 1000:,.0f} | {cell['p50_ms']:,.2f} | {cell['p99_ms']:,.2f} |"
            )
    return lines


def cached_targets(runs: dict[str, dict]) -> list[tuple[str, str, str]]:
    rows = []
    for graph, figures in runs.items():
        best = max(cell["req_per_s"] for cell in figures["clients"].values())
        rows.append(
            (
                f"service cached ≥ 5,000 req/s ({graph}, answers of {figures['answer_kb']:,.1f} kB on average)",
                f"{best:,.0f} req/s",
                "met" if best >= 5000 else "not met",
            )
        )
    return rows


def targets(figures: dict[str, dict]) -> list[tuple[str, str, str]]:
    rows = []
    for clients in (10, 50):
        if clients not in figures["oxigraph"]:
            continue
        o, u = figures["oxigraph"][clients], figures["uncached"][clients]
        throughput, p99 = u["req_per_s"] / o["req_per_s"], u["p99_ms"] / o["p99_ms"]
        rows.append(
            (
                f"service uncached at {clients} clients within 1.5× of `oxigraph serve`",
                f"throughput {throughput:.2f}×, p99 {p99:.2f}×",
                "met" if throughput >= 1 / 1.5 and p99 <= 1.5 else "not met",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, required=True, help="a build folder (with graph.nt)")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per cell")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each server to take the median of")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    concurrency = [int(c) for c in args.concurrency.split(",")]
    figures = compare(args.graph, concurrency, args.duration, args.rounds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print("\n".join(markdown(figures, str(args.graph), args.duration)))
    for name, figure, met in targets(figures):
        print(f"{name}: {figure} — {met}")


if __name__ == "__main__":
    main()
