"""``facts.csv``: the long table, one fact of one network per row with the phrase it rests on.

Columns: ``network``, ``platform``, ``period``, ``field`` (the record field: ``origin_countries``,
``actors``, ``tactics``, ``assets``, ``iocs``, ``links``…), ``value`` (a code, name, slug, count or
indicator), ``detail`` (an actor's type and stance, a stance's direction, an indicator's type, a
link's kind and score), ``evidence`` (the phrase of the report, or the facts behind a link).
Rows are sorted, so the file is the same for the same records whatever their order. Text cells a
spreadsheet would run as a formula are neutralised (:mod:`graph.export.csv_safe`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from cio_graph.graph.export.csv_safe import safe_cell
from cio_graph.graph.export.property_graph import joined
from cio_graph.graph.record_types import NetworkRecord
from cio_graph.graph.spool import in_id_order

__all__ = ["COLUMNS", "facts", "write_facts_csv"]

COLUMNS = ("network", "platform", "period", "field", "value", "detail", "evidence")
Fact = tuple[str, str, str, str]  # field, value, detail, evidence


def facts(record: NetworkRecord) -> Iterator[Fact]:
    """Every fact of one network record.

    >>> list(facts({"origin_countries": [{"code": "RU", "evidence": "Russia-based"}],
    ...             "assets": {"pages": 6}, "ad_spend": {"amount": 300, "currency": "USD"}}))
    [('origin_countries', 'RU', '', 'Russia-based'), ('assets', 'pages', '6', ''), ('ad_spend', '300', 'USD', '')]
    """
    fields: Mapping[str, Any] = record  # fields named at run time
    for field in ("origin_countries", "target_countries", "languages"):
        for item in fields.get(field) or ():
            yield field, item["code"], "", item.get("evidence") or ""
    if record.get("global_audience"):
        yield "global_audience", "true", "", record.get("global_audience_evidence") or ""
    for item in record.get("target_regions") or ():
        yield "target_regions", item["name"], "", item.get("evidence") or ""
    for item in record.get("actors") or ():
        yield "actors", item["name"], f"{item['type']}, {item['stance']}", item.get("evidence") or ""
    for item in record.get("government_stances") or ():
        yield "government_stances", item["country"] or "", item["stance"], item.get("evidence") or ""
    for field in ("tactics", "topics"):
        for item in fields.get(field) or ():
            yield field, item["id"], "", item.get("evidence") or ""
    for field in ("assets", "followers_detail"):
        for kind, count in sorted((fields.get(field) or {}).items()):
            yield field, kind, str(count), ""
    spend = record.get("ad_spend")
    if spend and spend.get("amount") is not None:
        yield "ad_spend", str(spend["amount"]), spend.get("currency") or "", ""
    for ioc in record.get("iocs") or ():
        yield "iocs", str(ioc.get("value")), str(ioc.get("kind") or ioc.get("type") or ""), ""
    for field in ("other_platforms", "leads_from", "consistent_with", "attribution"):
        for value in sorted(fields.get(field) or ()):
            yield field, value, "", ""
    if name := record.get("named_operation"):
        yield "named_operation", name, "", ""
    for link in record.get("links") or ():
        yield "links", link["network"], f"{link['kind']} {link['score']}", joined(link.get("evidence") or ())


def write_facts_csv(networks: Sequence[NetworkRecord], path: Path) -> Path:
    """One row per fact, sorted by network id, then field, value, detail and evidence (the networks
    read in id order, each one's facts sorted: never every row at once)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in in_id_order(networks):
            rows = sorted((record["id"], record["platform"], record["period"], *fact) for fact in facts(record))
            writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return path
