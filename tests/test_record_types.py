"""The record types name exactly the fields a build writes, and docs/records.md documents each."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from cio_graph.graph.record_types import NetworkRecord, ReportRecord

REPO = Path(__file__).resolve().parent.parent


def keys(path: Path) -> set[str]:
    found: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        found |= set(json.loads(line))
    return found


def test_network_records_have_the_typed_fields():
    assert keys(REPO / "exports" / "networks.jsonl") == set(typing.get_type_hints(NetworkRecord))


def test_report_records_have_the_typed_fields():
    assert keys(REPO / "exports" / "reports.jsonl") == set(typing.get_type_hints(ReportRecord))


def test_every_typed_field_is_documented():
    text = (REPO / "docs" / "records.md").read_text(encoding="utf-8")
    for record in (NetworkRecord, ReportRecord):
        for field in typing.get_type_hints(record):
            assert f"`{field}`" in text, f"{record.__name__}.{field} is not in docs/records.md"
