"""The web page in a real headless Chromium (Debian's chromium and chromium-driver, driven by selenium).

These tests fail, never skip, when Chromium is missing: CI must install it.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from cio_graph.queries.service import create_app
from tests.chromium import chromium, wait
from tests.test_service import make_build, running_server

HOSTILE_TITLE = "Accounts targeting <b>Moldova</b> & SERVICE <script>alert(1)</script>"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    build = make_build(tmp_path_factory.mktemp("browser"))
    with running_server(create_app(build, timeout=5)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def test_page_runs_a_canned_query(browser, base_url):
    browser.get(base_url + "/")
    assert "cio-graph" in browser.title
    card = wait(browser).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, 'details[data-query="tactic-frequency"]'))
    )
    card.find_element(By.TAG_NAME, "summary").click()
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    rows = wait(browser).until(lambda b: card.find_elements(By.CSS_SELECTOR, "table tbody tr"))
    assert len(rows) == 2
    headers = [th.text for th in card.find_elements(By.CSS_SELECTOR, "table thead th")]
    assert "tactic" in headers
    assert {row.find_elements(By.TAG_NAME, "td")[headers.index("tactic")].text for row in rows} == {
        "inauthentic-accounts",
        "ai-generated-content",
    }
    assert "2 rows" in card.find_element(By.CSS_SELECTOR, ".status").text


def test_canned_query_with_parameters_and_downloads(browser, base_url):
    browser.get(base_url + "/")
    cards = wait(browser).until(
        lambda b: [
            c
            for c in b.find_elements(By.CSS_SELECTOR, "details[data-query]")
            if c.find_elements(By.CSS_SELECTOR, "form input")
        ]
    )
    card = cards[0]
    card.find_element(By.TAG_NAME, "summary").click()
    field = card.find_element(By.CSS_SELECTOR, "form input")
    assert field.get_attribute("name")
    csv_link = card.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    assert f"{field.get_attribute('name')}=" in csv_link and ".csv?" in csv_link
    card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(lambda b: card.find_elements(By.CSS_SELECTOR, "table, .error"))
    assert not card.find_elements(By.CSS_SELECTOR, ".error")


def test_sparql_editor_shows_untrusted_text_as_text(browser, base_url):
    browser.get(base_url + "/")
    editor = wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "sparql-query")))
    editor.clear()
    editor.send_keys('SELECT ?title WHERE { ?n dcterms:title ?title FILTER(CONTAINS(?title, "Moldova")) }')
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    cell = wait(browser).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#sparql-result table tbody td"))
    )
    assert cell.text == HOSTILE_TITLE
    assert browser.find_elements(By.CSS_SELECTOR, "#sparql-result script, #sparql-result b") == []
    assert browser.execute_script("return document.querySelectorAll('main script').length") == 0


def test_sparql_editor_shows_errors(browser, base_url):
    browser.get(base_url + "/")
    editor = wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "sparql-query")))
    editor.clear()
    editor.send_keys("DROP ALL")
    browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
    error = wait(browser).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#sparql-result .error"))
    )
    assert "403" in error.text and "read-only" in error.text


def test_exports_and_figures_listed(browser, base_url):
    browser.get(base_url + "/")
    links = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#export-list a"))
    assert {link.text for link in links} == {"graph.ttl", "networks.jsonl", "figures/networks-per-month.svg"}
    image = wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#figure-list img")))
    wait(browser).until(lambda b: b.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert image.get_attribute("src").endswith("/exports/figures/networks-per-month.svg")


def test_cut_answers_show_a_note(browser, tmp_path):
    """With a cap of one row, the two rows of a canned query and of the editor's query are cut, visibly."""
    with running_server(create_app(make_build(tmp_path), timeout=5, max_rows=1)) as base:
        browser.get(base + "/")
        card = wait(browser).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, 'details[data-query="tactic-frequency"]'))
        )
        card.find_element(By.TAG_NAME, "summary").click()
        card.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        note = wait(browser).until(lambda b: card.find_elements(By.CSS_SELECTOR, ".result .note"))[0]
        assert "results truncated at 1 rows" in note.text
        assert len(card.find_elements(By.CSS_SELECTOR, "table tbody tr")) == 1
        editor = browser.find_element(By.ID, "sparql-query")
        editor.clear()
        editor.send_keys("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
        browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
        note = wait(browser).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#sparql-result .note"))
        )
        assert "truncated at 1 rows" in note.text


def test_each_figure_once_and_editor_results_downloadable(browser, tmp_path):
    """A figure saved as SVG and PNG is shown once (the SVG) with both formats linked; the editor's
    result carries CSV, TSV and JSON links that answer the same rows."""
    import base64
    import csv
    import io
    import urllib.request

    build = make_build(tmp_path)
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    (build / "figures" / "networks-per-month.png").write_bytes(png)
    with running_server(create_app(build, timeout=5)) as base:
        browser.get(base + "/")
        figures = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#figure-list figure"))
        assert len(figures) == 1
        image = figures[0].find_element(By.TAG_NAME, "img")
        assert image.get_attribute("src").endswith("/exports/figures/networks-per-month.svg")
        assert [a.text for a in figures[0].find_elements(By.CSS_SELECTOR, "figcaption a")] == ["SVG", "PNG"]
        editor = browser.find_element(By.ID, "sparql-query")
        editor.clear()
        editor.send_keys("SELECT ?id WHERE { ?n a cio:Network ; dcterms:identifier ?id } ORDER BY ?id")
        browser.find_element(By.CSS_SELECTOR, "#sparql-form button[type=submit]").click()
        shown = wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#sparql-result table tbody tr"))
        links = {
            a.text: a.get_attribute("href")
            for a in browser.find_elements(By.CSS_SELECTOR, "#sparql-result .downloads a")
        }
        assert set(links) == {"CSV", "TSV", "JSON"}
        with urllib.request.urlopen(links["CSV"], timeout=10) as response:  # the server under test, on loopback
            rows = list(csv.reader(io.StringIO(response.read().decode("utf-8"))))
        assert rows[0] == ["id"] and [r[0] for r in rows[1:]] == [row.text for row in shown]
