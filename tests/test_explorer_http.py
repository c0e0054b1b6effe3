"""The explorer over HTTP (Starlette TestClient): pages, JSON and CSV by suffix and Accept, faceted list,
canned-query permalinks next to the unchanged API, escaping, bounds; every page strictly well-formed."""

from __future__ import annotations

import copy
import csv
import io
import json
from urllib.parse import unquote

import html5lib
import pytest
from starlette.testclient import TestClient

from cio_graph.graph.build import read_jsonl
from cio_graph.queries.service import create_app
from tests.test_cross_platform import GOOGLE, META, TIKTOK, build, records

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
HOSTILE = 'Accounts <script>alert(1)</script> & <b>bold</b> "quoted" =SUM(1)'


def parse(text: str):
    """The document, parsed strictly (any parse error, such as an unclosed or stray tag, raises)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


@pytest.fixture(scope="module")
def client(default_build):
    with TestClient(create_app(default_build, timeout=10)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def cross_client(tmp_path_factory):
    reports, networks = records()
    networks = copy.deepcopy(networks)
    hostile = next(n for n in networks if n["id"] == TIKTOK)
    hostile["title"] = HOSTILE
    folder = build(tmp_path_factory.mktemp("explorer-cross"), reports, networks)
    with TestClient(create_app(folder, timeout=10)) as test_client:
        yield test_client


def page(client, url: str):
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    return parse(response.text)


def links(document) -> list[str]:
    return [a.get("href") for a in document.iter("a")]


def test_every_kind_of_page_is_well_formed_and_linked(client, default_build):
    networks = read_jsonl(default_build / "networks.jsonl")
    record = next(n for n in networks if n["actors"] and n["tactics"] and n["target_countries"])
    home = page(client, "/explore")
    assert any(href.startswith("/network/") for href in links(home))
    network = page(client, f"/network/{record['id']}")
    hrefs = links(network)
    code = record["target_countries"][0]["code"]
    actor = record["actors"][0]
    tactic = record["tactics"][0]["id"]
    for expected in (f"/country/{code}", f"/tactic/{tactic}", f"/platform/{record['platform']}"):
        assert expected in hrefs
    actor_href = next(href for href in hrefs if href.startswith(f"/actor/{actor['type']}/"))
    for url in (
        f"/country/{code}",
        actor_href,
        f"/tactic/{tactic}",
        f"/platform/{record['platform']}",
        "/networks",
        "/networks?platform=meta&sort=followers&order=desc",
        "/queries/largest-networks",
    ):
        document = page(client, url)
        assert f"/network/{record['id']}" in links(document) or url.startswith(("/networks?", "/queries"))


def test_network_page_marks_evidence_and_links_disarm(client, default_build):
    record = next(n for n in read_jsonl(default_build / "networks.jsonl") if n["tactics"] and n["description"])
    document = page(client, f"/network/{record['id']}")
    marks = {(m.get("title"), "".join(m.itertext())) for m in document.iter("mark") if m.get("title")}
    for tactic in record["tactics"]:
        assert any(tactic["evidence"] in text and "tactic:" in title for title, text in marks)
    disarm = [href for href in links(document) if "DISARMframeworks" in href]
    assert disarm and all(
        href.startswith("https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/T")
        for href in disarm
    )


def test_data_by_suffix_and_by_accept(client, default_build):
    record = read_jsonl(default_build / "networks.jsonl")[0]
    url = f"/network/{record['id']}"
    by_suffix = client.get(url + ".json").json()
    by_accept = client.get(url, headers={"Accept": "application/json"}).json()
    assert by_suffix == by_accept
    assert by_suffix["id"] == record["id"] and by_suffix["origin_countries"] == record["origin_countries"]
    facts = list(csv.DictReader(io.StringIO(client.get(url, headers={"Accept": "text/csv"}).text)))
    assert facts == list(csv.DictReader(io.StringIO(client.get(url + ".csv").text)))
    assert {row["kind"] for row in facts} >= {"origin"}
    country = client.get("/country/RU.json").json()
    assert country["code"] == "RU" and country["from"]
    table = list(csv.DictReader(io.StringIO(client.get("/country/ru.csv").text)))
    assert {row["relation"] for row in table} <= {"from", "against", "domestic"}
    assert len(table) == sum(len(country[key]) for key in ("from", "against", "domestic"))
    assert client.get(url, headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/explore.json").json()["networks"] == len(read_jsonl(default_build / "networks.jsonl"))


def test_unknown_things_are_404_pages(client):
    for url in (
        "/network/nope",
        "/country/ZZ",
        "/actor/person/nobody-at-all",
        "/tactic/nope",
        "/operation/nope",
        "/platform/nope",
        "/queries/nope",
    ):
        response = client.get(url, headers=HTML)
        assert response.status_code == 404, url
        parse(response.text)


def test_networks_csv_and_json_are_what_the_page_shows(client):
    query = "?platform=tiktok&sort=followers&order=desc&per_page=7&page=2"
    document = page(client, "/networks" + query)
    shown = [tr.get("data-id") for tr in document.iter("tr") if tr.get("data-id")]
    assert len(shown) == 7
    table = list(csv.DictReader(io.StringIO(client.get("/networks.csv" + query).text)))
    assert [row["id"] for row in table] == shown
    data = client.get("/networks.json" + query).json()
    assert [row["id"] for row in data["networks"]] == shown
    assert data["page"] == 2 and data["per_page"] == 7 and data["total"] > 7
    download = next(href for href in links(document) if href.startswith("/networks.csv?"))
    assert [row["id"] for row in csv.DictReader(io.StringIO(client.get(download).text))] == shown


def test_facets_count_and_filter(client):
    data = client.get("/networks.json?platform=tiktok").json()
    origin = data["facets"]["origin"][0]
    narrowed = client.get(f"/networks.json?platform=tiktok&origin={origin['value']}").json()
    assert narrowed["total"] == origin["networks"]
    document = page(client, "/networks?platform=tiktok")
    facet_links = [a.get("href") for a in document.iter("a") if a.get("data-value") == origin["value"]]
    assert f"/networks?platform=tiktok&origin={origin['value']}" in facet_links


@pytest.mark.parametrize("query", ["?per_page=100000", "?page=-1", "?bogus=1", "?sort=secret", "?q=" + "x" * 300])
def test_unbounded_parameters_are_400(client, query):
    response = client.get("/networks" + query, headers=HTML)
    assert response.status_code == 400
    parse(response.text)
    assert client.get("/networks.json" + query).status_code == 400


def test_pages_are_deterministic(client):
    first = client.get("/networks?sort=title", headers=HTML).text
    assert first == client.get("/networks?sort=title", headers=HTML).text
    assert client.get("/explore.json").text == client.get("/explore.json").text


def test_canned_api_unchanged_for_other_clients(client):
    plain = client.get("/queries/largest-networks")
    assert plain.headers["content-type"].startswith("application/json")
    assert plain.json()["columns"]
    assert client.get("/queries/largest-networks", headers={"Accept": "*/*"}).json() == plain.json()
    assert (
        client.get("/queries/largest-networks", headers={"Accept": "text/csv"})
        .headers["content-type"]
        .startswith("text/csv")
    )
    assert client.get("/queries/largest-networks.json", headers=HTML).json() == plain.json()


def test_canned_permalink_page(client):
    api = client.get("/queries/largest-networks.json?limit=4").json()
    document = page(client, "/queries/largest-networks?limit=4")
    table = next(t for t in document.iter("table") if t.get("id") == "result")
    headers = ["".join(th.itertext()) for th in table.iter("th")]
    assert headers == api["columns"]
    body = [["".join(td.itertext()) for td in tr.iter("td")] for tr in table.iter("tr")][1:]
    assert [row[0] for row in body] == [row[api["columns"][0]] for row in api["rows"]]
    hrefs = links(document)
    assert "/queries/largest-networks.csv?limit=4" in hrefs
    editor = next(href for href in hrefs if href.startswith("/#query="))
    assert "LIMIT 4" in unquote(editor.removeprefix("/#query="))
    assert f"/network/{api['rows'][0]['network']}" in hrefs


def test_canned_permalink_bad_parameter(client):
    response = client.get("/queries/largest-networks?limit=ten", headers=HTML)
    assert response.status_code == 400
    document = parse(response.text)
    assert "expected an integer" in "".join(document.itertext())
    assert client.get("/queries/largest-networks?limit=ten").status_code == 400


def test_hostile_text_is_escaped_everywhere(cross_client):
    for url in (f"/network/{TIKTOK}", "/networks", "/country/DE", f"/network/{META}", "/explore"):
        response = cross_client.get(url, headers=HTML)
        assert response.status_code == 200
        document = parse(response.text)
        assert not list(document.iter("script")) and not list(document.iter("b")), url
        assert HOSTILE in "".join(document.itertext()) or url == "/explore"
    table = list(csv.DictReader(io.StringIO(cross_client.get("/networks.csv?q=alert").text)))
    assert [row["title"] for row in table] == [HOSTILE]
    hostile_csv = "'" + HOSTILE
    assert hostile_csv not in cross_client.get("/networks.csv?q=alert").text  # starts with "A": not a formula
    assert json.loads(cross_client.get(f"/network/{TIKTOK}.json").text)["title"] == HOSTILE


def test_cross_platform_links_on_the_network_page(cross_client):
    document = page(cross_client, f"/network/{META}")
    table = next(t for t in document.iter("table") if t.get("id") == "links")
    rows = {
        tr.find(".//a").get("href"): (tr.get("class") or "", "".join(tr.itertext()))
        for tr in table.iter("tr")
        if tr.find(".//a") is not None
    }
    assert "cross-platform" in rows[f"/network/{GOOGLE}"][0]
    assert "stated" in rows[f"/network/{GOOGLE}"][1] and "doppelganger" in rows[f"/network/{GOOGLE}"][1].casefold()
    assert "inferred" in rows[f"/network/{TIKTOK}"][1]
    operation = page(cross_client, "/operation/doppelganger")
    assert {f"/network/{META}", f"/network/{GOOGLE}"} <= set(links(operation))


def test_network_page_shows_figures(client, default_build):
    record = next(n for n in read_jsonl(default_build / "networks.jsonl") if n["ad_spend"] and n["assets"])
    text = "".join(page(client, f"/network/{record['id']}").itertext())
    assert "Ad spend" in text and "Assets" in text
    assert f"{record['accounts']:,}" in text


def test_permalink_query_string_is_bounded(default_build):
    with TestClient(create_app(default_build, timeout=10, workers=1, max_request_bytes=2000)) as small:
        response = small.get("/queries/search-descriptions?text=" + "x" * 3000, headers=HTML)
        assert response.status_code == 413
        parse(response.text)
        assert small.get("/queries/search-descriptions?text=russia", headers=HTML).status_code == 200


@pytest.mark.parametrize("url", ["/tactic/inauthentic-accounts", "/platform/tiktok", "/operation/endless-mayfly"])
def test_thing_json_and_csv_agree(client, url):
    data = client.get(url + ".json").json()
    table = list(csv.DictReader(io.StringIO(client.get(url, headers={"Accept": "text/csv"}).text)))
    assert [row["id"] for row in table] == [row["id"] for row in data["networks"]] != []
    assert client.get(url, headers={"Accept": "application/json"}).json() == data


def test_dataset_follows_a_rebuilt_folder(tmp_path):
    from cio_graph.queries.explorer.views import DatasetCache

    reports, networks = records()
    folder = build(tmp_path / "b", reports, networks)
    cache = DatasetCache(folder)
    assert len(cache.get().networks) == len(networks)
    assert cache.get() is cache.get()
    lines = (folder / "networks.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "networks.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    assert len(cache.get().networks) == 1


def test_links_list_and_downloads(cross_client):
    document = page(cross_client, "/links?cross=true")
    rows = [tr for tr in document.iter("tr") if tr.get("class") == "cross-platform"]
    assert len(rows) == 2
    table = list(csv.DictReader(io.StringIO(cross_client.get("/links.csv?cross=true").text)))
    assert [(row["a"], row["b"]) for row in table] == [
        (r["a"], r["b"]) for r in cross_client.get("/links.json?cross=true").json()["links"]
    ]
    assert all(row["cross_platform"] == "true" for row in table)
    assert f"/links?network={META}" in links(page(cross_client, f"/network/{META}"))
    assert cross_client.get("/links?kind=maybe", headers=HTML).status_code == 400
    assert cross_client.get("/links.json?bogus=1").status_code == 400
