"""The graph model: IRIs from content, the triples of docs/graph-model.md, evidence, reference nodes."""

from __future__ import annotations

import copy
import csv
import random

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from cio_graph.graph.errors import InputError
from cio_graph.graph.model import build_graph, graph_blocks, network_iri, statement_node
from cio_graph.graph.reference import data_path
from cio_graph.graph.vocab import CIO, ID


def edge_records() -> tuple[list[dict], list[dict]]:
    """Two months of hand-made records with the awkward cases: quotes, backslashes and newlines in
    text, accents, Cyrillic, Kosovo, a 639-3-only language, every actor stance, a report with no figure."""
    reports = [
        {
            "id": "tiktok-2025-01",
            "platform": "tiktok",
            "period": "2025-01",
            "start_date": "2025-01-01",
            "end_date": "2025-01-31",
            "reestablishing_accounts_removed": 12,
            "networks": 2,
            "source_file": "jan.txt",
            "source_sha256": "a" * 64,
            "source_line": 1,
            "intro": "January 1 - 31, 2025",
        },
        {
            "id": "tiktok-2025-02",
            "platform": "tiktok",
            "period": "2025-02",
            "start_date": "2025-02-01",
            "end_date": "2025-02-28",
            "reestablishing_accounts_removed": None,
            "networks": 1,
            "source_file": "feb.txt",
            "source_sha256": "b" * 64,
            "source_line": 1,
            "intro": "February 1 - 28, 2025",
        },
    ]
    description = 'They posted "news" with C:\\paths\nover two lines, praising Ștefan cel Mare and the PSD.'
    networks = [
        {
            "id": "tiktok-2025-01-aaaaaaaaaa",
            "platform": "tiktok",
            "period": "2025-01",
            "row": 1,
            "source_file": "jan.txt",
            "source_line": 5,
            "detection_source": "internal",
            "accounts": 0,
            "followers": 123456789,
            "title": "Accounts targeting Kosovo & Serbia <audiences>",
            "description": description,
            "origin_countries": [{"code": "RS", "evidence": "operated from Serbia"}],
            "target_countries": [{"code": "XK", "evidence": "targeting Kosovo"}, {"code": "RS", "evidence": "Serbia"}],
            "global_audience": False,
            "global_audience_evidence": None,
            "target_regions": [{"name": "Western Balkans", "evidence": "in the Western Balkans"}],
            "languages": [
                {"code": "sr", "name": "Serbian", "evidence": "in Serbian"},
                {"code": "rmy", "name": "Vlax Romani", "evidence": "in Romani"},
            ],
            "actors": [
                {
                    "name": "Ștefan cel Mare",
                    "type": "person",
                    "stance": "depicted",
                    "aliases": ["Stefan cel Mare"],
                    "evidence": "Ștefan cel Mare",
                },
                {
                    "name": "Partidul Social Democrat",
                    "type": "party",
                    "stance": "promoted",
                    "aliases": ["PSD"],
                    "evidence": "the PSD",
                },
                {"name": "NATO", "type": "organization", "stance": "criticized", "aliases": [], "evidence": "NATO"},
                {"name": "RT", "type": "media", "stance": "affiliated", "aliases": ["Russia Today"], "evidence": "RT"},
                {"name": "Ilan Shor", "type": "person", "stance": "mentioned", "aliases": [], "evidence": "Shor"},
            ],
            "government_stances": [{"country": "XK", "stance": "critical", "evidence": "critical of Pristina"}],
            "tactics": [
                {"id": "inauthentic-accounts", "evidence": "created inauthentic accounts"},
                {"id": "ai-generated-content", "evidence": "AI-generated"},
            ],
            "topics": [
                {"id": "election-RS", "evidence": "Serbian elections"},
                {"id": "russia-ukraine-war", "evidence": "war in Ukraine"},
            ],
        },
        {
            "id": "tiktok-2025-01-bbbbbbbbbb",
            "platform": "tiktok",
            "period": "2025-01",
            "row": 2,
            "source_file": "jan.txt",
            "source_line": 6,
            "detection_source": "external",
            "accounts": 5,
            "followers": 0,
            "title": "Accounts with a global audience",
            "description": "",
            "origin_countries": [],
            "target_countries": [],
            "global_audience": True,
            "global_audience_evidence": "a global audience",
            "target_regions": [],
            "languages": [],
            "actors": [
                {
                    "name": "Stefan cel Mare",
                    "type": "person",
                    "stance": "promoted",
                    "aliases": [],
                    "evidence": "Stefan cel Mare",
                }
            ],
            "government_stances": [],
            "tactics": [],
            "topics": [],
        },
        {
            "id": "tiktok-2025-02-cccccccccc",
            "platform": "tiktok",
            "period": "2025-02",
            "row": 1,
            "source_file": "feb.txt",
            "source_line": 4,
            "detection_source": "internal",
            "accounts": 7,
            "followers": 70,
            "title": "Accounts targeting Romania",
            "description": "",
            "origin_countries": [{"code": "RS", "evidence": "from Serbia"}],
            "target_countries": [{"code": "RO", "evidence": "Romania"}],
            "global_audience": False,
            "global_audience_evidence": None,
            "target_regions": [],
            "languages": [],
            "actors": [{"name": "Илан Шор", "type": "person", "stance": "mentioned", "aliases": [], "evidence": "Шор"}],
            "government_stances": [],
            "tactics": [{"id": "inauthentic-accounts", "evidence": "inauthentic accounts"}],
            "topics": [],
        },
    ]
    return reports, networks


