"""Figures that summarise a build: networks per month, top target countries, top tactics."""

from __future__ import annotations

from collections import Counter


def networks_per_month(networks: list[dict]) -> list[tuple[str, str, int, int]]:
    """``(platform, period, networks, accounts)`` for each month, in order.

    >>> networks_per_month([{"platform": "tiktok", "period": "2024-01", "accounts": 5},
    ...                     {"platform": "tiktok", "period": "2024-01", "accounts": 7}])
    [('tiktok', '2024-01', 2, 12)]
    """
    counts: Counter[tuple[str, str]] = Counter()
    accounts: Counter[tuple[str, str]] = Counter()
    for network in networks:
        key = (network["platform"], network["period"])
        counts[key] += 1
        accounts[key] += network["accounts"]
    return [(platform, period, counts[(platform, period)], accounts[(platform, period)])
            for platform, period in sorted(counts)]


def top_values(networks: list[dict], field: str, key: str, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` most frequent values of a list field (ties by value), counted once per network.

    >>> top_values([{"tactics": [{"id": "a"}, {"id": "b"}]}, {"tactics": [{"id": "b"}]}], "tactics", "id")
    [('b', 2), ('a', 1)]
    """
    counts = Counter(value for network in networks for value in {item[key] for item in network[field]})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
