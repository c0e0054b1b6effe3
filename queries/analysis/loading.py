"""Step 7 (ask): the analysis graph (networkx) from a build's records, projected by graph.projection, or from RDF."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

import networkx as nx

from cio_graph.graph.errors import InputError
from cio_graph.queries.analysis.nodes import CROSS_PLATFORM_KEYS, edge_key, key, node
from cio_graph.queries.cross_platform import add_cross_platform

__all__ = ["graph_from_rdf", "graph_from_records", "load_graph"]


def load_graph(path: Path | str = "exports") -> nx.MultiDiGraph:
    """The graph of a build folder (its ``networks.jsonl`` and ``reports.jsonl``) or of an RDF file.

    Examples
    --------
    >>> import json, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "networks.jsonl").write_text(json.dumps({"id": "a", "accounts": 5}) + "\\n")
    >>> load_graph(folder).nodes["network:a"]["accounts"]
    5
    """
    path = Path(path)
    if path.is_dir():
        networks_file = path / "networks.jsonl"
        if not networks_file.is_file():
            raise InputError(str(path), None, "no networks.jsonl in this folder: run `cio-graph build` first")
        reports_file = path / "reports.jsonl"
        return graph_from_records(
            _read_jsonl(networks_file), _read_jsonl(reports_file) if reports_file.is_file() else []
        )
    return graph_from_rdf(path)


def _read_jsonl(path: Path) -> list[dict]:
    from cio_graph.graph.build import read_jsonl

    return read_jsonl(path)


def graph_from_records(networks: list[dict], reports: list[dict] = ()) -> nx.MultiDiGraph:
    """The graph of network records (``docs/records.md``); missing fields count as empty.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "origin_countries": [{"code": "RU"}],
    ...                          "target_countries": [{"code": "DE"}], "tactics": [{"id": "x"}]}])
    >>> sorted(G.edges(keys=True))
    [('network:a', 'country:DE', 'target'), ('network:a', 'country:RU', 'origin'), ('network:a', 'tactic:x', 'tactic')]
    """
    from cio_graph.graph.projection import label, project
    from cio_graph.graph.terms import actor_types

    types = actor_types(networks)
    G = nx.MultiDiGraph()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for record in sorted(networks, key=lambda n: n["id"]):
        projected = project(record, types)
        network = projected.node.name
        G.add_node(
            network,
            kind="network",
            label=projected.node.label,
            accounts=record.get("accounts") or 0,
            followers=record.get("followers") or 0,
            period=record.get("period", ""),
            platform=record.get("platform", ""),
            title=record.get("title") or "",
            detection_source=record.get("detection_source") or "",
        )
        for edge in projected.edges:
            relation = edge_key(edge)
            if relation is not None and relation not in CROSS_PLATFORM_KEYS:
                target = edge.target.name
                names[target][edge.target.label] += 1
                G.add_edge(network, target, key=relation)
    for target, counted in names.items():
        kind, item_key = target.split(":", 1)
        G.nodes[target].update(kind=kind, label=label(kind, item_key, counted))
    add_cross_platform(G, networks)
    returning: Counter[str] = Counter()
    for report in reports:
        if report.get("reestablishing_accounts_removed") is not None:
            returning[report["period"]] += report["reestablishing_accounts_removed"]
    G.graph["returning_accounts"] = dict(sorted(returning.items()))
    return G


_RDF_LINKS = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?relation ?object ?label WHERE {
  VALUES (?p ?relation) {
    (cio:originCountry "origin") (cio:targetCountry "target") (cio:targetRegion "region")
    (cio:language "language") (cio:usesTactic "tactic") (cio:topic "topic")
    (cio:promotes "promoted") (cio:criticizes "criticized") (cio:affiliatedWith "affiliated")
    (cio:depicts "depicted") (cio:mentions "mentioned")
  }
  ?n dcterms:identifier ?id ; ?p ?object .
  OPTIONAL { ?object rdfs:label ?label }
}
"""
_RDF_STANCES = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?stance ?object ?label WHERE {
  ?n dcterms:identifier ?id ; cio:governmentStance ?s . ?s cio:country ?object ; cio:stance ?stance .
  OPTIONAL { ?object rdfs:label ?label }
}
"""
_RDF_NETWORKS = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?id ?label ?accounts ?followers ?period ?platform ?title ?detection_source WHERE {
  ?n a cio:Network ; dcterms:identifier ?id ; cio:period ?period ; cio:platform ?p ; rdfs:label ?label .
  OPTIONAL { ?n cio:accounts ?n_accounts } OPTIONAL { ?n cio:followers ?n_followers }
  OPTIONAL { ?n dcterms:title ?n_title } OPTIONAL { ?n cio:detectionSource ?n_source }
  BIND (COALESCE(?n_accounts, 0) AS ?accounts) BIND (COALESCE(?n_followers, 0) AS ?followers)
  BIND (COALESCE(?n_title, "") AS ?title) BIND (COALESCE(?n_source, "") AS ?detection_source)
  BIND (STRAFTER(STR(?p), "/platform/") AS ?platform)
}
"""
_RDF_RELATED = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?a ?b ?kind ?score (GROUP_CONCAT(?one; SEPARATOR="; ") AS ?basis) WHERE {
  ?link a cio:NetworkLink ; cio:linkedNetwork ?na , ?nb ; cio:linkKind ?kind ; cio:score ?score ; cio:linkBasis ?one .
  FILTER (?na != ?nb)
  ?na dcterms:identifier ?a . ?nb dcterms:identifier ?b .
} GROUP BY ?a ?b ?kind ?score
"""
_RDF_OPERATIONS = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?id ?operation ?label WHERE { ?n dcterms:identifier ?id ; cio:partOfOperation ?operation .
  ?operation rdfs:label ?label }
"""
_RDF_RETURNING = """
PREFIX cio: <https://w3id.org/cio-graph/vocab#>
SELECT ?period ?removed WHERE { ?r a cio:Report ; cio:period ?period ; cio:reestablishingAccountsRemoved ?removed }
"""


