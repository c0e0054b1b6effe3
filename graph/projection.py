"""Step 5 (graph): one projection of a record into nodes (kind, key, label) and edges, for every graph.

The RDF model (:mod:`graph.model`), the property graph of GraphML and GEXF
(:mod:`graph.export.property_graph`) and the analysis graph (:mod:`queries.analysis`) name a node
the same way: by its *kind* and *key*. From them come the IRI (``…/id/actor/person/ilan-shor``),
the property graph's node id (``actor/person/ilan-shor``) and the analysis graph's node name
(``actor:person/ilan-shor``). :func:`project` gives a network's node and its edges, each edge named
by the ``cio:`` property it stands for; :func:`label` chooses the label of a node many records name.
The projection reads records leniently (a missing field is empty): checking them is the RDF
model's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cio_graph.graph import reference
from cio_graph.graph.links import fold, indicator_key
from cio_graph.graph.readers.types import report_id
from cio_graph.graph.record_types import IndicatorRecord, NetworkRecord, ReportRecord
from cio_graph.graph.reference import platform_slug
from cio_graph.graph.terms import ACTOR_STANCES, mint, preferred, slug
from cio_graph.graph.vocab import DATA_IRI, VOCAB_IRI

__all__ = [
    "INDICATOR_KINDS",
    "NODE_KINDS",
    "Edge",
    "Node",
    "Projection",
    "indicator_kind",
    "label",
    "network_label",
    "operation",
    "project",
    "project_report",
    "report_label",
    "report_of",
]

NODE_KINDS = (
    "network",
    "report",
    "platform",
    "country",
    "region",
    "language",
    "actor",
    "tactic",
    "topic",
    "indicator",
    "operation",
)
INDICATOR_KINDS = ("domain", "url", "account", "ip", "email", "hash")
ACTOR_RELATIONS = {stance: predicate.removeprefix(VOCAB_IRI) for stance, predicate in ACTOR_STANCES.items()}


@lru_cache(maxsize=1 << 16)  # shared nodes stay; a million networks' IRIs would hold 0.3 GB
def _iri(kind: str, parts: tuple[str, ...]) -> str:
    return mint(kind, *parts)


@dataclass(frozen=True)
class Node:
    """A node: its kind and the parts of its key; the label and attributes this record gives it.

    Two nodes are the same node when kind and key are equal, whatever their labels.

    Examples
    --------
    >>> actor = Node("actor", ("person", "ilan-shor"), "Ilan Shor")
    >>> actor.key, actor.id, actor.name
    ('person/ilan-shor', 'actor/person/ilan-shor', 'actor:person/ilan-shor')
    >>> Node("indicator", ("news.example/a b",)).id
    'indicator/news.example%2Fa%20b'
    """

    kind: str
    parts: tuple[str, ...]
    label: str = field(default="", compare=False)
    attributes: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """The key within its kind (the parts joined by ``/``)."""
        return "/".join(self.parts)

    @property
    def iri(self) -> str:
        """The node's IRI in the RDF model: ``id:`` then kind and parts, each a path segment."""
        return _iri(self.kind, self.parts)

    @property
    def id(self) -> str:
        """The node's id in GraphML and GEXF: its IRI after ``id:``."""
        return self.iri[len(DATA_IRI) :]

    @property
    def name(self) -> str:
        """The node's name in the analysis graph: ``kind:key``."""
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Edge:
    """An edge from a network: the local name of its ``cio:`` property, its target and what it carries.

    ``stance`` is an actor's stance (``promoted``…) or a government's (``critical``,
    ``supportive``); ``attributes`` hold a related network's ``link_kind``, ``score``, ``basis``
    and ``evidence``.
    """

    relation: str
    target: Node
    evidence: str | None = None
    stance: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Projection:
    """A record's own node and its edges, in the order of :func:`project`."""

    node: Node
    edges: tuple[Edge, ...]


def report_of(network: NetworkRecord) -> str:
    """The id of the report a network record belongs to (``report``, else platform and period).

    >>> report_of({"platform": "google", "period": "2020-Q1"})
    'google-2020-Q1'
    """
    return network.get("report") or report_id(network["platform"], network["period"])


