"""Network records kept on disk (graph/spool.py, ``build --low-memory``): read back in the orders the
build needs, equal to the records held in memory."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cio_graph.graph.build import (
    Collection,
    bundled_reports,
    collect,
    new_collection,
    read_jsonl,
    read_months,
    write_records,
)
from cio_graph.graph.export import EXPORT_FILES, parts, stix, stix_runs, write_exports
from cio_graph.graph.link_records import attach_links, links_by_network
from cio_graph.graph.records import sort_key
from cio_graph.graph.spool import RecordSpool, SpooledNetworks, in_id_order, record_ids

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=50, deadline=None)
@given(extras=st.lists(json_values, min_size=1, max_size=6))
def test_records_come_back_as_written(tmp_path_factory, extras):
    spool = RecordSpool(tmp_path_factory.mktemp("spool"))
    records = [
        {"id": f"n{number}", "platform": "tiktok", "period": "2024-01", "row": number, "extra": extra}
        for number, extra in enumerate(extras)
    ]
    month = spool.add(records)
    assert list(month) == sorted(records, key=sort_key) and len(month) == len(records)
    assert month[len(records) - 1] == sorted(records, key=sort_key)[-1]
    assert record_ids(month) == [r["id"] for r in sorted(records, key=sort_key)]
    spool.remove()
    assert not spool.path.exists()


def record(platform: str, period: str, source: str, row: int, name: str) -> dict:
    return {"id": name, "platform": platform, "period": period, "source_file": source, "row": row}


def test_reports_are_read_in_sort_key_order_even_when_they_interleave(tmp_path):
    rng = random.Random(7)
    reports = [
        [record("meta", "2024-Q1", "b.html", row, f"meta-b-{row}") for row in range(1, 6)],
        [record("meta", "2024-Q1", "a.html", row, f"meta-a-{row}") for row in range(1, 4)],
        # two reports of one source file and period whose rows interleave (say, two tables of a page)
        [record("tiktok", "2024-01", "t.txt", row, f"tiktok-x-{row}") for row in (1, 4, 9)],
        [record("tiktok", "2024-01", "t.txt", row, f"tiktok-y-{row}") for row in (2, 3, 10)],
        [],
    ]
    spool = RecordSpool(tmp_path)
    spooled = [spool.add(rng.sample(report, len(report))) for report in reports]
    networks = SpooledNetworks(spool, rng.sample(spooled, len(spooled)))
    everything = [r for report in reports for r in report]
    assert list(networks) == sorted(everything, key=sort_key)
    assert len(networks) == len(everything) and networks[3] == sorted(everything, key=sort_key)[3]
    assert list(in_id_order(networks)) == sorted(everything, key=lambda r: r["id"])
    ordered = sorted(everything, key=sort_key)
    for index in (-1, -len(everything), slice(2, 5), slice(None, None, -2), slice(7, 1, -3), slice(4, 4)):
        assert networks[index] == ordered[index]
    with pytest.raises(IndexError):
        networks[len(everything)]
    spool.links = {"meta-a-2": [{"network": "tiktok-x-1"}]}
    assert {r["id"]: r["links"] for r in networks if r["links"]} == {"meta-a-2": [{"network": "tiktok-x-1"}]}


def test_a_spooled_collection_holds_the_same_records_as_one_in_memory(tmp_path):
    paths = bundled_reports()
    in_memory = collect(paths)
    networks = in_memory.networks
    attach_links(networks)
    with new_collection(tmp_path / "out", low_memory=True) as spooled:
        collect(paths, collection=spooled)
        assert isinstance(spooled.networks, SpooledNetworks) and spooled.spool is not None
        spooled.spool.links = links_by_network(spooled.networks)
        assert list(spooled.networks) == networks  # same records, same order, same links
        assert [r["id"] for r in spooled.reports] == [r["id"] for r in in_memory.reports]
        folder = spooled.spool.path.parent
        assert folder.parent == tmp_path and folder.name.startswith(".out")
    assert not folder.exists()


def test_a_report_read_again_replaces_its_spooled_records(tmp_path):
    paths = bundled_reports()[:1]
    with new_collection(tmp_path / "out", low_memory=True) as spooled:
        collect(paths + paths, collection=spooled)  # the same report twice: kept once, said unchanged
        assert len(spooled.networks) == len(collect(paths).networks) == 59
        assert len(spooled.notices) == len(Collection().notices) + 12


CROSS_PLATFORM = Path(__file__).parent / "data" / "cross_platform"


@pytest.mark.parametrize("low_memory", [False, True])
def test_linked_records_on_disk_give_the_same_exports(tmp_path, monkeypatch, low_memory):
    """Networks of four platforms with stated and inferred links: spooled (a spool per report, links set
    as read) or in memory, every export is byte for byte the same; with ``low_memory``, the parts of
    GraphML and GEXF in a file read in batches of 2 and STIX's objects in runs of 3 networks and 2
    reports, written 2 at a time (shared objects, indicators and campaigns made in several runs)."""
    if low_memory:
        monkeypatch.setattr(stix, "CHUNK_NETWORKS", 3)
        monkeypatch.setattr(stix, "REPORTS_PER_RUN", 2)
        monkeypatch.setattr(stix_runs, "BATCH", 2)
        monkeypatch.setattr(parts, "BATCH", 2)
    reports = sorted(read_jsonl(CROSS_PLATFORM / "reports.jsonl"), key=lambda r: (r["platform"], r["period"], r["id"]))
    networks = sorted(read_jsonl(CROSS_PLATFORM / "networks.jsonl"), key=sort_key)
    spool = RecordSpool(tmp_path / "spool")
    by_report: dict[str, list[dict]] = {}
    for network in reversed(networks):
        by_report.setdefault(network["report"], []).append(network)
    spooled = SpooledNetworks(spool, [spool.add(group) for group in by_report.values()])
    spool.links = links_by_network(spooled)
    attach_links(networks)
    assert sum(len(r["links"]) for r in networks) >= 6 and list(spooled) == networks
    outs = []
    for name, records in (("memory", networks), ("disk", spooled)):
        out = tmp_path / name
        out.mkdir()
        write_exports(reports, records, out, also=(write_records, (reports, records, out)), low_memory=low_memory)
        outs.append(out)
    for name in (*EXPORT_FILES, "networks.jsonl", "reports.jsonl"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_stix_spilled_in_runs_is_the_bundle_made_in_memory(tmp_path, monkeypatch):
    collection = collect(bundled_reports())
    reports, networks = collection.reports, collection.networks
    attach_links(networks)
    monkeypatch.setattr(stix, "CHUNK_NETWORKS", 5)
    runs: list[int] = []
    add = stix_runs.SortedRuns.add

    def counted(self, items):
        add(self, items)
        runs.append(len(self.runs))

    monkeypatch.setattr(stix_runs.SortedRuns, "add", counted)
    spilled = stix.write_stix(reports, networks, tmp_path / "spilled.json", spill_folder=tmp_path / "runs")
    assert max(runs) > 10 and not any((tmp_path / "runs").iterdir())  # many runs, each file removed
    whole = stix.write_stix(reports, networks, tmp_path / "whole.json", chunk=10**6)
    assert spilled.read_bytes() == whole.read_bytes()
    ids = [o["id"] for o in json.loads(whole.read_text(encoding="utf-8"))["objects"]]
    assert len(ids) == len(set(ids)) > 400  # each shared object (country, tactic, identity) once


def test_records_of_a_build_read_into_a_spool_by_report(tmp_path):
    """A report's records met in two places of networks.jsonl are spooled together, in sort order."""
    lines = [
        record("meta", "2024-Q1", "a.html", 2, "meta-a-2"),
        record("tiktok", "2024-01", "t.txt", 1, "tiktok-1"),
        record("meta", "2024-Q1", "a.html", 1, "meta-a-1"),
    ]
    path = tmp_path / "networks.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    in_memory = read_months(path, None)
    spool = RecordSpool(tmp_path / "spool")
    spooled = read_months(path, spool)
    assert sorted(in_memory) == sorted(spooled) == [("meta", "2024-Q1", "a.html"), ("tiktok", "2024-01", "t.txt")]
    for key, month in in_memory.items():
        assert list(spooled[key]) == sorted(month, key=sort_key)


