"""One graph across platforms: disclosed facts, indicators, operations and links, in every export."""

from __future__ import annotations

import copy
import csv
import json
import random
from pathlib import Path

import pytest
import stix2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from stix2validator import ValidationOptions, validate_file

from cio_graph.graph.build import read_jsonl, write_records
from cio_graph.graph.export import write_exports
from cio_graph.graph.link_records import attach_links
from cio_graph.graph.links import PER_NETWORK, find_links, indicator_key
from cio_graph.graph.model import build_graph
from cio_graph.graph.model_disclosures import indicator_node, operation_node
from cio_graph.graph.records import sort_key
from cio_graph.graph.validate import validate
from cio_graph.graph.vocab import CIO, ID

DATA = Path(__file__).parent / "data" / "cross_platform"


def records() -> tuple[list[dict], list[dict]]:
    return read_jsonl(DATA / "reports.jsonl"), read_jsonl(DATA / "networks.jsonl")


def build(out: Path, reports: list[dict], networks: list[dict]) -> Path:
    networks = sorted(copy.deepcopy(networks), key=sort_key)  # as a build orders them
    reports = sorted(reports, key=lambda r: (r["platform"], r["period"], r["id"]))
    attach_links(networks)
    out.mkdir(parents=True, exist_ok=True)
    write_exports(reports, networks, out, also=(write_records, (reports, networks, out)))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("cross"), *records())


@pytest.fixture(scope="module")
def linked() -> dict[str, dict]:
    networks = records()[1]
    attach_links(networks)
    return {n["id"]: n for n in networks}


META, META_CN, GOOGLE, TIKTOK = (
    "meta-2024-H1-bbbbbbbbbb",
    "meta-2024-H1-dddddddddd",
    "google-2024-Q2-cccccccccc",
    "tiktok-2024-03-aaaaaaaaaa",
)


def link(linked: dict, a: str, b: str) -> dict:
    return next(item for item in linked[a]["links"] if item["network"] == b)


def test_same_operation_links_platforms_whatever_the_spelling(linked):
    found = link(linked, GOOGLE, META)
    assert found["kind"] == "stated" and found["score"] == 1.0
    assert "same-operation" in found["basis"]
    assert any("Doppelganger".casefold() in e.casefold() for e in found["evidence"])


def test_consistent_with_links_to_that_platforms_network_of_the_same_origin(linked):
    found = link(linked, GOOGLE, META)
    assert "consistent-with" in found["basis"]
    assert all(item["network"] != META_CN for item in linked[GOOGLE]["links"])  # CN, not the origin of GOOGLE


def test_a_shared_indicator_is_a_stated_link_and_one_node(linked, built):
    found = link(linked, META, META_CN)
    assert found["basis"] == ["shared-indicator"]
    graph = Graph().parse(built / "graph.nt")
    node = indicator_node("spiegel-news.ltd")
    assert set(graph.subjects(CIO.indicator, ID[node.removeprefix(str(ID))])) == {
        ID[f"network/{META}"],
        ID[f"network/{META_CN}"],
    }


def test_inferred_links_carry_score_and_the_facts_behind_them(linked):
    found = link(linked, TIKTOK, META)
    assert found["kind"] == "inferred" and 0.6 <= found["score"] < 1.0
    assert {"origin-target", "period-overlap", "shared-actor", "platform-presence"} <= set(found["basis"])
    assert "shared origin->target RU->DE" in found["evidence"]
    assert link(linked, META, TIKTOK)["score"] == found["score"]  # both sides see the same link


def test_inferred_candidates_are_blocked_and_capped():
    networks = []
    for i in range(40):  # 20 networks per platform, all RU->UA in the same month
        networks.append(
            {
                "id": f"n{i:02d}",
                "platform": ("meta", "tiktok")[i % 2],
                "period": "2024-05",
                "origin_countries": [{"code": "RU"}],
                "target_countries": [{"code": "UA"}],
            }
        )
    networks.append(
        {
            "id": "z",
            "platform": "google",
            "period": "2024-05",
            "origin_countries": [{"code": "IR"}],
            "target_countries": [{"code": "IL"}],
        }
    )
    links = find_links(networks)
    assert all("z" not in (link.a, link.b) for link in links)  # no shared pair: never compared
    assert all(link.kind == "inferred" for link in links)
    per_network: dict[str, int] = {}
    for link in links:
        per_network[link.a] = per_network.get(link.a, 0) + 1
        per_network[link.b] = per_network.get(link.b, 0) + 1
    # a pair is kept when either side keeps it: at most PER_NETWORK of its own and the others' picks
    assert len(links) <= PER_NETWORK * 40
    assert all(
        ("meta", "tiktok") == tuple(sorted({networks[int(x[1:])]["platform"] for x in (link.a, link.b)}))
        for link in links
    )


