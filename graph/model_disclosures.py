"""Step 5 (graph): the triples of what a disclosure states beside the extracted entities.

Assets, followers by kind, ad spend, indicators, named operations, leads, other platforms, and
the links between networks.

:class:`DisclosureTriples` is mixed into :class:`graph.model.GraphBuilder`; its IRIs are minted from
content like the rest of the graph: an indicator from its refanged, folded value (so the same
indicator listed for two networks is one node), an operation from its folded name, a link from
the ids of its two networks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache

from cio_graph.graph import projection
from cio_graph.graph.errors import InputError
from cio_graph.graph.projection import Edge, indicator_kind, operation
from cio_graph.graph.terms import (
    CIO,
    RDF,
    RDFS,
    SKOS,
    XSD_DECIMAL,
    XSD_GYEARMONTH,
    Lit,
    boolean,
    integer,
    mint,
    network_node,
    platform_node,
)

__all__ = ["DisclosureTriples", "indicator_node", "operation_node", "link_node", "indicator_kind"]

LINK_KINDS = ("stated", "inferred")


@cache
def indicator_node(key: str) -> str:
    """IRI of an indicator from its compared form (:func:`graph.links.indicator_key`)."""
    return mint("indicator", key)


def operation_node(name: str) -> str:
    """IRI of a named operation: its folded name (:func:`graph.projection.operation`).

    >>> operation_node("Doppelgänger") == operation_node("DOPPELGANGER")
    True
    """
    return operation(name).iri


def link_node(a: str, b: str) -> str:
    """IRI of the link between two networks (in either order)."""
    first, second = sorted((a, b))
    return mint("link", f"{first}--{second}")


def decimal(value: object, where: tuple) -> str:
    """The canonical xsd:decimal lexical form of an amount, or an InputError."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(*where, f"expected a number as ad spend amount, not {value!r}") from None
    if not number.is_finite() or number < 0:
        raise InputError(*where, f"expected a non-negative ad spend amount, not {value!r}")
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


class DisclosureTriples:
    """Mixin of :class:`graph.model.GraphBuilder`: the disclosed facts of networks and their links."""

    def init_disclosures(self) -> None:
        self.operation_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.indicators: dict[str, dict] = {}

    def disclosure_pairs(self, record: dict, node: str, where: tuple) -> Iterator[tuple[str, object]]:
        """``(predicate, object)`` of a network's disclosed facts, adding their own nodes on the way."""
        if record.get("month"):
            yield CIO.month, Lit(record["month"], XSD_GYEARMONTH)
        for kind, count in sorted((record.get("assets") or {}).items()):
            yield CIO.assetCount, self.count_node(node, "assets", CIO.AssetCount, kind, count, where)
        for kind, count in sorted((record.get("followers_detail") or {}).items()):
            yield CIO.followerCount, self.count_node(node, "followers", CIO.FollowerCount, kind, count, where)
        spend = record.get("ad_spend")
        if spend and spend.get("amount") is not None:
            spend_node = f"{node}/ad-spend"
            self.add(spend_node, RDF.type, CIO.AdSpend)
            self.add(spend_node, CIO.amount, Lit(decimal(spend["amount"], where), XSD_DECIMAL))
            if spend.get("currency"):
                self.add(spend_node, CIO.currency, Lit(str(spend["currency"])))
            self.add(spend_node, CIO.approximate, boolean(bool(spend.get("approximate"))))
            for currency in sorted(set(spend.get("paid_in") or ())):
                self.add(spend_node, CIO.paidIn, Lit(str(currency)))
            yield CIO.adSpend, spend_node
        for text in sorted(set(record.get("attribution") or ())):
            yield CIO.attribution, Lit(text)

    def disclosed_object(self, record: dict, edge: Edge, where: tuple) -> str:
        """The object of a disclosed link (an edge of :func:`graph.projection.project`), its node noted."""
        target = edge.target
        if edge.relation == "indicator":
            self.indicators.setdefault(target.key, target.attributes)  # the first listing, in id order
        elif edge.relation in ("alsoOnPlatform", "consistentWith"):
            self.platforms.add(target.key)
        elif edge.relation == "leadsFrom":
            return self.use_actor(target)
        elif edge.relation == "partOfOperation":
            self.operation_names[target.iri][target.label] += 1
        elif edge.relation == "relatedNetwork" and record["id"] < target.key:
            self.add_link(record["id"], target.key, edge.attributes, where)
        return target.iri

    def count_node(self, node: str, what: str, kind_class: str, kind: str, count: object, where: tuple) -> str:
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InputError(*where, f"expected a whole number of {kind} in {what}, not {count!r}")
        count_node = f"{node}/{what}/{kind}"
        self.add(count_node, RDF.type, kind_class)
        self.add(count_node, CIO.assetKind, Lit(kind))
        self.add(count_node, CIO.count, integer(count))
        return count_node

    def add_link(self, network_id: str, other: str, link: dict, where: tuple) -> None:
        if link.get("kind") not in LINK_KINDS:
            raise InputError(*where, f"expected link kind stated or inferred, not {link.get('kind')!r}")
        node = link_node(network_id, other)
        self.add(node, RDF.type, CIO.NetworkLink)
        self.add(node, RDFS.label, Lit(f"{link['kind']} link {min(network_id, other)} - {max(network_id, other)}"))
        for network in sorted((network_id, other)):
            self.add(node, CIO.linkedNetwork, network_node(network))
        self.add(node, CIO.linkKind, Lit(link["kind"]))
        self.add(node, CIO.score, Lit(decimal(link["score"], where), XSD_DECIMAL))
        for basis in link.get("basis") or ():
            self.add(node, CIO.linkBasis, Lit(basis))
        for evidence in link.get("evidence") or ():
            self.add(node, CIO.evidence, Lit(evidence))

    def add_disclosure_nodes(self) -> None:
        """Operations and indicators, once every network is in."""
        for node, names in self.operation_names.items():
            label = projection.label("operation", "", names)
            self.add(node, RDF.type, CIO.Operation)
            self.add(node, RDFS.label, Lit(label))
            for alias in sorted(set(names) - {label}):
                self.add(node, SKOS.altLabel, Lit(alias))
        for key, facts in self.indicators.items():
            node = indicator_node(key)
            self.add(node, RDF.type, CIO.Indicator)
            self.add(node, RDFS.label, Lit(key))
            self.add(node, CIO.indicatorType, Lit(facts["indicator_type"]))
            self.add(node, CIO.indicatorValue, Lit(str(facts["value"])))
            if facts.get("platform"):
                self.platforms.add(facts["platform"])
                self.add(node, CIO.onPlatform, platform_node(facts["platform"]))
            if facts.get("handle"):
                self.add(node, CIO.handle, Lit(str(facts["handle"])))
