"""Step 5 (graph): the triples of the nodes many networks share, written once every network is in.

Platforms, topics, countries, languages, regions, actors, tactic sets, the tactic scheme and the
DISARM framework it points to; :class:`SharedNodeTriples` is mixed into
:class:`graph.model.GraphBuilder`, which notes these nodes while it adds the networks. Labels are
chosen by :func:`graph.projection.label`, as in the other graphs.
"""

from __future__ import annotations

from collections import Counter

from cio_graph.graph import reference
from cio_graph.graph.projection import label
from cio_graph.graph.terms import (
    CIO,
    DCTERMS,
    EU_COUNTRY,
    LEXVO_639_3,
    OWL,
    RDF,
    RDFS,
    SKOS,
    TACTIC_SCHEME,
    Lit,
    country_node,
    disarm_node,
    integer,
    language_node,
    platform_node,
    tactic_node,
    tactic_set_node,
    topic_node,
)

__all__ = ["SharedNodeTriples"]


class SharedNodeTriples:
    """Mixin of :class:`graph.model.GraphBuilder`: the shared nodes and the taxonomy."""

    def add_shared_nodes(self) -> None:
        """Platforms, countries, languages, regions, actors, topics, the tactic scheme and DISARM."""
        for platform in self.platforms:
            self.add(platform_node(platform), RDF.type, CIO.Platform)
            self.add(platform_node(platform), RDFS.label, Lit(label("platform", platform)))
        for topic in self.topics:
            node = topic_node(topic)
            self.add(node, RDF.type, CIO.Topic)
            self.add(node, RDFS.label, Lit(label("topic", topic)))
            code = reference.election_country(topic)
            if code is not None:
                self.countries.add(code)
                self.add(node, CIO.electionIn, country_node(code))
        for code in self.countries:
            country = reference.country(code)
            node = country_node(code)
            for predicate, obj in (
                (RDF.type, CIO.Country),
                (RDFS.label, Lit(label("country", code))),
                (CIO.alpha2, Lit(country.alpha2)),
                (CIO.alpha3, Lit(country.alpha3)),
                (OWL.sameAs, EU_COUNTRY + country.alpha3),
            ):
                self.add(node, predicate, obj)
        for code in self.languages:
            language = reference.language(code)
            node = language_node(code)
            self.add(node, RDF.type, CIO.Language)
            self.add(node, RDFS.label, Lit(label("language", code)))
            if language.iso639_1:
                self.add(node, CIO.iso639_1, Lit(language.iso639_1))
            self.add(node, CIO.iso639_3, Lit(language.iso639_3))
            self.add(node, OWL.sameAs, LEXVO_639_3 + language.iso639_3)
        for node, names in self.region_names.items():
            self.add(node, RDF.type, CIO.Region)
            self.add(node, RDFS.label, Lit(label("region", "", names)))
        for node, names in self.actor_names.items():
            name = label("actor", "", names)
            self.add(node, RDF.type, CIO.Actor)
            self.add(node, RDF.type, self.actor_classes[node])
            self.add(node, RDFS.label, Lit(name))
            for alias in sorted((set(names) | self.actor_aliases[node]) - {name}):
                self.add(node, SKOS.altLabel, Lit(alias))
        for tactics, networks in self.tactic_sets.items():
            node = tactic_set_node(tactics)
            self.add(node, RDF.type, CIO.TacticSet)
            self.add(node, RDF.type, SKOS.Collection)
            self.add(node, CIO.networkCount, integer(networks))
            for tactic in tactics:
                self.add(node, SKOS.member, tactic_node(tactic))
        self.add_disclosure_nodes()
        self.add_taxonomy()

    def add_taxonomy(self) -> None:
        """The tactic scheme and the DISARM techniques, tactics and phases it points to."""
        self.add(TACTIC_SCHEME, RDF.type, SKOS.ConceptScheme)
        self.add(TACTIC_SCHEME, RDFS.label, Lit("cio-graph tactic taxonomy"))
        framework = reference.disarm()
        techniques: set[str] = set()
        uses: Counter[str] = Counter()
        for tactics, networks in self.tactic_sets.items():
            for tactic in tactics:
                uses[tactic] += networks
        for tactic in reference.tactics():
            node = tactic_node(tactic.slug)
            for predicate, obj in (
                (RDF.type, CIO.Tactic),
                (RDF.type, SKOS.Concept),
                (SKOS.inScheme, TACTIC_SCHEME),
                (SKOS.topConceptOf, TACTIC_SCHEME),
                (SKOS.prefLabel, Lit(label("tactic", tactic.slug))),
                (RDFS.label, Lit(label("tactic", tactic.slug))),
                (SKOS.definition, Lit(tactic.definition)),
                (CIO.networkCount, integer(uses[tactic.slug])),
            ):
                self.add(node, predicate, obj)
            self.add(TACTIC_SCHEME, SKOS.hasTopConcept, node)
            for disarm_id in tactic.disarm_ids:
                self.add(node, SKOS.notation, Lit(disarm_id))
                self.add(node, CIO.disarmTechnique, disarm_node(disarm_id))
                techniques.add(disarm_id)
        tactics = {framework.techniques[t].parent for t in techniques}
        phases = {framework.tactics[t].parent for t in tactics}
        for kind, ids, table, parent_link in (
            (CIO.DisarmTechnique, techniques, framework.techniques, CIO.disarmTactic),
            (CIO.DisarmTactic, tactics, framework.tactics, CIO.disarmPhase),
            (CIO.DisarmPhase, phases, framework.phases, None),
        ):
            for disarm_id in ids:
                item, node = table[disarm_id], disarm_node(disarm_id)
                self.add(node, RDF.type, kind)
                self.add(node, DCTERMS.identifier, Lit(item.id))
                self.add(node, RDFS.label, Lit(item.name))
                self.add(node, DCTERMS.source, reference.DISARM_URL)
                if parent_link is not None:
                    self.add(node, parent_link, disarm_node(item.parent))
