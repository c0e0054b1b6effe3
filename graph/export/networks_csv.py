"""``networks.csv``: one row per network for spreadsheets; list fields joined with ``"; "``.

Text cells a spreadsheet would run as a formula are neutralised (:mod:`graph.export.csv_safe`).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from cio_graph.graph.export.csv_safe import safe_cell
from cio_graph.graph.export.property_graph import joined
from cio_graph.graph.record_types import NetworkRecord
from cio_graph.graph.spool import SpooledNetworks

__all__ = ["COLUMNS", "csv_row", "write_networks_csv"]

COLUMNS = (
    "id",
    "platform",
    "period",
    "month",
    "row",
    "detection_source",
    "accounts",
    "followers",
    "title",
    "description",
    "origin_countries",
    "target_countries",
    "global_audience",
    "target_regions",
    "languages",
    "actors",
    "government_stances",
    "tactics",
    "topics",
    "assets",
    "followers_detail",
    "ad_spend_amount",
    "ad_spend_currency",
    "named_operation",
    "other_platforms",
    "leads_from",
    "consistent_with",
    "attribution",
    "indicators",
    "links",
    "source_file",
    "source_line",
)


def _by_kind(counts: dict | None) -> str:
    return joined(f"{kind}={count}" for kind, count in sorted((counts or {}).items()))


def csv_row(record: NetworkRecord) -> dict[str, object]:
    """A network record flattened: codes and ids joined, actors as ``name (type, stance)``."""
    return {
        **{column: record.get(column) for column in COLUMNS},
        "global_audience": "true" if record.get("global_audience") else "false",
        "origin_countries": joined(c["code"] for c in record.get("origin_countries") or ()),
        "target_countries": joined(c["code"] for c in record.get("target_countries") or ()),
        "target_regions": joined(r["name"] for r in record.get("target_regions") or ()),
        "languages": joined(lang["code"] for lang in record.get("languages") or ()),
        "actors": joined(f"{a['name']} ({a['type']}, {a['stance']})" for a in record.get("actors") or ()),
        "government_stances": joined(f"{s['country']} {s['stance']}" for s in record.get("government_stances") or ()),
        "tactics": joined(t["id"] for t in record.get("tactics") or ()),
        "topics": joined(t["id"] for t in record.get("topics") or ()),
        "assets": _by_kind(record.get("assets")),
        "followers_detail": _by_kind(record.get("followers_detail")),
        "ad_spend_amount": spend["amount"] if (spend := record.get("ad_spend")) else None,
        "ad_spend_currency": spend["currency"] if spend else None,
        "other_platforms": joined(sorted(record.get("other_platforms") or ())),
        "leads_from": joined(sorted(record.get("leads_from") or ())),
        "consistent_with": joined(sorted(record.get("consistent_with") or ())),
        "attribution": joined(sorted(record.get("attribution") or ())),
        "indicators": joined(i["value"] for i in record.get("iocs") or ()),
        "links": joined(f"{link['network']} ({link['kind']} {link['score']})" for link in record.get("links") or ()),
    }


def row_key(record: NetworkRecord) -> tuple:
    return record["platform"], record["period"], record.get("row") or 0, record["id"]


def csv_order(networks: Sequence[NetworkRecord]) -> Iterable[NetworkRecord]:
    """The records by platform, period, row and id. Spooled records come by platform and period
    already (then source file): each platform and period is sorted alone, one in memory at a time."""
    if not isinstance(networks, SpooledNetworks):
        return sorted(networks, key=row_key)
    periods = itertools.groupby(networks, key=lambda record: (record["platform"], record["period"]))
    return (record for _, period in periods for record in sorted(period, key=row_key))


def write_networks_csv(networks: Sequence[NetworkRecord], path: Path) -> Path:
    """Rows sorted by platform, period, row and id."""
    ordered = csv_order(networks)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in ordered:
            row = csv_row(record)
            writer.writerow([safe_cell(row[column]) for column in COLUMNS])
    return path
