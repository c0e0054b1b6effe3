"""Every export: read back by the tools it is for, equal to the model, valid, byte-identical."""

from __future__ import annotations

import copy
import csv
import json
import random
import uuid
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph
import pytest
import stix2
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from cio_graph.graph import export as graph_export
from cio_graph.graph.errors import InputError
from cio_graph.graph.export import EXPORT_FILES, write_exports
from cio_graph.graph.export.stix import NAMESPACE
from cio_graph.graph.export.turtle import write_turtle_by_hand
from cio_graph.graph.model import build_graph, graph_blocks, network_node
from cio_graph.graph.validate import validate
from cio_graph.graph.vocab import CIO, ID
from tests.test_model import edge_records

RDF_FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def export(reports: list[dict], networks: list[dict], folder: Path) -> Path:
    folder.mkdir()
    assert write_exports(reports, networks, folder) == [folder / name for name in EXPORT_FILES]
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def bundled(bundled_collection, tmp_path_factory) -> Path:
    return export(bundled_collection.reports, bundled_collection.networks, tmp_path_factory.mktemp("x") / "out")


@pytest.fixture(scope="module")
def edge(tmp_path_factory) -> Path:
    return export(*edge_records(), tmp_path_factory.mktemp("x") / "out")


# RDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_rdf_files_parse_back_to_the_model(name, bundled, edge, bundled_collection):
    expected = build_graph(bundled_collection.reports, bundled_collection.networks)
    assert isomorphic(Graph().parse(bundled / name, format=RDF_FORMATS[name]), expected)
    assert isomorphic(Graph().parse(edge / name, format=RDF_FORMATS[name]), build_graph(*edge_records()))


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_rdf_files_parse_back_to_the_same_triples_in_pyoxigraph(name, bundled, edge):
    for folder in (bundled, edge):
        expected = set(pyoxigraph.parse(path=str(folder / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES))
        assert set(pyoxigraph.parse(path=str(folder / name))) == expected  # no blank nodes: equal sets


def test_the_python_turtle_writer_writes_the_same_graph(bundled, bundled_collection, tmp_path):
    write_turtle_by_hand(graph_blocks(bundled_collection.reports, bundled_collection.networks), tmp_path / "hand.ttl")
    assert isomorphic(
        Graph().parse(tmp_path / "hand.ttl", format="turtle"), Graph().parse(bundled / "graph.ttl", format="turtle")
    )


def test_text_survives_escaping(edge):
    graph = Graph().parse(edge / "graph.ttl", format="turtle")
    node = URIRef(network_node("tiktok-2025-01-aaaaaaaaaa"))
    description = edge_records()[1][0]["description"]
    assert str(graph.value(node, URIRef("http://purl.org/dc/terms/description"))) == description
    assert graph.value(node, CIO.followers) == Literal(123456789)
    assert graph.value(node, CIO.period) == Literal("2025-01")
    assert (ID["actor/person/stefan-cel-mare"], None, None) in graph


def test_ntriples_lines_are_sorted_and_unique(bundled):
    lines = (bundled / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_turtle_uses_prefixes_and_groups_by_subject(bundled):
    text = (bundled / "graph.ttl").read_text(encoding="utf-8")
    assert "@prefix cio: <https://w3id.org/cio-graph/vocab#> ." in text
    assert "\ncountry:RO a cio:Country ;\n" in text
    subjects = [line.split(" ")[0] for line in text.splitlines() if line and not line.startswith(("\t", "@"))]
    assert len(subjects) == len(set(subjects))
    ntriples = (bundled / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(subjects) == len({line.split(" ")[0] for line in ntriples})  # one block per subject


def test_jsonld_has_a_context(bundled):
    document = json.loads((bundled / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["cio"] == "https://w3id.org/cio-graph/vocab#"
    network = next(n for n in document["@graph"] if "cio:Network" in n.get("@type", []))
    assert isinstance(network["cio:accounts"][0], int)


# SHACL ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_graph_conforms_to_the_shapes(name, bundled):
    conforms, report = validate(bundled / name)
    assert conforms, report


def test_a_build_folder_validates_and_the_shapes_are_copied(edge):
    assert validate(edge)[0]
    assert (edge / "shapes.ttl").read_bytes() == (Path(__file__).parent.parent / "graph/data/shapes.ttl").read_bytes()


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda g: g.add((ID["network/tiktok-2025-01-bbbbbbbbbb"], CIO.accounts, Literal(-5))), "accounts"),
        (lambda g: g.add((ID["network/tiktok-2025-01-bbbbbbbbbb"], CIO.followers, Literal(-1))), "followers"),
        (
            lambda g: g.set((ID["network/tiktok-2025-01-bbbbbbbbbb"], CIO.detectionSource, Literal("partner"))),
            "detectionSource",
        ),
        (lambda g: g.set((ID["country/RS"], CIO.alpha2, Literal("Serbia"))), "alpha2"),
        (lambda g: g.remove((None, CIO.evidence, Literal("a global audience"))), "evidence"),
        (lambda g: g.remove((ID["network/tiktok-2025-01-bbbbbbbbbb"], CIO.globalAudience, None)), "globalAudience"),
        (
            lambda g: g.remove(
                (ID["tactic/inauthentic-accounts"], URIRef("http://www.w3.org/2004/02/skos/core#notation"), None)
            ),
            "notation",
        ),
        (lambda g: g.remove((ID["report/tiktok-2025-02"], None, None)), "inReport"),
    ],
)
def test_a_broken_graph_does_not_conform(change, complaint, edge, tmp_path):
    graph = Graph().parse(edge / "graph.nt", format="nt")
    change(graph)
    broken = tmp_path / "broken.nt"
    graph.serialize(broken, format="nt", encoding="utf-8")
    conforms, report = validate(broken)
    assert not conforms
    assert complaint in report


def test_statements_must_reify_a_triple_of_the_graph(edge, tmp_path):
    graph = Graph().parse(edge / "graph.nt", format="nt")
    graph.remove((ID["network/tiktok-2025-02-cccccccccc"], CIO.targetCountry, ID["country/RO"]))
    graph.serialize(tmp_path / "broken.nt", format="nt", encoding="utf-8")
    conforms, report = validate(tmp_path / "broken.nt")
    assert not conforms and "not in the graph" in report


# GraphML and GEXF -------------------------------------------------------------------------


def test_graphml_reads_back_typed_in_networkx(bundled, bundled_collection):
    graph = nx.read_graphml(bundled / "graph.graphml")
    for _, data in graph.nodes(data=True):
        assert data["label"] and data["kind"]
        assert not any(isinstance(v, (list, tuple, dict)) for v in data.values())
    networks = {d["record_id"]: d for _, d in graph.nodes(data=True) if d["kind"] == "network"}
    assert len(networks) == len(bundled_collection.networks)
    for record in bundled_collection.networks:
        node = networks[record["id"]]
        assert node["accounts"] == record["accounts"] and type(node["accounts"]) is int
        assert type(node["followers"]) is int and type(node["global_audience"]) is bool
        assert node["tactics"] == "; ".join(t["id"] for t in record["tactics"])
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    assert relations["inReport"] == len(bundled_collection.networks)
    assert relations["usesTactic"] == sum(len(r["tactics"]) for r in bundled_collection.networks)


def test_graphml_reads_back_in_igraph(bundled, bundled_collection):
    graph = igraph.Graph.Read_GraphML(str(bundled / "graph.graphml"))
    assert graph.is_directed()
    networks = graph.vs.select(kind_eq="network")
    assert len(networks) == len(bundled_collection.networks)
    accounts = {v["record_id"]: v["accounts"] for v in networks}
    for record in bundled_collection.networks:  # igraph keeps numbers as floats: whole ones
        assert accounts[record["id"]] == record["accounts"] and float(accounts[record["id"]]).is_integer()
    assert set(graph.es["relation"]) >= {"inReport", "targetCountry", "usesTactic"}


def test_country_flows_sum_the_networks(edge):
    flows = nx.read_graphml(edge / "country-flows.graphml")
    assert isinstance(flows, nx.DiGraph)
    serbia_kosovo = flows.edges["country/RS", "country/XK"]
    assert serbia_kosovo["networks"] == 1 and serbia_kosovo["accounts"] == 0
    assert serbia_kosovo["followers"] == 123456789
    serbia_romania = flows.edges["country/RS", "country/RO"]
    assert (serbia_romania["networks"], serbia_romania["accounts"], serbia_romania["weight"]) == (1, 7, 1.0)
    assert flows.nodes["country/XK"] == {
        "label": "Kosovo",
        "kind": "country",
        "alpha2": "XK",
        "alpha3": "XKX",
        "r": 44,
        "g": 160,
        "b": 44,
        "size": 5.81,
    }
    assert igraph.Graph.Read_GraphML(str(edge / "country-flows.graphml")).ecount() == flows.number_of_edges()


def test_bundled_country_flows_match_the_records(bundled, bundled_collection):
    flows = nx.read_graphml(bundled / "country-flows.graphml")
    expected: Counter[tuple[str, str]] = Counter()
    for record in bundled_collection.networks:
        for origin in {c["code"] for c in record["origin_countries"]}:
            for target in {c["code"] for c in record["target_countries"]}:
                expected[(f"country/{origin}", f"country/{target}")] += 1
    assert {(a, b): d["networks"] for a, b, d in flows.edges(data=True)} == dict(expected)


def test_gexf_is_dynamic_with_month_intervals(bundled, bundled_collection):
    graph = nx.read_gexf(bundled / "graph.gexf")
    assert graph.graph["mode"] == "dynamic"
    networks = {d["record_id"]: d for _, d in graph.nodes(data=True) if d.get("kind") == "network"}
    assert len(networks) == len(bundled_collection.networks)
    for record in bundled_collection.networks:
        node = networks[record["id"]]
        assert node["start"] == f"{record['period']}-01"
        assert node["end"][:7] == record["period"] and node["accounts"] == record["accounts"]
    text = (bundled / "graph.gexf").read_text(encoding="utf-8")
    last = max(r["period"] for r in bundled_collection.reports)
    assert f'lastmodifieddate="{last}-31"' in text


# STIX and CSV -----------------------------------------------------------------------------


def test_stix_bundle_parses_strictly(bundled, bundled_collection):
    bundle = stix2.parse((bundled / "stix.json").read_text(encoding="utf-8"), allow_custom=False)
    by_type = Counter(o.type for o in bundle.objects)
    assert by_type["intrusion-set"] == len(bundled_collection.networks)
    assert by_type["report"] == len(bundled_collection.reports)
    ids = {o.id for o in bundle.objects}
    for obj in bundle.objects:
        if obj.type == "relationship":
            assert {obj.source_ref, obj.target_ref} <= ids
            assert obj.relationship_type in {"targets", "originates-from", "uses"}
        if obj.type == "report":
            assert set(obj.object_refs) <= ids
            assert str(obj.published).startswith(obj.name[-7:])
    record = bundled_collection.networks[0]
    expected_id = (
        f"intrusion-set--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, network_node(record['id'])).bytes, version=4)}"
    )
    assert expected_id in ids


def test_stix_attack_patterns_carry_disarm_ids(edge):
    bundle = stix2.parse((edge / "stix.json").read_text(encoding="utf-8"), allow_custom=False)
    patterns = {o.name: o for o in bundle.objects if o.type == "attack-pattern"}
    disarm = {r.external_id for r in patterns["Inauthentic accounts"].external_references if r.source_name == "DISARM"}
    assert disarm == {"T0146", "T0150.001"}
    kosovo = next(o for o in bundle.objects if o.type == "location" and o.get("country") == "XK")
    assert kosovo.name == "Kosovo"
    times = {str(o.created) for o in bundle.objects if o.type == "intrusion-set"}
    assert times == {"2025-01-31 00:00:00+00:00", "2025-02-28 00:00:00+00:00"}


def test_csv_has_one_row_per_network(edge):
    with (edge / "networks.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [n["id"] for n in edge_records()[1]]
    first = rows[0]
    assert first["description"] == edge_records()[1][0]["description"]
    assert first["target_countries"] == "XK; RS"
    assert first["languages"] == "sr; rmy"
    assert int(first["followers"]) == 123456789
    assert "Partidul Social Democrat (party, promoted)" in first["actors"].split("; ")


def test_a_failure_in_the_second_process_is_raised(tmp_path, monkeypatch):
    def refuse(networks, path):
        raise InputError("networks.jsonl", 3, "expected a network")

    monkeypatch.setattr(graph_export, "write_networks_csv", refuse)
    with pytest.raises(InputError, match="networks.jsonl:3: expected a network"):
        write_exports(*edge_records(), tmp_path)


# Determinism ------------------------------------------------------------------------------


def test_exports_are_byte_identical_on_reruns_and_shuffled_input(bundled, bundled_collection, tmp_path):
    reports, networks = bundled_collection.reports[:], copy.deepcopy(bundled_collection.networks)
    random.Random(3).shuffle(reports)
    random.Random(3).shuffle(networks)
    assert snapshot(export(reports, networks, tmp_path / "shuffled")) == snapshot(bundled)
    assert snapshot(export(bundled_collection.reports, bundled_collection.networks, tmp_path / "again")) == snapshot(
        bundled
    )
