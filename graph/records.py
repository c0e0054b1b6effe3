"""Assemble report and network records (the JSON-lines schema of docs/records.md)."""

from __future__ import annotations

import hashlib
import contextlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from graph.extract import extract
from graph.parse import MonthTable, Row

PARALLEL_MIN_ROWS = 2000

NETWORK_FIELDS = (
    "id", "platform", "period", "row", "source_file", "source_line", "detection_source",
    "accounts", "followers", "title", "description",
)


def report_id(platform: str, period: str) -> str:
    """The id of one month of one platform, e.g. ``tiktok-2024-12``."""
    return f"{platform}-{period}"


def network_id(platform: str, period: str, row: Row) -> str:
    """A stable id minted from the row's content (not its position).

    Identical rows of one month get ``-1``, ``-2``… after it (see :func:`network_records`).

    >>> from graph.parse import Row
    >>> row = Row("a.txt", 5, 1, "internal", 10, 20, "Accounts targeting X", "")
    >>> network_id("tiktok", "2024-12", row)
    'tiktok-2024-12-57a10bf28f'
    """
    content = "\x1f".join(
        (platform, period, row.detection_source, str(row.accounts), str(row.followers),
         row.title, row.description)
    )
    return f"{platform}-{period}-{hashlib.sha256(content.encode()).hexdigest()[:10]}"


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


def _extract_texts(texts: tuple[str, str]) -> dict:
    return extract(*texts)


def extract_rows(rows: Sequence[Row], workers: int | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """The extracted entities of every row, in order; large inputs are shared among worker processes.

    ``on_progress(done, total)`` is called every thousand rows and at the end.
    """
    workers = workers or os.cpu_count() or 1
    texts = [(row.title, row.description) for row in rows]
    parallel = (workers > 1 and len(texts) >= PARALLEL_MIN_ROWS
                and "fork" in multiprocessing.get_all_start_methods())
    with contextlib.ExitStack() as stack:
        if parallel:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
            results = pool.imap(_extract_texts, texts, chunksize=max(1, min(500, len(texts) // (workers * 8))))
        else:
            results = map(_extract_texts, texts)
        extractions = []
        for done, extraction in enumerate(results, 1):
            extractions.append(extraction)
            if on_progress is not None and (done % 1000 == 0 or done == len(texts)):
                on_progress(done, len(texts))
    return extractions


def network_records(table: MonthTable, extractions: Iterable[dict]) -> Iterable[dict]:
    """The network records of one month table, given the entities extracted from its rows."""
    seen: Counter[str] = Counter()
    for row, extraction in zip(table.rows, extractions, strict=True):
        content_id = network_id(table.platform, table.period, row)
        occurrence = seen[content_id]
        record = {
            "id": f"{content_id}-{occurrence}" if occurrence else content_id,
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
        seen[content_id] += 1
        record.update(extraction)
        yield record


def sort_key(record: dict) -> tuple:
    """Records sort by platform, period, then position in the month's table."""
    return (record["platform"], record["period"], record.get("row", 0), record["id"])
