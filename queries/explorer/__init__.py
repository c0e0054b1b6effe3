"""The researcher's explorer: server-rendered pages for the things of a build, and faceted browsing.

The data layer (:mod:`queries.explorer.records`, :mod:`queries.explorer.facets`,
:mod:`queries.explorer.evidence`) reads the build's records and knows nothing of HTTP; the views
(:mod:`queries.explorer.views`, :mod:`queries.explorer.permalinks`) only translate HTTP
requests into calls of the data layer and render Jinja2 templates (autoescaped) or JSON/CSV.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from cio_graph.queries.explorer.permalinks import canned_view
from cio_graph.queries.explorer.views import View, page_routes

__all__ = ["explorer_routes"]


def explorer_routes(canned_api: View) -> list[BaseRoute]:
    """The explorer's routes; ``canned_api`` answers ``/queries/{name}`` for clients that do not ask for HTML."""
    return [*page_routes(), Route("/queries/{name}", canned_view(canned_api))]
