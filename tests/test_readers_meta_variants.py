"""A Meta page of another shape than the bundled ones: numbered networks under one report title,
indicators announced by a plain "Indicators:" line, no indicator table."""

from __future__ import annotations

from pathlib import Path

from cio_graph.graph.build import collect

PAGE = """# Indicators of Compromise: Meta Adversarial Threat Report Q4 2024

This file contains Indicators of Compromise (IOCs) from Meta's Q4 2024 Adversarial Threat Report.

### Network 1: Benin-Based CIB Network Targeting Benin and Togo

We removed 21 Facebook accounts, 12 Pages and 2 Instagram accounts that targeted audiences in Benin and Togo.
The people behind this activity posted in French about local politics. About 45,000 accounts followed one or
more of these Pages. The network spent about $1,200 on ads on Facebook, paid for primarily in West African CFA francs.

Indicators:
- Facebook Page: hxxps://www[.]facebook[.]com/ruritania_verite
- Domain: ruritania-verite[.]info

### Network 2: Iran-Based CIB Network Targeting Israel

We removed 8 Facebook accounts and 3 Instagram accounts. This network targeted Israel, posting in Hebrew.
We found no evidence of ad spend. About 2,100 accounts followed one or more of these Instagram accounts.
"""


def test_numbered_networks_with_indicators_announced_by_a_line(tmp_path: Path):
    path = tmp_path / "meta-q4-2024.md"
    path.write_text(PAGE, encoding="utf-8")
    first, second = collect([path]).networks
    assert (first["period"], first["row"], second["row"]) == ("2024-Q4", 1, 2)
    assert [i["value"] for i in first["iocs"]] == ["https://www.facebook.com/ruritania_verite", "ruritania-verite.info"]
    assert second["iocs"] == [] and not first["iocs_unassigned"]
    assert first["ad_spend"]["paid_in"] == ["XOF"] and second["ad_spend"]["amount"] == 0
    # the network's own heading is read with the page title: its origin and targets
    assert [c["code"] for c in second["origin_countries"]] == ["IR"]
    assert [c["code"] for c in second["target_countries"]] == ["IL"]
    assert [c["code"] for c in first["origin_countries"]] == ["BJ"]  # from "Benin-Based" in its heading
    assert [c["code"] for c in first["target_countries"]] == ["BJ", "TG"]
