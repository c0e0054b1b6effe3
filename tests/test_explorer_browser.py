"""The explorer in a real headless Chromium (Debian's chromium and chromium-driver, driven by selenium),
served by a real uvicorn on 127.0.0.1. Every page visited must leave no error in Chromium's console.

These tests fail, never skip, when Chromium is missing: CI must install it (``make browser``).
"""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from cio_graph.queries.service import create_app
from tests.chromium import chromium, wait
from tests.test_cross_platform import GOOGLE, META, TIKTOK, build, records
from tests.test_service import running_server


@pytest.fixture(scope="module")
def bundled_url(default_build):
    with running_server(create_app(default_build, timeout=10)) as base:
        yield base


@pytest.fixture(scope="module")
def cross_url(tmp_path_factory):
    folder = build(tmp_path_factory.mktemp("explorer-walk"), *records())
    with running_server(create_app(folder, timeout=10)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-explorer-profile")) as driver:
        yield driver


def no_console_errors(browser) -> None:
    """Chromium's console since the last call holds no error (failed loads and CSP violations included)."""
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == [], errors


def visit(browser, url: str) -> None:
    browser.get(url)
    wait(browser).until(lambda b: b.execute_script("return document.readyState") == "complete")
    no_console_errors(browser)


def click(browser, element) -> None:
    """Click a link and wait for the next page to load."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    wait(browser).until(expected_conditions.staleness_of(old))
    wait(browser).until(lambda b: b.execute_script("return document.readyState") == "complete")
    no_console_errors(browser)


def shown_ids(browser) -> list[str]:
    return [row.get_attribute("data-id") for row in browser.find_elements(By.CSS_SELECTOR, "#network-list tbody tr")]


def fetch_text(browser, url: str) -> str:
    """The body of ``url`` fetched by the page itself (as a download link would get it)."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('failed: ' + e));",
        url,
    )


def test_network_page_shows_highlighted_evidence(browser, bundled_url, default_build, tmp_path):
    from cio_graph.graph.build import read_jsonl

    record = next(n for n in read_jsonl(default_build / "networks.jsonl") if n["tactics"] and n["description"])
    visit(browser, f"{bundled_url}/network/{record['id']}")
    marks = browser.find_elements(By.CSS_SELECTOR, "#description mark[title]")
    assert marks
    titles = [mark.get_attribute("title") for mark in marks]
    assert any(title.startswith("tactic: ") for title in titles)
    evidence = record["tactics"][0]["evidence"]
    assert any(evidence in mark.text for mark in marks)
    assert marks[0].value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    disarm = browser.find_elements(By.CSS_SELECTOR, "#tactics a.disarm")
    assert disarm and disarm[0].get_attribute("href").startswith("https://github.com/DISARMFoundation/")
    browser.save_screenshot(str(tmp_path / "network.png"))
    assert (tmp_path / "network.png").stat().st_size > 0


def test_a_facet_filters_the_list(browser, bundled_url):
    visit(browser, f"{bundled_url}/networks")
    before = len(shown_ids(browser))
    link = browser.find_element(By.CSS_SELECTOR, '.facet[data-facet="origin"] a[data-value]')
    code = link.get_attribute("data-value")
    expected = int(link.find_element(By.XPATH, "following-sibling::span").text)
    click(browser, link)
    assert f"origin={code}" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#network-list tbody tr")
    assert len(rows) == expected < before
    for row in rows:
        assert code in row.find_elements(By.TAG_NAME, "td")[5].text
    chips = browser.find_element(By.ID, "filters").text
    assert "origin:" in chips


def test_csv_download_matches_what_is_shown(browser, bundled_url):
    visit(browser, f"{bundled_url}/networks?platform=tiktok&sort=followers&order=desc&per_page=10&page=2")
    shown = shown_ids(browser)
    assert len(shown) == 10
    href = browser.find_element(By.CSS_SELECTOR, "#summary a.download[href*='.csv']").get_attribute("href")
    lines = fetch_text(browser, href).splitlines()
    assert lines[0].startswith("id,title,")
    assert [line.split(",")[0] for line in lines[1:]] == shown
    titles = [
        row.find_element(By.CSS_SELECTOR, "td a").text
        for row in browser.find_elements(By.CSS_SELECTOR, "#network-list tbody tr")
    ]
    assert all(title.split(",")[0] in line for title, line in zip(titles, lines[1:]))


def test_sorting_by_a_column_header(browser, bundled_url):
    visit(browser, f"{bundled_url}/networks")
    click(browser, browser.find_element(By.LINK_TEXT, "followers"))
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "followers"))
    assert "sort=followers" in browser.current_url and "order=desc" in browser.current_url
    cells = [
        cell.text.replace(",", "")
        for cell in browser.find_elements(By.CSS_SELECTOR, "#network-list tbody tr td:nth-child(5)")
    ]
    numbers = [int(cell) for cell in cells if cell]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 10


