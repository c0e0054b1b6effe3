"""The service's limits under attack: answer cache bytes, answer size, worker memory, slow clients,
one client's share of the workers, engine aborts, parameters, exports, push and CSV formulas.

Every server here is real (uvicorn on 127.0.0.1 or Starlette's TestClient over the real app) and
every query runs on pyoxigraph in real worker processes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from cio_graph.graph.export.networks_csv import write_networks_csv
from cio_graph.queries.answer_cache import AnswerCache, request_key
from cio_graph.queries.push import PushError, push
from cio_graph.queries.service import create_app, uvicorn_config
from cio_graph.queries.sparql_protocol import Answer, QueryRequest
from tests.test_service import FIXTURE, SLOW, free_port, make_build

REPO = Path(__file__).resolve().parent.parent
CRASH = "SELECT ?s ?o WHERE { ?s !<urn:p>* ?o } ORDER BY ?s ?o"  # aborts pyoxigraph 0.5.13 on exports/


def doubling(steps: int, select: str = "*") -> str:
    """A small query whose answer doubles in size with every step (BIND(CONCAT(...)))."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(steps))
    return f'SELECT {select} WHERE {{ BIND("0123456789abcdef" AS ?a0) {binds} }}'


@contextlib.contextmanager
def serving(app):
    """``app`` on 127.0.0.1 with the service's own uvicorn settings (header deadline included)."""
    port = free_port()
    server = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


# ---------------------------------------------------------------- answer cache


def test_cache_of_many_distinct_large_queries_stays_within_its_bytes():
    cache = AnswerCache(200_000)
    answer = Answer("application/sparql-results+json", b"{}" * 50, 1)
    for number in range(2000):
        text = f"SELECT * WHERE {{ ?s ?p {number} }} #" + "x" * 98_000
        cache.put(QueryRequest(text), answer)
        assert cache.held <= cache.max_bytes
    assert 0 < len(cache) <= cache.max_bytes // AnswerCache.cost(b"k" * 32, answer) + 1
    last = QueryRequest("SELECT * WHERE { ?s ?p 1999 } #" + "x" * 98_000)
    assert cache.get(last) is answer
    assert cache.get(QueryRequest("SELECT * WHERE { ?s ?p 0 } #" + "x" * 98_000)) is None  # dropped first


def test_cache_keys_tell_every_field_apart_and_are_accounted_by_their_size():
    cache = AnswerCache(10_000_000)
    answer = Answer("application/sparql-results+json", b"{}", 1)
    cache.put(QueryRequest("ASK {}", "text/csv"), answer)
    assert cache.get(QueryRequest("ASK {}", "text/csv")) is answer  # an equal request, another object
    assert cache.get(QueryRequest("ASK {}", "text/tab-separated-values")) is None
    assert cache.get(QueryRequest("ASK {}", "text/csv", ("http://example.org/g",))) is None
    assert cache.get(QueryRequest("ASK {} ", "text/csv")) is None
    short, long = QueryRequest("ASK {}"), QueryRequest("ASK {} #" + "x" * 50_000)
    cache.put(long, answer)
    assert cache.held >= 50_000  # the key's text counts against the limit
    assert AnswerCache.cost(request_key(long), answer) - AnswerCache.cost(request_key(short), answer) >= 50_000


# ---------------------------------------------------------------- answer size, worker memory


@pytest.fixture(scope="module")
def small_answers(tmp_path_factory):
    app = create_app(
        make_build(tmp_path_factory.mktemp("limits")),
        timeout=20,
        workers=1,
        max_answer_bytes=200_000,
        worker_memory_bytes=300 * 2**20,
        max_per_client=0,
    )
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_answer_larger_than_the_limit_is_507(small_answers, accept):
    response = small_answers.post("/sparql", data={"query": doubling(13)}, headers={"Accept": accept})
    assert response.status_code == 507, response.text[:200]
    assert "larger than 200,000 bytes" in response.text
    fits = small_answers.post("/sparql", data={"query": doubling(10)}, headers={"Accept": accept})
    assert fits.status_code == 200 and len(fits.content) < 200_000