def network_label(record: NetworkRecord) -> str:
    """A network's label: its title, else where the report put it ("Google 2020-Q1, campaign 3"), else its id.

    >>> network_label({"title": None, "platform": "google", "period": "2020-Q1", "row": 3})
    'Google 2020-Q1, campaign 3'
    >>> network_label({"id": "a"})
    'a'
    """
    if title := record.get("title"):
        return title
    if not record.get("platform"):
        return record.get("id") or ""
    row = f", campaign {record['row']}" if record.get("row") is not None else ""
    return f"{reference.platform_label(record['platform'])} {record.get('period') or ''}{row}".rstrip()


def report_label(report: ReportRecord) -> str:
    """A report's label: its title, else its platform and period.

    >>> report_label({"platform": "tiktok", "period": "2024-12"})
    'TikTok covert influence operations, 2024-12'
    """
    return (
        report.get("title")
        or f"{reference.platform_label(report['platform'])} covert influence operations, {report['period']}"
    )


def label(kind: str, key: str, names: Counter[str] | None = None) -> str:
    """The label of a node many records may name: a reference name, else the name records give most.

    Countries, languages, tactics, topics and platforms are labelled from the reference data;
    regions, actors and operations by the name most records use (ties: alphabetical); an
    unknown code by that name too, else by its key.

    >>> label("country", "RO"), label("platform", "tiktok"), label("topic", "election-MD")
    ('Romania', 'TikTok', 'Elections in Moldova')
    >>> label("operation", "doppelganger", Counter({"Doppelganger": 2, "DOPPELGÄNGER": 1}))
    'Doppelganger'
    """
    found: Any = None
    if kind == "country":
        found = reference.country(key)
    elif kind == "language":
        found = reference.language(key)
    elif kind == "tactic":
        tactic = reference.tactics_by_slug().get(key)
        return tactic.label if tactic else (preferred(names) if names else key)
    elif kind == "topic":
        return reference.topic_label(key)
    elif kind == "platform":
        return reference.platform_label(key)
    if found is not None:
        return found.name
    return preferred(names) if names else key


def indicator_kind(ioc: IndicatorRecord) -> str:
    """``domain``, ``url``, ``account``, ``ip``, ``email`` or ``hash``: the record's ``kind``, else read
    from its ``type``.

    >>> indicator_kind({"type": "Social Media Account", "value": "https://x.com/a"})
    'account'
    >>> indicator_kind({"type": "Domain", "value": "https://a.info/"})
    'domain'
    """
    kind = str(ioc.get("kind") or "").lower()
    if kind in INDICATOR_KINDS:
        return kind
    written = str(ioc.get("type") or "").lower()
    if "account" in written or "handle" in written or "profile" in written:
        return "account"
    return "domain" if "domain" in written else "url"


def _platform(name: str) -> Node:
    return Node("platform", (name,), reference.platform_label(name))


def _actor(name: str, actor_type: Any, aliases: Any = ()) -> Node:
    return Node("actor", (actor_type, slug(name)), name, {"actor_type": actor_type, "aliases": tuple(aliases or ())})


def operation(name: str) -> Node:
    """The node of a named operation: its folded name is its key.

    >>> operation("Doppelgänger") == operation("DOPPELGANGER")
    True
    """
    return Node("operation", (slug(fold(name)),), name)


def _indicator(ioc: IndicatorRecord, key: str) -> Node:
    attributes = {"indicator_type": indicator_kind(ioc), "value": ioc.get("value"), "handle": ioc.get("handle")}
    if platform := ioc.get("platform"):
        attributes["platform"] = platform_slug(platform)
    return Node("indicator", (key,), key, attributes)