def test_same_platform_networks_are_never_inferred_links():
    networks = [
        {
            "id": f"n{i}",
            "platform": "tiktok",
            "period": "2024-05",
            "origin_countries": [{"code": "RU"}],
            "target_countries": [{"code": "UA"}],
        }
        for i in range(5)
    ]
    assert find_links(networks) == []


def test_graph_holds_every_disclosed_fact_and_conforms(built):
    assert validate(built / "graph.ttl")[0]
    graph = Graph().parse(built / "graph.nt")
    meta, google = ID[f"network/{META}"], ID[f"network/{GOOGLE}"]
    counts = {
        str(graph.value(n, CIO.assetKind)): int(graph.value(n, CIO.count)) for n in graph.objects(meta, CIO.assetCount)
    }
    assert counts == {"facebook_accounts": 30, "pages": 6, "instagram_accounts": 4}
    spend = graph.value(meta, CIO.adSpend)
    assert graph.value(spend, CIO.amount).toPython() == pytest.approx(1200.5)
    assert {str(c) for c in graph.objects(spend, CIO.paidIn)} == {"EUR", "USD"}
    assert graph.value(google, CIO.followers) is None and graph.value(google, CIO.accounts) == Literal(5)
    assert graph.value(google, CIO.detectionSource) == Literal("external")
    assert graph.value(google, CIO.month).toPython() is not None
    operation = ID[operation_node("Doppelganger").removeprefix(str(ID))]
    assert (operation, RDF.type, CIO.Operation) in graph
    assert set(graph.subjects(CIO.partOfOperation, operation)) == {meta, google}
    assert (google, CIO.consistentWith, ID["platform/meta"]) in graph
    assert (meta, CIO.alsoOnPlatform, ID["platform/tiktok"]) in graph
    leads = graph.value(google, CIO.leadsFrom)
    assert graph.value(leads, RDFS.label) == Literal("Mandiant")
    assert (meta, CIO.relatedNetwork, google) in graph and (google, CIO.relatedNetwork, meta) in graph
    assert len(set(graph.subjects(RDF.type, CIO.NetworkLink))) == 3


def test_every_indicator_is_in_the_graph_and_in_stix_refanged(built):
    nt = (built / "graph.nt").read_text(encoding="utf-8")
    bundle = json.loads((built / "stix.json").read_text(encoding="utf-8"))
    names = {o["name"] for o in bundle["objects"] if o["type"] == "indicator"}
    patterns = " ".join(o["pattern"] for o in bundle["objects"] if o["type"] == "indicator")
    for network in records()[1]:
        for ioc in network["iocs"]:
            assert f'"{indicator_key(ioc)}"' in nt
            assert "[.]" not in patterns and "hxxp" not in patterns
            assert indicator_key(ioc).split("/")[0] in patterns
    assert "https://x.com/dopp_news" in names
    assert "[url:value = 'https://telegra.ph/it\\'s-a-page?x=1']" in patterns
    accounts = {o["user_id"] for o in bundle["objects"] if o["type"] == "user-account"}
    assert accounts == {"dopp_news", "dopp_de"}


def test_stix_operations_are_campaigns_and_the_bundle_is_strictly_valid(built):
    bundle = stix2.parse((built / "stix.json").read_text(encoding="utf-8"), allow_custom=False)
    campaigns = {o.name: o.id for o in bundle.objects if o.type == "campaign"}
    assert set(campaigns) == {"Doppelganger", "Spamouflage"} or set(campaigns) == {"DOPPELGANGER", "Spamouflage"}
    attributed = [o for o in bundle.objects if o.type == "relationship" and o.relationship_type == "attributed-to"]
    assert len(attributed) == 3
    identities = {o.id: o.name for o in bundle.objects if o.type == "identity"}
    for obj in bundle.objects:
        if obj.type in ("intrusion-set", "report"):
            assert obj.created_by_ref in identities
    results = validate_file(str(built / "stix.json"), ValidationOptions(strict=True))
    assert results.is_valid, [str(e) for r in results.object_results for e in r.errors]