def test_links_found_from_slim_views_are_those_of_the_whole_records():
    from cio_graph.graph.link_records import link_view
    from cio_graph.graph.links import find_links

    networks = read_jsonl(CROSS_PLATFORM / "networks.jsonl") + collect(bundled_reports()).networks
    whole = find_links(networks)
    assert len(whole) >= 3 and whole == find_links([link_view(record) for record in networks])


def test_spooled_networks_reach_the_csv_in_its_order(tmp_path):
    """networks.csv sorts by platform, period, row and id, not by source file: spooled records are
    sorted a platform and period at a time into the same order as a list sorted whole."""
    from cio_graph.graph.export.networks_csv import csv_order, row_key

    reports = [
        [record("meta", "2024-Q1", "a.html", row, f"meta-a-{row}") for row in (5, 6)],
        [record("meta", "2024-Q1", "b.html", row, f"meta-b-{row}") for row in (1, 2, 7)],
        [record("meta", "2024-Q2", "c.html", row, f"meta-c-{row}") for row in (1,)],
        [record("tiktok", "2024-01", "t.txt", row, f"tiktok-{row}") for row in (3, 1)],
    ]
    spool = RecordSpool(tmp_path)
    networks = SpooledNetworks(spool, [spool.add(report) for report in reports])
    everything = [r for report in reports for r in report]
    assert [r["id"] for r in networks][:2] == ["meta-a-5", "meta-a-6"]  # by source file first
    assert list(csv_order(networks)) == sorted(everything, key=row_key) == list(csv_order(everything))


