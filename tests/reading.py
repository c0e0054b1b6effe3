"""The network records the readers give for report files, keyed as the gold files key them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cio_graph.graph.parse import parse_file
from cio_graph.graph.records import network_records

__all__ = ["REPORT_WORDS", "records"]

# Words of the bundled report and the awkward characters around them: what the extraction fuzz draws from.
REPORT_WORDS = (Path(__file__).resolve().parents[1] / "graph" / "data" / "tiktok_cio_2024.txt").read_text(
    encoding="utf-8"
).split() + [
    "(",
    ")",
    "İstanbul",
    "lurie",
    "Côte",
    "d'Ivoire",
    "pro-",
    "anti-",
    "’s",
    "PNL",
    "AfD",
    "\u00a0",
    "É",
]


def records(paths: Iterable[Path]) -> dict[tuple[str, int], dict]:
    """The network records of the reports at ``paths`` (no extraction), by ``(source_file, row)``."""
    out = {}
    for path in paths:
        for table in parse_file(path).tables:
            for record in network_records(table, [{} for _ in table.rows]):
                out[(record["source_file"], record["row"])] = record
    return out
