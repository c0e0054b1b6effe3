"""Assemble report and network records (the JSON-lines schema of docs/records.md)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from graph.extract import extract
from graph.parse import MonthTable, Row

NETWORK_FIELDS = (
    "id", "platform", "period", "row", "source_file", "source_line", "detection_source",
    "accounts", "followers", "title", "description",
)


def report_id(platform: str, period: str) -> str:
    """The id of one month of one platform, e.g. ``tiktok-2024-12``."""
    return f"{platform}-{period}"


def network_id(platform: str, period: str, row: Row, occurrence: int = 0) -> str:
    """A stable id minted from the row's content (not its position).

    ``occurrence`` tells identical rows of one month apart (0 for the first).

    >>> from graph.parse import Row
    >>> row = Row("a.txt", 5, 1, "internal", 10, 20, "Accounts targeting X", "")
    >>> network_id("tiktok", "2024-12", row)
    'tiktok-2024-12-57a10bf28f'
    """
    content = "\x1f".join(
        (platform, period, row.detection_source, str(row.accounts), str(row.followers),
         row.title, row.description)
    )
    suffix = f"-{occurrence}" if occurrence else ""
    return f"{platform}-{period}-{hashlib.sha256(content.encode()).hexdigest()[:10]}{suffix}"


def report_record(table: MonthTable) -> dict:
    """The report record of one month table."""
    return {
        "id": report_id(table.platform, table.period),
        "platform": table.platform,
        "period": table.period,
        "start_date": table.start_date,
        "end_date": table.end_date,
        "reestablishing_accounts_removed": table.reestablishing_accounts_removed,
        "networks": len(table.rows),
        "source_file": table.source_file,
        "source_sha256": table.source_sha256,
        "source_line": table.source_line,
        "intro": table.intro,
    }


def network_records(table: MonthTable) -> Iterable[dict]:
    """The network records of one month table, with their extracted entities."""
    seen: Counter[str] = Counter()
    for row in table.rows:
        first_id = network_id(table.platform, table.period, row)
        record = {
            "id": network_id(table.platform, table.period, row, seen[first_id]),
            "platform": table.platform,
            "period": table.period,
            "row": row.row,
            "source_file": row.source_file,
            "source_line": row.source_line,
            "detection_source": row.detection_source,
            "accounts": row.accounts,
            "followers": row.followers,
            "title": row.title,
            "description": row.description,
        }
        seen[first_id] += 1
        record.update(extract(row.title, row.description))
        yield record


def sort_key(record: dict) -> tuple:
    """Records sort by platform, period, then position in the month's table."""
    return (record["platform"], record["period"], record.get("row", 0), record["id"])
