"""Step 5 (graph): the RDF knowledge graph of docs/graph-model.md, as triples grouped by subject.

It is built from report and network records, their nodes and edges projected by
:mod:`graph.projection`.

Triples are generated once, in plain Python, as ``(subject, predicate, object)`` where IRIs are
``str`` and literals are :class:`Lit`. They come grouped by subject (:func:`graph_blocks`), which is
what the fast writers of ``graph.export`` consume; :func:`build_graph` turns the same triples into an
rdflib Graph for API users and tests. Every IRI is minted from content (record ids, codes, names),
so the graph does not depend on the order of the input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator

from rdflib import Graph, Literal, URIRef

from cio_graph.graph import reference, terms
from cio_graph.graph.errors import InputError
from cio_graph.graph.model_disclosures import DisclosureTriples
from cio_graph.graph.model_shared import SharedNodeTriples
from cio_graph.graph.periods import granularity, period_bounds
from cio_graph.graph.projection import (
    ACTOR_RELATIONS,
    Edge,
    Node,
    network_label,
    project,
    report_label,
    report_of,
)
from cio_graph.graph.terms import *  # noqa: F403 (the terms are part of this module's API)
from cio_graph.graph.terms import (
    ACTOR_CLASSES,
    ACTOR_STANCES,
    CIO,
    DCTERMS,
    DETECTION_SOURCES,
    GOVERNMENT_STANCES,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    XSD_DATE,
    XSD_STRING,
    Block,
    Lit,
    Pair,
    Term,
    actor_types,
    boolean,
    integer,
    platform_node,
    report_node,
    source_node,
    statement_node,
    tactic_set_node,
)

__all__ = [
    "GraphBuilder",
    "build_graph",
    "check_links",
    "graph_blocks",
    "network_label",
    "rdflib_term",
    "report_of",
    "triples",
    *terms.__all__,
]


class GraphBuilder(DisclosureTriples, SharedNodeTriples):
    """Collects the triples of reports and networks, grouped by subject."""

    def __init__(self) -> None:
        self.blocks: defaultdict[str, list[Pair]] = defaultdict(list)
        self.countries: set[str] = set()
        self.languages: set[str] = set()
        self.platforms: set[str] = set()
        self.topics: set[str] = set()
        self.region_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.actor_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.actor_aliases: defaultdict[str, set[str]] = defaultdict(set)
        self.actor_classes: dict[str, str] = {}
        self.report_ids: set[str] = set()
        self.report_sources: dict[str, tuple[str, str]] = {}
        self.network_ids: set[str] = set()
        self.tactic_sets: Counter[tuple[str, ...]] = Counter()
        self.init_disclosures()
        self.actor_type: dict[str, str] = {}  # one type per actor across records (actor_types)

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        self.blocks[subject].append((predicate, obj))

    # Reports -----------------------------------------------------------------------------

    def add_report(self, report: dict) -> None:
        if report["id"] in self.report_ids:
            raise InputError(
                report.get("source_file") or "reports",
                report.get("source_line"),
                f"expected unique report ids; {report['id']} repeats",
            )
        node = report_node(report["id"])
        platform, period = report["platform"], report["period"]
        self.report_ids.add(report["id"])
        self.platforms.add(platform)
        start, end = period_bounds(period)
        title = report_label(report)
        for predicate, obj in (
            (RDF.type, CIO.Report),
            (RDFS.label, Lit(title)),
            (DCTERMS.title, Lit(title)),
            (DCTERMS.identifier, Lit(report["id"])),
            (CIO.platform, platform_node(platform)),
            (CIO.period, Lit(period)),
            (CIO.granularity, Lit(report.get("granularity") or granularity(period))),
            (CIO.startDate, Lit(report.get("start_date") or start, XSD_DATE)),
            (CIO.endDate, Lit(report.get("end_date") or end, XSD_DATE)),
        ):
            self.add(node, predicate, obj)
        if report.get("reestablishing_accounts_removed") is not None:
            self.add(node, CIO.reestablishingAccountsRemoved, integer(report["reestablishing_accounts_removed"]))
        sha = report.get("source_sha256")
        if sha:
            source = source_node(sha)
            self.add(node, PROV.wasDerivedFrom, source)
            self.report_sources[report["id"]] = (report.get("source_file") or "", source)
            if source in self.blocks:  # one file holds many months
                return
            for predicate, obj in (
                (RDF.type, CIO.SourceFile),
                (RDF.type, PROV.Entity),
                (CIO.sha256, Lit(sha)),
            ):
                self.add(source, predicate, obj)
            if report.get("source_file"):
                self.add(source, RDFS.label, Lit(report["source_file"]))

    def add_missing_reports(self, networks: list[dict]) -> None:
        """A report node for every month that has networks but no report record."""
        for network in networks:
            report_id = report_of(network)
            if report_id not in self.report_ids:
                self.add_report({"id": report_id, "platform": network["platform"], "period": network["period"]})

    # Networks ----------------------------------------------------------------------------

    def add_network(self, record: dict) -> None:
        where = (record.get("source_file") or "networks", record.get("source_line"))
        record_id = record["id"]
        if record_id in self.network_ids:
            raise InputError(*where, f"expected unique network ids; {record_id} repeats")
        self.network_ids.add(record_id)
        detection = record.get("detection_source")
        if detection is not None and detection not in DETECTION_SOURCES:
            raise InputError(*where, f"expected detection_source internal, external or null, not {detection!r}")
        check_links(record, where)
        projected = project(record, self.actor_type)
        node = projected.node.iri
        platform, period = record["platform"], record["period"]
        self.platforms.add(platform)
        report_id = report_of(record)
        block = self.blocks[node]  # millions of triples at scale: appended to the block directly
        block.extend(
            (
                (RDF.type, CIO.Network),
                (RDFS.label, Lit(projected.node.label)),
                (DCTERMS.identifier, Lit(record_id)),
                (CIO.inReport, report_node(report_id)),
                (CIO.platform, platform_node(platform)),
                (CIO.period, Lit(period)),
                (CIO.granularity, Lit(granularity(period))),
                (CIO.globalAudience, boolean(record.get("global_audience", False))),
            )
        )
        if record.get("title"):
            block.append((DCTERMS.title, Lit(record["title"])))
        for key, predicate in (("accounts", CIO.accounts), ("followers", CIO.followers)):
            if record.get(key) is not None:
                block.append((predicate, integer(record[key])))
        if detection is not None:
            block.append((CIO.detectionSource, Lit(detection)))
        if record.get("row") is not None:
            block.append((CIO.rowNumber, integer(record["row"])))
        if record.get("description"):
            block.append((DCTERMS.description, Lit(record["description"])))
        file_name, source = self.report_sources.get(report_id, (None, None))
        if source and file_name == record.get("source_file"):
            block.append((PROV.wasDerivedFrom, source))
        if record.get("global_audience") and record.get("global_audience_evidence"):
            self.add_evidence(node, CIO.globalAudience, boolean(True), record["global_audience_evidence"])
        for edge in projected.edges:
            predicate = getattr(CIO, edge.relation)
            if edge.relation in EXTRACTED:
                obj = self.extracted_object(node, edge)
            else:
                obj = self.disclosed_object(record, edge, where)
            block.append((predicate, obj))
            self.add_evidence(node, predicate, obj, edge.evidence)
        block.extend(self.disclosure_pairs(record, node, where))
        tactics = tuple(sorted({item["id"] for item in record.get("tactics") or ()}))
        self.tactic_sets[tactics] += 1
        block.append((CIO.tacticSet, tactic_set_node(tactics)))

    def add_evidence(self, network: str, predicate: str, obj: Term, evidence: str | None) -> None:
        """The reified statement of one link, carrying the phrase it was extracted from."""
        if not evidence:
            return
        statement = statement_node(network, predicate, obj)
        block = self.blocks.get(statement)
        if block is None:
            block = self.blocks[statement] = [
                (RDF.type, RDF.Statement),
                (RDF.subject, network),
                (RDF.predicate, predicate),
                (RDF.object, obj),
            ]
        block.append((CIO.evidence, Lit(evidence)))

    def extracted_object(self, node: str, edge: Edge) -> str:
        """The object of an extracted link (an edge of :func:`graph.projection.project`), its node noted."""
        target = edge.target
        kind = target.kind
        if kind == "country":
            self.countries.add(target.key)
        elif kind == "language":
            self.languages.add(target.key)
        elif kind == "region":
            self.region_names[target.iri][target.label] += 1
        elif kind == "actor":
            return self.use_actor(target)
        elif kind == "topic":
            self.topics.add(target.key)
        if edge.relation == "governmentStance":
            stance = f"{node}/government-stance/{target.key}-{edge.stance}"
            if stance not in self.blocks:
                self.add(stance, RDF.type, CIO.GovernmentStance)
                self.add(stance, CIO.country, target.iri)
                self.add(stance, CIO.stance, Lit(edge.stance))
            return stance
        return target.iri

    def use_actor(self, actor: Node) -> str:
        node = actor.iri
        self.actor_classes[node] = ACTOR_CLASSES[actor.parts[0]]
        self.actor_names[node][actor.label] += 1
        self.actor_aliases[node].update(actor.attributes.get("aliases") or ())
        return node

    def sorted_blocks(self) -> list[Block]:
        """Subjects in N-Triples order (``<iri>`` sorted), each with its pairs (a pair may repeat)."""
        return [(s, self.blocks[s]) for s in sorted(self.blocks, key=lambda s: s + ">")]


EXTRACTED = frozenset(("originCountry", "targetCountry", "targetRegion", "language", "usesTactic", "topic"))
EXTRACTED |= {"governmentStance", *ACTOR_RELATIONS.values()}


def check_links(record: dict, where: tuple) -> None:
    """An InputError for the first extracted link the graph cannot hold: a code, type or stance it does not know."""
    codes = [c["code"] for field in ("origin_countries", "target_countries") for c in record.get(field) or ()]
    for code in codes:
        if reference.country(code) is None:
            raise InputError(*where, f"expected an ISO 3166-1 alpha-2 country code, not {code!r}")
    for item in record.get("languages") or ():
        found = reference.language(item["code"])
        if found is None or found.code != item["code"]:
            raise InputError(*where, f"expected an ISO 639-1 (else 639-3) language code, not {item['code']!r}")
    for item in record.get("actors") or ():
        if item.get("stance") not in ACTOR_STANCES:
            raise InputError(*where, f"expected actor stance {', '.join(ACTOR_STANCES)}, not {item.get('stance')!r}")
        if item.get("type") not in ACTOR_CLASSES:
            raise InputError(*where, f"expected actor type {', '.join(ACTOR_CLASSES)}, not {item.get('type')!r}")
    for item in record.get("government_stances") or ():
        if item["stance"] not in GOVERNMENT_STANCES:
            raise InputError(*where, f"expected government stance critical or supportive, not {item['stance']!r}")
        if reference.country(item["country"]) is None:
            raise InputError(*where, f"expected an ISO 3166-1 alpha-2 country code, not {item['country']!r}")
    for item in record.get("tactics") or ():
        if item["id"] not in reference.tactics_by_slug():
            raise InputError(*where, f"expected a tactic of graph/data/tactics.csv, not {item['id']!r}")


def graph_blocks(
    reports: Iterable[dict], networks: Iterable[dict], on_progress: Callable[[int, int], None] | None = None
) -> list[Block]:
    """Every triple of the graph, grouped by subject, subjects sorted; independent of input order.

    ``on_progress(done, total)`` is called after each network."""
    builder = GraphBuilder()
    for report in sorted(reports, key=lambda r: r["id"]):
        builder.add_report(report)
    networks = sorted(networks, key=lambda n: n["id"])
    builder.actor_type = actor_types(networks)
    builder.add_missing_reports(networks)
    for done, network in enumerate(networks, 1):
        builder.add_network(network)
        if on_progress is not None:
            on_progress(done, len(networks))
    builder.add_shared_nodes()
    return builder.sorted_blocks()


def triples(blocks: Iterable[Block]) -> Iterator[tuple[str, str, Term]]:
    for subject, pairs in blocks:
        for predicate, obj in pairs:
            yield subject, predicate, obj


def rdflib_term(term: Term) -> URIRef | Literal:
    if isinstance(term, Lit):
        if term.datatype == XSD_STRING:
            return Literal(term.lexical)
        return Literal(term.lexical, datatype=URIRef(term.datatype))
    return URIRef(term)


def build_graph(reports: list[dict], networks: list[dict]) -> Graph:
    """The knowledge graph of the records as an rdflib Graph (prefixes of docs/graph-model.md bound)."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    cache: dict[Term, URIRef | Literal] = {}
    for triple in triples(graph_blocks(reports, networks)):
        graph.add(tuple(cache[t] if t in cache else cache.setdefault(t, rdflib_term(t)) for t in triple))
    return graph
