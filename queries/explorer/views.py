"""The explorer's views: HTTP in, data layer call, HTML (Jinja2, autoescaped), JSON or CSV out.

Each page has a stable URL and its data by suffix (``/network/{id}.json``, ``.csv``) or by
``Accept`` (``text/html``, ``application/json``, ``text/csv``). See :func:`page_routes`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from cio_graph.graph import reference
from cio_graph.queries.explorer.evidence import Segment
from cio_graph.queries.explorer.facets import COLUMNS, FACETS, SORTS, BrowseError, parse_browse, select, to_csv
from cio_graph.queries.explorer.records import Dataset, load_dataset
from cio_graph.queries.negotiation import negotiate
from cio_graph.queries.protocol_errors import NotAcceptable

__all__ = ["PAGE_POLICY", "DatasetCache", "View", "dataset", "page_routes", "render", "representation", "templates"]

HERE = Path(__file__).resolve().parent
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
OFFERS = {"text/html": "html", "application/json": "json", "text/csv": "csv"}
SUFFIXES = {".json": "json", ".csv": "csv"}
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
View = Callable[[Request], Awaitable[Response]]


def _segments_html(runs: list[Segment]) -> Markup:
    """Text runs as HTML, each run with facts in a ``<mark>`` titled with their labels (all escaped)."""
    return Markup("").join(
        Markup('<mark title="{}">{}</mark>').format("; ".join(run.facts), run.text) if run.facts else escape(run.text)
        for run in runs
    )


def _number(value: object) -> str:
    return (
        f"{value:,}"
        if isinstance(value, int) and not isinstance(value, bool)
        else ("" if value is None else str(value))
    )


def templates() -> Environment:
    """The Jinja2 environment of the explorer's templates: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["seg"] = lambda text: quote(str(text), safe="")
    env.filters["marked"] = _segments_html
    env.filters["number"] = _number
    env.globals["platform_label"] = reference.platform_label
    env.globals["sorts"] = SORTS
    env.globals["facet_names"] = FACETS
    return env


ENVIRONMENT = templates()


class DatasetCache:
    """The dataset of a build folder, read once and again whenever its networks file changes."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._dataset = Dataset()

    def get(self) -> Dataset:
        """The current dataset."""
        path = self.source / "networks.jsonl"
        try:
            stat = path.stat()
            stamp: tuple | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp or stamp is None:
                self._dataset, self._stamp = load_dataset(self.source), stamp
            return self._dataset


def dataset(request: Request) -> Dataset:
    """The dataset of the build the service serves (cached on the app)."""
    state = request.app.state
    cache = getattr(state, "explorer_cache", None)
    if cache is None:
        cache = state.explorer_cache = DatasetCache(Path(state.source))
    return cache.get()


def representation(request: Request, name: str) -> tuple[str, str]:
    """``(name without suffix, format)``: the format of a ``.json``/``.csv`` suffix, else of ``Accept``."""
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return name[: -len(suffix)], fmt
    return name, negotiate(request.headers.get("accept", ""), OFFERS)[0]


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """An explorer page: the template rendered with ``context``, the page's security headers."""
    root = request.scope.get("root_path", "")
    body = ENVIRONMENT.get_template(template).render(root=root, request_path=request.url.path, **context)
    return HTMLResponse(
        body, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}
    )


def data_response(
    fmt: str, data: object, rows: list[dict] | None = None, columns: tuple[str, ...] = COLUMNS
) -> Response:
    """JSON of ``data`` or CSV of ``rows``."""
    if fmt == "csv":
        return Response(to_csv(rows or [], columns), media_type=MEDIA["csv"])
    text = json.dumps(data, ensure_ascii=False, indent=2, default=lambda o: o.__dict__)
    return Response(text + "\n", media_type=MEDIA["json"])


def not_found(request: Request, what: str) -> Response:
    """A 404 page (HTML) naming what was not found."""
    return render(request, "error.html", status=404, title="Not found", message=f"No {what} in this build.")