@pytest.fixture(scope="module")
def edge_graph():
    return build_graph(*edge_records())


@pytest.fixture(scope="module")
def bundled_graph(bundled_collection):
    return build_graph(bundled_collection.reports, bundled_collection.networks)


def test_network_iri_is_minted_from_the_record_id():
    assert network_iri("tiktok-2024-12-3f9a0c1b2d") == ID["network/tiktok-2024-12-3f9a0c1b2d"]


def test_every_record_is_a_node_with_its_figures(bundled_collection, bundled_graph):
    networks = bundled_collection.networks
    assert len(set(bundled_graph.subjects(RDF.type, CIO.Network))) == len(networks) == 59
    for record in networks:
        node = network_iri(record["id"])
        assert bundled_graph.value(node, CIO.accounts) == Literal(record["accounts"])
        assert bundled_graph.value(node, CIO.followers) == Literal(record["followers"])
        assert bundled_graph.value(node, DCTERMS.identifier) == Literal(record["id"])
        assert bundled_graph.value(node, CIO.period) == Literal(record["period"])
        assert bundled_graph.value(node, CIO.granularity) == Literal("month")
        assert bundled_graph.value(node, CIO.inReport) == ID[f"report/{record['platform']}-{record['period']}"]
    assert len(set(bundled_graph.subjects(RDF.type, CIO.Report))) == len(bundled_collection.reports) == 12


