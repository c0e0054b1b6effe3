"""Figures that summarise a build: networks per platform and period, top target countries, top tactics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from cio_graph.graph.record_types import NetworkRecord

__all__ = ["networks_per_platform", "networks_per_month", "top_values"]


def networks_per_platform(networks: Iterable[NetworkRecord]) -> list[tuple[str, int, int, int]]:
    """``(platform, reports' periods, networks, accounts)`` per platform (missing accounts count 0).

    >>> networks_per_platform([{"platform": "tiktok", "period": "2024-01", "accounts": 5},
    ...                        {"platform": "google", "period": "2020-Q1", "accounts": None},
    ...                        {"platform": "tiktok", "period": "2024-02", "accounts": 7}])
    [('google', 1, 1, 0), ('tiktok', 2, 2, 12)]
    """
    periods: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    accounts: Counter[str] = Counter()
    for network in networks:
        platform = network["platform"]
        periods.setdefault(platform, set()).add(network["period"])
        counts[platform] += 1
        accounts[platform] += network.get("accounts") or 0
    return [(platform, len(periods[platform]), counts[platform], accounts[platform]) for platform in sorted(counts)]


def networks_per_month(networks: Iterable[NetworkRecord]) -> list[tuple[str, str, int, int]]:
    """``(platform, period, networks, accounts)`` for each report period (month, quarter, half-year),
    in order; missing accounts count 0.

    >>> networks_per_month([{"platform": "tiktok", "period": "2024-01", "accounts": 5},
    ...                     {"platform": "tiktok", "period": "2024-01", "accounts": 7}])
    [('tiktok', '2024-01', 2, 12)]
    """
    counts: Counter[tuple[str, str]] = Counter()
    accounts: Counter[tuple[str, str]] = Counter()
    for network in networks:
        key = (network["platform"], network["period"])
        counts[key] += 1
        accounts[key] += network.get("accounts") or 0
    return [
        (platform, period, counts[(platform, period)], accounts[(platform, period)])
        for platform, period in sorted(counts)
    ]


def top_values(networks: Iterable[NetworkRecord], field: str, key: str, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` most frequent values of a list field (ties by value), counted once per network.

    >>> top_values([{"tactics": [{"id": "a"}, {"id": "b"}]}, {"tactics": [{"id": "b"}]}], "tactics", "id")
    [('b', 2), ('a', 1)]
    """
    records: Iterable[Mapping[str, Any]] = networks  # the field is named at run time; read once, not copied
    counts = Counter(value for network in records for value in {item[key] for item in network[field]})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