def test_gephi_labels_are_unique_and_new_nodes_typed(built):
    text = (built / "graph.graphml").read_text(encoding="utf-8")
    import networkx as nx

    graph = nx.read_graphml(built / "graph.graphml")
    labels = [d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "network"]
    assert len(labels) == len(set(labels)) == 4
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    assert {"indicator", "operation", "platform", "network"} <= kinds
    related = [d for _, _, d in graph.edges(data=True) if d.get("relation") == "relatedNetwork"]
    assert len(related) == 3 and all(0 < d["score"] <= 1 for d in related)
    assert "google-2024-Q2" in text


def test_facts_csv_lists_every_fact_with_its_evidence(built):
    with (built / "facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = {(r["network"], r["field"], r["value"]) for r in rows}
    assert (META, "iocs", "https://x.com/dopp_news") in fields
    assert (GOOGLE, "leads_from", "Mandiant") in fields
    assert (TIKTOK, "actors", "Alternative for Germany") in fields
    assert any(r["field"] == "links" and r["evidence"] for r in rows)
    with (built / "networks.csv").open(encoding="utf-8", newline="") as handle:
        networks = {r["id"]: r for r in csv.DictReader(handle)}
    assert networks[META]["assets"] == "facebook_accounts=30; instagram_accounts=4; pages=6"
    assert networks[GOOGLE]["followers"] == "" and networks[GOOGLE]["platform"] == "google"


def test_the_same_records_in_any_order_give_identical_files(built, tmp_path):
    reports, networks = records()
    random.Random(7).shuffle(networks)
    again = build(tmp_path / "again", list(reversed(reports)), networks)
    for path in sorted(p for p in built.iterdir() if p.is_file()):  # not .store/, the query store
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_rdflib_graph_of_the_records_matches_the_file(built):
    reports, networks = records()
    attach_links(networks)
    assert len(build_graph(reports, networks)) == len(Graph().parse(built / "graph.nt"))


def test_networkx_helpers_agree_with_the_canned_queries(built):
    from cio_graph.queries.analysis import graph_from_rdf, load_graph
    from cio_graph.queries.cross_platform import operations_across_platforms, related_networks, shared_indicators
    from cio_graph.queries.engine import run_canned

    for G in (load_graph(built), graph_from_rdf(built / "graph.nt")):
        rows = run_canned("cross-platform-links", graph=built).records()
        from_sparql = {(r["network"], r["other_network"], r["link_kind"], float(r["score"])) for r in rows}
        from_helpers = {
            (min(n, r["network"]), max(n, r["network"]), r["kind"], r["score"])
            for n in (META, META_CN, GOOGLE, TIKTOK)
            for r in related_networks(G, n)
            if r["platform"] != n.split("-")[0]
        }
        assert from_helpers == from_sparql
        operations = {
            r["operation"].casefold(): r["network_ids"].split("; ")
            for r in run_canned("operations", graph=built).records()
        }
        assert {o["operation"].casefold(): o["networks"] for o in operations_across_platforms(G)} == operations
        assert related_networks(G, TIKTOK, kind="stated") == []
        assert related_networks(G, "no-such-network") == []
    G = load_graph(built)
    assert [row["indicator"] for row in shared_indicators(G)] == ["spiegel-news.ltd"]


def test_an_actor_is_one_node_across_reports_whatever_the_type_or_accents():
    networks = [
        {
            "id": "a",
            "platform": "meta",
            "period": "2025-H2",
            "actors": [{"name": "Rafał Trzaskowski", "type": "person", "stance": "criticized", "evidence": "x"}],
        },
        {
            "id": "b",
            "platform": "tiktok",
            "period": "2025-05",
            "actors": [{"name": "Rafal Trzaskowski", "type": "person", "stance": "criticized", "evidence": "y"}],
        },
        {
            "id": "c",
            "platform": "google",
            "period": "2025-Q2",
            "actors": [{"name": "RAFAL TRZASKOWSKI", "type": "organization", "stance": "mentioned", "evidence": "z"}],
        },
    ]
    for record in networks:
        record.update(detection_source=None, accounts=None, followers=None, title=None)
    graph = build_graph([], networks)
    node = ID["actor/person/rafal-trzaskowski"]
    assert {s for s in graph.subjects(None, node)} >= {ID["network/a"], ID["network/b"], ID["network/c"]}
    labels = {str(o) for o in graph.objects(node, RDFS.label)} | {
        str(o) for o in graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    }
    assert labels == {"Rafał Trzaskowski", "Rafal Trzaskowski", "RAFAL TRZASKOWSKI"}
    assert not list(graph.triples((ID["actor/organization/rafal-trzaskowski"], None, None)))


# The real reports of three platforms, built together -----------------------------------------

REPORTS = Path(__file__).parent / "data" / "reports"
META_PAGES = sorted((REPORTS / "meta").glob("*.md"))
BULLETINS = sorted((REPORTS / "google").glob("*.txt"))


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory) -> Path:
    from cio_graph.graph.build import bundled_report, collect, write_build

    out = tmp_path_factory.mktemp("mixed")
    write_build(collect([bundled_report(), *META_PAGES, *BULLETINS]), out)
    return out


