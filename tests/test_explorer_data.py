"""The explorer's data layer: records as things, evidence located in the text, facets, sorting, paging."""

from __future__ import annotations

import csv
import io

import pytest

from cio_graph.graph.build import read_jsonl
from cio_graph.graph.link_records import attach_links
from cio_graph.queries.explorer.evidence import Fact, facts, segments
from cio_graph.queries.explorer.facets import MAX_PER_PAGE, Browse, BrowseError, parse_browse, select, to_csv
from cio_graph.queries.explorer.records import Dataset, disarm_url, load_dataset, operation_slug
from tests.test_cross_platform import DATA, GOOGLE, META, META_CN, TIKTOK


@pytest.fixture(scope="module")
def bundled(default_build) -> Dataset:
    return load_dataset(default_build)


@pytest.fixture(scope="module")
def cross() -> Dataset:
    networks = read_jsonl(DATA / "networks.jsonl")
    attach_links(networks)
    return Dataset(networks, {r["id"]: r for r in read_jsonl(DATA / "reports.jsonl")})


def test_dataset_reads_the_build(bundled, default_build):
    assert len(bundled.networks) == len(read_jsonl(default_build / "networks.jsonl")) > 50
    assert {n["platform"] for n in bundled.networks} == {"tiktok", "meta"}
    assert bundled.reports and all(r["id"] in bundled.reports for r in read_jsonl(default_build / "reports.jsonl"))


def test_a_graph_file_alone_has_no_records(default_build):
    assert load_dataset(default_build / "graph.ttl").networks == []


def test_minimal_records_get_defaults():
    data = Dataset([{"id": "tiktok-2024-05-aaaaaaaaaa"}])
    page = data.network("tiktok-2024-05-aaaaaaaaaa")
    assert page["facts"] == [] and page["links"] == [] and page["record"]["label"]
    assert data.overview()["networks"] == 1


def test_every_evidence_phrase_of_the_bundled_build_is_marked(bundled):
    for record in bundled.networks:
        page = bundled.network(record["id"])
        marked = {label for run in page["title_segments"] + page["description_segments"] for label in run.facts}
        assert {f.label for f in page["facts"] if f.evidence} <= marked, record["id"]
        text = (
            "".join(run.text for run in page["title_segments"])
            + " "
            + "".join(run.text for run in page["description_segments"])
        )
        assert text == f"{record['title'] or ''} {record['description']}"


def test_segments_of_overlapping_evidence():
    found = [
        Fact("origin", "BY", "origin: Belarus", "Belarus, Russia-Based"),
        Fact("origin", "RU", "origin: Russia", "Russia-Based"),
    ]
    runs = segments("Belarus, Russia-Based network", found)
    assert [(r.text, r.facts) for r in runs] == [
        ("Belarus, ", ("origin: Belarus",)),
        ("Russia-Based", ("origin: Belarus", "origin: Russia")),
        (" network", ()),
    ]


def test_description_segments_are_cut_from_the_joined_text():
    full = "Title here Russian accounts"
    runs = segments("Russian accounts", [Fact("origin", "RU", "origin: Russia", "here Russian")], 11, full)
    assert [(r.text, r.facts) for r in runs] == [("Russian", ("origin: Russia",)), (" accounts", ())]


def test_facts_name_their_kind(bundled):
    record = next(n for n in bundled.networks if n["actors"] and n["tactics"])
    kinds = {f.kind for f in facts(record)}
    assert {"actor", "tactic"} <= kinds


def test_country_splits_from_against_domestic(bundled):
    country = bundled.country("RU")
    assert country["name"] and country["from"]
    for row in country["from"]:
        assert "RU" in row["origins"] and "RU" not in row["targets"]
    for row in country["against"]:
        assert "RU" in row["targets"] and "RU" not in row["origins"]
    for row in country["domestic"]:
        assert "RU" in row["targets"] and "RU" in row["origins"]
    assert bundled.country("ZZ") is None
    assert bundled.country("IS") == {"code": "IS", "name": "Iceland", "from": [], "against": [], "domestic": []}


def test_actor_tactic_operation_platform(bundled, cross):
    record = next(n for n in bundled.networks if n["actors"])
    actor = record["actors"][0]
    from cio_graph.graph.terms import slug

    page = bundled.actor(actor["type"], slug(actor["name"]))
    assert record["id"] in {row["id"] for row in page["networks"]}
    assert page["networks"][0]["stance"]
    tactic = bundled.tactic("inauthentic-accounts")
    assert tactic["networks"] and tactic["disarm"][0]["url"] == disarm_url(tactic["disarm"][0]["id"])
    assert bundled.tactic("no-such-tactic") is None
    operation = cross.operation(operation_slug("Doppelgänger"))
    assert {row["id"] for row in operation["networks"]} == {META, GOOGLE}
    assert operation["platforms"] == ["google", "meta"]
    assert bundled.platform("meta")["periods"] == [{"period": "2025-H2", "networks": 7}]
    assert bundled.platform("myspace") is None


