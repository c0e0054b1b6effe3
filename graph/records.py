"""Step 2 (records): assemble report and network records (the JSON-lines schema of docs/records.md)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from cio_graph.graph.extract import extract
from cio_graph.graph.readers.types import Disclosure, Network, report_id
from cio_graph.graph.record_types import NetworkRecord, ReportRecord

__all__ = [
    "NETWORK_FIELDS",
    "REPORT_FIELDS",
    "extract_rows",
    "network_id",
    "network_records",
    "report_id",
    "report_record",
    "sort_key",
]

PARALLEL_MIN_ROWS = 2000

NETWORK_FIELDS = (
    "id",
    "platform",
    "period",
    "report",
    "month",
    "row",
    "source_file",
    "source_line",
    "detection_source",
    "accounts",
    "followers",
    "title",
    "network",
    "description",
    "assets",
    "followers_detail",
    "ad_spend",
    "iocs",
    "iocs_unassigned",
    "other_platforms",
    "attribution",
    "leads_from",
    "consistent_with",
    "named_operation",
)
REPORT_FIELDS = (
    "id",
    "platform",
    "period",
    "granularity",
    "start_date",
    "end_date",
    "title",
    "networks",
    "source_file",
    "source_sha256",
    "source_line",
    "intro",
    "reestablishing_accounts_removed",
)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def network_id(platform: str, period: str, row: Network) -> str:
    """A stable id minted from the row's content (not its position or file name).

    Identical rows of one report get ``-1``, ``-2``… after it (see :func:`network_records`). The
    disclosed facts (assets, indicators …) count where a network has any, so TikTok ids are as before.

    >>> from cio_graph.graph.parse import Row
    >>> row = Row("a.txt", 5, 1, "internal", 10, 20, "Accounts targeting X", "")
    >>> network_id("tiktok", "2024-12", row)
    'tiktok-2024-12-57a10bf28f'
    """
    parts = [
        platform,
        period,
        _text(row.detection_source),
        _text(row.accounts),
        _text(row.followers),
        _text(row.title),
        row.description,
    ]
    if row.has_facts():
        facts = row.facts() | {"iocs_unassigned": [i.as_dict() for i in row.iocs_unassigned]}
        parts.append(json.dumps(facts, sort_keys=True, ensure_ascii=False))
    content = "\x1f".join(parts)
    return f"{platform}-{period}-{hashlib.sha256(content.encode()).hexdigest()[:10]}"


def report_record(table: Disclosure) -> ReportRecord:
    """The report record of one disclosure (a TikTok month, a Meta page, a TAG bulletin)."""
    return {
        "id": table.report_id,
        "platform": table.platform,
        "period": table.period,
        "granularity": table.granularity,
        "start_date": table.start_date,
        "end_date": table.end_date,
        "title": table.title,
        "networks": len(table.rows),
        "source_file": table.source_file,
        "source_sha256": table.source_sha256,
        "source_line": table.source_line,
        "intro": table.intro,
        "reestablishing_accounts_removed": table.reestablishing_accounts_removed,
    }


def _extract_texts(texts: tuple[str, str]) -> dict:
    return extract(*texts)


def extract_rows(
    rows: Sequence[Network], workers: int | None = None, on_progress: Callable[[int, int], None] | None = None
) -> list[dict]:
    """The extracted entities of every row, in order; large inputs are shared among worker processes.

    ``on_progress(done, total)`` is called every thousand rows and at the end.
    """
    workers = workers or os.cpu_count() or 1
    texts = [(row.title or "", row.description) for row in rows]
    parallel = workers > 1 and len(texts) >= PARALLEL_MIN_ROWS and "fork" in multiprocessing.get_all_start_methods()
    with contextlib.ExitStack() as stack:
        if parallel:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
            results: Iterator[dict] = pool.imap(
                _extract_texts, texts, chunksize=max(1, min(500, len(texts) // (workers * 8)))
            )
        else:
            results = map(_extract_texts, texts)
        extractions = []
        for done, extraction in enumerate(results, 1):
            extractions.append(extraction)
            if on_progress is not None and (done % 1000 == 0 or done == len(texts)):
                on_progress(done, len(texts))
    return extractions


def network_records(table: Disclosure, extractions: Iterable[dict]) -> Iterable[NetworkRecord]:
    """The network records of one disclosure, given the entities extracted from its rows."""
    seen: Counter[str] = Counter()
    for row, extraction in zip(table.rows, extractions, strict=True):
        content_id = network_id(table.platform, table.period, row)
        occurrence = seen[content_id]
        facts = row.facts()
        record = {
            "id": f"{content_id}-{occurrence}" if occurrence else content_id,
            "platform": table.platform,
            "period": table.period,
            "report": table.report_id,
            "month": row.month,
            "row": row.row,
            "source_file": row.source_file,
            "source_line": row.source_line,
            "detection_source": row.detection_source,
            "accounts": row.accounts,
            "followers": row.followers,
            "title": row.title,
            "network": row.network,
            "description": row.description,
            "assets": facts["assets"],
            "followers_detail": facts["followers_detail"],
            "ad_spend": facts["ad_spend"],
            "iocs": facts["iocs"],
            "iocs_unassigned": [i.as_dict() for i in row.iocs_unassigned],
            "other_platforms": facts["other_platforms"],
            "attribution": facts["attribution"],
            "leads_from": facts["leads_from"],
            "consistent_with": facts["consistent_with"],
            "named_operation": facts["named_operation"],
        }
        seen[content_id] += 1
        record.update(extraction)
        yield record


def sort_key(record: NetworkRecord) -> tuple:
    """Records sort by platform, period, source file, then position in the file's report."""
    return (record["platform"], record["period"], record.get("source_file") or "", record.get("row") or 0, record["id"])
