"""The canned SPARQL library, its parameters, both engines and the query commands."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from cio_graph.graph.build import read_jsonl
from cio_graph.graph.errors import InputError
from cio_graph.graph.export.ntriples import write_ntriples
from cio_graph.graph.model import graph_blocks
from cio_graph.graph.reference import tactics
from cio_graph.queries.cli import cli
from cio_graph.queries.engine import ENGINES, Result, format_result, graph_file, run_canned, run_sparql
from cio_graph.queries.library import QUERY_DIR, list_queries, load_query, parse_query_file

SMALL = Path(__file__).parent / "fixtures" / "queries_small.ttl"
REQUIRED = {"cross-border-flows", "shared-tactics", "country-profile", "tactic-frequency", "monthly-timeline"}


@pytest.fixture(scope="module")
def networks(bundled_build) -> list[dict]:
    return read_jsonl(bundled_build / "networks.jsonl")


@pytest.fixture(scope="module")
def reports(bundled_build) -> list[dict]:
    return read_jsonl(bundled_build / "reports.jsonl")


def codes(items: list[dict]) -> list[str]:
    return [item["code"] for item in items]


# --- the library --------------------------------------------------------------------------


def test_library_has_the_required_queries_with_headers():
    queries = list_queries()
    assert len(queries) >= 15
    assert REQUIRED <= {q.name for q in queries}
    for query in queries:
        assert query.title and query.description
        assert query.path == QUERY_DIR / f"{query.name}.rq"
        assert "ORDER BY" in query.text, f"{query.name} has no ORDER BY"


def test_parameters_are_typed_by_their_default():
    params = {p.name: p for p in load_query("shared-tactics").params}
    assert (params["min_shared"].type, params["min_shared"].default) == ("integer", 2)
    assert params["max_share"].type == "decimal"
    assert load_query("country-profile").params[0].type == "string"


def test_binding_replaces_variables_outside_literals_and_comments():
    text = load_query("shared-tactics").bind({"limit": "7", "max_share": "1"})
    assert "LIMIT 7" in text and "?limit" not in text.split("# title")[0]
    assert "?max_share" not in text
    assert "1.0 * ?total" in text


def test_string_parameters_cannot_escape_their_literal():
    hostile = '"} } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
    for engine in ENGINES:
        result = run_canned("search-descriptions", {"text": hostile}, SMALL, engine)
        assert result.rows == []


def test_bad_parameters_are_input_errors():
    with pytest.raises(InputError, match="expected an integer"):
        load_query("shared-tactics").bind({"min_shared": "two"})
    with pytest.raises(InputError, match="unknown parameter 'foo'"):
        load_query("shared-tactics").bind({"foo": "1"})
    with pytest.raises(InputError, match="no such canned query"):
        load_query("no-such-query")
    with pytest.raises(InputError, match="no such canned query"):
        load_query("../graph/shapes")


def test_malformed_headers_are_input_errors(tmp_path):
    (tmp_path / "untitled.rq").write_text("# description: x\nSELECT * { ?s ?p ?o } ORDER BY ?s\n")
    with pytest.raises(InputError, match="title"):
        parse_query_file(tmp_path / "untitled.rq")
    (tmp_path / "unused.rq").write_text("# title: T\n# description: D\n# param: k = 1 -- k\nSELECT * { ?s ?p ?o }\n")
    with pytest.raises(InputError, match="not used"):
        parse_query_file(tmp_path / "unused.rq")
    (tmp_path / "bad.rq").write_text("# title: T\n# description: D\n# param: k = RO -- k\nSELECT * { ?k ?p ?o }\n")
    with pytest.raises(InputError, match="bad.rq:3"):
        parse_query_file(tmp_path / "bad.rq")


# --- the engine ---------------------------------------------------------------------------


def test_graph_file_accepts_folders_and_files(bundled_build, tmp_path):
    assert graph_file(bundled_build).name == "graph.nt"
    assert graph_file(bundled_build / "graph.ttl").name == "graph.ttl"
    with pytest.raises(InputError, match="cio-graph build"):
        graph_file(tmp_path)
    with pytest.raises(InputError, match="no such graph"):
        graph_file(tmp_path / "missing.nt")


def test_syntax_errors_name_the_source():
    with pytest.raises(InputError, match="<query>: SPARQL syntax error"):
        run_sparql("SELECT ?x WHERE { ?x", SMALL)
    with pytest.raises(InputError, match="SPARQL syntax error"):
        run_sparql("SELECT ?x WHERE { ?x", SMALL, engine="rdflib")


def test_small_fixture_flows_on_both_engines():
    for engine in ENGINES:
        result = run_canned("cross-border-flows", graph=SMALL, engine=engine)
        assert result.rows == [("RU", "DE", 2, 2300, 370000), ("MD", "RO", 1, 68, 2)]


def test_formats():
    result = Result(["origin", "share"], [("RU", 0.25), ("CN", None)])
    assert format_result(result, "tsv") == "origin\tshare\nRU\t0.25\nCN\t\n"
    assert json.loads(format_result(result, "json"))["rows"][1] == {"origin": "CN", "share": None}
    with pytest.raises(InputError, match="unknown format"):
        format_result(result, "xml")


@pytest.mark.parametrize("name", sorted(q.name for q in list_queries()))
def test_every_query_gives_the_same_rows_on_both_engines(bundled_build, name):
    oxigraph = run_canned(name, graph=bundled_build)
    rdflib = run_canned(name, graph=bundled_build, engine="rdflib")
    assert oxigraph.columns == rdflib.columns
    assert normalised(oxigraph) == normalised(rdflib)


def normalised(result: Result) -> list[tuple]:
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in result.rows]


# Queries about what only several platforms' disclosures hold (named operations, links across
# platforms) are checked on a small cross-platform build below.
CROSS_PLATFORM = {"cross-platform-links", "operations"}


def test_queries_return_rows_on_the_bundled_report(bundled_build):
    empty = [
        q.name
        for q in list_queries()
        if q.name not in CROSS_PLATFORM and not run_canned(q.name, graph=bundled_build).rows
    ]
    assert len(empty) <= 2, empty


@pytest.fixture(scope="module")
def cross_build(tmp_path_factory) -> Path:
    from tests.test_cross_platform import build, records

    return build(tmp_path_factory.mktemp("cross-queries"), *records())


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_query_runs_alike_on_both_engines_across_platforms(cross_build, name):
    oxigraph = run_canned(name, graph=cross_build)
    assert normalised(oxigraph) == normalised(run_canned(name, graph=cross_build, engine="rdflib"))


def test_cross_platform_links_have_two_platforms_and_evidence(cross_build):
    rows = run_canned("cross-platform-links", graph=cross_build).records()
    assert rows and all(r["network_platform"] != r["other_platform"] and r["evidence"] for r in rows)
    assert {(r["link_kind"], r["score"]) for r in rows} == {("stated", 1), ("inferred", 0.95)}
    inferred = run_canned("cross-platform-links", {"kind": "inferred"}, graph=cross_build).records()
    assert [r["other_network"] for r in inferred] == ["tiktok-2024-03-aaaaaaaaaa"]
    assert run_canned("cross-platform-links", {"platform": "tiktok"}, graph=cross_build).records() == inferred
    assert not run_canned("cross-platform-links", {"min_score": "1.5"}, graph=cross_build).rows


def test_indicators_lists_every_indicator_once(cross_build):
    rows = run_canned("indicators", graph=cross_build).records()
    listed = {ioc["value"] for n in read_jsonl(cross_build / "networks.jsonl") for ioc in n["iocs"]}
    assert len(rows) == 4 == len({r["value"] for r in rows})
    shared = next(r for r in rows if r["networks"] == 2)
    assert shared["indicator_type"] == "domain" and shared["value"] in listed
    accounts = run_canned("indicators", {"type": "account"}, graph=cross_build).records()
    assert {(r["on_platform"], r["handle"]) for r in accounts} == {("TikTok", "dopp_de"), ("X", "dopp_news")}


def test_operations_and_platform_overview(cross_build):
    operations = run_canned("operations", graph=cross_build).records()
    assert operations[0]["platforms"] == 2 and operations[0]["networks"] == 2
    assert (operations[0]["first_period"], operations[0]["last_period"]) == ("2024-H1", "2024-Q2")
    overview = {
        (r["platform_name"], r["period"]): r for r in run_canned("platform-overview", graph=cross_build).records()
    }
    assert overview[("Meta", "2024-H1")]["networks"] == 2 and overview[("Meta", "2024-H1")]["reports"] == 2
    assert overview[("Google", "2024-Q2")]["networks_with_followers"] == 0
    assert overview[("Meta", "2024-H1")]["indicators"] == 4
    only = run_canned("platform-overview", {"platform": "google"}, graph=cross_build).records()
    assert [r["granularity"] for r in only] == ["quarter"]
    timeline = run_canned("monthly-timeline", graph=cross_build).records()
    assert {r["granularity"] for r in timeline} == {"month", "quarter", "half"}


# --- agreement with the records -----------------------------------------------------------


def test_cross_border_flows_match_the_records(bundled_build, networks):
    expected = defaultdict(lambda: [0, 0, 0])
    for network in networks:
        for origin in set(codes(network["origin_countries"])):
            for target in set(codes(network["target_countries"])) - {origin}:
                row = expected[(origin, target)]
                row[0] += 1
                row[1] += network["accounts"]
                row[2] += network["followers"]
    result = run_canned("cross-border-flows", graph=bundled_build)
    assert result.columns == ["origin", "target", "networks", "accounts", "followers"]
    assert {(o, t): [n, a, f] for o, t, n, a, f in result.rows} == dict(expected)
    assert expected, "the bundled report has cross-border networks"


def test_monthly_timeline_matches_the_records(bundled_build, networks, reports):
    result = run_canned("monthly-timeline", graph=bundled_build)
    by_month = {row[0]: row[1:] for row in result.rows}
    assert sorted(by_month) == sorted({n["period"] for n in networks})
    for month, (granularity, count, accounts, followers, returning) in by_month.items():
        assert granularity == "month"
        mine = [n for n in networks if n["period"] == month]
        assert (count, accounts, followers) == (
            len(mine),
            sum(n["accounts"] for n in mine),
            sum(n["followers"] for n in mine),
        )
        figures = [r["reestablishing_accounts_removed"] for r in reports if r["period"] == month]
        given = [f for f in figures if f is not None]
        assert returning == (sum(given) if given else None)


def test_tactic_frequency_matches_the_records(bundled_build, networks):
    counts = Counter(t["id"] for n in networks for t in {t["id"]: t for t in n["tactics"]}.values())
    result = run_canned("tactic-frequency", graph=bundled_build)
    assert {r["tactic"]: r["networks"] for r in result.records()} == dict(counts)
    assert all(r["disarm"].startswith("T0") for r in result.records())
    assert result.column("networks") == sorted(result.column("networks"), reverse=True)


def test_country_profile_matches_the_records(bundled_build, networks):
    country = Counter(c for n in networks for c in set(codes(n["target_countries"]))).most_common(1)[0][0]
    result = run_canned("country-profile", {"country": country.lower()}, graph=bundled_build)
    facts = {(r["facet"], r["value"]): r["networks"] for r in result.records()}
    targeting = [n for n in networks if country in codes(n["target_countries"])]
    assert facts[("targeted", country)] == len(targeting)
    for tactic, count in Counter(t["id"] for n in targeting for t in n["tactics"]).items():
        assert facts[("tactic used against it", tactic)] == count


def test_search_is_case_insensitive_and_matches_the_records(bundled_build, networks):
    result = run_canned("search-descriptions", {"text": "ROMANIAN"}, graph=bundled_build)
    expected = {n["id"] for n in networks if "romanian" in f"{n['title']} {n['description']}".lower()}
    assert set(result.column("network")) == expected and expected


def shared_tactics_brute_force(networks: list[dict], min_shared: int, max_share: float, limit: int) -> list:
    """The rows shared-tactics must give, from comparing every pair of networks."""
    total = len(networks)
    uses = Counter(t for n in networks for t in {t["id"] for t in n["tactics"]})
    kept = {t for t, c in uses.items() if c <= max_share * total}
    tactic_sets = {n["id"]: {t["id"] for t in n["tactics"]} & kept for n in networks}
    pairs = {}
    for a, b in combinations(sorted(tactic_sets), 2):
        shared = tactic_sets[a] & tactic_sets[b]
        if shared and len(shared) >= min_shared:
            pairs[(a, b)] = (len(shared), ", ".join(sorted(shared)))
    return sorted(pairs.items(), key=lambda item: (-item[1][0], item[0]))[:limit]


def test_shared_tactics_match_a_brute_force_count(bundled_build, networks):
    for min_shared, max_share in ((2, 0.5), (1, 0.5), (2, 1.0)):
        expected = shared_tactics_brute_force(networks, min_shared, max_share, 1000)
        result = run_canned(
            "shared-tactics",
            {"min_shared": str(min_shared), "max_share": str(max_share), "limit": "1000"},
            graph=bundled_build,
        )
        assert [((a, b), (n, t)) for a, b, n, t in result.rows] == expected


@pytest.fixture(scope="module")
def many_networks(tmp_path_factory) -> tuple[list[dict], Path]:
    """400 networks drawing their tactics from a few popular combinations (so pairs share a lot),
    and their graph as N-Triples."""
    rng = random.Random(7)
    slugs = [t.slug for t in tactics()][:9]
    combos = [rng.sample(slugs, rng.randint(1, 6)) for _ in range(40)]
    networks = []
    for i in range(400):
        chosen = rng.choice(combos) if rng.random() < 0.8 else rng.sample(slugs, rng.randint(0, 5))
        networks.append(
            {
                "id": f"tiktok-2024-01-{i:04d}",
                "platform": "tiktok",
                "period": "2024-01",
                "row": i + 1,
                "detection_source": "internal",
                "accounts": 1,
                "followers": 0,
                "title": f"N{i}",
                "tactics": [{"id": slug, "evidence": slug} for slug in chosen],
            }
        )
    path = write_ntriples(graph_blocks([], networks), tmp_path_factory.mktemp("many") / "graph.nt")
    return networks, path


@pytest.mark.parametrize(
    "min_shared, max_share, limit",
    [
        (2, 0.5, 50),
        (2, 1.0, 7),
        (3, 1.0, 300),
        (1, 0.4, 25),
        (0, 0.5, 10),
        (5, 1.0, 3),
        (2, 0.3, 1),
        (2, 0.5, 0),
    ],
)
def test_shared_tactics_ranks_pairs_of_many_networks_like_a_brute_force(many_networks, min_shared, max_share, limit):
    networks, graph = many_networks
    expected = shared_tactics_brute_force(networks, min_shared, max_share, limit)
    result = run_canned(
        "shared-tactics", {"min_shared": str(min_shared), "max_share": str(max_share), "limit": str(limit)}, graph=graph
    )
    assert [((a, b), (n, t)) for a, b, n, t in result.rows] == expected
    assert len(expected) == limit or limit > 100


def test_shared_tactics_gives_the_same_pairs_on_rdflib(many_networks):
    params = {"min_shared": "3", "limit": "20"}
    assert (
        run_canned("shared-tactics", params, many_networks[1], "rdflib").rows
        == run_canned("shared-tactics", params, many_networks[1]).rows
    )


# --- the commands -------------------------------------------------------------------------


def test_query_command_lists_and_runs(bundled_build):
    runner = CliRunner()
    listed = runner.invoke(cli, ["query", "--list", "--format", "json"])
    assert listed.exit_code == 0
    assert REQUIRED <= {q["name"] for q in json.loads(listed.output)}
    ran = runner.invoke(cli, ["query", "cross-border-flows", "--graph", str(bundled_build), "--format", "csv"])
    assert ran.exit_code == 0 and ran.output.startswith("origin,target,networks,accounts,followers\n")
    bound = runner.invoke(
        cli, ["query", "largest-networks", "--param", "limit=3", "--graph", str(bundled_build), "--format", "json"]
    )
    assert len(json.loads(bound.output)["rows"]) == 3


def test_query_command_errors_are_one_line(bundled_build):
    runner = CliRunner()
    unknown = runner.invoke(cli, ["query", "no-such", "--graph", str(bundled_build)])
    assert unknown.exit_code == 1 and "no such canned query" in unknown.output
    bad = runner.invoke(cli, ["query", "largest-networks", "--param", "limit=many", "--graph", str(bundled_build)])
    assert bad.exit_code == 1 and "expected an integer" in bad.output
    malformed = runner.invoke(cli, ["query", "largest-networks", "--param", "limit"])
    assert malformed.exit_code == 2 and "KEY=VALUE" in malformed.output


def test_sparql_command_reads_text_and_files(bundled_build, tmp_path, networks):
    runner = CliRunner()
    query = "SELECT (COUNT(?n) AS ?networks) WHERE { ?n a cio:Network }"
    ran = runner.invoke(cli, ["sparql", query, "--graph", str(bundled_build), "--format", "csv"])
    assert ran.output == f"networks\n{len(networks)}\n"
    (tmp_path / "count.rq").write_text(query)
    from_file = runner.invoke(
        cli,
        ["sparql", str(tmp_path / "count.rq"), "--graph", str(bundled_build), "--format", "csv", "--engine", "rdflib"],
    )
    assert from_file.output == ran.output
    broken = runner.invoke(cli, ["sparql", "SELECT ?x WHERE {", "--graph", str(bundled_build)])
    assert broken.exit_code == 1 and "SPARQL syntax error" in broken.output


@pytest.mark.parametrize(
    "name, key",
    [
        ("cross-border-flows", ("origin", "target")),
        ("origin-countries", ("origin",)),
        ("tactic-frequency", ("tactic",)),
    ],
)
def test_platform_parameter_splits_the_counts(default_build, name, key):
    def counts(platform: str) -> Counter:
        rows = run_canned(name, {"platform": platform}, graph=default_build).records()
        return Counter({tuple(r[k] for k in key): r["networks"] for r in rows})

    everything, tiktok, meta = counts(""), counts("tiktok"), counts("meta")
    assert tiktok and meta and tiktok + meta == everything
    assert not counts("no-such-platform")
