"""The Meta threat-report page reader: the real pages against their gold, HTML, unseen phrasings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cio_graph.graph.build import read_jsonl
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes, parse_file
from tests.reading import records

DATA = Path(__file__).parent / "data"
PAGES = sorted((DATA / "reports" / "meta").glob("*.md"))
GOLD = read_jsonl(DATA / "gold" / "meta_h2_2025.gold.jsonl")
FIXTURE = Path(__file__).parent / "fixtures" / "readers" / "meta-h2-2025-moldova-based-cib-network.html"
SCALARS = ("period", "row", "title", "detection_source", "accounts", "followers")


@pytest.fixture(scope="module")
def predicted():
    return records(PAGES)


def _iocs(values):
    return sorted(v["value"] for v in values)


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"{g['source_file']}#{g['row']}")
def test_each_gold_network_is_read_as_annotated(predicted, gold):
    got = predicted[(gold["source_file"], gold["row"])]
    assert {f: got[f] for f in SCALARS} == {f: gold[f] for f in SCALARS}
    assert got["platform"] == "meta" and got["month"] is None
    assert got["assets"] == gold["assets"]
    followers = {k.removesuffix("_accounts"): v for k, v in got["followers_detail"].items()}
    assert followers == gold["followers_detail"]
    if gold["ad_spend"] is None:
        assert got["ad_spend"] is None
    else:
        assert got["ad_spend"] == gold["ad_spend"]
    assert _iocs(got["iocs"]) == _iocs(gold["iocs"])
    assert got["other_platforms"] == gold["other_platforms"]
    assert got["network"] == gold["network"]


def test_every_page_is_one_report_of_the_half_year(predicted):
    reports = [parse_file(path).tables for path in PAGES]
    assert all(len(tables) == 1 for tables in reports)
    tables = [tables[0] for tables in reports]
    assert {(t.period, t.granularity, t.start_date, t.end_date) for t in tables} == {
        ("2025-H2", "half", "2025-07-01", "2025-12-31")
    }
    ids = [t.report_id for t in tables]
    assert len(set(ids)) == 6 and "meta-2025-H2-moldova-based-influence-operation-network-targeting-moldova" in ids
    assert len(predicted) == 7


def test_indicators_are_refanged_and_typed(predicted):
    moldova = predicted[("meta-h2-2025-moldova-based-cib-network.md", 1)]
    assert moldova["iocs"][0] == {
        "type": "Domain",
        "kind": "domain",
        "value": "https://gagauzia24.info/",
        "platform": None,
        "handle": None,
    }
    assert {
        "type": "Social Media Account",
        "kind": "account",
        "value": "http://vk.com/id464508604",
        "platform": "vk",
        "handle": "id464508604",
    } in moldova["iocs"]
    iran = predicted[("meta-h2-2025-iran-based-cib-network.md", 1)]
    assert {i["kind"] for i in iran["iocs"]} == {"ip"} and iran["iocs"][0]["value"] == "45.141.152.19"


def test_case_study_indicators_go_to_the_case_study_that_names_them(predicted):
    first = predicted[("meta-h2-2025-russia-based-cib-network-2.md", 1)]
    second = predicted[("meta-h2-2025-russia-based-cib-network-2.md", 2)]
    assert first["iocs"] == [] and len(second["iocs"]) == 5
    assert first["iocs_unassigned"] == second["iocs_unassigned"] == []


def test_description_is_intro_and_summary_prose_without_table_or_links(predicted):
    moldova = predicted[("meta-h2-2025-moldova-based-cib-network.md", 1)]
    paragraphs = moldova["description"].split("\n\n")
    assert paragraphs[0].startswith("Meta disrupted a Moldova-based Coordinated Inauthentic Behavior")
    assert paragraphs[1].startswith("We disrupted a domestic coordinated inauthentic behavior network")
    assert paragraphs[2].startswith("We observed that network operators") and len(paragraphs) == 3
    for absent in ("hxxp", "[.]", "Cross-Links", "defanged", "otx.alienvault"):
        assert absent not in moldova["description"]
    iran = predicted[("meta-h2-2025-iran-based-cib-network.md", 1)]
    assert "we announced our first Iranian CIB takedown" in iran["description"]
    assert "google.com/url" not in iran["description"]


def test_multi_network_page_descriptions_hold_the_page_intro_and_their_own_section(predicted):
    first = predicted[("meta-h2-2025-russia-based-cib-network-2.md", 1)]["description"]
    second = predicted[("meta-h2-2025-russia-based-cib-network-2.md", 2)]["description"]
    for text in (first, second):
        assert text.startswith("Meta disrupted a Russia-based Coordinated Inauthentic Behavior (CIB) network")
    assert "67 Facebook accounts" in first and "Cameroon" not in first
    assert "Cameroon-based freelancer" in second and "67 Facebook accounts" not in second


def test_saved_html_page_reads_as_its_markdown():
    html = records([FIXTURE])[(FIXTURE.name, 1)]
    markdown = records([DATA / "reports" / "meta" / "meta-h2-2025-moldova-based-cib-network.md"])[
        ("meta-h2-2025-moldova-based-cib-network.md", 1)
    ]
    for field in (
        "id",
        "description",
        "title",
        "assets",
        "followers_detail",
        "ad_spend",
        "iocs",
        "other_platforms",
        "attribution",
        "detection_source",
        "accounts",
        "followers",
    ):
        assert html[field] == markdown[field], field
    table = parse_file(FIXTURE).tables[0]
    assert (
        table.report_id
        == parse_file(DATA / "reports" / "meta" / "meta-h2-2025-moldova-based-cib-network.md").tables[0].report_id
    )


# --- phrasings the real pages do not show ------------------------------------------------------

MULTI = """# Indicators of Compromise: China-Based Networks

