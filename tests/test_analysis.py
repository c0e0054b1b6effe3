"""networkx helpers on the bundled report, checked against the canned SPARQL queries."""

from __future__ import annotations

import pytest

from cio_graph.graph.errors import InputError
from cio_graph.queries import analysis
from cio_graph.queries.engine import run_canned


@pytest.fixture(scope="module")
def G(bundled_build):
    return analysis.load_graph(bundled_build)


def test_build_folder_and_rdf_give_the_same_graph(bundled_build, G):
    for path in (bundled_build / "graph.nt", bundled_build / "graph.ttl"):
        H = analysis.load_graph(path)
        assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
        assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
        assert H.graph == G.graph


def test_loading_a_folder_without_records_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="networks.jsonl"):
        analysis.load_graph(tmp_path)


def test_flows_agree_with_sparql(bundled_build, G):
    assert analysis.cross_border_flows(G) == run_canned("cross-border-flows", graph=bundled_build).records()


@pytest.mark.parametrize("min_shared, max_share", [(2, 0.5), (1, 0.5), (2, 1.0), (1, 1.0)])
def test_shared_tactics_agree_with_sparql(bundled_build, G, min_shared, max_share):
    params = {"min_shared": str(min_shared), "max_share": str(max_share), "limit": "100000"}
    rows = run_canned("shared-tactics", params, graph=bundled_build).rows
    expected = analysis.networks_sharing_tactics(G, min_shared, max_share)
    assert [(a, b, t.split(", ")) for a, b, _, t in rows] == expected
    assert expected


def test_timeline_and_cooccurrence_agree_with_sparql(bundled_build, G):
    assert analysis.timeline(G) == run_canned("monthly-timeline", graph=bundled_build).records()
    sparql = run_canned("tactic-co-occurrence", {"min_networks": "1"}, graph=bundled_build).records()
    pairs = {(r["tactic_a"], r["tactic_b"]): r["networks"] for r in sparql}
    assert {(r["tactic_a"], r["tactic_b"]): r["networks"] for r in analysis.tactic_cooccurrence(G)} == pairs


def test_country_profile_agrees_with_sparql(bundled_build, G):
    for country in ("RO", "MD", "RU"):
        profile = analysis.country_profile(G, country)
        rows = run_canned("country-profile", {"country": country}, graph=bundled_build).records()
        by_facet = {(r["facet"], r["value"]): r["networks"] for r in rows}
        assert profile["targeted"] == by_facet.get(("targeted", country), 0)
        assert profile["operated_from"] == by_facet.get(("operated from", country), 0)
        assert profile["foreign_origins"] == {
            value: n for (facet, value), n in by_facet.items() if facet.startswith("foreign")
        }
        assert profile["tactics"] == {
            value: n for (facet, value), n in by_facet.items() if facet == "tactic used against it"
        }


def test_idf_similarity_discounts_the_common_tactic(G):
    weights = analysis.tactic_weights(G)
    assert min(weights, key=weights.get) == "inauthentic-accounts"
    common_only = [
        (a, b)
        for a in analysis.networks(G)
        for b in analysis.networks(G)
        if a < b and analysis.shared_tactics(G, a, b) == ["inauthentic-accounts"]
    ]
    a, b = common_only[0]
    assert analysis.tactic_similarity(G, a, b, "idf") < analysis.tactic_similarity(G, a, b, "jaccard")


def test_communities_cover_every_network_and_are_reproducible(G):
    communities = analysis.tactic_communities(G)
    assert sorted(n for c in communities for n in c) == analysis.networks(G)
    assert analysis.tactic_communities(G) == communities
    assert len(communities[0]) > 1


def test_centrality_puts_the_commonest_tactic_first(G):
    ranked = analysis.centrality(G, "tactic")
    assert ranked[0][0] == "inauthentic-accounts"
    assert analysis.centrality(G, "tactic", "betweenness")[0][0] == "inauthentic-accounts"
    actors = analysis.centrality(G, "actor", "closeness")
    assert actors and all(0 <= score <= 1 for _, score in actors)
    with pytest.raises(ValueError):
        analysis.centrality(G, "tactic", "pagerank")
