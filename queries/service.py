"""The query service: a Starlette app over the build's graph (SPARQL endpoint, canned queries, page).

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form, POST ``application/sparql-query``), read-only;
  a GET without a query answers the service description (:mod:`queries.service_description`);
- ``/queries``: the canned queries (JSON); ``/queries/{name}`` (or ``.json``/``.csv``/``.tsv``) runs one;
- ``/exports/``: the files the build writes (JSON list), ``/exports/{path}`` downloads one;
- ``/``: the web page (``queries/static/``);
- ``/explore``, ``/networks``, ``/network/{id}``…: the explorer's pages (:mod:`queries.explorer`).

The views only translate HTTP; the work is done by :mod:`queries.sparql_protocol`. Slow clients
are bounded too: a request body must arrive within ``read_timeout`` seconds, and uvicorn closes
connections whose headers do not (see :func:`serve`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cio_graph.graph.build import NETWORKS_FILE, REPORTS_FILE
from cio_graph.graph.errors import InputError
from cio_graph.graph.export import EXPORT_FILES
from cio_graph.queries.dispatch import client_address
from cio_graph.queries.engine import DEFAULT_GRAPH, graph_file
from cio_graph.queries.explorer import explorer_routes
from cio_graph.queries.library import CannedQuery, list_queries
from cio_graph.queries.protocol_params import canned_format, format_accept
from cio_graph.queries.service_description import DatasetSummary, describe_service
from cio_graph.queries.sparql_protocol import (
    Answer,
    CannedRequest,
    ProtocolError,
    QueryPool,
    RequestTimeout,
    RequestTooLarge,
    TooManyRequests,
    protocol_request,
)

__all__ = [
    "ENDPOINT_PATH",
    "ROW_CAP_HEADER",
    "create_app",
    "default_worker_memory",
    "export_files",
    "resolve_build",
    "serve",
    "uvicorn_config",
]

STATIC_DIR = Path(__file__).resolve().parent / "static"
CANNED_SUFFIXES = {".json": "json", ".csv": "csv", ".tsv": "tsv"}
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
EXPORT_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
ROW_CAP_HEADER = "X-SPARQL-MaxRows"
ENDPOINT_PATH = "/sparql"
TRUNCATION_LINK_REL = "describedby"
# What /exports/ serves: the files a build writes, and its figures; nothing else in the folder.
EXPORT_NAMES = frozenset(EXPORT_FILES) | {NETWORKS_FILE, REPORTS_FILE}
FIGURE_FOLDER = "figures"
FIGURE_SUFFIXES = (".png", ".svg")
MiB = 2**20


def create_app(
    graph: Path | None = None,
    *,
    timeout: float = 10,
    max_rows: int = 10000,
    max_request_bytes: int = 100_000,
    workers: int | None = None,
    cache_bytes: int = 64 * MiB,
    max_answer_bytes: int = 64 * MiB,
    worker_memory_bytes: int | str | None = "auto",
    max_per_client: int = 1,
    read_timeout: float = 10.0,
    on_disk: bool = False,
) -> Starlette:
    """The service over ``graph`` (a build folder or an RDF file; default: ``exports/``, else the bundled report).

    ``timeout`` bounds each query in seconds, ``max_rows`` the rows (or triples) of an answer,
    ``max_answer_bytes`` its serialized size, ``max_request_bytes`` a request's body and query
    string, ``read_timeout`` the seconds a request body may take to arrive; ``workers`` query
    processes run (default: one per core, at least two), each within ``worker_memory_bytes`` of
    address space (None: no cap; "auto": :func:`default_worker_memory`); ``max_per_client``
    uncached queries of one client address run at a time (0: no limit); ``cache_bytes`` of
    answers (keys included) are kept. With ``on_disk`` the workers answer from the build's persisted
    store (:mod:`graph.store`) instead of loading the graph into memory: they start in
    milliseconds and hold little memory whatever the graph's size, and queries over the whole graph
    run several times slower.
    """
    source, scratch = resolve_build(graph)
    memory = default_worker_memory(graph_file(source)) if worker_memory_bytes == "auto" else worker_memory_bytes
    assert not isinstance(memory, str), f"worker_memory_bytes: expected bytes, None or 'auto', not {memory!r}"
    pool = QueryPool(
        graph_file(source),
        size=workers,
        timeout=timeout,
        max_rows=max_rows,
        cache_bytes=cache_bytes,
        max_answer_bytes=max_answer_bytes,
        worker_memory_bytes=memory,
        max_per_client=max_per_client,
        on_disk=on_disk,
    )
    canned = {query.name: query for query in list_queries()}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        if not pool.network_isolated:
            print(
                "note: the query workers could not get a network namespace of their own (no user "
                "namespaces here); SERVICE and LOAD are still refused by the query judge",
                file=sys.stderr,
                flush=True,
            )
        try:
            yield
        finally:
            pool.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    app = Starlette(
        routes=[
            Route(ENDPOINT_PATH, sparql, methods=["GET", "POST"]),  # first: the busiest route is matched first
            Route("/", page),
            *explorer_routes(canned_api=canned_run),  # before /queries/{name}: HTML pages of canned queries
            Route("/queries", canned_list),
            Route("/queries/{name}", canned_run),
            Route("/exports/", exports_index),
            Route("/exports/{path:path}", export_file),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["*"],
                expose_headers=[ROW_CAP_HEADER, "Warning", "Link"],
            )
        ],
        exception_handlers={ProtocolError: protocol_error, InputError: input_error},  # type: ignore[dict-item]
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.canned = canned
    app.state.source = source
    app.state.max_rows = max_rows
    app.state.max_request_bytes = max_request_bytes
    app.state.read_timeout = read_timeout
    return app


def default_worker_memory(graph: Path) -> int:
    """The default address-space cap of a query worker: 4 GB, or 16 times the graph file if larger
    (the in-memory store of a large graph takes several times its N-Triples size)."""
    return max(4096 * MiB, 16 * graph.stat().st_size)


def resolve_build(graph: Path | None) -> tuple[Path, Path | None]:
    """``(graph source, scratch folder to delete)``: ``graph``, else ``exports/``, else a fresh build
    of the bundled report in a temporary folder."""
    if graph is not None:
        graph_file(graph)  # a missing graph is an InputError now, not when workers start
        return Path(graph), None
    with contextlib.suppress(InputError):
        graph_file(DEFAULT_GRAPH)
        return DEFAULT_GRAPH, None
    from cio_graph.graph.build import bundled_reports, collect, write_build

    scratch = Path(tempfile.mkdtemp(prefix="cio-graph-serve-"))
    write_build(collect(bundled_reports()), scratch)
    return scratch, scratch


def export_files(source: Path) -> dict[str, Path]:
    """The downloadable files of a build (relative POSIX path -> file), or ``source`` itself if a file.

    Only what the build writes is served: the names of :data:`EXPORT_NAMES` at the top of the
    folder and the ``.png``/``.svg`` figures in ``figures/``; links leading outside it are left out.
    """
    if source.is_file():
        return {source.name: source}
    root = source.resolve()
    candidates = [root / name for name in sorted(EXPORT_NAMES)]
    figures = root / FIGURE_FOLDER
    if figures.is_dir() and not figures.is_symlink():
        candidates += sorted(
            path
            for path in figures.iterdir()
            if path.suffix.lower() in FIGURE_SUFFIXES and not path.name.startswith(".")
        )
    return {
        path.relative_to(root).as_posix(): path
        for path in candidates
        if path.is_file() and path.resolve().is_relative_to(root)
    }


# ---------------------------------------------------------------- views


async def page(request: Request) -> Response:
    return FileResponse(STATIC_DIR / "index.html", headers={"Content-Security-Policy": PAGE_POLICY})


async def sparql(request: Request) -> Response:
    limit = request.app.state.max_request_bytes
    if len(request.scope["query_string"]) > limit:  # the raw query string, as url.query is, without building the URL
        raise RequestTooLarge(f"the query string is longer than {limit} bytes")
    body = await read_body(request, limit, request.app.state.read_timeout)  # a GET with a body is a 400
    params = request.query_params.multi_items()
    query = protocol_request(
        request.method, request.headers.get("content-type", ""), params, body, request.headers.get("accept", "")
    )
    if query is None:
        return await service_description(request, params)
    answer = await request.app.state.pool.run(query, client_address(request))
    return answer_response(answer, request.app.state.max_rows)


async def service_description(request: Request, params: list[tuple[str, str]]) -> Response:
    """The description of the endpoint (:mod:`queries.service_description`), for a GET without a query."""
    summary = await request.app.state.pool.run(DatasetSummary(), client_address(request))
    endpoint = str(request.url.replace(query="", fragment=""))
    media_type, body = describe_service(
        endpoint,
        json.loads(summary.body),
        format_accept(params, request.headers.get("accept", "")),
        request.app.state.max_rows,
    )
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


async def canned_list(request: Request) -> Response:
    return JSONResponse([query.summary() for query in request.app.state.canned.values()])


async def canned_run(request: Request) -> Response:
    name = request.path_params["name"]
    stem, suffix = os.path.splitext(name)
    fmt = CANNED_SUFFIXES.get(suffix)
    query: CannedQuery | None = request.app.state.canned.get(stem if fmt else name)
    if query is None:
        return PlainTextResponse(f"no canned query {name!r}; see /queries", status_code=404)
    values = {key: value for key, value in request.query_params.items() if key not in ("format", "output")}
    if fmt is None:
        fmt = canned_format(request.query_params.multi_items(), request.headers.get("accept", ""))
    text = query.bind(values)
    answer = await request.app.state.pool.run(CannedRequest(text, fmt, f"query {query.name}"), client_address(request))
    return answer_response(answer, request.app.state.max_rows)


async def exports_index(request: Request) -> Response:
    files = export_files(request.app.state.source)
    return JSONResponse(
        [{"name": name, "bytes": path.stat().st_size, "url": f"exports/{name}"} for name, path in files.items()]
    )


async def export_file(request: Request) -> Response:
    path = export_files(request.app.state.source).get(request.path_params["path"])
    if path is None:
        return PlainTextResponse("no such export; see /exports/", status_code=404)
    return FileResponse(path, headers={"Content-Security-Policy": EXPORT_POLICY, "X-Content-Type-Options": "nosniff"})


# ---------------------------------------------------------------- HTTP helpers


async def read_body(request: Request, limit: int, timeout: float = 10.0) -> bytes:
    """The request body; more than ``limit`` bytes (declared or sent) is :class:`RequestTooLarge`,
    and a body still arriving after ``timeout`` seconds is :class:`RequestTimeout` (408)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"the request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):  # no task of its own, unlike wait_for: cheap on every request
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise RequestTooLarge(f"the request body is larger than {limit} bytes")
                chunks.append(chunk)
    except TimeoutError:
        raise RequestTimeout(f"the request body did not arrive within {timeout:g} s") from None
    return b"".join(chunks)


