"""Scoring records against a gold annotation: figures worked out by hand on small files, the CLI's exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cio_graph.graph.errors import InputError
from cio_graph.graph.evaluate import Record, Score, evaluate, format_errors, pair, read_records, to_record
from cio_graph.graph.scoring import compare_field, ioc
from cio_graph.queries.cli import cli
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "evaluate"
GOLD = DATA / "gold.jsonl"
PREDICTED = DATA / "predicted.jsonl"
TIKTOK_GOLD = REPO / "tests" / "data" / "gold" / "tiktok_cio_2024.gold.jsonl"

# (tp, fp, fn) per field of predicted.jsonl against gold.jsonl, counted by hand: see the comments.
EXPECTED = {
    "origin_countries": (3, 1, 0),  # "ro" as {"code"} matches RO; RU is wrong on the TAG campaign
    "target_countries": (2, 1, 1),  # MD is wrong; DE of the unpaired network is missing
    "languages": (0, 0, 0),  # null in the first gold record: the predicted "ro" is not scored
    "tactics": (2, 1, 1),  # duplicate-content is also_ok; impersonation is wrong; unpaired network's missing
    "topics": (0, 0, 1),
    "actors": (2, 1, 0),  # CALIN GEORGESCU = Călin Georgescu, IUVM by alias, Graphika also_ok, Nicușor Dan wrong
    "government_stances": (1, 0, 0),  # md/Critical = MD/critical
    "global_audience": (0, 0, 1),  # only the unpaired network targets a global audience
    "assets": (1, 1, 1),  # pages=6 right, instagram accounts 5 for 4
    "followers_detail": (0, 0, 0),  # not in gold
    "ad_spend": (1, 0, 0),  # 299.6 usd rounds to 300 USD
    "iocs": (1, 0, 1),  # hxxps://x[.]com/a is https://x.com/a; the domain is missing
    "other_platforms": (2, 0, 0),  # Twitter is x
    "leads_from": (1, 0, 0),  # "The Graphika" is Graphika
    "consistent_with": (0, 0, 0),  # gold gives an empty list, the prediction none
    "named_operation": (1, 0, 0),
    "detection_source": (2, 1, 2),  # "Internal" is internal; internal for external; unpaired network's missing
    "title": (2, 0, 1),  # the TAG title is null in gold, so "Iran" is not scored
}


@pytest.fixture(scope="module")
def small():
    return evaluate(PREDICTED, GOLD)


def test_each_field_counts_what_was_worked_out_by_hand(small):
    assert {f: (s.tp, s.fp, s.fn) for f, s in small.totals.items()} == EXPECTED


def test_figures_of_the_small_files(small):
    figures = small.as_dict()
    rounded = {k: tuple(round(v, 3) for v in f.values()) for k, f in figures.items() if isinstance(f, dict)}
    assert rounded["origin_countries"] == (0.75, 1.0, 0.857)
    assert rounded["target_countries"] == rounded["tactics"] == (0.667, 0.667, 0.667)
    assert rounded["detection_source"] == (0.667, 0.5, 0.571)
    assert rounded["micro"] == (0.714, 0.714, 0.714)  # 10 right, 4 wrong, 4 missing
    assert rounded["disclosure_micro"] == (0.875, 0.778, 0.824)  # 7 right, 1 wrong, 2 missing
    assert (figures["unpaired_gold"], figures["extra_predicted"], figures["lowest_field_f1"]) == (1, 1, 0.0)
    # a disclosure field nobody scored is not reported; entity fields always are
    assert "consistent_with" not in figures and "followers_detail" not in figures and "languages" in figures


def test_a_null_gold_field_is_not_scored_but_an_empty_one_is():
    predicted = {"languages": ["ro"]}
    assert compare_field("languages", predicted, {"languages": None}) is None
    assert compare_field("languages", predicted, {"languages": []}).fp == 1


def test_also_ok_values_are_neither_required_nor_wrong():
    gold = {"tactics": ["paid-ads"], "also_ok": {"tactics": ["impersonation"]}}
    assert compare_field("tactics", {"tactics": ["paid-ads", "impersonation"]}, gold).fp == 0
    assert compare_field("tactics", {"tactics": ["paid-ads"]}, gold).fn == 0
    assert compare_field("tactics", {"tactics": ["paid-ads", "fake-news-outlets"]}, gold).wrong == (
        "fake-news-outlets",
    )


def test_an_actor_matches_by_alias_without_accents_or_case():
    gold = {
        "actors": [{"name": "Alianța pentru Unirea Românilor", "aliases": ["Alianța pentru Unirea Românilor", "AUR"]}]
    }
    for name in ("alianta pentru unirea-romanilor", "aur", "ALIANȚA PENTRU UNIREA ROMÂNILOR"):
        assert compare_field("actors", {"actors": [{"name": name}]}, gold).tp == 1
    wrong = compare_field("actors", {"actors": ["Unirea"]}, gold)
    assert (wrong.tp, wrong.fp, wrong.fn, wrong.missing) == (0, 1, 1, ("Alianța pentru Unirea Românilor",))


def test_a_second_name_of_an_actor_already_matched_is_neither_right_nor_wrong():
    gold = {"actors": [{"name": "AUR", "aliases": ["AUR", "Alliance for the Union of Romanians"]}]}
    score = compare_field("actors", {"actors": ["AUR", "Alliance for the Union of Romanians"]}, gold)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


@pytest.mark.parametrize("predicted", ["hxxps://x[.]com/a", "https://www.x.com/a/", "HTTP://X.com/a", "x(.)com/a"])
def test_indicators_are_refanged_and_normalised(predicted):
    assert ioc(predicted) == ioc("https://x.com/a") == "x.com/a"
    gold = {"iocs": [{"type": "URL", "value": "https://x.com/a"}]}
    assert compare_field("iocs", {"iocs": [{"value": predicted}]}, gold).tp == 1


def test_platform_and_follower_kind_aliases():
    assert compare_field("consistent_with", {"consistent_with": ["Facebook"]}, {"consistent_with": ["meta"]}).tp == 1
    score = compare_field(
        "followers_detail", {"followers_detail": {"instagram_accounts": 5}}, {"followers_detail": {"instagram": 5}}
    )
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert compare_field("assets", {"assets": {"instagram_accounts": 5}}, {"assets": {"instagram": 5}}).tp == 0


def test_ad_spend_needs_no_currency_when_there_was_none():
    assert (
        compare_field("ad_spend", {"ad_spend": {"amount": 0, "currency": "USD"}}, {"ad_spend": {"amount": 0}}).tp == 1
    )
    assert (
        compare_field(
            "ad_spend",
            {"ad_spend": {"amount": 300, "currency": "EUR"}},
            {"ad_spend": {"amount": 300, "currency": "USD"}},
        ).fp
        == 1
    )


def records(*rows: dict) -> list[Record]:
    return [to_record(row, "x.jsonl", line) for line, row in enumerate(rows, start=1)]


def test_networks_of_one_file_pair_by_row_when_both_sides_count_the_same():
    gold = records(
        *({"platform": "meta", "source_file": "p.md", "row": r, "accounts": a} for r, a in ((1, 10), (2, 20)))
    )
    predicted = records(
        *({"platform": "meta", "source_file": "p.md", "row": r, "accounts": a} for r, a in ((2, 10), (1, 99)))
    )
    assert [(g.data["accounts"], p.data["accounts"]) for g, p in pair(gold, predicted)] == [(10, 99), (20, 10)]


def test_networks_of_one_file_pair_by_counts_first_when_the_sides_count_differently():
    gold = records(
        *(
            {"platform": "meta", "source_file": "p.md", "row": r, "accounts": a, "followers": 1}
            for r, a in ((1, 10), (2, 20), (3, None))
        )
    )
    predicted = records(
        *(
            {"platform": "meta", "source_file": "dir/p.md", "row": r, "accounts": a, "followers": 1}
            for r, a in ((1, 20), (2, 5), (3, 7), (4, 10))
        )
    )
    pairs = [(g.data["row"], p.data["row"]) for g, p in pair(gold, predicted)]
    assert pairs == [(1, 4), (2, 1), (3, 2)]  # row 3 has no accounts: it takes the first left in order


def test_other_networks_pair_by_platform_period_accounts_and_followers():
    gold = records({"platform": "TikTok", "period": "2024-12", "accounts": 5, "followers": 9})
    predicted = records(
        {"platform": "tiktok", "period": "2024-12-01", "accounts": "5", "followers": 9},
        {"platform": "tiktok", "period": "2024-12", "accounts": 5, "followers": 8},
    )
    assert pair(gold, predicted)[0][1] is predicted[0]
    assert pair(gold, predicted[1:]) == [(gold[0], None)]


def test_an_unpaired_gold_network_is_missed_in_every_field_it_scores():
    gold = records(
        {
            "period": "2024-12",
            "accounts": 5,
            "followers": 9,
            "target_countries": ["RO", "MD"],
            "languages": None,
            "title": "T",
        }
    )
    result = evaluate([], gold)
    assert (result.unpaired, result.totals["target_countries"], result.totals["title"]) == (
        1,
        Score(0, 0, 2),
        Score(0, 0, 1),
    )
    assert result.totals["languages"] == Score()
    assert format_errors(result).splitlines()[0].endswith("[x.jsonl:1]: no predicted partner")


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "gold.jsonl:2: expected a JSON object, not valid JSON"),
        ("[1, 2]", "gold.jsonl:2: expected a JSON object (a network record), found list"),
        ('{"platform": "tiktok", "accounts": 5}', "gold.jsonl:2: expected 'period' (or 'source_file' and 'row')"),
        (
            '{"period": "2024-12", "accounts": "5,000"}',
            "gold.jsonl:2: expected a whole number for 'accounts', found '5,000'",
        ),
    ],
)
def test_bad_lines_name_the_file_the_line_and_what_was_expected(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"period": "2024-12", "accounts": 1, "followers": 2}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_records(path)


def test_a_field_of_the_wrong_shape_names_the_record(tmp_path):
    path = tmp_path / "predicted.jsonl"
    path.write_text(
        '{"period": "2024-12", "accounts": 1, "followers": 2, "government_stances": ["MD"]}\n', encoding="utf-8"
    )
    gold = records({"period": "2024-12", "accounts": 1, "followers": 2, "government_stances": []})
    with pytest.raises(InputError, match=r"predicted\.jsonl:1: cannot read field 'government_stances'"):
        evaluate(path, gold)


# --- the command line -------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, ["evaluate", str(PREDICTED), str(GOLD), *args])


@pytest.mark.parametrize(
    "args, code",
    [
        ((), 1),  # one gold network has no partner and none may
        (("--max-unpaired", "1"), 0),
        (("--max-unpaired", "1", "--min-f1", "0.71"), 0),  # entity micro F1 0.714
        (("--max-unpaired", "1", "--min-f1", "0.72"), 1),
        (("--max-unpaired", "1", "--min-disclosure-f1", "0.82"), 0),  # disclosure micro F1 0.824
        (("--max-unpaired", "1", "--min-disclosure-f1", "0.83"), 1),
        (("--max-unpaired", "1", "--min-field-f1", "0.01"), 1),  # topics and global audience score 0
    ],
)
def test_exit_codes_under_the_thresholds(args, code):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert ("below threshold" in result.stderr) == bool(code)


def test_the_table_lists_each_field_then_both_averages():
    lines = run("--max-unpaired", "1").stdout.splitlines()
    assert lines[0].split() == ["field", "precision", "recall", "F1"]
    assert lines[1].split() == ["origin_countries", "0.750", "1.000", "0.857"]
    assert [line.split()[0] for line in lines[-3:-1]] == ["entity", "disclosure"]
    assert lines[-3].split()[-1] == "0.714" and lines[-2].split()[-1] == "0.824"


def test_show_errors_lists_each_wrong_or_missing_value_per_network():
    out = run("--show-errors", "--max-unpaired", "1").stdout
    block = out.split("meta meta-page.md row 1 (Moldova network) [gold.jsonl:2]\n", 1)[1].split("\ngoogle", 1)[0]
    assert block.splitlines() == [
        "  tactics: wrong impersonation",
        "  assets: wrong instagram_accounts=5; missing instagram_accounts=4",
        "  iocs: missing gagauzia24.info",
    ]
    assert "  actors: wrong Nicușor Dan" in out and "  languages" not in out


def test_json_output_gives_the_same_figures_and_the_errors():
    figures = json.loads(run("--json", "--show-errors", "--max-unpaired", "1").stdout)
    assert figures["micro"] == evaluate(PREDICTED, GOLD).micro.figures()
    assert figures["errors"][3]["unpaired"] is True
    assert figures["errors"][0]["fields"]["actors"] == {"wrong": ["Nicușor Dan"], "missing": []}


def test_bad_input_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n{oops\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from cio_graph.queries.cli import main; main()", "evaluate", str(bad), str(GOLD)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"error: {bad}:2: expected a JSON object, not valid JSON")


# --- the bundled report against its hand annotation -----------------------------------------------


def test_the_bundled_build_meets_the_bar_on_the_gold(bundled_build):
    """Every network paired; entity micro F1 at least 0.97 and each field at least 0.9."""
    result = CliRunner().invoke(
        cli,
        [
            "evaluate",
            str(bundled_build / "networks.jsonl"),
            str(TIKTOK_GOLD),
            "--min-f1",
            "0.97",
            "--min-field-f1",
            "0.9",
        ],
    )
    assert result.exit_code == 0, result.output
    evaluation = evaluate(bundled_build / "networks.jsonl", TIKTOK_GOLD)
    assert evaluation.unpaired == 0 and evaluation.extra_predicted == 0