def test_three_platforms_in_one_graph_that_conforms(mixed_build):
    networks = read_jsonl(mixed_build / "networks.jsonl")
    assert {n["platform"] for n in networks} == {"tiktok", "meta", "google"}
    assert validate(mixed_build / "graph.ttl")[0]
    results = validate_file(str(mixed_build / "stix.json"), ValidationOptions(strict=True))
    assert results.is_valid, [str(e) for r in results.object_results for e in r.errors]


def test_every_meta_indicator_is_in_the_graph_and_stix_refanged(mixed_build):
    networks = [n for n in read_jsonl(mixed_build / "networks.jsonl") if n["platform"] == "meta"]
    iocs = [ioc for n in networks for ioc in n["iocs"]]
    pages = "".join(p.read_text(encoding="utf-8") for p in META_PAGES)
    assert len(iocs) >= pages.count("hxxp") > 10
    nt = (mixed_build / "graph.nt").read_text(encoding="utf-8")
    stix = json.loads((mixed_build / "stix.json").read_text(encoding="utf-8"))
    indicator_names = {o["name"] for o in stix["objects"] if o["type"] == "indicator"}
    for ioc in iocs:
        assert "[.]" not in ioc["value"] and not ioc["value"].startswith("hxxp")
        assert f'"{ioc["value"]}"' in nt
        assert ioc["value"] in indicator_names


def test_named_operations_are_operations_and_campaigns(mixed_build):
    named = {n["named_operation"] for n in read_jsonl(mixed_build / "networks.jsonl") if n["named_operation"]}
    assert "IUVM" in named
    graph = Graph().parse(mixed_build / "graph.nt")
    operations = {str(graph.value(o, RDFS.label)) for o in graph.subjects(RDF.type, CIO.Operation)}
    stix = json.loads((mixed_build / "stix.json").read_text(encoding="utf-8"))
    campaigns = {o["name"] for o in stix["objects"] if o["type"] == "campaign"}
    assert named == operations == campaigns


def test_update_of_mixed_inputs_equals_a_fresh_build(mixed_build, tmp_path):
    from cio_graph.graph.build import bundled_report, collect, load_build, write_build

    out = tmp_path / "updated"
    write_build(collect([*BULLETINS, META_PAGES[0]]), out)
    write_build(collect([*reversed(META_PAGES), bundled_report()], collection=load_build(out)), out)
    for path in sorted(p for p in mixed_build.iterdir() if p.is_file()):  # not .store/
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_facts_csv_neutralises_formulas(tmp_path):
    reports, networks = records()
    networks[0]["actors"] = [
        {"name": '=HYPERLINK("http://x")', "type": "person", "stance": "promoted", "evidence": "@evil"}
    ]
    built = build(tmp_path / "formula", reports, networks)
    with (built / "facts.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["field"] == "actors" and r["network"] == networks[0]["id"])
    assert row["value"].startswith("'=") and row["evidence"] == "'@evil"


def test_a_network_said_to_continue_an_earlier_takedown_links_to_it():
    earlier = {"id": "meta-2022-08-a", "platform": "meta", "period": "2022-08", "origin_countries": [{"code": "CN"}]}
    elsewhere = {"id": "meta-2022-08-b", "platform": "meta", "period": "2022-08", "origin_countries": [{"code": "IR"}]}
    later = {
        "id": "meta-2023-Q1-c",
        "platform": "meta",
        "period": "2023-Q1",
        "origin_countries": [{"code": "CN"}],
        "description": "This network was linked to the same individuals behind a network we removed in August 2022.",
    }
    links = find_links([earlier, elsewhere, later])
    assert [(link.a, link.b, link.kind, sorted(link.basis)) for link in links] == [
        ("meta-2022-08-a", "meta-2023-Q1-c", "stated", ["earlier-network"])
    ]
    assert "removed in August 2022" in next(iter(links[0].evidence))