This file contains Indicators of Compromise from Meta's Quarterly Adversarial Threat Report, Q1 2023.

## Overview

We took down two networks this quarter.

### Network 1: Cross-platform network targeting Taiwan

We removed 120 Facebook accounts, 4 Pages, 2 Groups, 14 Events and 30 Instagram accounts. Around 1,200 accounts
followed one or more of these Pages, about 80 accounts joined one or more of these Groups, and around 2,100
people followed one or more of these Instagram accounts. The network spent about €2,500 on ads, paid for
primarily in euros. It also ran accounts on Medium, Reddit and YouTube. We began this investigation based on a tip
from researchers at the Citizen Lab.

### Network 2: Commercial network targeting Nigeria

We removed 9 Facebook accounts and one Page. About 40 people followed this Page. The network did not run ads.
Our internal investigation found links to a marketing firm in Lagos.
"""


def read(text: str, name: str = "page.md"):
    return parse_bytes(text.encode("utf-8"), name)


def test_numbered_networks_without_indicator_table():
    table = read(MULTI).tables[0]
    assert (table.period, table.granularity, table.end_date) == ("2023-Q1", "quarter", "2023-03-31")
    first, second = table.rows
    assert (first.row, second.row) == (1, 2)
    assert first.network == "Network 1: Cross-platform network targeting Taiwan"
    assert first.title == "China-Based Networks"
    assert first.assets_dict() == {
        "facebook_accounts": 120,
        "pages": 4,
        "groups": 2,
        "events": 14,
        "instagram_accounts": 30,
    }
    assert first.accounts == 150 and first.followers == 3380
    assert dict(first.followers_detail) == {"pages": 1200, "groups": 80, "instagram": 2100}
    assert first.ad_spend.as_dict() == {"amount": 2500, "currency": "EUR", "approximate": True, "paid_in": ["EUR"]}
    assert first.other_platforms == ("medium", "reddit", "youtube")
    assert first.detection_source == "external" and first.iocs == ()
    assert second.assets_dict() == {"facebook_accounts": 9, "pages": 1}
    assert second.followers == 40 and second.ad_spend.amount == 0 and second.detection_source == "internal"
    assert "Lagos" in second.description and "Taiwan" not in second.description
    assert second.attribution == ("a marketing firm in Lagos",)
    assert second.description.startswith("This file contains Indicators of Compromise")


def test_sections_with_asset_counts_are_networks_when_headings_are_not_numbered():
    page = """# Threat Report: Networks in Q2 2024

Meta removed networks in two countries for Coordinated Inauthentic Behavior.

## Romania