def _entity_edges(record: NetworkRecord, actor_types: Mapping[str, str]) -> list[Edge]:
    """The extracted links: places, languages, tactics, topics, actors, government stances."""
    edges = [
        Edge("originCountry", Node("country", (c["code"],), c["code"]), c.get("evidence"))
        for c in record.get("origin_countries") or ()
    ]
    edges += [
        Edge("targetCountry", Node("country", (c["code"],), c["code"]), c.get("evidence"))
        for c in record.get("target_countries") or ()
    ]
    edges += [
        Edge("targetRegion", Node("region", (slug(r["name"]),), r["name"]), r.get("evidence"))
        for r in record.get("target_regions") or ()
    ]
    for language in record.get("languages") or ():
        name = language.get("name") or language["code"]
        edges.append(Edge("language", Node("language", (language["code"],), name), language.get("evidence")))
    edges += [
        Edge("usesTactic", Node("tactic", (t["id"],), t["id"]), t.get("evidence")) for t in record.get("tactics") or ()
    ]
    edges += [Edge("topic", Node("topic", (t["id"],), t["id"]), t.get("evidence")) for t in record.get("topics") or ()]
    for named in record.get("actors") or ():
        stance = named.get("stance")
        actor = _actor(named["name"], actor_types.get(slug(named["name"]), named.get("type")), named.get("aliases"))
        edges.append(Edge(ACTOR_RELATIONS.get(stance or "", ""), actor, named.get("evidence"), stance))
    for government in record.get("government_stances") or ():
        code = government["country"] or ""
        edges.append(
            Edge("governmentStance", Node("country", (code,), code), government.get("evidence"), government["stance"])
        )
    return edges


def _disclosure_edges(record: NetworkRecord, actor_types: Mapping[str, str]) -> list[Edge]:
    """The disclosed links: related networks, operation, indicators, other platforms, leads."""
    edges = [
        Edge(
            "relatedNetwork",
            Node("network", (link["network"],)),
            attributes={k: link.get(k) for k in ("kind", "score", "basis", "evidence")},
        )
        for link in record.get("links") or ()
    ]
    if name := record.get("named_operation"):
        edges.append(Edge("partOfOperation", operation(name)))
    for ioc in record.get("iocs") or ():
        key = indicator_key(ioc)
        if key:
            edges.append(Edge("indicator", _indicator(ioc, key)))
    others = {platform_slug(p) for p in record.get("other_platforms") or ()} - {record.get("platform")}
    edges += [Edge("alsoOnPlatform", _platform(name)) for name in sorted(others)]
    consistent = {platform_slug(p) for p in record.get("consistent_with") or ()}
    edges += [Edge("consistentWith", _platform(name)) for name in sorted(consistent)]
    for organisation in sorted(set(record.get("leads_from") or ())):
        edges.append(Edge("leadsFrom", _actor(organisation, actor_types.get(slug(organisation), "organization"))))
    return edges


def project(record: NetworkRecord, actor_types: Mapping[str, str] | None = None) -> Projection:
    """A network record's node and edges: extracted links first, then disclosed ones.

    Parameters
    ----------
    record : dict
        A network record (``docs/records.md``); missing fields count as empty.
    actor_types : mapping, optional
        The one type of each actor across all records (:func:`graph.terms.actor_types`); without
        it an actor is typed as this record types it.

    Examples
    --------
    >>> p = project({"id": "a", "title": "Accounts", "origin_countries": [{"code": "RU"}],
    ...              "actors": [{"name": "Ilan Shor", "type": "person", "stance": "promoted"}]})
    >>> p.node.name, p.node.label
    ('network:a', 'Accounts')
    >>> [(e.relation, e.target.name, e.stance) for e in p.edges]
    [('originCountry', 'country:RU', None), ('promotes', 'actor:person/ilan-shor', 'promoted')]
    """
    types = actor_types or {}
    node = Node("network", (record["id"],), network_label(record))
    return Projection(node, tuple(_entity_edges(record, types) + _disclosure_edges(record, types)))


def project_report(report: ReportRecord) -> Projection:
    """A report record's node and its one edge, to its platform.

    >>> p = project_report({"id": "tiktok-2024-12", "platform": "tiktok", "period": "2024-12"})
    >>> p.node.id, p.node.label, [(e.relation, e.target.id) for e in p.edges]
    ('report/tiktok-2024-12', 'TikTok covert influence operations, 2024-12', [('platform', 'platform/tiktok')])
    """
    node = Node("report", (report["id"],), report_label(report))
    return Projection(node, (Edge("platform", _platform(report["platform"])),))
