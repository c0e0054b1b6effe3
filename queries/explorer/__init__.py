"""The researcher's explorer: server-rendered pages for the things of a build, and faceted browsing.

The data layer (:mod:`queries.explorer.records`, :mod:`queries.explorer.facets`,
:mod:`queries.explorer.evidence`) reads the build's records and knows nothing of HTTP; the views
(:mod:`queries.explorer.views`, :mod:`queries.explorer.permalinks`) only translate HTTP
requests into calls of the data layer and render Jinja2 templates (autoescaped) or JSON/CSV.
"""

from __future__ import annotations

from cio_graph.queries.explorer.views import explorer_routes

__all__ = ["explorer_routes"]
