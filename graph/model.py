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
from collections.abc import Callable, Iterable, Iterator, Sequence

from rdflib import Graph, Literal, URIRef

from cio_graph.graph import reference, terms
from cio_graph.graph.errors import InputError, Where
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
from cio_graph.graph.record_types import NetworkRecord, ReportRecord
from cio_graph.graph.spool import in_id_order
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
    "graph_block_chunks",
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
        self.last_network_id: str | None = None  # networks come in id order (graph_block_chunks)
        self.tactic_sets: Counter[tuple[str, ...]] = Counter()
        self.init_disclosures()
        self.actor_type: dict[str, str] = {}  # one type per actor across records (actor_types)

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        self.blocks[subject].append((predicate, obj))

    # Reports -----------------------------------------------------------------------------

    def add_report(self, report: ReportRecord) -> None:
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
        if (returning := report.get("reestablishing_accounts_removed")) is not None:
            self.add(node, CIO.reestablishingAccountsRemoved, integer(returning))
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

    def add_missing_reports(self, networks: Sequence[NetworkRecord]) -> None:
        """A report node for every month that has networks but no report record."""
        for network in networks:
            report_id = report_of(network)
            if report_id not in self.report_ids:
                self.add_report({"id": report_id, "platform": network["platform"], "period": network["period"]})

    # Networks ----------------------------------------------------------------------------

    def add_network(self, record: NetworkRecord) -> None:
        where = (record.get("source_file") or "networks", record.get("source_line"))
        record_id = record["id"]
        if record_id == self.last_network_id:  # added in id order: a repeated id is the one just added
            raise InputError(*where, f"expected unique network ids; {record_id} repeats")
        self.last_network_id = record_id
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
        if title := record.get("title"):
            block.append((DCTERMS.title, Lit(title)))
        for count, predicate in ((record.get("accounts"), CIO.accounts), (record.get("followers"), CIO.followers)):
            if count is not None:
                block.append((predicate, integer(count)))
        if detection is not None:
            block.append((CIO.detectionSource, Lit(detection)))
        if (row := record.get("row")) is not None:
            block.append((CIO.rowNumber, integer(row)))
        if record.get("description"):
            block.append((DCTERMS.description, Lit(record["description"])))
        file_name, source = self.report_sources.get(report_id, (None, None))
        if source and file_name == record.get("source_file"):
            block.append((PROV.wasDerivedFrom, source))
        if record.get("global_audience") and (said := record.get("global_audience_evidence")):
            self.add_evidence(node, CIO.globalAudience, boolean(True), said)
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
        if edge.relation == "governmentStance" and edge.stance is not None:
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


def check_links(record: NetworkRecord, where: Where) -> None:
    """An InputError for the first extracted link the graph cannot hold: a code, type or stance it does not know."""
    codes = [c["code"] for c in [*(record.get("origin_countries") or ()), *(record.get("target_countries") or ())]]
    for code in codes:
        if reference.country(code) is None:
            raise InputError(*where, f"expected an ISO 3166-1 alpha-2 country code, not {code!r}")
    for language in record.get("languages") or ():
        found = reference.language(language["code"])
        if found is None or found.code != language["code"]:
            raise InputError(*where, f"expected an ISO 639-1 (else 639-3) language code, not {language['code']!r}")
    for actor in record.get("actors") or ():
        if actor.get("stance") not in ACTOR_STANCES:
            raise InputError(*where, f"expected actor stance {', '.join(ACTOR_STANCES)}, not {actor.get('stance')!r}")
        if actor.get("type") not in ACTOR_CLASSES:
            raise InputError(*where, f"expected actor type {', '.join(ACTOR_CLASSES)}, not {actor.get('type')!r}")
    for stance in record.get("government_stances") or ():
        if stance["stance"] not in GOVERNMENT_STANCES:
            raise InputError(*where, f"expected government stance critical or supportive, not {stance['stance']!r}")
        if stance["country"] is None or reference.country(stance["country"]) is None:
            raise InputError(*where, f"expected an ISO 3166-1 alpha-2 country code, not {stance['country']!r}")
    for tactic in record.get("tactics") or ():
        if tactic["id"] not in reference.tactics_by_slug():
            raise InputError(*where, f"expected a tactic of graph/data/tactics.csv, not {tactic['id']!r}")


def graph_blocks(
    reports: Iterable[ReportRecord],
    networks: Iterable[NetworkRecord],
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Block]:
    """Every triple of the graph, grouped by subject, subjects sorted; independent of input order.

    ``on_progress(done, total)`` is called after each network."""
    (blocks,) = graph_block_chunks(reports, networks, on_progress)
    return blocks


def graph_block_chunks(
    reports: Iterable[ReportRecord],
    networks: Iterable[NetworkRecord],
    on_progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
) -> Iterator[list[Block]]:
    """The triples of :func:`graph_blocks` in parts, each made and handed over before the next: the
    blocks of every ``chunk`` networks (in id order; the reports come with the first), then those of
    the shared nodes, each part sorted like :func:`graph_blocks`. A subject may be in several parts
    (an indicator listed by many networks): its triples are those of all its parts. Without
    ``chunk``, one part: :func:`graph_blocks`'s list.

    >>> network = {"id": "tiktok-1", "platform": "tiktok", "period": "2024-01"}
    >>> parts = list(graph_block_chunks([], [network], chunk=1))
    >>> len(parts), sorted(triples(block for part in parts for block in part)) == sorted(triples(graph_blocks([], [network])))
    (2, True)
    """
    builder = GraphBuilder()
    for report in sorted(reports, key=lambda r: r["id"]):
        builder.add_report(report)
    if not isinstance(networks, Sequence):
        networks = list(networks)
    builder.actor_type = actor_types(networks)
    builder.add_missing_reports(networks)
    total = len(networks)
    for done, network in enumerate(in_id_order(networks), 1):
        builder.add_network(network)
        if on_progress is not None:
            on_progress(done, total)
        if chunk and done % chunk == 0:
            # what the builder keeps beyond its blocks (ids, names, counts) is all the next parts need
            yield builder.sorted_blocks()
            builder.blocks.clear()
    builder.add_shared_nodes()
    yield builder.sorted_blocks()


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


def build_graph(reports: list[ReportRecord], networks: Sequence[NetworkRecord]) -> Graph:
    """The knowledge graph of the records as an rdflib Graph (prefixes of docs/graph-model.md bound)."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    cache: dict[Term, URIRef | Literal] = {}

    def term(t: Term) -> URIRef | Literal:
        return cache[t] if t in cache else cache.setdefault(t, rdflib_term(t))

    for subject, predicate, obj in triples(graph_blocks(reports, networks)):
        graph.add((term(subject), term(predicate), term(obj)))
    return graph
