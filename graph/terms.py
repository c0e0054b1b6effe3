"""The terms the graph is written in: vocabulary terms as plain strings, literals, and IRIs minted from content.

Shared by :mod:`graph.model` and :mod:`graph.model_disclosures` (and the exporters): an IRI is
minted from record ids, codes or names, never from input order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from functools import cache
from typing import NamedTuple
from urllib.parse import quote

from rdflib import URIRef, namespace

from cio_graph.graph.periods import period_bounds
from cio_graph.graph.prefixes import PREFIXES
from cio_graph.graph.vocab import CIO as CIO_NAMESPACE
from cio_graph.graph.vocab import DATA_IRI, VOCAB_IRI


class PlainTerms:
    """The terms of an rdflib namespace as plain ``str``: fast to look up, hash and compare."""

    def __init__(self, terms: namespace.DefinedNamespaceMeta) -> None:
        self._terms = terms

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # not a term: probes such as __wrapped__ by inspect and doctest
            raise AttributeError(name)
        value = str(self._terms[name])  # a closed namespace still rejects unknown names
        setattr(self, name, value)
        return value


CIO, RDF, RDFS, XSD, SKOS, PROV, DCTERMS, OWL = (
    PlainTerms(terms)
    for terms in (
        CIO_NAMESPACE,
        namespace.RDF,
        namespace.RDFS,
        namespace.XSD,
        namespace.SKOS,
        namespace.PROV,
        namespace.DCTERMS,
        namespace.OWL,
    )
)

XSD_STRING = str(XSD.string)
XSD_INTEGER = str(XSD.integer)
XSD_BOOLEAN = str(XSD.boolean)
XSD_DATE = str(XSD.date)
XSD_GYEARMONTH = str(XSD.gYearMonth)
XSD_DECIMAL = str(XSD.decimal)


EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
LEXVO_639_3 = "http://lexvo.org/id/iso639-3/"

ACTOR_CLASSES = {"person": CIO.Person, "party": CIO.Party, "organization": CIO.Organization, "media": CIO.MediaOutlet}
ACTOR_STANCES = {
    "promoted": CIO.promotes,
    "criticized": CIO.criticizes,
    "affiliated": CIO.affiliatedWith,
    "depicted": CIO.depicts,
    "mentioned": CIO.mentions,
}
DETECTION_SOURCES = ("internal", "external")
GOVERNMENT_STANCES = ("critical", "supportive")
TACTIC_SCHEME = DATA_IRI + "tactic"


class Lit(NamedTuple):
    """A literal: lexical form and datatype IRI (``xsd:string`` for plain strings)."""

    lexical: str
    datatype: str = XSD_STRING


Term = str | Lit
Pair = tuple[str, Term]
Block = tuple[str, list[Pair]]  # a subject and its (predicate, object) pairs


def integer(value: int) -> Lit:
    return Lit(str(int(value)), XSD_INTEGER)


def boolean(value: bool) -> Lit:
    return Lit("true" if value else "false", XSD_BOOLEAN)


# Latin letters whose marks Unicode does not decompose (a stroke, a ligature), folded by hand.
UNMARKED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "þ": "th",
        "ð": "d",
    }
)


def unaccented(text: str) -> str:
    """``text`` case-folded, without accents or other marks on its letters.

    >>> unaccented("Rafał Trzaskowski, Doppelgänger")
    'rafal trzaskowski, doppelganger'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNMARKED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Lower-case, accent-free words joined by ``-`` (letters of any script are kept).

    >>> slug("Partidul Național Liberal (PNL)")
    'partidul-national-liberal-pnl'
    >>> slug("Ilan Shor"), slug("Rafał Trzaskowski")
    ('ilan-shor', 'rafal-trzaskowski')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNMARKED))
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return "-".join(kept.split())


PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+\Z")


def segment(text: str) -> str:
    """A path segment of an IRI: letters of any script kept, other unsafe characters percent-encoded."""
    if PLAIN_SEGMENT.match(text):
        return text
    return "".join(c if ord(c) > 127 else quote(c, safe="-._~") for c in text)


def mint(*parts: str) -> str:
    """An IRI under ``id:`` from path segments.

    >>> mint("actor", "person", "călin-georgescu")
    'https://w3id.org/cio-graph/id/actor/person/călin-georgescu'
    >>> mint("network", "a b/c")
    'https://w3id.org/cio-graph/id/network/a%20b%2Fc'
    """
    return DATA_IRI + "/".join(map(segment, parts))


def network_node(record_id: str) -> str:
    return mint("network", record_id)