def test_permalink_reproduces_results_and_opens_in_the_editor(browser, bundled_url):
    visit(browser, f"{bundled_url}/queries/largest-networks?limit=3")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#result thead th")]
    titles = [
        row.find_elements(By.TAG_NAME, "td")[headers.index("title")].text
        for row in browser.find_elements(By.CSS_SELECTOR, "#result tbody tr")
    ]
    assert len(titles) == 3
    api = fetch_text(browser, f"{bundled_url}/queries/largest-networks.json?limit=3")
    for title in titles:
        assert title in api
    editor_link = browser.find_element(By.ID, "open-in-editor")
    assert "LIMIT 3" in unquote(editor_link.get_attribute("href"))
    click(browser, editor_link)
    editor = wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "sparql-query")))
    assert "LIMIT 3" in editor.get_attribute("value")
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#sparql-result table tbody tr")) == 3)
    columns = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#sparql-result thead th")]
    again = [
        row.find_elements(By.TAG_NAME, "td")[columns.index("title")].text
        for row in browser.find_elements(By.CSS_SELECTOR, "#sparql-result tbody tr")
    ]
    assert again == titles
    no_console_errors(browser)


def test_walk_home_network_country_targets_cross_platform_link(browser, cross_url, tmp_path):
    visit(browser, f"{cross_url}/explore")
    click(browser, browser.find_element(By.LINK_TEXT, "Accounts targeting political discourse in Germany"))
    assert browser.current_url.endswith(f"/network/{TIKTOK}")
    click(browser, browser.find_element(By.CSS_SELECTOR, "#targets a[href$='/country/DE']"))
    assert browser.current_url.endswith("/country/DE")
    assert "Germany" in browser.find_element(By.TAG_NAME, "h1").text
    click(browser, browser.find_element(By.ID, "networks-targeting"))
    assert browser.current_url.endswith("/networks?target=DE")
    assert set(shown_ids(browser)) == {TIKTOK, META}
    click(browser, browser.find_element(By.CSS_SELECTOR, f"#network-list tr[data-id='{META}'] td a"))
    row = browser.find_element(By.CSS_SELECTOR, f"#links tr.cross-platform a[href$='/network/{GOOGLE}']")
    assert "stated" in row.find_element(By.XPATH, "ancestor::tr").text
    click(browser, row)
    assert browser.current_url.endswith(f"/network/{GOOGLE}")
    back = browser.find_element(By.CSS_SELECTOR, f"#links a[href$='/network/{META}']")
    assert back.find_element(By.XPATH, "ancestor::tr").get_attribute("class") == "cross-platform"
    browser.save_screenshot(str(tmp_path / "walk.png"))
    click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "These links as a list"))
    shown = [
        (
            row.find_elements(By.TAG_NAME, "a")[0].get_attribute("href").rsplit("/", 1)[1],
            row.find_elements(By.TAG_NAME, "a")[1].get_attribute("href").rsplit("/", 1)[1],
        )
        for row in browser.find_elements(By.CSS_SELECTOR, "#link-list tbody tr")
    ]
    assert (GOOGLE, META) in shown
    href = browser.find_element(By.CSS_SELECTOR, "#summary a.download[href*='.csv']").get_attribute("href")
    downloaded = [(row["a"], row["b"]) for row in csv.DictReader(io.StringIO(fetch_text(browser, href)))]
    assert downloaded == shown
    csv_text = fetch_text(browser, f"{cross_url}/networks.csv?target=DE")
    assert {line.split(",")[0] for line in csv_text.splitlines()[1:]} == {TIKTOK, META}


def test_no_console_errors_on_each_kind_of_page(browser, cross_url):
    for path in (
        "/explore",
        "/networks",
        f"/network/{META}",
        "/country/RU",
        "/tactic/inauthentic-accounts",
        "/operation/doppelganger",
        "/platform/meta",
        "/queries/operations",
        "/",
    ):
        visit(browser, cross_url + path)
        assert browser.find_elements(By.TAG_NAME, "h1"), path


def test_explorer_reached_from_the_query_page(browser, cross_url):
    visit(browser, cross_url + "/")
    click(browser, browser.find_element(By.CSS_SELECTOR, "header nav a[href='explore']"))
    assert browser.current_url == cross_url + "/explore"
    assert "networks" in browser.find_element(By.CSS_SELECTOR, "p.lead").text


def test_the_console_check_sees_errors(browser, cross_url):
    """The console is really read: a page that failed to load (404) leaves an error in it."""
    browser.get(cross_url + "/network/none-such")
    assert "No network" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    with pytest.raises(AssertionError):
        no_console_errors(browser)
