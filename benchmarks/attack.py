"""Worker starvation under attack: cheap-query latency while N clients send heavy queries, on 127.0.0.1.

    .venv/bin/python benchmarks/attack.py [--graph tests/fixtures/service_small.ttl] [--heavy 20]
        [--duration 10] [--timeout 3] [--workers 2] [--json]

For each server setting (the per-client limit on, ``--max-per-client 1``, and off, ``0``) and each
attack shape (all heavy clients from one address, 127.0.0.1; or each from its own, 127.0.0.2…),
``cio-graph serve`` starts in a child process; ``--heavy`` clients send queries that run until the
timeout, over and over, while one client at 127.0.1.1 sends cheap queries (new text each time, so
the answer cache cannot help) one after another. Prints the cheap queries' p50 and p95 latency and
their failures. Every run is bounded by ``--duration`` seconds and every request by a timeout.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }} # {n}"
CHEAP = "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRLEN(STR(?o)) > {n}) }}"
CHEAP_ADDRESS = "127.0.1.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(graph: str, port: int, workers: int, timeout: float, max_per_client: int) -> subprocess.Popen:
    """``cio-graph serve`` in a child process, returned once it answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from cio_graph.queries.cli import main; main()",
            "serve",
            "--graph",
            graph,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--max-per-client",
            str(max_per_client),
        ],
        cwd=REPO,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with code {process.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/queries", timeout=2)
            return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 120 s")


def attack(base: str, heavy: int, spread: bool, duration: float, timeout: float) -> dict:
    """Run one attack; returns the cheap queries' figures."""
    stop = time.monotonic() + duration
    heavy_status: dict[int, int] = {}
    lock = threading.Lock()

    def heavy_client(index: int) -> None:
        address = f"127.0.0.{index + 2}" if spread else "127.0.0.1"
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=base, transport=transport, timeout=3 * timeout + 10) as client:
            count = 0
            while time.monotonic() < stop:
                count += 1
                try:
                    status = client.get("/sparql", params={"query": HEAVY.format(n=f"{index}-{count}")}).status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    heavy_status[status] = heavy_status.get(status, 0) + 1

    threads = [threading.Thread(target=heavy_client, args=(i,), daemon=True) for i in range(heavy)]
    for thread in threads:
        thread.start()
    time.sleep(min(1.0, duration / 4))  # let the heavy queries take the workers first
    latencies: list[float] = []
    failures: dict[str, int] = {}
    transport = httpx.HTTPTransport(local_address=CHEAP_ADDRESS)
    with httpx.Client(base_url=base, transport=transport, timeout=3 * timeout + 10) as client:
        number = 0
        while time.monotonic() < stop:
            number += 1
            started = time.perf_counter()
            try:
                status = client.get("/sparql", params={"query": CHEAP.format(n=number)}).status_code
            except httpx.HTTPError as error:
                status = type(error).__name__
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                failures[str(status)] = failures.get(str(status), 0) + 1
    for thread in threads:
        thread.join(timeout=3 * timeout + 15)
    latencies.sort()
    return {
        "cheap_ok": len(latencies),
        "cheap_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "cheap_p95_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1)
        if latencies
        else None,
        "cheap_failures": failures,
        "heavy_statuses": dict(sorted(heavy_status.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", default=str(REPO / "tests" / "fixtures" / "service_small.ttl"))
    parser.add_argument("--heavy", type=int, default=20, help="clients sending heavy queries")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per attack")
    parser.add_argument("--timeout", type=float, default=3.0, help="the server's query timeout")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not 1 <= args.heavy <= 200 or not 0 < args.duration <= 120:
        raise SystemExit("keep the attack bounded: 1-200 heavy clients, at most 120 s")
    rows = []
    for max_per_client in (1, 0):
        for spread in (False, True):
            port = free_port()
            server = start_server(args.graph, port, args.workers, args.timeout, max_per_client)
            try:
                figures = attack(f"http://127.0.0.1:{port}", args.heavy, spread, args.duration, args.timeout)
            finally:
                server.terminate()
                server.wait(timeout=30)
            rows.append(
                {
                    "max_per_client": max_per_client,
                    "heavy_from": f"{args.heavy} addresses" if spread else "one address",
                    **figures,
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        f"{args.heavy} heavy clients, {args.workers} workers, timeout {args.timeout:g} s, "
        f"{args.duration:g} s per run; cheap queries from {CHEAP_ADDRESS}"
    )
    print(f"{'max/client':>10}  {'heavy from':<14}  {'cheap ok':>8}  {'p50 ms':>8}  {'p95 ms':>8}  cheap failures")
    for row in rows:
        print(
            f"{row['max_per_client']:>10}  {row['heavy_from']:<14}  {row['cheap_ok']:>8}  "
            f"{row['cheap_p50_ms']!s:>8}  {row['cheap_p95_ms']!s:>8}  {row['cheap_failures'] or '-'}"
        )


if __name__ == "__main__":
    main()
