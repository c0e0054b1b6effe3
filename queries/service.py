"""The query service: a Starlette app over the build's graph (SPARQL endpoint, canned queries, page).

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol (GET, POST form, POST ``application/sparql-query``), read-only;
- ``/queries``: the canned queries (JSON); ``/queries/{name}`` (or ``.json``/``.csv``/``.tsv``) runs one;
- ``/exports/``: the files of the build folder (JSON list), ``/exports/{path}`` downloads one;
- ``/``: the web page (``queries/static/``).

The views only translate HTTP; the work is done by :mod:`queries.sparql_protocol`.
"""

from __future__ import annotations

import contextlib
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

from graph.errors import InputError
from queries.engine import DEFAULT_GRAPH, graph_file
from queries.library import CannedQuery, list_queries
from queries.sparql_protocol import (
    CANNED_TYPES,
    Answer,
    CannedRequest,
    ProtocolError,
    QueryPool,
    RequestTooLarge,
    negotiate,
    protocol_request,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"
CANNED_SUFFIXES = {".json": "json", ".csv": "csv", ".tsv": "tsv"}
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'")
EXPORT_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
ROW_CAP_HEADER = "X-SPARQL-MaxRows"


def create_app(graph: Path | None = None, *, timeout: float = 10, max_rows: int = 10000,
               max_request_bytes: int = 100_000, workers: int | None = None,
               cache_bytes: int = 64 * 2**20) -> Starlette:
    """The service over ``graph`` (a build folder or an RDF file; default: ``exports/``, else the bundled report).

    ``timeout`` bounds each query in seconds, ``max_rows`` the rows (or triples) of an answer,
    ``max_request_bytes`` a request's body and query string; ``workers`` query processes run
    (default: one per core, at least two) and ``cache_bytes`` of answers are kept.
    """
    source, scratch = resolve_build(graph)
    pool = QueryPool(graph_file(source), size=workers, timeout=timeout, max_rows=max_rows,
                     cache_bytes=cache_bytes)
    canned = {query.name: query for query in list_queries()}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        try:
            yield
        finally:
            pool.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", canned_list),
            Route("/queries/{name}", canned_run),
            Route("/exports/", exports_index),
            Route("/exports/{path:path}", export_file),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                               allow_headers=["*"], expose_headers=[ROW_CAP_HEADER])],
        exception_handlers={ProtocolError: protocol_error, InputError: input_error},
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.canned = canned
    app.state.source = source
    app.state.max_rows = max_rows
    app.state.max_request_bytes = max_request_bytes
    return app


def resolve_build(graph: Path | None) -> tuple[Path, Path | None]:
    """``(graph source, scratch folder to delete)``: ``graph``, else ``exports/``, else a fresh build
    of the bundled report in a temporary folder."""
    if graph is not None:
        graph_file(graph)  # a missing graph is an InputError now, not when workers start
        return Path(graph), None
    with contextlib.suppress(InputError):
        graph_file(DEFAULT_GRAPH)
        return DEFAULT_GRAPH, None
    from graph.build import bundled_reports, collect, write_build

    scratch = Path(tempfile.mkdtemp(prefix="cio-graph-serve-"))
    write_build(collect(bundled_reports()), scratch)
    return scratch, scratch


def export_files(source: Path) -> dict[str, Path]:
    """The downloadable files of a build: every visible regular file under the folder ``source``
    (relative POSIX path -> file; links leading outside it left out), or ``source`` itself if a file."""
    if source.is_file():
        return {source.name: source}
    root = source.resolve()
    files = {}
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or not path.is_file() or not path.resolve().is_relative_to(root):
                continue
            files[path.relative_to(root).as_posix()] = path
    return files


# ---------------------------------------------------------------- views


async def page(request: Request) -> Response:
    return FileResponse(STATIC_DIR / "index.html", headers={"Content-Security-Policy": PAGE_POLICY})


async def sparql(request: Request) -> Response:
    limit = request.app.state.max_request_bytes
    if len(request.url.query) > limit:
        raise RequestTooLarge(f"the query string is longer than {limit} bytes")
    body = await read_body(request, limit) if request.method == "POST" else b""
    query = protocol_request(request.method, request.headers.get("content-type", ""),
                             request.query_params.multi_items(), body, request.headers.get("accept", ""))
    return answer_response(await request.app.state.pool.run(query), request.app.state.max_rows)


async def canned_list(request: Request) -> Response:
    return JSONResponse([query.summary() for query in request.app.state.canned.values()])


async def canned_run(request: Request) -> Response:
    name = request.path_params["name"]
    stem, suffix = os.path.splitext(name)
    fmt = CANNED_SUFFIXES.get(suffix)
    query: CannedQuery | None = request.app.state.canned.get(stem if fmt else name)
    if query is None:
        return PlainTextResponse(f"no canned query {name!r}; see /queries", status_code=404)
    if fmt is None:
        fmt, _ = negotiate(request.headers.get("accept", ""), CANNED_TYPES)
    text = query.bind(dict(request.query_params))
    answer = await request.app.state.pool.run(CannedRequest(text, fmt, f"query {query.name}"))
    return answer_response(answer, request.app.state.max_rows)


async def exports_index(request: Request) -> Response:
    files = export_files(request.app.state.source)
    return JSONResponse([{"name": name, "bytes": path.stat().st_size, "url": f"exports/{name}"}
                         for name, path in files.items()])


async def export_file(request: Request) -> Response:
    path = export_files(request.app.state.source).get(request.path_params["path"])
    if path is None:
        return PlainTextResponse("no such export; see /exports/", status_code=404)
    return FileResponse(path, headers={"Content-Security-Policy": EXPORT_POLICY,
                                       "X-Content-Type-Options": "nosniff"})


# ---------------------------------------------------------------- HTTP helpers


async def read_body(request: Request, limit: int) -> bytes:
    """The request body; more than ``limit`` bytes (declared or sent) is :class:`RequestTooLarge`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge(f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def answer_response(answer: Answer, max_rows: int) -> Response:
    headers = {ROW_CAP_HEADER: str(max_rows)} if answer.truncated else None
    return Response(answer.body, media_type=answer.media_type, headers=headers)


async def protocol_error(request: Request, error: ProtocolError) -> Response:
    return PlainTextResponse(error.message + "\n", status_code=error.status)


async def input_error(request: Request, error: InputError) -> Response:
    return PlainTextResponse(str(error) + "\n", status_code=400)


def serve(graph: Path | None = None, *, host: str = "127.0.0.1", port: int = 8000, **options) -> None:
    """Run the service with uvicorn until interrupted; ``options`` go to :func:`create_app`."""
    import uvicorn

    app = create_app(graph, **options)
    print(f"serving {graph_file(app.state.source)} on http://{host}:{port}/ "
          f"(SPARQL endpoint: http://{host}:{port}/sparql)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
