"""The published vocabulary (graph/data/vocabulary.ttl) matches graph/vocab.py, the graph and the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from cio_graph.graph.model import build_graph
from cio_graph.graph.reference import data_path
from cio_graph.graph.vocab import CIO, VOCAB_IRI

DOCS = Path(__file__).resolve().parent.parent / "docs"
TERM_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(data_path("vocabulary.ttl"), format="turtle")


def code_terms() -> set[URIRef]:
    return {CIO[name] for name in CIO.__annotations__}


def published_terms(vocabulary: Graph) -> set[URIRef]:
    return {s for s in vocabulary.subjects() if isinstance(s, URIRef) and str(s).startswith(VOCAB_IRI)}


def test_vocabulary_file_and_namespace_hold_the_same_terms(vocabulary):
    assert published_terms(vocabulary) == code_terms()


def test_every_term_is_typed_labelled_and_explained(vocabulary):
    for term in code_terms():
        kinds = set(vocabulary.objects(term, RDF.type)) & TERM_KINDS
        assert len(kinds) == 1, term
        assert isinstance(vocabulary.value(term, RDFS.label), Literal), term
        assert len(str(vocabulary.value(term, RDFS.comment) or "")) > 10, term
        if kinds != {OWL.Class}:
            assert vocabulary.value(term, RDFS.domain) is not None, term
            assert vocabulary.value(term, RDFS.range) is not None, term
        if kinds == {OWL.DatatypeProperty}:
            assert str(vocabulary.value(term, RDFS.range)).startswith(str(XSD)), term


def test_ontology_header_and_class_hierarchy(vocabulary):
    ontology = URIRef(VOCAB_IRI.rstrip("#"))
    assert (ontology, RDF.type, OWL.Ontology) in vocabulary
    for actor_class in (CIO.Person, CIO.Party, CIO.Organization, CIO.MediaOutlet):
        assert (actor_class, RDFS.subClassOf, CIO.Actor) in vocabulary
    assert (CIO.Tactic, RDFS.subClassOf, SKOS.Concept) in vocabulary


def test_graph_links_respect_domains_and_ranges(vocabulary, bundled_collection):
    graph = build_graph(bundled_collection.reports, bundled_collection.networks)
    checked = 0
    for prop in vocabulary.subjects(RDF.type, OWL.ObjectProperty):
        domain, range_ = vocabulary.value(prop, RDFS.domain), vocabulary.value(prop, RDFS.range)
        domains = (
            set(vocabulary.items(vocabulary.value(domain, OWL.unionOf)))
            if vocabulary.value(domain, OWL.unionOf)
            else {domain}
        )
        for subject, obj in graph.subject_objects(prop):
            assert domains & set(graph.objects(subject, RDF.type)), (subject, prop)
            assert (obj, RDF.type, range_) in graph, (obj, prop)
            checked += 1
    assert checked > 300


def test_docs_name_only_terms_that_exist():
    names = set()
    for doc in ("graph-model.md", "exports.md"):
        names |= set(re.findall(r"\bcio:([A-Za-z_0-9]+)", (DOCS / doc).read_text(encoding="utf-8")))
    unknown = {n for n in names if n not in CIO.__annotations__}
    assert not unknown


def test_the_prefix_table_names_rdflibs_namespaces():
    """graph/prefixes.py spells the standard namespaces out (no rdflib import): they match rdflib's."""
    from rdflib.namespace import DCTERMS, PROV

    from cio_graph.graph.prefixes import PREFIXES

    standard = {"rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "owl": OWL}
    assert {prefix: PREFIXES[prefix] for prefix in standard} == {p: str(ns) for p, ns in standard.items()}
    assert PREFIXES["cio"] == VOCAB_IRI