def network_iri(record_id: str) -> URIRef:
    """IRI of a network from its record id.

    >>> str(network_iri("tiktok-2024-12-3f9a0c1b2d"))
    'https://w3id.org/cio-graph/id/network/tiktok-2024-12-3f9a0c1b2d'
    """
    return URIRef(network_node(record_id))


@cache
def report_node(report_id: str) -> str:
    return mint("report", report_id)


@cache
def country_node(code: str) -> str:
    return mint("country", code)


@cache
def language_node(code: str) -> str:
    return mint("language", code)


@cache
def region_node(name: str) -> str:
    return mint("region", slug(name))


@cache
def actor_node(actor_type: str, name: str) -> str:
    return mint("actor", actor_type, slug(name))


@cache
def tactic_node(tactic_slug: str) -> str:
    return mint("tactic", tactic_slug)


@cache
def topic_node(topic_id: str) -> str:
    return mint("topic", topic_id)


@cache
def disarm_node(disarm_id: str) -> str:
    return mint("disarm", disarm_id)


@cache
def platform_node(platform: str) -> str:
    return mint("platform", platform)


@cache
def tactic_set_node(slugs: tuple[str, ...]) -> str:
    """IRI of the set of exactly these tactics: 16 hex of sha256 of the sorted slugs joined by spaces.

    >>> tactic_set_node(("fictitious-personas", "ai-generated-content")) == tactic_set_node(
    ...     ("ai-generated-content", "fictitious-personas"))
    True
    """
    digest = hashlib.sha256(" ".join(sorted(slugs)).encode()).hexdigest()[:16]
    return mint("tactic-set", digest)


def source_node(sha256: str) -> str:
    return mint("source", sha256)


def statement_node(network: str, predicate: str, obj: Term) -> str:
    """IRI of the reified statement of ``(network, predicate, obj)``: sha256 of ``"predicate object"``."""
    value = obj.lexical if isinstance(obj, Lit) else str(obj)
    digest = hashlib.sha256(f"{predicate} {value}".encode()).hexdigest()[:16]
    return f"{network}/statement/{digest}"


def preferred(names: Counter[str]) -> str:
    """The most frequent name, ties broken alphabetically (independent of input order)."""
    return min(names, key=lambda n: (-names[n], n))


def actor_types(networks) -> dict[str, str]:
    """The one type of each actor across every record: ``slug of name -> type``.

    Reports may type the same actor differently (a party here, an organisation there); an actor
    gets one node, typed as most of its mentions type it (ties: alphabetical). Organisations that
    gave leads count as organisations.

    >>> actor_types([{"actors": [{"name": "Ilan Shor", "type": "person"}]},
    ...              {"actors": [{"name": "ILAN SHOR", "type": "organization"}, {"name": "Ilan Shor", "type": "person"}]}])
    {'ilan-shor': 'person'}
    """
    counts: dict[str, Counter[str]] = {}
    for record in networks:
        for actor in record.get("actors") or ():
            counts.setdefault(slug(actor["name"]), Counter())[actor.get("type")] += 1
        for name in record.get("leads_from") or ():
            counts.setdefault(slug(name), Counter())["organization"] += 1
    return {key: min(types, key=lambda t: (-types[t], str(t))) for key, types in counts.items()}


month_bounds = period_bounds  # first and last day of a report period (any granularity)

__all__ = [
    "DATA_IRI",
    "VOCAB_IRI",
    "PlainTerms",
    "CIO",
    "RDF",
    "RDFS",
    "XSD",
    "SKOS",
    "PROV",
    "DCTERMS",
    "OWL",
    "XSD_STRING",
    "XSD_INTEGER",
    "XSD_BOOLEAN",
    "XSD_DATE",
    "XSD_GYEARMONTH",
    "XSD_DECIMAL",
    "PREFIXES",
    "EU_COUNTRY",
    "LEXVO_639_3",
    "ACTOR_CLASSES",
    "ACTOR_STANCES",
    "DETECTION_SOURCES",
    "GOVERNMENT_STANCES",
    "TACTIC_SCHEME",
    "Lit",
    "Term",
    "Pair",
    "Block",
    "integer",
    "boolean",
    "slug",
    "segment",
    "mint",
    "network_node",
    "network_iri",
    "report_node",
    "country_node",
    "language_node",
    "region_node",
    "actor_node",
    "tactic_node",
    "topic_node",
    "disarm_node",
    "platform_node",
    "tactic_set_node",
    "source_node",
    "statement_node",
    "preferred",
    "month_bounds",
    "actor_types",
    "unaccented",
]