We removed 12 Facebook accounts and 3 Pages. About 5,000 accounts followed one or more of these Pages.

## Azerbaijan

We removed 7 Instagram accounts. About 600 accounts followed one or more of these Instagram accounts.
"""
    first, second = read(page).tables[0].rows
    assert (first.network, first.accounts, second.network, second.accounts) == ("Romania", 12, "Azerbaijan", 7)


def test_page_with_several_indicator_tables_and_platform_urls():
    page = """# Indicators of Compromise: Russia-Based Network Targeting Germany

Meta disrupted a Russia-based CIB network. This file contains IOCs from Meta's Adversarial Threat Report H1 2024.

## Summary

We removed 3 Threads accounts and 2 Facebook accounts. Operators spent around US$ 1,200 on ads, paid for in
Russian rubles.

## Indicators of Compromise

| Type | Value | Notes |
| --- | --- | --- |
| URL | `hxxps://news-de[.]example/article/1` | article |
| Telegram Channel | `hxxps://t[.]me/s/spiegel_de_news` | |
| Email | `press[@]news-de[.]example` | |
"""
    network = read(page).tables[0].rows[0]
    assert network.assets_dict() == {"threads_accounts": 3, "facebook_accounts": 2} and network.accounts == 5
    assert network.ad_spend.as_dict() == {"amount": 1200, "currency": "USD", "approximate": True, "paid_in": ["RUB"]}
    kinds = [(i.kind, i.platform, i.handle) for i in network.iocs]
    assert kinds == [("url", None, None), ("account", "telegram", "spiegel_de_news"), ("email", None, None)]
    assert network.iocs[2].value == "press@news-de.example"
    assert network.other_platforms == ("telegram",)
    assert network.followers is None and network.followers_detail == ()


def test_period_from_the_file_name_when_the_page_does_not_say():
    page = "# Indicators of Compromise: A Network\n\n## Summary\n\nWe removed 4 Facebook accounts.\n"
    table = read(page, "meta-q2-2023-x-based-cib-network.md").tables[0]
    assert table.period == "2023-Q2" and table.rows[0].accounts == 4


def test_page_without_network_summary_names_file_and_line():
    page = (
        "# Indicators of Compromise: A Network\n\nThis file contains IOCs from Meta's Adversarial Threat "
        "Report H2 2025.\n\n## Indicators of Compromise\n\n| Indicator Type | Indicator Value |\n"
        "| :--- | :--- |\n| Domain | `a[.]example` |\n"
    )
    with pytest.raises(InputError) as caught:
        read(page, "empty.md")
    assert (caught.value.path, caught.value.line) == ("empty.md", 5)
    assert "no network summary" in caught.value.message


def test_page_without_period_names_file_and_line():
    with pytest.raises(InputError) as caught:
        read(
            "# Indicators of Compromise: A Network\n\nMeta disrupted a network.\n\n## Summary\n\nWe removed "
            "4 Facebook accounts.\n",
            "undated.md",
        )
    assert (caught.value.path, caught.value.line) == ("undated.md", 1) and "period" in caught.value.message


BOLD_CASES = """# Indicators of Compromise: Iran-Based Networks Targeting Israel and the Gulf

Meta disrupted two Iran-based networks. This file contains IOCs from Meta's Adversarial Threat Report H1 2026.

## Network Summary

**Case Study 1: Exploiting natural resources debates**

We removed 30 Facebook accounts and 5 Pages for violating our policy against Coordinated Inauthentic Behavior.

**Case Study 2: Fake news outlets in the Gulf**

We removed 11 Instagram accounts for violating our policy against Coordinated Inauthentic Behavior.

## Indicators of Compromise

