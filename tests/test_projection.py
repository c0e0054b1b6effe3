"""One projection of records into nodes: the RDF model, GraphML and the analysis graph agree on keys and labels."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pytest
from rdflib import RDFS, URIRef

from cio_graph.graph.build import read_jsonl
from cio_graph.graph.link_records import attach_links
from cio_graph.graph.model import build_graph, report_of
from cio_graph.graph.model_disclosures import indicator_node, operation_node
from cio_graph.graph.projection import NODE_KINDS, Node, label, network_label, project, project_report
from cio_graph.graph.readers.types import report_id
from cio_graph.graph.terms import actor_node, country_node, language_node, platform_node, region_node, report_node
from cio_graph.graph.vocab import DATA_IRI
from cio_graph.queries import analysis

CROSS = Path(__file__).parent / "data" / "cross_platform"
# The kinds the analysis graph holds (it leaves out reports, and platforms but those networks are also on).
ANALYSIS_KINDS = {"network", "country", "region", "language", "actor", "tactic", "topic", "indicator", "operation"}


@pytest.fixture(scope="module")
def built(bundled_build):
    return {
        "rdf": build_graph(read_jsonl(bundled_build / "reports.jsonl"), read_jsonl(bundled_build / "networks.jsonl")),
        "graphml": nx.read_graphml(bundled_build / "graph.graphml"),
        "analysis": analysis.load_graph(bundled_build),
    }


def rdf_nodes(graph) -> dict[str, str]:
    """Labelled nodes of the RDF graph by their ``kind/key`` (the GraphML id), of the projection's kinds."""
    found = {}
    for subject, text in graph.subject_objects(RDFS.label):
        tail = str(subject).removeprefix(DATA_IRI)
        if str(subject).startswith(DATA_IRI) and "/" in tail and tail.split("/", 1)[0] in NODE_KINDS:
            found[tail] = str(text)
    return found


def test_the_graphml_nodes_are_the_rdf_nodes_with_the_same_labels(built):
    rdf = rdf_nodes(built["rdf"])
    graphml = {node: data["label"] for node, data in built["graphml"].nodes(data=True)}
    networks = {n for n in graphml if n.startswith("network/")}
    # every GraphML node is a node of the RDF graph; the tactics of the taxonomy no network uses are RDF's only
    assert set(graphml) <= set(rdf)
    assert {n for n in set(rdf) - set(graphml)} <= {n for n in rdf if n.startswith("tactic/")}
    assert networks and all(rdf[n] == built["graphml"].nodes[n]["title"] for n in networks)
    different = {n: (rdf[n], graphml[n]) for n in set(graphml) - networks if rdf[n] != graphml[n]}
    assert not different  # networks have short labels in GraphML (their RDF label is the title)


def test_the_analysis_nodes_are_the_rdf_nodes_with_the_same_labels(built):
    rdf = rdf_nodes(built["rdf"])
    names = {}
    for name, data in built["analysis"].nodes(data=True):
        kind, key = name.split(":", 1)
        names[Node(kind, tuple(key.split("/")) if kind == "actor" else (key,)).id] = data["label"]
    assert {n.split("/", 1)[0] for n in names} <= ANALYSIS_KINDS | {"platform"}
    assert set(names) <= set(rdf)
    # every network, region, language and topic of the RDF graph is in the analysis graph
    assert {n for n in rdf if n.startswith(("network/", "region/", "language/", "topic/"))} <= set(names)
    assert {n: label for n, label in names.items() if rdf[n] != label} == {}


def test_unquoting_an_iri_gives_the_analysis_name():
    node = Node("indicator", ("news.example/a b",))
    kind, rest = node.iri.removeprefix(DATA_IRI).split("/", 1)
    assert f"{kind}:{unquote(rest)}" == node.name == "indicator:news.example/a b"


def test_a_node_is_its_kind_and_key_whatever_its_label():
    assert Node("country", ("RO",), "Romania") == Node("country", ("RO",), "RO")
    assert len({Node("country", ("RO",), "a"), Node("country", ("RO",), "b")}) == 1
    assert Node("country", ("RO",)) != Node("language", ("RO",))


@pytest.mark.parametrize(
    "node, iri",
    [
        (Node("country", ("RO",)), country_node("RO")),
        (Node("language", ("ro",)), language_node("ro")),
        (Node("platform", ("tiktok",)), platform_node("tiktok")),
        (Node("report", ("meta-2025-H2-x",)), report_node("meta-2025-H2-x")),
    ],
)
def test_node_iris_are_the_rdf_models(node, iri):
    assert node.iri == iri


def test_projected_targets_are_minted_as_the_rdf_model_mints_them():
    networks = read_jsonl(CROSS / "networks.jsonl")
    attach_links(networks)
    seen = set()
    for record in networks:
        for edge in project(record).edges:
            target = edge.target
            seen.add(target.kind)
            if target.kind == "actor" and edge.relation != "leadsFrom":
                assert target.iri == actor_node(target.parts[0], target.label)
            elif target.kind == "region":
                assert target.iri == region_node(target.label)
            elif target.kind == "operation":
                assert target.iri == operation_node(target.label)
            elif target.kind == "indicator":
                assert target.iri == indicator_node(target.key)
    assert {"operation", "indicator", "platform", "country", "network"} <= set(seen)


def test_a_projection_reads_records_leniently_and_in_a_fixed_order():
    edges = project(
        {
            "id": "a",
            "platform": "meta",
            "topics": [{"id": "t"}],
            "tactics": [{"id": "x"}],
            "origin_countries": [{"code": "RU", "evidence": "Russia-based"}],
            "other_platforms": ["Facebook", "Twitter"],
            "leads_from": ["Mandiant"],
        }
    ).edges
    assert [(e.relation, e.target.id) for e in edges] == [
        ("originCountry", "country/RU"),
        ("usesTactic", "tactic/x"),
        ("topic", "topic/t"),
        ("alsoOnPlatform", "platform/x"),  # Facebook is the record's own platform
        ("leadsFrom", "actor/organization/mandiant"),
    ]
    assert edges[0].evidence == "Russia-based"


def test_labels_come_from_the_reference_else_the_most_given_name():
    assert label("language", "ro") == "Romanian"
    assert label("tactic", "ai-generated-content") != "ai-generated-content"
    assert label("country", "QQ", None) == "QQ"
    assert label("actor", "", {"B": 1, "A": 1}) == "A"


def test_report_ids_and_labels_are_spelled_once():
    network = {"id": "n", "platform": "tiktok", "period": "2024-12"}
    assert report_of(network) == report_id("tiktok", "2024-12") == "tiktok-2024-12"
    assert report_of({**network, "report": "tiktok-2024-12-x"}) == "tiktok-2024-12-x"
    report = project_report({"id": report_of(network), "platform": "tiktok", "period": "2024-12"})
    assert report.node.label == "TikTok covert influence operations, 2024-12"
    assert network_label(network) == "TikTok 2024-12"


def test_the_rdf_label_of_a_titleless_network_is_its_analysis_label():
    record = {"id": "n", "platform": "google", "period": "2020-Q1", "row": 3, "title": None}
    graph = build_graph([], [record])
    iri = URIRef(Node("network", ("n",)).iri)
    assert str(graph.value(iri, RDFS.label)) == network_label(record) == "Google 2020-Q1, campaign 3"
    assert analysis.graph_from_records([record]).nodes["network:n"]["label"] == "Google 2020-Q1, campaign 3"