def _bad_request(request: Request, fmt: str, error: BrowseError) -> Response:
    """A 400 naming what is wrong with the query string: plain text, or an HTML page when ``fmt`` is HTML."""
    if fmt != "html":
        return Response(str(error) + "\n", status_code=400, media_type="text/plain")
    return render(request, "error.html", status=400, title="Bad request", message=str(error))


def _format(request: Request, name: str) -> tuple[str, str] | Response:
    try:
        return representation(request, name)
    except NotAcceptable as error:
        return Response(error.message + "\n", status_code=406, media_type="text/plain")


# ---------------------------------------------------------------- pages


async def home(request: Request, fmt: str) -> Response:
    """``/explore``: the dataset at a glance (``.json``: the counts; ``.csv``: networks per platform and period)."""
    overview = dataset(request).overview()
    if fmt != "html":
        return data_response(fmt, overview, overview["per_period"], ("platform", "period", "networks"))
    return render(request, "home.html", title="Explore", overview=overview)


async def networks(request: Request, fmt: str) -> Response:
    """``/networks?…``: the faceted list; ``.json``/``.csv`` give exactly the rows the page shows."""
    try:
        browse = parse_browse(request.query_params.multi_items())
    except BrowseError as error:
        return _bad_request(request, fmt, error)
    selection = select(dataset(request), browse)
    if fmt != "html":
        return data_response(fmt, selection.as_json(), selection.rows)
    return render(request, "networks.html", title="Networks", selection=selection, browse=browse)


async def network(request: Request) -> Response:
    """``/network/{id}``: a network's page; ``.json`` its record, ``.csv`` its facts with evidence."""
    chosen = _format(request, request.path_params["id"])
    if isinstance(chosen, Response):
        return chosen
    network_id, fmt = chosen
    data = dataset(request)
    page = data.network(network_id)
    if page is None:
        return not_found(request, f"network {network_id!r}")
    if fmt == "json":
        return data_response(fmt, page["record"])
    if fmt == "csv":
        return data_response(
            fmt, None, data.network_facts(network_id), ("network", "kind", "value", "label", "evidence")
        )
    return render(request, "network.html", title=page["record"]["label"], page=page)


LINK_COLUMNS = (
    "a",
    "a_title",
    "a_platform",
    "b",
    "b_title",
    "b_platform",
    "kind",
    "score",
    "cross_platform",
    "basis",
    "evidence",
)


def _link_filters(items: list[tuple[str, str]]) -> dict:
    """The filters of ``/links``: ``network`` (an id), ``kind`` (stated/inferred), ``cross`` (true/false)."""
    given: dict[str, str] = {}
    for name, value in items:
        if name not in ("network", "kind", "cross") or name in given or len(value) > 200:
            raise BrowseError(f"/links takes network, kind and cross, each once; got {name[:40]!r}")
        given[name] = value
    if given.get("kind") not in (None, "stated", "inferred"):
        raise BrowseError("kind must be stated or inferred")
    if given.get("cross") not in (None, "true", "false"):
        raise BrowseError("cross must be true or false")
    cross = given.get("cross")
    return {
        "network": given.get("network") or None,
        "kind": given.get("kind"),
        "cross": None if cross is None else cross == "true",
    }


async def links(request: Request, fmt: str) -> Response:
    """``/links?network=&kind=&cross=``: the links between networks, each pair once."""
    try:
        filters = _link_filters(request.query_params.multi_items())
    except BrowseError as error:
        return _bad_request(request, fmt, error)
    rows = dataset(request).links(**filters)
    if fmt != "html":
        return data_response(fmt, {"filters": filters, "links": rows}, rows, LINK_COLUMNS)
    query = request.url.query
    return render(
        request,
        "links.html",
        title="Links between networks",
        rows=rows,
        filters=filters,
        query="?" + query if query else "",
    )


