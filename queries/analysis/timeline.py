"""The timeline: networks, accounts and followers per report period."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from cio_graph.queries.analysis.nodes import node
from cio_graph.queries.analysis.tactics import networks

__all__ = ["timeline"]


def timeline(G: nx.MultiDiGraph) -> list[dict]:
    """Per report period (month, quarter or half-year): networks, accounts, followers (missing
    figures count as 0) and accounts removed from returning networks (``None`` when not given),
    as the canned query ``monthly-timeline``.

    Examples
    --------
    >>> from cio_graph.queries.analysis import graph_from_records
    >>> G = graph_from_records([{"id": "a", "period": "2024-12", "accounts": 3, "followers": 4},
    ...                         {"id": "b", "period": "2020-Q1", "accounts": 2, "followers": None}],
    ...                        [{"period": "2024-12", "reestablishing_accounts_removed": 9}])
    >>> timeline(G)[1]
    {'period': '2024-12', 'granularity': 'month', 'networks': 1, 'accounts': 3, 'followers': 4, 'returning_accounts_removed': 9}
    >>> timeline(G)[0]["granularity"], timeline(G)[0]["followers"]
    ('quarter', 0)
    """
    from cio_graph.graph.periods import granularity

    periods: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for network in networks(G):
        data = G.nodes[node("network", network)]
        row = periods[data["period"]]
        row[0] += 1
        row[1] += data["accounts"] or 0
        row[2] += data["followers"] or 0
    returning = G.graph.get("returning_accounts", {})
    for period in returning:
        periods.setdefault(period, [0, 0, 0])
    return [
        {
            "period": period,
            "granularity": granularity(period),
            "networks": n,
            "accounts": a,
            "followers": f,
            "returning_accounts_removed": returning.get(period),
        }
        for period, (n, a, f) in sorted(periods.items())
    ]
