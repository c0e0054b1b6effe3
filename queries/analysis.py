"""networkx helpers over the graph of networks and what they link to.

The graph is a :class:`networkx.MultiDiGraph`. Nodes are strings ``"kind:key"``:
``network:tiktok-2024-12-3f9a0c1b2d``, ``country:RO``, ``tactic:inauthentic-accounts``,
``language:ro``, ``actor:party/national-liberal-party``, ``topic:election-RO``,
``region:europe`` (the tails of the graph's IRIs), each with ``kind`` and ``label`` attributes;
networks also carry ``accounts``, ``followers``, ``period``, ``platform``, ``title`` and
``detection_source``. Edges go from a network to what it links to, keyed by relation:
``origin``, ``target``, ``region``, ``language``, ``tactic``, ``topic``, the actor stances
(``promoted``, ``criticized``, ``affiliated``, ``depicted``, ``mentioned``) and
``government-critical`` / ``government-supportive`` (to a country).
``G.graph["returning_accounts"]`` maps a month to the accounts removed from returning networks.

Helpers take and return bare keys (network ids, country codes, tactic slugs).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import unquote

import networkx as nx

from graph.errors import InputError
from queries.cross_platform import add_cross_platform

STANCES = ("promoted", "criticized", "affiliated", "depicted", "mentioned")


def node(kind: str, key: str) -> str:
    """The node of ``key`` of a kind.

    >>> node("country", "RO")
    'country:RO'
    """
    return f"{kind}:{key}"


def key(name: str) -> str:
    """The key of a node.

    >>> key("tactic:inauthentic-accounts")
    'inauthentic-accounts'
    """
    return name.split(":", 1)[1]


# --- loading ------------------------------------------------------------------------------

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
        return graph_from_records(_read_jsonl(networks_file),
                                  _read_jsonl(reports_file) if reports_file.is_file() else [])
    return graph_from_rdf(path)


def _read_jsonl(path: Path) -> list[dict]:
    from graph.build import read_jsonl

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
    from graph.model import actor_types, slug

    types = actor_types(networks)
    G = nx.MultiDiGraph()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for record in sorted(networks, key=lambda n: n["id"]):
        network = node("network", record["id"])
        G.add_node(network, kind="network", label=record.get("title") or record["id"],
                   accounts=record.get("accounts") or 0, followers=record.get("followers") or 0,
                   period=record.get("period", ""), platform=record.get("platform", ""),
                   title=record.get("title") or "", detection_source=record.get("detection_source") or "")
        links = [("origin", "country", c["code"], c["code"]) for c in record.get("origin_countries") or ()]
        links += [("target", "country", c["code"], c["code"]) for c in record.get("target_countries") or ()]
        links += [("region", "region", slug(r["name"]), r["name"]) for r in record.get("target_regions") or ()]
        links += [("language", "language", item["code"], item.get("name", item["code"]))
                  for item in record.get("languages") or ()]
        links += [("tactic", "tactic", t["id"], t["id"]) for t in record.get("tactics") or ()]
        links += [("topic", "topic", t["id"], t["id"]) for t in record.get("topics") or ()]
        links += [(a["stance"], "actor", f"{types.get(slug(a['name']), a['type'])}/{slug(a['name'])}", a["name"])
                  for a in record.get("actors") or ()]
        links += [(f"government-{s['stance']}", "country", s["country"], s["country"])
                  for s in record.get("government_stances") or ()]
        for relation, kind, item_key, name in links:
            target = node(kind, item_key)
            names[target][name] += 1
            G.add_edge(network, target, key=relation)
    for target, counted in names.items():
        kind, item_key = target.split(":", 1)
        G.nodes[target].update(kind=kind, label=_reference_label(kind, item_key)
                               or min(counted, key=lambda n: (-counted[n], n)))
    add_cross_platform(G, networks)
    returning: Counter[str] = Counter()
    for report in reports:
        if report.get("reestablishing_accounts_removed") is not None:
            returning[report["period"]] += report["reestablishing_accounts_removed"]
    G.graph["returning_accounts"] = dict(sorted(returning.items()))
    return G


def _reference_label(kind: str, item_key: str) -> str | None:
    """The graph's label of a country, language, tactic or topic (as ``graph/model.py`` writes it)."""
    from graph import reference

    if kind == "country":
        found = reference.country(item_key)
        return found.name if found else None
    if kind == "language":
        found = reference.language(item_key)
        return found.name if found else None
    if kind == "tactic":
        found = reference.tactics_by_slug().get(item_key)
        return found.label if found else None
    if kind == "topic":
        return reference.topic_label(item_key)
    return None


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
SELECT ?id ?accounts ?followers ?period ?platform ?title ?detection_source WHERE {
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
    from graph.vocab import DATA_IRI
    from queries.engine import run_sparql

    def tail(iri: str) -> str:
        kind, rest = iri[len(DATA_IRI):].split("/", 1)
        return node(kind, unquote(rest))

    G = nx.MultiDiGraph()
    for row in sorted(run_sparql(_RDF_NETWORKS, path).records(), key=lambda r: r["id"]):
        G.add_node(node("network", row.pop("id")), kind="network", label=row["title"] or row["platform"], **row)
    links = run_sparql(_RDF_LINKS, path).records()
    stances = run_sparql(_RDF_STANCES, path).records()
    for row in links + [dict(row, relation=f"government-{row['stance']}") for row in stances]:
        target = tail(row["object"])
        G.add_node(target, kind=target.split(":", 1)[0], label=row["label"] or key(target))
        G.add_edge(node("network", row["id"]), target, key=row["relation"])
    for row in run_sparql(_RDF_RELATED, path).records():
        G.add_edge(node("network", row["a"]), node("network", row["b"]), key="related", link_kind=row["kind"],
                   score=float(row["score"]), basis=tuple(sorted(row["basis"].split("; "))))
    for row in run_sparql(_RDF_OPERATIONS, path).records():
        operation = tail(row["operation"])
        G.add_node(operation, kind="operation", label=row["label"])
        G.add_edge(node("network", row["id"]), operation, key="operation")
    returning: Counter[str] = Counter()
    for row in run_sparql(_RDF_RETURNING, path).records():
        returning[row["period"]] += row["removed"]
    G.graph["returning_accounts"] = dict(sorted(returning.items()))
    return G


# --- networks and their tactics -----------------------------------------------------------

def networks(G: nx.MultiDiGraph) -> list[str]:
    """Ids of every network, sorted.

    Examples
    --------
    >>> networks(graph_from_records([{"id": "b"}, {"id": "a"}]))
    ['a', 'b']
    """
    return sorted(key(n) for n, kind in G.nodes(data="kind") if kind == "network")


def linked(G: nx.MultiDiGraph, network: str, relation: str) -> set[str]:
    """Keys of what ``network`` links to by ``relation`` (``"tactic"``, ``"origin"``, ...).

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]}])
    >>> sorted(linked(G, "a", "tactic"))
    ['x', 'y']
    """
    source = node("network", network)
    if source not in G:
        raise KeyError(f"no network {network!r} in the graph")
    return {key(target) for _, target, k in G.out_edges(source, keys=True) if k == relation}


def shared_tactics(G: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    """Tactics both networks use, sorted.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "y"}, {"id": "z"}]}])
    >>> shared_tactics(G, "a", "b")
    ['y']
    """
    return sorted(linked(G, a, "tactic") & linked(G, b, "tactic"))


def tactic_weights(G: nx.MultiDiGraph) -> dict[str, float]:
    """Inverse document frequency of each tactic: ``log(networks / networks using it)``.

    A tactic every network uses weighs 0.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "common"}, {"id": "rare"}]},
    ...                         {"id": "b", "tactics": [{"id": "common"}]}])
    >>> {t: round(w, 3) for t, w in sorted(tactic_weights(G).items())}
    {'common': 0.0, 'rare': 0.693}
    """
    total = len(networks(G))
    return {key(t): math.log(total / G.in_degree(t)) for t, kind in G.nodes(data="kind") if kind == "tactic"}


def tactic_similarity(G: nx.MultiDiGraph, a: str, b: str, weighting: str = "jaccard",
                      weights: dict[str, float] | None = None) -> float:
    """Similarity of two networks' tactics: Jaccard, or IDF-weighted Jaccard (``weighting="idf"``).

    The IDF weighting makes a tactic nearly every network uses (inauthentic accounts) count
    little and a rare one count much. ``weights`` can pass precomputed :func:`tactic_weights`.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "common"}, {"id": "rare"}]},
    ...                         {"id": "b", "tactics": [{"id": "common"}]},
    ...                         {"id": "c", "tactics": [{"id": "common"}, {"id": "rare"}]}])
    >>> tactic_similarity(G, "a", "b"), round(tactic_similarity(G, "a", "b", "idf"), 3)
    (0.5, 0.0)
    >>> tactic_similarity(G, "a", "c", "idf")
    1.0
    """
    first, second = linked(G, a, "tactic"), linked(G, b, "tactic")
    if weighting == "jaccard":
        union = first | second
        return len(first & second) / len(union) if union else 0.0
    if weighting != "idf":
        raise ValueError(f"weighting must be 'jaccard' or 'idf', not {weighting!r}")
    weights = weights if weights is not None else tactic_weights(G)
    union_weight = sum(weights[t] for t in first | second)
    return sum(weights[t] for t in first & second) / union_weight if union_weight else 0.0


def networks_sharing_tactics(G: nx.MultiDiGraph, min_shared: int = 2, max_share: float = 0.5,
                             limit: int | None = None) -> list[tuple[str, str, list[str]]]:
    """Pairs of networks sharing at least ``min_shared`` tactics, leaving out tactics used by
    more than ``max_share`` of all networks; most shared first, then by ids (as the canned
    query ``shared-tactics``).

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}])
    >>> networks_sharing_tactics(G, min_shared=1, max_share=1.0)
    [('a', 'b', ['x', 'y']), ('a', 'c', ['y']), ('b', 'c', ['y'])]
    >>> networks_sharing_tactics(G, min_shared=1, max_share=0.9)
    [('a', 'b', ['x'])]
    """
    total = len(networks(G))
    shared: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for tactic, kind in sorted(G.nodes(data="kind")):
        if kind != "tactic" or G.in_degree(tactic) > max_share * total:
            continue
        users = sorted({key(n) for n in G.predecessors(tactic)})
        for pair in combinations(users, 2):
            shared[pair].append(key(tactic))
    pairs = [(a, b, tactics) for (a, b), tactics in shared.items() if len(tactics) >= min_shared]
    pairs.sort(key=lambda p: (-len(p[2]), p[0], p[1]))
    return pairs if limit is None else pairs[:limit]


# --- countries ----------------------------------------------------------------------------

def cross_border_flows(G: nx.MultiDiGraph, min_networks: int = 1) -> list[dict]:
    """Origin -> target country pairs (origin != target) with networks, accounts and followers,
    most networks first (as the canned query ``cross-border-flows``).

    Examples
    --------
    >>> G = graph_from_records([
    ...     {"id": "a", "accounts": 10, "followers": 5, "origin_countries": [{"code": "RU"}],
    ...      "target_countries": [{"code": "DE"}, {"code": "RU"}]},
    ...     {"id": "b", "accounts": 1, "followers": 2, "origin_countries": [{"code": "RU"}],
    ...      "target_countries": [{"code": "DE"}]}])
    >>> cross_border_flows(G)
    [{'origin': 'RU', 'target': 'DE', 'networks': 2, 'accounts': 11, 'followers': 7}]
    """
    flows: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for network in networks(G):
        data = G.nodes[node("network", network)]
        for origin in linked(G, network, "origin"):
            for target in linked(G, network, "target") - {origin}:
                row = flows[(origin, target)]
                row[0] += 1
                row[1] += data["accounts"] or 0
                row[2] += data["followers"] or 0
    rows = [{"origin": o, "target": t, "networks": n, "accounts": a, "followers": f}
            for (o, t), (n, a, f) in flows.items() if n >= min_networks]
    return sorted(rows, key=lambda r: (-r["networks"], -r["accounts"], r["origin"], r["target"]))


def country_profile(G: nx.MultiDiGraph, country: str) -> dict:
    """One country at a glance: networks from and against it, domestic and foreign, and the
    tactics, languages and actors (by stance) of the networks targeting it, each a count of networks.

    Examples
    --------
    >>> G = graph_from_records([
    ...     {"id": "a", "origin_countries": [{"code": "RU"}], "target_countries": [{"code": "MD"}],
    ...      "tactics": [{"id": "x"}]},
    ...     {"id": "b", "origin_countries": [{"code": "MD"}], "target_countries": [{"code": "MD"}]}])
    >>> profile = country_profile(G, "md")
    >>> profile["targeted"], profile["domestic"], profile["foreign_origins"], profile["tactics"]
    (2, 1, {'RU': 1}, {'x': 1})
    """
    code = country.upper()
    place = node("country", code)
    into = {key(n) for n, _, k in G.in_edges(place, keys=True) if k == "target"} if place in G else set()
    out = {key(n) for n, _, k in G.in_edges(place, keys=True) if k == "origin"} if place in G else set()

    def count(nets: set[str], relation: str, exclude: set[str] = frozenset()) -> dict[str, int]:
        counted = Counter(item for n in nets for item in linked(G, n, relation) - exclude)
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    actors: Counter[tuple[str, str]] = Counter()
    for network in into:
        for stance in STANCES:
            for actor in linked(G, network, stance):
                actors[(stance, G.nodes[node("actor", actor)]["label"])] += 1
    return {
        "country": code,
        "operated_from": len(out),
        "targeted": len(into),
        "domestic": len(into & out),
        "foreign_origins": count(into, "origin", {code}),
        "targets_abroad": count(out, "target", {code}),
        "tactics": count(into, "tactic"),
        "languages": count(into, "language"),
        "actors": dict(sorted(actors.items(), key=lambda item: (-item[1], item[0]))),
    }


# --- projections, communities, centrality -------------------------------------------------

def cooccurrence(G: nx.MultiDiGraph, kind: str = "tactic") -> nx.Graph:
    """Projection onto the nodes of one kind: an edge when networks link to both, ``weight`` =
    how many; each node's ``networks`` = networks linked to it. Nodes are bare keys.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}])
    >>> T = cooccurrence(G)
    >>> T["x"]["y"]["weight"], T.nodes["z"]["networks"]
    (2, 1)
    """
    projection = nx.Graph()
    for item, item_kind in sorted(G.nodes(data="kind")):
        if item_kind == kind:
            projection.add_node(key(item), networks=len(set(G.predecessors(item))),
                                label=G.nodes[item].get("label", key(item)))
    for network in networks(G):
        items = sorted({key(t) for t in G.successors(node("network", network)) if t.startswith(kind + ":")})
        for first, second in combinations(items, 2):
            weight = projection.get_edge_data(first, second, {"weight": 0})["weight"]
            projection.add_edge(first, second, weight=weight + 1)
    return projection


def tactic_cooccurrence(G: nx.MultiDiGraph, min_networks: int = 1) -> list[dict]:
    """Pairs of tactics used by the same networks, most frequent first (as the canned query
    ``tactic-co-occurrence``, without its accounts column).

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "y"}]}])
    >>> tactic_cooccurrence(G)
    [{'tactic_a': 'x', 'tactic_b': 'y', 'networks': 2}]
    """
    rows = [{"tactic_a": min(a, b), "tactic_b": max(a, b), "networks": w}
            for a, b, w in cooccurrence(G, "tactic").edges(data="weight") if w >= min_networks]
    return sorted(rows, key=lambda r: (-r["networks"], r["tactic_a"], r["tactic_b"]))


def similarity_graph(G: nx.MultiDiGraph, weighting: str = "idf") -> nx.Graph:
    """Networks (bare ids) linked when they share a tactic, ``weight`` = :func:`tactic_similarity`.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}]}, {"id": "b", "tactics": [{"id": "x"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}])
    >>> sorted(similarity_graph(G, "jaccard").edges(data="weight"))
    [('a', 'b', 1.0)]
    """
    weights = tactic_weights(G) if weighting == "idf" else None
    similar = nx.Graph()
    similar.add_nodes_from(networks(G))
    for a, b, _ in networks_sharing_tactics(G, min_shared=1, max_share=1.0):
        weight = tactic_similarity(G, a, b, weighting, weights)
        if weight > 0:
            similar.add_edge(a, b, weight=weight)
    return similar


def tactic_communities(G: nx.MultiDiGraph, seed: int = 7, resolution: float = 1.0,
                       weighting: str = "idf") -> list[list[str]]:
    """Communities of networks by their tactics: Louvain (fixed ``seed``) on :func:`similarity_graph`.

    Returns sorted lists of network ids, largest community first.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}]}, {"id": "b", "tactics": [{"id": "x"}]},
    ...                         {"id": "c", "tactics": [{"id": "y"}]}, {"id": "d", "tactics": [{"id": "y"}]}])
    >>> tactic_communities(G)
    [['a', 'b'], ['c', 'd']]
    """
    similar = similarity_graph(G, weighting)
    found = nx.community.louvain_communities(similar, weight="weight", resolution=resolution, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def centrality(G: nx.MultiDiGraph, kind: str = "tactic", measure: str = "degree") -> list[tuple[str, float]]:
    """Centrality of the nodes of one kind (``tactic``, ``actor``, ``country`` ...), highest first.

    ``degree``: share of all networks linked to it. ``betweenness`` and ``closeness``: on the
    :func:`cooccurrence` projection (unweighted: linked when some network uses both).

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "tactics": [{"id": "x"}, {"id": "y"}]},
    ...                         {"id": "b", "tactics": [{"id": "x"}, {"id": "z"}]}])
    >>> centrality(G, "tactic")
    [('x', 1.0), ('y', 0.5), ('z', 0.5)]
    >>> centrality(G, "tactic", "betweenness")[0]
    ('x', 1.0)
    """
    projection = cooccurrence(G, kind)
    if measure == "degree":
        total = len(networks(G)) or 1
        scores = {item: data["networks"] / total for item, data in projection.nodes(data=True)}
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(projection)
    elif measure == "closeness":
        scores = nx.closeness_centrality(projection)
    else:
        raise ValueError(f"measure must be degree, betweenness or closeness, not {measure!r}")
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def timeline(G: nx.MultiDiGraph) -> list[dict]:
    """Per report period (month, quarter or half-year): networks, accounts, followers (missing
    figures count as 0) and accounts removed from returning networks (``None`` when not given),
    as the canned query ``monthly-timeline``.

    Examples
    --------
    >>> G = graph_from_records([{"id": "a", "period": "2024-12", "accounts": 3, "followers": 4},
    ...                         {"id": "b", "period": "2020-Q1", "accounts": 2, "followers": None}],
    ...                        [{"period": "2024-12", "reestablishing_accounts_removed": 9}])
    >>> timeline(G)[1]
    {'period': '2024-12', 'granularity': 'month', 'networks': 1, 'accounts': 3, 'followers': 4, 'returning_accounts_removed': 9}
    >>> timeline(G)[0]["granularity"], timeline(G)[0]["followers"]
    ('quarter', 0)
    """
    from graph.periods import granularity

    periods: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for network in networks(G):
        data = G.nodes[node("network", network)]
        row = periods[data["period"]]
        row[0] += 1
        row[1] += data["accounts"] or 0
        row[2] += data["followers"] or 0
    returning = G.graph.get("returning_accounts", {})
    for period in returning:
        periods.setdefault(period, [0, 0, 0])
    return [{"period": period, "granularity": granularity(period), "networks": n, "accounts": a, "followers": f,
             "returning_accounts_removed": returning.get(period)}
            for period, (n, a, f) in sorted(periods.items())]