PLATFORMS = ["meta", "tiktok", "google"]
PERIODS = ["2024-01", "2024-03", "2024-Q2", "2024-H2", "2025-01"]
linking_records = st.lists(
    st.fixed_dictionaries(
        {
            "platform": st.sampled_from(PLATFORMS),
            "period": st.sampled_from(PERIODS),
            "origin_countries": st.lists(st.sampled_from(["RU", "CN", "IR"]), max_size=2),
            "target_countries": st.lists(st.sampled_from(["DE", "US"]), max_size=2),
            "named_operation": st.sampled_from([None, "Doppelganger", "DOPPELGÄNGER", "Spamouflage"]),
            "iocs": st.lists(st.sampled_from(["a.com", "hxxps://www.a[.]com/", "b.org"]), max_size=2),
            "consistent_with": st.lists(st.sampled_from(["Meta", "Google", "TikTok", "OpenAI"]), max_size=1),
            "actors": st.lists(st.sampled_from(["X", "Y"]), max_size=2),
            "tactics": st.lists(st.sampled_from(["t1", "t2"]), max_size=2),
            "description": st.sampled_from(["", "Linked to a network we removed in January 2024."]),
        }
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(drawn=linking_records)
def test_the_networks_left_out_of_linking_change_no_link(drawn):
    """``linkable_views`` keeps only the networks a link could reach: ``find_links`` on them gives the
    same links as on every network."""
    from cio_graph.graph.link_records import link_view, linkable_views
    from cio_graph.graph.links import find_links

    networks = [
        {
            **fields,
            "id": f"{fields['platform']}-{number}",
            "origin_countries": [{"code": code} for code in fields["origin_countries"]],
            "target_countries": [{"code": code} for code in fields["target_countries"]],
            "iocs": [{"value": value} for value in fields["iocs"]],
            "actors": [{"name": name} for name in fields["actors"]],
            "tactics": [{"id": tactic} for tactic in fields["tactics"]],
        }
        for number, fields in enumerate(drawn)
    ]
    kept = linkable_views(networks)
    assert find_links(kept) == find_links([link_view(record) for record in networks])
    linked = {side for link in find_links(networks) for side in (link.a, link.b)}
    assert linked <= {view["id"] for view in kept}


def test_networks_that_share_nothing_are_left_out_of_linking():
    from cio_graph.graph.link_records import linkable_views

    def network(number: int, origin: str) -> dict:
        return {
            "id": f"tiktok-{number}",
            "platform": "tiktok",
            "period": "2024-01",
            "origin_countries": [{"code": origin}],
            "target_countries": [{"code": "US"}],
        }

    lone = [network(number, "RU") for number in range(50)]
    assert linkable_views(lone) == []
    meta = {**network(99, "RU"), "id": "meta-1", "platform": "meta"}
    assert len(linkable_views([*lone, meta])) == 51  # one other platform in the block: all can be linked


def test_a_network_consistent_with_another_platforms_findings_is_kept_with_them():
    from cio_graph.graph.link_records import linkable_views
    from cio_graph.graph.links import find_links

    meta = {
        "id": "meta-1",
        "platform": "meta",
        "period": "2024-Q1",
        "consistent_with": ["Google"],
        "origin_countries": [{"code": "RU"}],
        "target_countries": [{"code": "DE"}],
    }
    google = {
        "id": "google-1",
        "platform": "google",
        "period": "2024-Q1",
        "origin_countries": [{"code": "RU"}],
        "target_countries": [{"code": "US"}],
    }
    kept = linkable_views([meta, google])
    assert [view["id"] for view in kept] == ["meta-1", "google-1"]
    assert [(link.a, link.b, link.kind) for link in find_links(kept)] == [("google-1", "meta-1", "stated")]


def test_stix_runs_are_read_back_in_batches_bounded_by_bytes(tmp_path, monkeypatch):
    """A merge holds one batch of each run: large objects (a report listing thousands of ids) make
    batches of fewer objects, so the merge holds about ``BATCH_BYTES`` a run, not ``BATCH`` objects."""
    monkeypatch.setattr(stix_runs, "BATCH_BYTES", 200)
    runs = stix_runs.ObjectRuns(tmp_path, "objects")
    made = [{"type": "identity", "id": f"identity--{n:02d}", "name": "x" * (30 * n)} for n in range(12)]
    runs.add_objects(made[::2])
    runs.add_objects(made[1::2])
    assert list(runs.objects()) == [(o["id"], json.dumps(o, ensure_ascii=False)) for o in made]
    for run in runs.runs:
        batches, data = 0, run.read_bytes()
        while data:
            size = int.from_bytes(data[:8], "little")
            assert len(data[8 : 8 + size]) == size
            data, batches = data[8 + size :], batches + 1
        assert batches >= 3  # six objects, most over 200 bytes of text: never one batch
