"""Load test of the query service: many concurrent keep-alive clients against a server it starts on 127.0.0.1.

    .venv/bin/python benchmarks/load.py [--graph exports/] [--clients 50] [--duration 30]

Requests mix canned queries (``GET /queries/NAME.json`` with their default and a few other
parameter values), repeated ad-hoc SPARQL (``POST /sparql``) and ad-hoc SPARQL whose text is new
every time (so no answer cache can help). Every client connects from 127.0.0.1 while standing for
many users, so the server runs without its per-client limit (``max_per_client=0``). Prints
requests per second, p50 and p99 latency and
errors, per kind and overall; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parent.parent
ADHOC = [
    "SELECT ?network ?title ?accounts WHERE { ?network a cio:Network ; dcterms:title ?title ; "
    "cio:accounts ?accounts } ORDER BY DESC(?accounts) LIMIT 20",
    "SELECT ?code (COUNT(?n) AS ?networks) WHERE { ?n cio:targetCountry ?c . ?c cio:alpha2 ?code } "
    "GROUP BY ?code ORDER BY DESC(?networks)",
    "SELECT ?tactic (COUNT(?n) AS ?networks) WHERE { ?n cio:usesTactic ?t . ?t skos:prefLabel ?tactic } "
    "GROUP BY ?tactic ORDER BY DESC(?networks)",
    "ASK { ?n a cio:Network ; cio:globalAudience true }",
    "CONSTRUCT { ?n dcterms:title ?t } WHERE { ?n a cio:Network ; dcterms:title ?t } LIMIT 50",
]
# New text every time: the accounts threshold changes, so neither cache nor earlier parse helps.
UNIQUE = (
    "SELECT ?network ?accounts WHERE {{ ?network a cio:Network ; cio:accounts ?accounts "
    "FILTER(?accounts > {threshold}) }} ORDER BY DESC(?accounts) LIMIT 10"
)


@dataclass
class Tally:
    """Latencies (seconds) of successful requests and the failures of one kind."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    graph: str | None, port: int, workers: int | None, cache_bytes: int, timeout: float
) -> subprocess.Popen:
    """``cio-graph serve`` in a child process, returned once it answers."""
    code = (
        "from pathlib import Path\nfrom cio_graph.queries.service import serve\n"
        f"serve({f'Path({graph!r})' if graph else None}, host='127.0.0.1', port={port}, "
        f"workers={workers!r}, cache_bytes={cache_bytes}, timeout={timeout}, max_per_client=0)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 180 s")


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()


def post_query(query: str) -> bytes:
    body = urlencode({"query": query}).encode()
    return (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json, "
        f"text/turtle;q=0.9\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def canned_requests(port: int) -> list[bytes]:
    """Every canned query with its defaults, plus variations of its integer and string parameters."""
    import httpx

    queries = httpx.get(f"http://127.0.0.1:{port}/queries", timeout=30).json()
    requests = []
    for query in queries:
        requests.append(get(f"/queries/{quote(query['name'])}.json"))
        for param in query["params"]:
            variants = {"integer": ["1", "3"], "string": ["RO", "election"]}.get(param["type"], [])
            requests += [get(f"/queries/{quote(query['name'])}.json?{urlencode({param['name']: v})}") for v in variants]
    return requests


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a keep-alive connection and read the whole response; returns the status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    length = {k.strip().lower(): v.strip() for k, v in headers.items()}.get("content-length")
    if length is None:
        raise ValueError("response without Content-Length")
    await reader.readexactly(int(length))
    return status


async def client(port: int, deadline: float, pick, tallies: dict[str, Tally]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < deadline:
            kind, request = pick()
            started = time.perf_counter()
            try:
                status = await exchange(reader, writer, request)
            except (OSError, ValueError, asyncio.IncompleteReadError) as error:
                tallies[kind].errors.append(f"{type(error).__name__}: {error}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            if status == 200:
                tallies[kind].latencies.append(time.perf_counter() - started)
            else:
                tallies[kind].errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def run_load(
    port: int, clients: int, duration: float, mix: dict[str, float], seed: int, canned: list[bytes]
) -> dict[str, Tally]:
    adhoc = [post_query(q) for q in ADHOC]
    kinds, weights = zip(*mix.items())
    tallies = {kind: Tally() for kind in kinds}

    def picker(rng: random.Random):
        def pick() -> tuple[str, bytes]:
            kind = rng.choices(kinds, weights)[0]
            if kind == "canned":
                return kind, rng.choice(canned)
            if kind == "adhoc":
                return kind, rng.choice(adhoc)
            return kind, post_query(UNIQUE.format(threshold=rng.randrange(10**9)))

        return pick

    deadline = time.monotonic() + duration
    await asyncio.gather(*(client(port, deadline, picker(random.Random(seed + n)), tallies) for n in range(clients)))
    return tallies


def summary(tallies: dict[str, Tally], duration: float) -> list[dict]:
    rows = []
    everything = Tally(
        [x for t in tallies.values() for x in t.latencies], [x for t in tallies.values() for x in t.errors]
    )
    for kind, tally in [*tallies.items(), ("all", everything)]:
        latencies = sorted(tally.latencies)
        done = len(latencies) + len(tally.errors)
        rows.append(
            {
                "kind": kind,
                "requests": done,
                "req_per_s": round(done / duration, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 2) if latencies else None,
                "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2)
                if latencies
                else None,
                "errors": len(tally.errors),
                "first_errors": sorted(set(tally.errors))[:3],
            }
        )
    return rows


def parse_mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind not in ("canned", "adhoc", "unique"):
            raise argparse.ArgumentTypeError(f"unknown request kind {kind!r}: expected canned, adhoc, unique")
        mix[kind] = float(weight)
    return {kind: weight for kind, weight in mix.items() if weight > 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", help="build folder or RDF file (default: exports/, else the bundled report)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument(
        "--mix",
        type=parse_mix,
        default=parse_mix("canned=0.8,adhoc=0.15,unique=0.05"),
        help="weights of request kinds (default canned=0.8,adhoc=0.15,unique=0.05)",
    )
    parser.add_argument("--workers", type=int, default=None, help="query worker processes of the server")
    parser.add_argument("--cache-bytes", type=int, default=64 * 2**20, help="answer cache (0 turns it off)")
    parser.add_argument("--timeout", type=float, default=10.0, help="query timeout of the server")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    port = free_port()
    server = start_server(args.graph, port, args.workers, args.cache_bytes, args.timeout)
    try:
        canned = canned_requests(port)
        started = time.monotonic()
        tallies = asyncio.run(run_load(port, args.clients, args.duration, args.mix, args.seed, canned))
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = summary(tallies, elapsed)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"{args.clients} clients, {elapsed:.1f} s, mix {args.mix}, cache {args.cache_bytes} bytes")
        print(f"{'kind':<8} {'requests':>9} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        for row in rows:
            print(
                f"{row['kind']:<8} {row['requests']:>9} {row['req_per_s']:>9} {row['p50_ms']!s:>9} "
                f"{row['p99_ms']!s:>9} {row['errors']:>7}  {'; '.join(row['first_errors'])}"
            )
    sys.exit(1 if rows[-1]["errors"] else 0)


if __name__ == "__main__":
    main()