def test_graph_answer_larger_than_the_limit_is_507(small_answers):
    query = doubling(14).replace("SELECT *", "CONSTRUCT { <http://e/s> <http://e/p> ?a14 }")
    response = small_answers.post("/sparql", data={"query": query}, headers={"Accept": "text/turtle"})
    assert response.status_code == 507


def test_worker_out_of_memory_is_500_and_the_worker_is_replaced(small_answers):
    response = small_answers.post("/sparql", data={"query": doubling(25, "(STRLEN(?a25) AS ?n)")})
    assert response.status_code == 500, response.text
    assert "crashed" in response.text or "memory" in response.text
    after = small_answers.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200 and after.json()["boolean"] is True


# ---------------------------------------------------------------- engine abort


def test_engine_abort_is_500_for_that_request_and_the_worker_is_replaced():
    app = create_app(REPO / "exports", timeout=60, workers=1)
    with TestClient(app) as client:
        response = client.get("/sparql", params={"query": CRASH})
        assert response.status_code == 500
        assert "crashed" in response.text and "signal 6" in response.text
        after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a cio:Network }"})
        assert after.status_code == 200 and int(after.json()["results"]["bindings"][0]["n"]["value"]) > 0


@pytest.mark.parametrize(
    "command", [["sparql", CRASH], ["query", "largest-networks", "--param", "limit=" + "9" * 5000]]
)
def test_command_line_prints_one_error_line_and_exits_1(command):
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cio_graph.queries.cli import main; main()",
            *command,
            "--graph",
            str(REPO / "exports"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("error: ") and run.stderr.count("\n") == 1, run.stderr


# ---------------------------------------------------------------- slow clients


@pytest.mark.parametrize("after_a_response", [False, True])
def test_trickled_headers_are_cut_off(after_a_response):
    app = create_app(FIXTURE, timeout=5, workers=1, read_timeout=1.0)
    with serving(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        if after_a_response:  # a keep-alive connection: the deadline starts again after each response
            connection.sendall(b"GET /queries HTTP/1.1\r\nHost: x\r\n\r\n")
            assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
        started = time.monotonic()
        closed = False
        for byte in b"X-Slow: " + b"a" * 100:  # one byte every 0.1 s: 10 s at most
            try:
                connection.sendall(bytes([byte]))
                connection.settimeout(0.1)
                if connection.recv(1024) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = True
                break
        assert closed, "the server kept a trickling connection open"
        assert time.monotonic() - started < 5


def test_trickled_body_is_cut_off():
    app = create_app(FIXTURE, timeout=5, workers=1, read_timeout=1.0)
    with serving(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
        )
        reply = b""
        for byte in b"ASK {}" + b" " * 90:  # one byte every 0.1 s
            try:
                connection.sendall(bytes([byte]))
                connection.settimeout(0.1)
                chunk = connection.recv(1024)
                if not chunk:
                    break
                reply += chunk
            except TimeoutError:
                continue
            except OSError:
                break
        assert reply.startswith(b"HTTP/1.1 408"), reply[:100]


def test_long_get_queries_reach_the_size_check_on_a_live_server():
    app = create_app(FIXTURE, timeout=5, workers=1, max_request_bytes=40_000)
    with serving(app) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
        padded = "ASK { ?s ?p ?o } #" + "x" * 25_000  # longer than h11's default 16 kB
        assert client.get("/sparql", params={"query": padded}).status_code == 200
        too_long = client.get("/sparql", params={"query": padded + "x" * 20_000})
        assert too_long.status_code == 413 and "longer than 40000 bytes" in too_long.text


# ---------------------------------------------------------------- one client's share of the workers


def test_one_client_cannot_hold_every_worker():
    app = create_app(FIXTURE, timeout=3, workers=2, max_per_client=1)
    with serving(app) as port:
        base = f"http://127.0.0.1:{port}"
        heavy: list[int] = []

        def send_heavy() -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                heavy.append(client.get("/sparql", params={"query": SLOW}).status_code)

        threads = [threading.Thread(target=send_heavy) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=base, transport=transport, timeout=30) as other:
            started = time.monotonic()
            cheap = other.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?cheap) WHERE { ?s ?p ?o }"})
            waited = time.monotonic() - started
        for thread in threads:
            thread.join()
    assert cheap.status_code == 200, cheap.text
    # A free worker answered it: without the limit it waits until the heavy queries time out (3 s).
    assert waited < 2, waited
    assert sorted(heavy) and set(heavy) <= {429, 503} and 503 in heavy


# ---------------------------------------------------------------- parameters, exports, push


def test_huge_integer_parameter_is_400(small_answers):
    response = small_answers.get("/queries/largest-networks.json", params={"limit": "9" * 5000})
    assert response.status_code == 400 and "at most 18 digits" in response.text
    assert small_answers.get("/queries/largest-networks.json", params={"limit": "2"}).status_code == 200


def test_exports_serve_only_what_the_build_writes(tmp_path):
    build = make_build(tmp_path)
    (build / "secret.json").write_text('{"token": "x"}', encoding="utf-8")
    (build / "notes.txt").write_text("private", encoding="utf-8")
    (build / "figures" / "draft.txt").write_text("private", encoding="utf-8")
    with TestClient(create_app(build, workers=1)) as client:
        names = {item["name"] for item in client.get("/exports/").json()}
        assert names == {"graph.ttl", "networks.jsonl", "figures/networks-per-month.svg"}
        for path in ("secret.json", "notes.txt", "figures/draft.txt"):
            assert client.get(f"/exports/{path}").status_code == 404


def test_push_has_an_overall_deadline_against_a_trickling_store():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = server.accept()
        with connection:
            connection.settimeout(0.2)
            with contextlib.suppress(OSError):
                connection.recv(1 << 20)
            for byte in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 150:  # 30 s at most
                if stop.is_set():
                    return
                with contextlib.suppress(OSError):
                    connection.recv(1 << 20)  # drain the graph
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(PushError, match="no complete reply within 1.5 s"):
            push(FIXTURE, f"http://127.0.0.1:{server.getsockname()[1]}/store", deadline=1.5)
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        thread.join(timeout=10)
        server.close()


# ---------------------------------------------------------------- CSV formulas


def test_sparql_csv_neutralises_text_formulas_and_keeps_numbers(small_answers):
    query = (
        'SELECT ?text ?number WHERE { VALUES (?text ?number) { ("=1+2" -3) ("@SUM(A1)" 4) '
        '("+cmd" -0.5) ("-3" 1) ("\\tx" 2) ("plain" 3) } }'
    )
    response = small_answers.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[1:] == [
        ["'=1+2", "-3"],
        ["'@SUM(A1)", "4"],
        ["'+cmd", "-0.5"],
        ["'-3", "1"],
        ["'\tx", "2"],
        ["plain", "3"],
    ]


def test_canned_csv_neutralises_text_formulas(tmp_path):
    build = make_build(tmp_path)
    graph = build / "graph.ttl"
    graph.write_text(
        graph.read_text(encoding="utf-8").replace(
            '"Accounts targeting a global audience"', '"=HYPERLINK(\\"http://x\\")"'
        ),
        encoding="utf-8",
    )
    with TestClient(create_app(build, workers=1)) as client:
        text = client.get("/queries/largest-networks.csv").text
        as_json = client.get("/queries/largest-networks.json").json()
    titles = [row[-1] for row in csv.reader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://x")' in titles
    assert '=HYPERLINK("http://x")' in [row["title"] for row in as_json["rows"]]  # JSON is data, unchanged


def test_networks_csv_neutralises_text_formulas(tmp_path):
    record = {
        "id": "x-2024-01-a",
        "platform": "x",
        "period": "2024-01",
        "title": "=cmd|' /C calc'!A0",
        "accounts": -3,
        "description": "-starts with a minus",
    }
    rows = list(csv.DictReader(write_networks_csv([record], tmp_path / "networks.csv").open(encoding="utf-8")))
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["description"] == "'-starts with a minus"
    assert rows[0]["accounts"] == "-3"