def answer_response(answer: Answer, max_rows: int) -> Response:
    """The HTTP response of ``answer``; one cut at ``max_rows`` says so in :func:`truncation_headers`."""
    headers = {"Vary": "Accept", **(truncation_headers(max_rows) if answer.truncated else {})}
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def truncation_headers(max_rows: int) -> dict[str, str]:
    """The headers of an answer cut at ``max_rows``: a ``Warning`` (code 199, "miscellaneous warning"),
    :data:`ROW_CAP_HEADER` with the cap, and a ``Link`` to the service description, which states it."""
    return {
        "Warning": f'199 - "results truncated at {max_rows} rows"',
        ROW_CAP_HEADER: str(max_rows),
        "Link": f'<{ENDPOINT_PATH}>; rel="{TRUNCATION_LINK_REL}"',
    }


async def protocol_error(request: Request, error: ProtocolError) -> Response:
    headers = {"Retry-After": "1"} if isinstance(error, TooManyRequests) else None
    if isinstance(error, RequestTimeout):
        headers = {"Connection": "close"}
    return PlainTextResponse(error.message + "\n", status_code=error.status, headers=headers)


async def input_error(request: Request, error: InputError) -> Response:
    return PlainTextResponse(str(error) + "\n", status_code=400)


def serve(graph: Path | None = None, *, host: str = "127.0.0.1", port: int = 8000, **options) -> None:
    """Run the service with uvicorn until interrupted; ``options`` go to :func:`create_app`.

    Idle keep-alive connections are closed after ``read_timeout`` seconds, and so are
    connections that trickle their headers (:func:`uvicorn_config`).
    """
    import uvicorn

    app = create_app(graph, **options)
    print(
        f"serving {graph_file(app.state.source)} on http://{host}:{port}/ "
        f"(SPARQL endpoint: http://{host}:{port}/sparql)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.Server(uvicorn_config(app, host, port)).run()


def uvicorn_config(app: Starlette, host: str = "127.0.0.1", port: int = 8000):
    """The uvicorn settings of the service: bounded idle and header time, and room in the request
    line for a GET query as long as a request may be (``max_request_bytes``) plus 16 kB of headers."""
    import uvicorn

    from cio_graph.queries.slow_clients import HeaderDeadlineProtocol

    read_timeout = app.state.read_timeout
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        timeout_keep_alive=max(1, int(read_timeout)),
        h11_max_incomplete_event_size=app.state.max_request_bytes + 16 * 1024,
        http=HeaderDeadlineProtocol.with_deadline(read_timeout),
    )