def test_cross_platform_links_and_related(cross):
    page = cross.network(META)
    kinds = {link["network"]: (link["kind"], link["cross_platform"]) for link in page["links"]}
    assert kinds[GOOGLE] == ("stated", True)
    assert kinds[META_CN] == ("stated", False)
    assert kinds[TIKTOK] == ("inferred", True)
    assert all(link["evidence"] for link in page["links"] if link["kind"] == "stated")


def test_overview(bundled):
    overview = bundled.overview()
    assert sum(row["networks"] for row in overview["per_period"]) == overview["networks"]
    assert overview["top_origins"][0]["networks"] >= overview["top_origins"][-1]["networks"]
    followers = [row["followers"] for row in overview["largest"]]
    assert followers == sorted(followers, reverse=True) and len(followers) == 10


def test_filters_hold_together(bundled):
    selection = select(bundled, parse_browse([("platform", "tiktok"), ("origin", "ru")]))
    assert selection.total > 0
    assert all(row["platform"] == "tiktok" and "RU" in row["origins"] for row in selection.rows)
    everything = select(bundled, Browse())
    assert selection.total < everything.total


def test_facet_counts_count_the_matches(bundled):
    selection = select(bundled, parse_browse([("platform", "tiktok")]))
    counts = {item["value"]: item["networks"] for item in selection.facets["origin"]}
    for code, count in counts.items():
        narrowed = select(bundled, parse_browse([("platform", "tiktok"), ("origin", code)]))
        assert narrowed.total == count
    assert [item["value"] for item in selection.facets["platform"]] == ["tiktok"]


def test_text_search_covers_titles_descriptions_and_actors(bundled):
    record = next(n for n in bundled.networks if n["actors"])
    name = record["actors"][0]["name"]
    found = select(bundled, parse_browse([("q", name.upper())]))
    assert record["id"] in {row["id"] for row in found.rows}
    assert select(bundled, parse_browse([("q", "zzzz-nothing-like-this")])).total == 0


def test_sort_and_paging(bundled):
    browse = parse_browse([("sort", "followers"), ("order", "desc"), ("per_page", "5"), ("page", "2")])
    first = select(bundled, parse_browse([("sort", "followers"), ("order", "desc"), ("per_page", "10")]))
    second = select(bundled, browse)
    assert [row["id"] for row in second.rows] == [row["id"] for row in first.rows[5:10]]
    followers = [row["followers"] for row in first.rows if row["followers"] is not None]
    assert followers == sorted(followers, reverse=True)
    ascending = select(bundled, parse_browse([("sort", "followers"), ("per_page", str(MAX_PER_PAGE))]))
    assert ascending.rows[-1]["followers"] is None or all(r["followers"] is not None for r in ascending.rows)
    assert second.pages == -(-second.total // 5)


@pytest.mark.parametrize(
    "items",
    [
        [("bogus", "1")],
        [("sort", "name")],
        [("order", "up")],
        [("page", "0")],
        [("page", "x")],
        [("per_page", str(MAX_PER_PAGE + 1))],
        [("q", "a" * 201)],
        [("q", "a"), ("q", "b")],
        [("tactic", f"t{i}") for i in range(21)],
    ],
)
def test_bad_parameters_are_refused(items):
    with pytest.raises(BrowseError):
        parse_browse(items)


def test_links_keep_the_other_filters():
    browse = parse_browse([("origin", "RU"), ("sort", "title"), ("page", "3")])
    assert browse.adding("target", "DE") == "?origin=RU&target=DE&sort=title&order=asc"
    assert browse.removing("origin", "RU") == "?sort=title&order=asc"
    assert browse.sorting("title") == "?origin=RU&sort=title&order=desc"


def test_csv_is_spreadsheet_safe():
    text = to_csv(
        [{"id": "x", "title": '=HYPERLINK("http://example.invalid")', "accounts": -3, "origins": ["RU"]}],
        ("id", "title", "accounts", "origins"),
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["x", '\'=HYPERLINK("http://example.invalid")', "-3", "RU"]


def test_links_each_pair_once_and_filtered(cross):
    everything = cross.links()
    pairs = [frozenset((row["a"], row["b"])) for row in everything]
    assert len(pairs) == len(set(pairs)) == 3
    assert everything[0]["kind"] == "stated" and everything[-1]["kind"] == "inferred"
    assert {frozenset((r["a"], r["b"])) for r in cross.links(cross=True)} == {
        frozenset((GOOGLE, META)),
        frozenset((META, TIKTOK)),
    }
    assert [r["basis"] for r in cross.links(cross=False)] == [["shared-indicator"]]
    assert {r["a"] for r in cross.links(network=GOOGLE)} | {r["b"] for r in cross.links(network=GOOGLE)} == {
        GOOGLE,
        META,
    }
    assert cross.links(kind="inferred", cross=False) == []
    assert cross.overview()["cross_platform_links"] == 2


def test_csv_cells_of_lists_and_flags():
    text = to_csv(
        [{"basis": ["a", "b"], "evidence": ["x; y", "z"], "cross_platform": True}],
        ("basis", "evidence", "cross_platform"),
    )
    assert list(csv.reader(io.StringIO(text)))[1] == ["a;b", "x; y | z", "true"]
