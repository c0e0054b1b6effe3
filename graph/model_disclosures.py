"""What a disclosure states beside the extracted entities, as triples: assets, followers by kind, ad
spend, indicators, named operations, leads, other platforms, and the links between networks.

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

from cio_graph.graph.errors import InputError
from cio_graph.graph.links import fold, indicator_key, platform_slug
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
    preferred,
    slug,
)

__all__ = ["DisclosureTriples", "indicator_node", "operation_node", "link_node", "indicator_kind"]

INDICATOR_KINDS = ("domain", "url", "account", "ip", "email", "hash")
LINK_KINDS = ("stated", "inferred")


@cache
def indicator_node(key: str) -> str:
    """IRI of an indicator from its compared form (:func:`graph.links.indicator_key`)."""
    return mint("indicator", key)


@cache
def operation_node(name: str) -> str:
    """IRI of a named operation: its folded name.

    >>> operation_node("Doppelgänger") == operation_node("DOPPELGANGER")
    True
    """
    return mint("operation", slug(fold(name)))


def link_node(a: str, b: str) -> str:
    """IRI of the link between two networks (in either order)."""
    first, second = sorted((a, b))
    return mint("link", f"{first}--{second}")


def indicator_kind(ioc: dict) -> str:
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
        for ioc in record.get("iocs") or ():
            key = indicator_key(ioc)
            if key:
                yield CIO.indicator, self.use_indicator(key, ioc)
        for platform in sorted({platform_slug(p) for p in record.get("other_platforms") or ()} - {record["platform"]}):
            self.platforms.add(platform)
            yield CIO.alsoOnPlatform, platform_node(platform)
        for platform in sorted({platform_slug(p) for p in record.get("consistent_with") or ()}):
            self.platforms.add(platform)
            yield CIO.consistentWith, platform_node(platform)
        for organisation in sorted(set(record.get("leads_from") or ())):
            yield CIO.leadsFrom, self.use_actor({"name": organisation, "type": "organization"}, where)
        for text in sorted(set(record.get("attribution") or ())):
            yield CIO.attribution, Lit(text)
        if record.get("named_operation"):
            name = record["named_operation"]
            operation = operation_node(name)
            self.operation_names[operation][name] += 1
            yield CIO.partOfOperation, operation
        for link in record.get("links") or ():
            yield CIO.relatedNetwork, self.network_ref(link["network"])
            if record["id"] < link["network"]:
                self.add_link(record["id"], link, where)

    def count_node(self, node: str, what: str, kind_class: str, kind: str, count: object, where: tuple) -> str:
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InputError(*where, f"expected a whole number of {kind} in {what}, not {count!r}")
        count_node = f"{node}/{what}/{kind}"
        self.add(count_node, RDF.type, kind_class)
        self.add(count_node, CIO.assetKind, Lit(kind))
        self.add(count_node, CIO.count, integer(count))
        return count_node

    def use_indicator(self, key: str, ioc: dict) -> str:
        """The node of an indicator; its facts are written once (the first listing, in id order)."""
        node = indicator_node(key)
        if key not in self.indicators:
            self.indicators[key] = ioc
        return node

    def network_ref(self, network_id: str) -> str:
        return network_node(network_id)

    def add_link(self, network_id: str, link: dict, where: tuple) -> None:
        if link.get("kind") not in LINK_KINDS:
            raise InputError(*where, f"expected link kind stated or inferred, not {link.get('kind')!r}")
        node = link_node(network_id, link["network"])
        self.add(node, RDF.type, CIO.NetworkLink)
        self.add(
            node,
            RDFS.label,
            Lit(f"{link['kind']} link {min(network_id, link['network'])} - {max(network_id, link['network'])}"),
        )
        for network in sorted((network_id, link["network"])):
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
            label = preferred(names)
            self.add(node, RDF.type, CIO.Operation)
            self.add(node, RDFS.label, Lit(label))
            for alias in sorted(set(names) - {label}):
                self.add(node, SKOS.altLabel, Lit(alias))
        for key, ioc in self.indicators.items():
            node = indicator_node(key)
            kind = indicator_kind(ioc)
            self.add(node, RDF.type, CIO.Indicator)
            self.add(node, RDFS.label, Lit(key))
            self.add(node, CIO.indicatorType, Lit(kind))
            self.add(node, CIO.indicatorValue, Lit(str(ioc.get("value"))))
            if ioc.get("platform"):
                platform = platform_slug(ioc["platform"])
                self.platforms.add(platform)
                self.add(node, CIO.onPlatform, platform_node(platform))
            if ioc.get("handle"):
                self.add(node, CIO.handle, Lit(str(ioc["handle"])))