def test_every_extracted_link_carries_its_evidence(bundled_collection, bundled_graph):
    checked = 0
    for record in bundled_collection.networks:
        node = network_iri(record["id"])
        for item in record["tactics"]:
            tactic = ID[f"tactic/{item['id']}"]
            assert (node, CIO.usesTactic, tactic) in bundled_graph
            statement = URIRef(statement_node(str(node), CIO.usesTactic, str(tactic)))
            assert bundled_graph.value(statement, RDF.subject) == node
            assert bundled_graph.value(statement, RDF.object) == tactic
            assert Literal(item["evidence"]) in set(bundled_graph.objects(statement, CIO.evidence))
            checked += 1
    assert checked > 50
    for statement in bundled_graph.subjects(RDF.type, RDF.Statement):
        triple = tuple(bundled_graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        assert triple in bundled_graph


def test_the_graph_does_not_depend_on_input_order(bundled_collection):
    reports, networks = bundled_collection.reports, bundled_collection.networks
    shuffled_reports, shuffled_networks = reports[:], copy.deepcopy(networks)
    random.Random(7).shuffle(shuffled_reports)
    random.Random(7).shuffle(shuffled_networks)
    assert graph_blocks(shuffled_reports, shuffled_networks) == graph_blocks(reports, networks)


def test_reports_are_derived_from_their_source_file(bundled_collection, bundled_graph):
    report = bundled_collection.reports[0]
    node = ID[f"report/{report['id']}"]
    source = bundled_graph.value(node, PROV.wasDerivedFrom)
    assert source == ID[f"source/{report['source_sha256']}"]
    assert {CIO.SourceFile, PROV.Entity} <= set(bundled_graph.objects(source, RDF.type))
    assert bundled_graph.value(source, CIO.sha256) == Literal(report["source_sha256"])
    assert bundled_graph.value(source, RDFS.label) == Literal(report["source_file"])
    assert bundled_graph.value(node, CIO.reestablishingAccountsRemoved) == Literal(
        report["reestablishing_accounts_removed"]
    )


def test_countries_and_languages_link_to_authorities(edge_graph):
    kosovo = ID["country/XK"]
    assert edge_graph.value(kosovo, CIO.alpha3) == Literal("XKX")
    assert edge_graph.value(kosovo, OWL.sameAs) == URIRef(
        "http://publications.europa.eu/resource/authority/country/XKX"
    )
    assert edge_graph.value(ID["country/RS"], RDFS.label) == Literal("Serbia")
    serbian, romani = ID["language/sr"], ID["language/rmy"]
    assert edge_graph.value(serbian, CIO.iso639_3) == Literal("srp")
    assert edge_graph.value(serbian, OWL.sameAs) == URIRef("http://lexvo.org/id/iso639-3/srp")
    assert edge_graph.value(romani, CIO.iso639_1) is None
    assert edge_graph.value(romani, OWL.sameAs) == URIRef("http://lexvo.org/id/iso639-3/rmy")
    assert edge_graph.value(ID["topic/election-RS"], CIO.electionIn) == ID["country/RS"]
    stance = edge_graph.value(network_iri("tiktok-2025-01-aaaaaaaaaa"), CIO.governmentStance)
    assert stance == ID["network/tiktok-2025-01-aaaaaaaaaa/government-stance/XK-critical"]
    assert edge_graph.value(stance, CIO.country) == kosovo


def test_actors_merge_spellings_whatever_the_order(edge_graph):
    reports, networks = edge_records()
    flipped = build_graph(reports, networks[::-1])
    assert isomorphic(flipped, edge_graph)
    stefan = ID["actor/person/stefan-cel-mare"]
    assert set(edge_graph.objects(stefan, RDF.type)) == {CIO.Actor, CIO.Person}
    labels = set(edge_graph.objects(stefan, RDFS.label)) | set(edge_graph.objects(stefan, SKOS.altLabel))
    assert labels == {Literal("Ștefan cel Mare"), Literal("Stefan cel Mare")}
    assert len(list(edge_graph.objects(stefan, RDFS.label))) == 1
    psd = ID["actor/party/partidul-social-democrat"]
    assert edge_graph.value(psd, SKOS.altLabel) == Literal("PSD")
    node = network_iri("tiktok-2025-01-aaaaaaaaaa")
    for predicate, actor in (
        (CIO.promotes, psd),
        (CIO.depicts, stefan),
        (CIO.criticizes, ID["actor/organization/nato"]),
        (CIO.affiliatedWith, ID["actor/media/rt"]),
        (CIO.mentions, ID["actor/person/ilan-shor"]),
    ):
        assert (node, predicate, actor) in edge_graph
    assert (ID["actor/media/rt"], RDF.type, CIO.MediaOutlet) in edge_graph
    assert edge_graph.value(ID["actor/person/илан-шор"], RDFS.label) == Literal("Илан Шор")


def test_global_audience_is_a_boolean_with_evidence(edge_graph):
    node = network_iri("tiktok-2025-01-bbbbbbbbbb")
    assert edge_graph.value(node, CIO.globalAudience) == Literal(True)
    statement = URIRef(statement_node(str(node), CIO.globalAudience, Literal(True)))
    assert edge_graph.value(statement, CIO.evidence) == Literal("a global audience")


def test_tactics_form_a_skos_scheme_linked_to_disarm(bundled_graph):
    with data_path("tactics.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with data_path("disarm", "techniques.csv").open(encoding="utf-8") as handle:
        techniques = {r["id"]: r for r in csv.DictReader(handle)}
    scheme = ID["tactic"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in bundled_graph
    assert len(set(bundled_graph.subjects(SKOS.inScheme, scheme))) == len(rows)
    for row in rows:
        tactic = ID[f"tactic/{row['slug']}"]
        assert bundled_graph.value(tactic, SKOS.prefLabel) == Literal(row["label"])
        ids = set(row["disarm_ids"].split(";"))
        assert {str(n) for n in bundled_graph.objects(tactic, SKOS.notation)} == ids
        for disarm_id in ids:
            technique = ID[f"disarm/{disarm_id}"]
            assert (tactic, CIO.disarmTechnique, technique) in bundled_graph
            assert bundled_graph.value(technique, RDFS.label) == Literal(techniques[disarm_id]["name"])
            disarm_tactic = bundled_graph.value(technique, CIO.disarmTactic)
            assert disarm_tactic == ID[f"disarm/{techniques[disarm_id]['tactic_id']}"]
            assert bundled_graph.value(disarm_tactic, RDF.type) == CIO.DisarmTactic
            phase = bundled_graph.value(disarm_tactic, CIO.disarmPhase)
            assert bundled_graph.value(phase, RDF.type) == CIO.DisarmPhase
    # only the techniques the taxonomy points to, not the whole framework
    assert len(set(bundled_graph.subjects(RDF.type, CIO.DisarmTechnique))) < len(techniques) / 5


def test_a_month_without_report_record_still_gets_its_report_node():
    reports, networks = edge_records()
    graph = build_graph(reports[:1], networks)
    february = ID["report/tiktok-2025-02"]
    assert (february, RDF.type, CIO.Report) in graph
    assert graph.value(february, CIO.endDate) == Literal("2025-02-28", datatype=XSD.date)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("tactics", [{"id": "mind-control", "evidence": "x"}], "tactics.csv"),
        ("target_countries", [{"code": "ZZ", "evidence": "x"}], "country code"),
        ("languages", [{"code": "xx", "name": "X", "evidence": "x"}], "language code"),
        ("detection_source", "partner", "detection_source"),
        (
            "actors",
            [{"name": "A", "type": "robot", "stance": "promoted", "aliases": [], "evidence": "A"}],
            "actor type",
        ),
        (
            "actors",
            [{"name": "A", "type": "person", "stance": "loved", "aliases": [], "evidence": "A"}],
            "actor stance",
        ),
        ("government_stances", [{"country": "RO", "stance": "neutral", "evidence": "x"}], "government stance"),
    ],
)
def test_bad_records_raise_input_error_naming_file_and_line(field, value, message):
    reports, networks = edge_records()
    networks[2][field] = value
    with pytest.raises(InputError, match=message) as caught:
        build_graph(reports, networks)
    assert (caught.value.path, caught.value.line) == ("feb.txt", 4)


def test_repeated_ids_raise_input_error():
    reports, networks = edge_records()
    with pytest.raises(InputError, match="unique network ids"):
        build_graph(reports, networks + [networks[0]])
    with pytest.raises(InputError, match="unique report ids") as caught:
        build_graph(reports + [reports[1]], networks)
    assert caught.value.path == "feb.txt"


def test_a_source_file_of_many_months_is_one_node(bundled_graph):
    sources = set(bundled_graph.subjects(RDF.type, CIO.SourceFile))
    assert len(sources) == 1
    assert len(set(bundled_graph.subjects(PROV.wasDerivedFrom, next(iter(sources))))) >= 12