def graph_from_rdf(path: Path | str) -> nx.MultiDiGraph:
    """The graph of an RDF file of the model in ``docs/graph-model.md`` (read with pyoxigraph)."""
    from cio_graph.graph.vocab import DATA_IRI
    from cio_graph.queries.engine import run_sparql

    def tail(iri: str) -> str:
        kind, rest = iri[len(DATA_IRI) :].split("/", 1)
        return node(kind, unquote(rest))

    G = nx.MultiDiGraph()
    for row in sorted(run_sparql(_RDF_NETWORKS, path).records(), key=lambda r: r["id"]):
        G.add_node(node("network", row.pop("id")), kind="network", **row)
    links = run_sparql(_RDF_LINKS, path).records()
    stances = run_sparql(_RDF_STANCES, path).records()
    for row in links + [dict(row, relation=f"government-{row['stance']}") for row in stances]:
        target = tail(row["object"])
        G.add_node(target, kind=target.split(":", 1)[0], label=row["label"] or key(target))
        G.add_edge(node("network", row["id"]), target, key=row["relation"])
    for row in run_sparql(_RDF_RELATED, path).records():
        G.add_edge(
            node("network", row["a"]),
            node("network", row["b"]),
            key="related",
            link_kind=row["kind"],
            score=float(row["score"]),
            basis=tuple(sorted(row["basis"].split("; "))),
        )
    for row in run_sparql(_RDF_OPERATIONS, path).records():
        operation = tail(row["operation"])
        G.add_node(operation, kind="operation", label=row["label"])
        G.add_edge(node("network", row["id"]), operation, key="operation")
    returning: Counter[str] = Counter()
    for row in run_sparql(_RDF_RETURNING, path).records():
        returning[row["period"]] += row["removed"]
    G.graph["returning_accounts"] = dict(sorted(returning.items()))
    return G
