"""The TAG bulletin reader: the real bulletins against their gold, HTML, unseen phrasings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cio_graph.graph.build import read_jsonl
from cio_graph.graph.errors import InputError
from cio_graph.graph.parse import parse_bytes, parse_file
from tests.reading import records

DATA = Path(__file__).parent / "data"
BULLETINS = sorted((DATA / "reports" / "google").glob("*.txt"))
GOLD = read_jsonl(DATA / "gold" / "google_tag_dev.gold.jsonl")
FIXTURE = Path(__file__).parent / "fixtures" / "readers" / "tag-bulletin-2021-q4.html"
FIELDS = (
    "period",
    "month",
    "row",
    "title",
    "detection_source",
    "accounts",
    "followers",
    "assets",
    "leads_from",
    "consistent_with",
    "named_operation",
)


@pytest.fixture(scope="module")
def predicted():
    return records(BULLETINS)


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"{g['source_file']}#{g['row']}")
def test_each_gold_campaign_is_read_as_annotated(predicted, gold):
    got = predicted[(gold["source_file"], gold["row"])]
    assert {f: got[f] for f in FIELDS} == {f: gold[f] for f in FIELDS}
    assert got["platform"] == "google" and got["description"] == gold["text"]
    assert got["followers_detail"] == {} and got["ad_spend"] is None and got["iocs"] == []


def test_bulletins_are_quarters(predicted):
    tables = [parse_file(path).tables[0] for path in BULLETINS]
    assert [(t.report_id, t.granularity, t.start_date, t.end_date, len(t.rows)) for t in tables] == [
        ("google-2020-Q1", "quarter", "2020-01-01", "2020-03-31", 4),
        ("google-2021-Q4", "quarter", "2021-10-01", "2021-12-31", 5),
    ]
    assert tables[0].intro.startswith("This bulletin includes coordinated influence operation campaigns")
    assert len(predicted) == len(GOLD)


def test_attribution_of_the_real_bulletin(predicted):
    assert predicted[("tag-bulletin-2020-q1.txt", 2)]["attribution"] == ["New Waves"]
    assert predicted[("tag-bulletin-2020-q1.txt", 1)]["attribution"] == ["International Union of Virtual Media (IUVM)"]


def test_findings_cited_are_not_platforms_the_campaign_was_on(predicted):
    assert predicted[("tag-bulletin-2020-q1.txt", 2)]["other_platforms"] == []


def test_saved_html_bulletin_reads_as_its_text():
    html = records([FIXTURE])
    text = records([DATA / "reports" / "google" / "tag-bulletin-2021-q4.txt"])
    assert len(html) == len(text) == 5
    for row in range(1, 6):
        for field in ("id", "description", "month", "assets", "accounts", "leads_from", "consistent_with"):
            assert html[(FIXTURE.name, row)][field] == text[("tag-bulletin-2021-q4.txt", row)][field]
    assert parse_file(FIXTURE).tables[0].title == "TAG Bulletin: Q4 2021"


# --- phrasings the real bulletins do not show -------------------------------------------------

UNSEEN = """TAG Bulletin: Q3 2022

This bulletin includes coordinated influence operation campaigns terminated on our platforms in Q3 2022. It was \
last updated on October 26, 2022.

July

We terminated 1,482 YouTube channels and 2 Blogger blogs as part of our investigation into coordinated influence \
operations linked to China. The coordinated inauthentic network uploaded spammy content in Chinese. These findings \
are consistent with our previous reports on DRAGONBRIDGE.

We blocked 14 domains from eligibility to appear on Google News surfaces and Discover and banned 2 Play developers \
as part of our investigation into coordinated influence operations linked to Russia. The campaign was linked to \
Doppelganger and was sharing content in German. We received leads from Mandiant and Google Threat Intelligence \
that supported us in this investigation.

August 2022

