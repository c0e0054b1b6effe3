"""Records for every platform: one key set, report ids per document, merging by report id, input order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cio_graph.graph.build import bundled_report, collect, load_build, write_records
from cio_graph.graph.records import NETWORK_FIELDS, REPORT_FIELDS

DATA = Path(__file__).parent / "data" / "reports"
FIXTURES = Path(__file__).parent / "fixtures" / "readers"
META = sorted((DATA / "meta").glob("*.md"))
GOOGLE = sorted((DATA / "google").glob("*.txt"))


@pytest.fixture(scope="module")
def mixed():
    return collect([*META, *GOOGLE, bundled_report()])


def test_every_network_record_has_the_same_fields_in_order(mixed):
    for record in mixed.networks:
        assert tuple(record)[: len(NETWORK_FIELDS)] == NETWORK_FIELDS
        assert "origin_countries" in record and "tactics" in record
    assert {r["platform"] for r in mixed.networks} == {"tiktok", "meta", "google"}


def test_tiktok_records_carry_empty_disclosure_facts(bundled_collection):
    record = bundled_collection.networks[0]
    assert {
        f: record[f]
        for f in (
            "month",
            "network",
            "assets",
            "followers_detail",
            "ad_spend",
            "iocs",
            "other_platforms",
            "attribution",
            "leads_from",
            "consistent_with",
            "named_operation",
        )
    } == {
        "month": None,
        "network": None,
        "assets": {},
        "followers_detail": {},
        "ad_spend": None,
        "iocs": [],
        "other_platforms": [],
        "attribution": [],
        "leads_from": [],
        "consistent_with": [],
        "named_operation": None,
    }
    assert record["id"] == "tiktok-2024-01-" + record["id"].rsplit("-", 1)[1]


def test_report_records_one_per_document(mixed):
    reports = mixed.reports
    assert all(tuple(r) == REPORT_FIELDS for r in reports)
    ids = [r["id"] for r in reports]
    assert len(ids) == len(set(ids)) == 6 + 2 + 12
    assert "google-2020-Q1" in ids and "tiktok-2024-12" in ids
    meta = [r for r in reports if r["platform"] == "meta"]
    assert len(meta) == 6 and {r["period"] for r in meta} == {"2025-H2"}
    assert all(r["id"].startswith("meta-2025-H2-") and r["granularity"] == "half" for r in meta)
    assert sum(r["networks"] for r in meta) == 7


def test_same_page_as_markdown_and_html_is_one_report():
    markdown = DATA / "meta" / "meta-h2-2025-moldova-based-cib-network.md"
    collection = collect([markdown, FIXTURES / "meta-h2-2025-moldova-based-cib-network.html"])
    assert len(collection.reports) == 1 and len(collection.networks) == 1
    assert any("repeats" in notice for notice in collection.notices)


def test_records_do_not_depend_on_input_order():
    forward = collect([*META, *GOOGLE])
    backward = collect([*reversed(GOOGLE), *reversed(META)])
    assert forward.networks == backward.networks and forward.reports == backward.reports


def test_network_ids_stay_stable_across_file_names(tmp_path):
    copy = tmp_path / "renamed.md"
    shutil.copy(META[0], copy)
    assert [n["id"] for n in collect([copy]).networks] == [n["id"] for n in collect([META[0]]).networks]


def test_records_read_back_into_the_same_reports(tmp_path, mixed):
    write_records(mixed.reports, mixed.networks, tmp_path)
    again = load_build(tmp_path, verify=False)  # records only: no manifest
    assert again.reports == mixed.reports and again.networks == mixed.networks
    updated = collect([GOOGLE[0]], collection=again)
    assert updated.reports == mixed.reports and any("repeats" in n for n in updated.notices)


def test_two_pages_with_one_title_are_two_reports(tmp_path):
    page = (DATA / "meta" / "meta-h2-2025-poland-based-cib-network.md").read_text("utf-8")
    first = tmp_path / "meta-h2-2025-poland-based-cib-network-1.md"
    second = tmp_path / "meta-h2-2025-poland-based-cib-network-2.md"
    first.write_text(
        page.replace("meta-h2-2025-poland-based-cib-network", "meta-h2-2025-poland-based-cib-network-1"), "utf-8"
    )
    second.write_text(
        page.replace("meta-h2-2025-poland-based-cib-network", "meta-h2-2025-poland-based-cib-network-2").replace(
            "55 Facebook accounts", "56 Facebook accounts"
        ),
        "utf-8",
    )
    collection = collect([first, second])
    assert [r["id"] for r in collection.reports] == [
        "meta-2025-H2-poland-based-influence-operation-network-targeting-poland-1",
        "meta-2025-H2-poland-based-influence-operation-network-targeting-poland-2",
    ]
    assert len(collection.networks) == 2