| Network | Indicator Type | Indicator Value |
| --- | --- | --- |
| Case Study 2 | Domain | `gulf-news-today[.]example` |
| Case Study 1 | Social Media Account | `hxxps://x[.]com/resources_debate` |
| | Domain | `unrelated[.]example` |
"""


def test_bold_case_study_lines_and_an_indicator_table_naming_its_networks():
    first, second = read(BOLD_CASES).tables[0].rows
    assert first.network == "Case Study 1: Exploiting natural resources debates"
    assert (first.accounts, second.accounts) == (30, 11)
    assert [i.value for i in first.iocs] == ["https://x.com/resources_debate"]
    assert [i.value for i in second.iocs] == ["gulf-news-today.example"]
    assert (
        [i.value for i in first.iocs_unassigned] == ["unrelated.example"] == [i.value for i in second.iocs_unassigned]
    )
    assert first.other_platforms == ("x",) and second.other_platforms == ()


def test_bold_case_studies_in_a_saved_page_read_as_in_markdown():
    page = (
        "<html><body><article><h1>Indicators of Compromise: Iran-Based Networks</h1><p>This file contains IOCs "
        "from Meta's Adversarial Threat Report H1 2026.</p><h2>Network Summary</h2>"
        "<p><strong>Case Study 1: Pages</strong></p><p>We removed 3 Facebook accounts for violating our "
        "policy.</p><p><strong>Case Study 2: Groups</strong></p><p>We removed 4 Instagram accounts for "
        "violating our policy.</p></article></body></html>"
    )
    rows = read(page, "p.html").tables[0].rows
    assert [(n.network, n.accounts) for n in rows] == [("Case Study 1: Pages", 3), ("Case Study 2: Groups", 4)]


def test_a_later_section_removing_returning_accounts_is_not_another_network():
    page = """# Indicators of Compromise: Iran-Based Network Targeting the United States

This file contains IOCs from Meta's Adversarial Threat Report H1 2026.

## Meta's Adversarial Threat Report Network Summary

We actioned 8 Facebook accounts, 2 Pages, and 294 Instagram accounts for violating our policy against
Coordinated Inauthentic Behavior. There was no ad spend associated with this network.

### Attempt to Enable Longevity

After we removed the network, our automated systems removed 40 returning accounts.
"""
    table = read(page).tables[0]
    assert len(table.rows) == 1 and table.rows[0].network is None
    network = table.rows[0]
    assert network.assets_dict() == {"facebook_accounts": 8, "pages": 2, "instagram_accounts": 294}
    assert network.accounts == 302
    assert network.ad_spend.as_dict() == {"amount": 0, "currency": None, "approximate": False, "paid_in": []}
    assert "Attempt to Enable Longevity" not in network.description and "returning accounts" in network.description


def test_indicator_sections_per_case_study_and_paid_in_stated_apart():
    page = """# Indicators of Compromise: Russia-Based Networks

This file contains IOCs from Meta's Adversarial Threat Report H2 2026.

## Summary

### Case Study 1: Pages posing as news

We removed 5 Facebook accounts for violating our policy. The network engaged in around $12,000 in spending for
ads on Facebook. This was paid for mostly in euros and Polish zlotys.

### Case Study 2: Telegram channels

We removed 6 Facebook accounts for violating our policy.

## Indicators of Compromise

### Case Study 2 indicators

| Indicator Type | Indicator Value |
| --- | --- |
| Domain | `second[.]example` |

### Case Study 1 indicators

| Indicator Type | Indicator Value |
| --- | --- |
| Domain | `first[.]example` |
"""
    first, second = read(page).tables[0].rows
    assert [i.value for i in first.iocs] == ["first.example"] and [i.value for i in second.iocs] == ["second.example"]
    assert first.ad_spend.as_dict() == {
        "amount": 12000,
        "currency": "USD",
        "approximate": True,
        "paid_in": ["EUR", "PLN"],
    }
    assert second.ad_spend is None


def test_indicators_listed_as_items():
    page = """# Indicators of Compromise: Iran-Based Network

This file contains IOCs from Meta's Adversarial Threat Report H2 2026.

## Summary

We removed 2 Facebook accounts for violating our policy.

## Indicators of Compromise

- Domain: `news-iran[.]example`
- `hxxps://t[.]me/iran_news_channel`
- Note that these were active in 2025.

## Cross-Links

- **Full ATR Report:** [Meta Adversarial Threat Report H2 2026](TBD)
"""
    network = read(page).tables[0].rows[0]
    assert [(i.type, i.kind, i.value) for i in network.iocs] == [
        ("Domain", "domain", "news-iran.example"),
        ("", "account", "https://t.me/iran_news_channel"),
    ]
    assert network.other_platforms == ("telegram",)


def test_period_from_the_cross_links_before_other_reports_the_prose_links():
    page = """# Russia-Based Influence Operation Targeting Europe