def _thing_view(
    kind: str,
    lookup: Callable[[Dataset, Request, str], dict | None],
    template: str,
    title: Callable[[dict], str],
    columns: tuple[str, ...] = COLUMNS,
) -> View:
    """A view of one kind of thing: its page, JSON, or CSV of its networks."""

    async def view(request: Request) -> Response:
        chosen = _format(request, request.path_params["key"])
        if isinstance(chosen, Response):
            return chosen
        key, fmt = chosen
        data = lookup(dataset(request), request, key)
        if data is None:
            return not_found(request, f"{kind} {key!r}")
        if fmt == "json":
            return data_response(fmt, data)
        if fmt == "csv":
            rows = data.get("networks")
            if rows is None:  # a country: its three lists, each row saying which
                rows = [
                    row | {"relation": relation}
                    for relation in ("from", "against", "domestic")
                    for row in data[relation]
                ]
            return data_response(fmt, None, rows, columns)
        return render(request, template, title=title(data), kind=kind, thing=data)

    view.__name__ = f"{kind}_page"
    return view


country_page = _thing_view(
    "country",
    lambda d, r, key: d.country(key.upper()),
    "country.html",
    lambda t: f"{t['name']} ({t['code']})",
    ("relation", *COLUMNS),
)
actor_page = _thing_view(
    "actor",
    lambda d, r, key: d.actor(r.path_params["kind"], key),
    "thing.html",
    lambda t: f"{t['name']} ({t['type']})",
    (*COLUMNS, "stance", "evidence"),
)
tactic_page = _thing_view(
    "tactic", lambda d, r, key: d.tactic(key), "thing.html", lambda t: t["label"], (*COLUMNS, "evidence")
)
operation_page = _thing_view("operation", lambda d, r, key: d.operation(key), "thing.html", lambda t: t["name"])
platform_page = _thing_view("platform", lambda d, r, key: d.platform(key), "thing.html", lambda t: t["label"])


async def stylesheet(request: Request) -> Response:
    """The explorer's stylesheet (the pages have no scripts)."""
    return FileResponse(HERE / "static" / "explorer.css", media_type="text/css")


def _fixed(view: Callable[..., Awaitable[Response]], fmt: str) -> View:
    """``view`` in format ``fmt`` (its ``.json``/``.csv`` URL)."""

    async def fixed(request: Request) -> Response:
        return await view(request, fmt)

    fixed.__name__ = f"{view.__name__}_{fmt}"
    return fixed


def _negotiated(view: Callable[..., Awaitable[Response]]) -> View:
    """``view`` in the format ``Accept`` asks for (its URL without suffix); 406 when none is offered."""

    async def negotiated(request: Request) -> Response:
        chosen = _format(request, "")
        if isinstance(chosen, Response):
            return chosen
        return await view(request, chosen[1])

    negotiated.__name__ = view.__name__
    return negotiated


def page_routes() -> list[BaseRoute]:
    """The routes of the explorer's pages (the canned queries' pages are :mod:`queries.explorer.permalinks`)."""
    return [
        Route("/explore", _negotiated(home)),
        Route("/explore.json", _fixed(home, "json")),
        Route("/explore.csv", _fixed(home, "csv")),
        Route("/explore/style.css", stylesheet),
        Route("/networks", _negotiated(networks)),
        Route("/networks.json", _fixed(networks, "json")),
        Route("/networks.csv", _fixed(networks, "csv")),
        Route("/network/{id}", network),
        Route("/links", _negotiated(links)),
        Route("/links.json", _fixed(links, "json")),
        Route("/links.csv", _fixed(links, "csv")),
        Route("/country/{key}", country_page),
        Route("/actor/{kind}/{key}", actor_page),
        Route("/tactic/{key}", tactic_page),
        Route("/operation/{key}", operation_page),
        Route("/platform/{key}", platform_page),
    ]
