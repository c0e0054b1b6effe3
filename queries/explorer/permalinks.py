"""Canned-query permalinks: ``/queries/{name}?param=…`` as an HTML page for clients that ask for HTML.

Clients preferring JSON, CSV or TSV (and any ``.json``/``.csv``/``.tsv`` suffix) get the
service's own answer, unchanged. The page runs the query through the service's query pool
(bound by :meth:`queries.library.CannedQuery.bind`, so parameter values are escaped literals),
shows the result table, a form to change the parameters, download links and a link that opens
the bound query text in the SPARQL editor of ``/`` (``/#query=…``).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from cio_graph.graph.errors import InputError
from cio_graph.queries.dispatch import client_address
from cio_graph.queries.explorer.views import View, dataset, render
from cio_graph.queries.library import CannedQuery
from cio_graph.queries.negotiation import CANNED_TYPES, negotiate
from cio_graph.queries.protocol_errors import NotAcceptable, ProtocolError
from cio_graph.queries.sparql_protocol import CannedRequest

__all__ = ["HTML_OFFERS", "canned_view", "editor_link", "wants_html"]

HTML_OFFERS = {**CANNED_TYPES, "text/html": "html"}  # HTML last: "*/*" keeps the JSON answer


def wants_html(name: str, accept: str) -> bool:
    """Whether a request for canned query ``name`` prefers an HTML page (never with a file suffix).

    >>> wants_html("operations", "text/html,application/xhtml+xml,*/*;q=0.8"), wants_html("operations", "*/*")
    (True, False)
    >>> wants_html("operations.csv", "text/html"), wants_html("operations", "application/json")
    (False, False)
    """
    if "." in name:
        return False
    try:
        return negotiate(accept, HTML_OFFERS)[0] == "html"
    except NotAcceptable:
        return False


def editor_link(root: str, text: str) -> str:
    """The link opening ``text`` in the SPARQL editor of the page at ``/``.

    >>> editor_link("", "SELECT * {}")
    '/#query=SELECT%20%2A%20%7B%7D'
    """
    return f"{root}/#query={quote(text, safe='')}"


def _form(query: CannedQuery, given: dict[str, str]) -> list[dict]:
    return [
        {
            "name": p.name,
            "type": p.type,
            "description": p.description,
            "value": given.get(p.name, str(p.default).lower() if p.type == "boolean" else str(p.default)),
        }
        for p in query.params
    ]


def canned_view(canned_api: View) -> View:
    """The view of ``/queries/{name}``: an HTML page when asked for, else ``canned_api``'s answer."""

    async def canned_page(request: Request) -> Response:
        name = request.path_params["name"]
        if not wants_html(name, request.headers.get("accept", "")):
            return await canned_api(request)
        query: CannedQuery | None = request.app.state.canned.get(name)
        if query is None:
            return render(request, "error.html", status=404, title="Not found", message=f"No canned query {name!r}.")
        limit = request.app.state.max_request_bytes
        if len(request.url.query) > limit:
            return render(
                request,
                "error.html",
                status=413,
                title="Request too large",
                message=f"The query string is longer than {limit} bytes.",
            )
        given = dict(request.query_params)
        root = request.scope.get("root_path", "")
        params = urlencode(sorted(given.items()))
        suffix = f"?{params}" if params else ""
        context: dict[str, Any] = {
            "title": query.title,
            "query": query,
            "form": _form(query, given),
            "columns": [],
            "rows": [],
            "error": None,
            "truncated": False,
            "csv": f"{root}/queries/{name}.csv{suffix}",
            "json": f"{root}/queries/{name}.json{suffix}",
            "editor": editor_link(root, query.text),
        }
        try:
            text = query.bind(given)
        except InputError as error:
            return render(request, "query.html", status=400, **(context | {"error": str(error)}))
        context["editor"] = editor_link(root, text)
        try:
            answer = await request.app.state.pool.run(
                CannedRequest(text, "json", f"query {name}"), client_address(request)
            )
        except ProtocolError as error:
            return render(request, "query.html", status=error.status, **(context | {"error": error.message}))
        data = json.loads(answer.body)
        known = dataset(request).by_id
        rows = [
            [
                (row.get(column), isinstance(row.get(column), str) and row.get(column) in known)
                for column in data["columns"]
            ]
            for row in data["rows"]
        ]
        return render(
            request,
            "query.html",
            **(context | {"columns": data["columns"], "rows": rows, "truncated": answer.truncated}),
        )

    return canned_page