## Meta’s Adversarial Threat Report Network Summary

We removed 16 Facebook accounts. We reported on a related network in [August 2024](https://transparency.meta.com/sr/Q2-2024-Adversarial-threat-report/).

## Cross-Links

- **Full ATR Report:** [Meta Adversarial Threat Report H1 2026](TBD)
"""
    assert read(page, "page.md").tables[0].period == "2026-H1"


def test_indicator_tables_with_other_column_orders():
    from cio_graph.graph.readers.meta_page import table_indicators as _indicators

    assert [
        (i.type, i.value) for i, _ in _indicators([(1, ("Indicator", "Type")), (2, ("evil[.]example", "Domain"))])
    ] == [("Domain", "evil.example")]
    assert [
        (i.type, i.kind, i.value)
        for i, _ in _indicators([(1, ("IOC", "Description")), (2, ("hxxps://evil[.]example/a", "a page"))])
    ] == [("", "url", "https://evil.example/a")]


def test_accounts_named_by_their_platform_after_the_count():
    page = """# Indicators of Compromise: Nigeria-Based Network

This file contains IOCs from Meta's Adversarial Threat Report H1 2026.

## Summary

We removed 13 Facebook accounts, 5 Pages and 7 accounts on Instagram for violating our policy. Around 3,000 people
followed one or more of these Pages and around 1,900 people followed one or more of these accounts on Instagram.
"""
    network = read(page).tables[0].rows[0]
    assert network.assets_dict() == {"facebook_accounts": 13, "pages": 5, "instagram_accounts": 7}
    assert dict(network.followers_detail) == {"pages": 3000, "instagram": 1900}
    assert (network.accounts, network.followers) == (20, 4900)


DEEP_DIVE = """# Deep Dive: An Operation's Changing Offshoots

Meta disrupted a Russia-based Coordinated Inauthentic Behavior (CIB) network. This file contains indicators of
compromise and a network summary from Meta’s Adversarial Threat Report H2 2026.

## Meta’s Adversarial Threat Report Network Summary

We continue to enforce against a persistent campaign first reported in 2022.

### Agency-Linked Offshoots

One campaign we removed was a network of 10 Facebook accounts, 7 Pages, and 4 Instagram accounts, which we removed
for violating our policy. About 1,300 accounts followed one or more of these Pages. It promoted the brand
eu-daily-news[.]example.

### A Growing Role

Below are two campaigns.

We removed 25 Facebook accounts, 13 Pages, and 13 Instagram accounts for violating our policy. About 9,600
accounts followed one or more of these Pages. The operation also posted on TikTok.

The network created local media brands.

We removed 69 Facebook accounts, 58 Pages, 3 Groups, and 14 Instagram accounts targeting Moldova. About 8,000
accounts followed one or more of these Pages and about 900 accounts followed one or more of these Instagram
accounts. It used the fake institute vocea-noastra[.]example.

### Looking Ahead

We continue to improve our defenses.

## Indicators of Compromise

| Indicator Type | Indicator Value |
| :--- | :--- |
| Domain | `eu-daily-news[.]example` |
| Domain | `vocea-noastra[.]example` |
| Domain | `somewhere-else[.]example` |
"""


def test_one_network_per_takedown_statement_when_headings_do_not_number_them():
    agency, first, second = read(DEEP_DIVE).tables[0].rows
    assert [n.row for n in (agency, first, second)] == [1, 2, 3]
    assert agency.network == "Agency-Linked Offshoots" and first.network is None
    assert (agency.accounts, agency.followers) == (14, 1300)
    assert (first.accounts, first.followers, second.accounts, second.followers) == (38, 9600, 83, 8900)
    assert "local media brands" in first.description and "Looking Ahead" not in second.description
    assert "continue to improve our defenses" not in second.description  # a closing section is no network's
    assert first.other_platforms == ("tiktok",) and second.other_platforms == ()
    assert [i.value for i in agency.iocs] == ["eu-daily-news.example"]
    assert [i.value for i in second.iocs] == ["vocea-noastra.example"]
    assert [i.value for i in first.iocs_unassigned] == ["somewhere-else.example"]
