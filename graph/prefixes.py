"""The prefixes the graph's IRIs are written with, as plain strings (no rdflib): one table for the exports and the queries."""

from __future__ import annotations

__all__ = ["DATA_IRI", "PREFIXES", "VOCAB_IRI"]

VOCAB_IRI = "https://w3id.org/cio-graph/vocab#"
DATA_IRI = "https://w3id.org/cio-graph/id/"

PREFIXES = {
    "cio": VOCAB_IRI,
    "id": DATA_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