• We terminated 6 YouTube channels and 3 Google Ads accounts as part of our investigation into coordinated \
influence operations linked to Mexico. The campaign was linked to a U.S.-based PR firm and posted content \
in Spanish. Our findings are similar to findings reported by Meta and Twitter.
• We terminated 2 YouTube channels as part of our investigation into a network known as Secondary Infektion. \
The campaign posted content critical of NATO on YouTube and Telegram.
"""


def test_unseen_bulletin():
    table = parse_bytes(UNSEEN.encode(), "tag-q3-2022.txt").tables[0]
    assert (table.report_id, table.end_date) == ("google-2022-Q3", "2022-09-30")
    china, russia, mexico, infektion = table.rows
    assert [n.row for n in table.rows] == [1, 2, 3, 4]
    assert [n.month for n in table.rows] == ["2022-07", "2022-07", "2022-08", "2022-08"]
    assert china.assets_dict() == {"youtube_channels": 1482, "blogs": 2} and china.accounts == 1484
    assert china.named_operation == "DRAGONBRIDGE" and china.detection_source is None
    assert russia.assets_dict() == {"domains_blocked": 14, "play_developers": 2} and russia.accounts == 16
    assert russia.named_operation == "Doppelganger"
    assert russia.leads_from == ("Mandiant", "Google Threat Intelligence") and russia.detection_source == "external"
    assert mexico.assets_dict() == {"youtube_channels": 6, "ads_accounts": 3}
    assert mexico.attribution == ("a U.S.-based PR firm",)
    assert mexico.consistent_with == ("meta", "twitter") and mexico.other_platforms == ()
    assert mexico.description.startswith("We terminated 6 YouTube channels") and "•" not in mexico.description
    assert infektion.named_operation == "Secondary Infektion" and infektion.other_platforms == ("telegram",)
    assert all(n.followers is None and n.title is None for n in table.rows)


def test_bulletin_quarter_written_out():
    text = (
        "TAG Bulletin\nCampaigns we terminated in the second quarter of 2023.\nApril\nWe terminated 3 YouTube "
        "channels as part of our investigation into coordinated influence operations linked to Iran.\n"
    )
    table = parse_bytes(text.encode(), "b.txt").tables[0]
    assert (table.period, table.rows[0].month, table.rows[0].accounts) == ("2023-Q2", "2023-04", 3)


def test_bulletin_without_campaigns_names_file_and_line():
    text = "# TAG Bulletin: Q1 2020\nThis bulletin includes coordinated influence operation campaigns.\nJanuary\n"
    with pytest.raises(InputError) as caught:
        parse_bytes(text.encode(), "empty.txt")
    assert (caught.value.path, caught.value.line) == ("empty.txt", 3)
    assert "no campaigns found" in caught.value.message


def test_bulletin_without_quarter_names_file_and_line():
    text = "# TAG Bulletin\nJanuary\nWe terminated 3 YouTube channels linked to a coordinated influence operation.\n"
    with pytest.raises(InputError) as caught:
        parse_bytes(text.encode(), "undated.txt")
    assert (caught.value.path, caught.value.line) == ("undated.txt", 1) and "quarter" in caught.value.message


def test_chained_actions_firms_and_countries():
    text = """TAG Bulletin: Q2 2022
This bulletin includes coordinated influence operation campaigns terminated on our platforms in Q2 2022.
April
• We terminated 4 YouTube channels and 1 AdSense account and blocked 1 domain from eligibility to appear on \
Google News surfaces and Discover as part of our investigation into coordinated influence operations linked to \
Slovakia. The campaign was linked to a U.S.-based PR firm, Acme Strategies, and posted content in Slovak.
• We terminated 12 YouTube accounts and 2 Ads accounts as part of our investigation into coordinated influence \
operations linked to the People’s Republic of China (PRC). The YouTube accounts uploaded spammy content.
"""
    first, second = parse_bytes(text.encode(), "q2.txt").tables[0].rows
    assert first.assets_dict() == {"youtube_channels": 4, "adsense_accounts": 1, "domains_blocked": 1}
    assert first.accounts == 6 and first.attribution == ("Acme Strategies", "a U.S.-based PR firm")
    assert second.assets_dict() == {"youtube_accounts": 12, "ads_accounts": 2}
    assert second.attribution == () and second.named_operation is None
