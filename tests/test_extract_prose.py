"""Entity extraction on report prose (Meta's network summaries, TAG bulletins).

The phrasings here are written for these tests, with other countries, parties, outlets and firms
than the bundled reports; the last tests read the real Meta pages and TAG bulletins of
``tests/data/reports`` and check the facts that must be found there.
"""

import re
from pathlib import Path

import pytest

from cio_graph.graph.extract import extract

REPORTS = Path(__file__).parent / "data" / "reports"


def facts(title: str, text: str = "") -> dict:
    return extract(title, text)


def codes(result: dict, key: str) -> list[str]:
    return sorted(item.get("code") or item.get("id") or item.get("name") for item in result[key])


def actors(result: dict) -> dict[str, tuple[str, str]]:
    return {a["name"]: (a["type"], a["stance"]) for a in result["actors"]}


def stances(result: dict) -> set[tuple[str, str]]:
    return {(s["country"], s["stance"]) for s in result["government_stances"]}


# --- where the network came from and whom it targeted ------------------------------------------


@pytest.mark.parametrize(
    "text, origin",
    [
        (
            "We terminated 12 YouTube channels as part of our investigation into coordinated influence "
            "operations linked to Azerbaijan.",
            ["AZ"],
        ),
        (
            "We banned 2 Play developers in our actions against a coordinated influence operation tied to Nicaragua.",
            ["NI"],
        ),
        ("Our internal investigation revealed links to Serbia and Hungary.", ["HU", "RS"]),
        ("The campaign was linked to a Nigeria-based PR firm.", ["NG"]),
        ("The campaign was linked to the Rwandan military and posted in Kinyarwanda.", ["RW"]),
    ],
)
def test_origin_from_linked_to_a_country(text, origin):
    assert codes(facts("", text), "origin_countries") == origin


def test_content_about_a_country_is_no_origin():
    result = facts("", "The campaign uploaded content about Iran's strikes into Iraq and U.S. policy on oil.")
    assert codes(result, "origin_countries") == []


def test_originating_in_and_targeting_one_country():
    result = facts("", "We disrupted a coordinated inauthentic behavior network originating in and targeting Serbia.")
    assert codes(result, "origin_countries") == ["RS"]
    assert codes(result, "target_countries") == ["RS"]


@pytest.mark.parametrize(
    "text",
    [
        "We disrupted a domestic network in Kenya that posted about local politics.",
        "This network originated in Kenya and targeted domestic audiences.",
    ],
)
def test_a_domestic_network_targets_its_own_country(text):
    result = facts("", text)
    assert codes(result, "origin_countries") == ["KE"]
    assert codes(result, "target_countries") == ["KE"]


def test_title_gives_origins_and_targets():
    result = facts("Armenia, Iran-Based Influence Operation Network Targeting Azerbaijan, Georgia and Turkey", "")
    assert codes(result, "origin_countries") == ["AM", "IR"]
    assert codes(result, "target_countries") == ["AZ", "GE", "TR"]


def test_a_possessed_country_is_no_target():
    result = facts("", "They run campaigns targeting Germany, Austria and China's regional interests.")
    assert codes(result, "target_countries") == ["AT", "DE"]


# --- languages ---------------------------------------------------------------------------------


def test_currency_names_are_no_languages():
    result = facts(
        "",
        "The operators spent about $900 on ads, paid for mostly in Hungarian forints and Czech korunas. "
        "They posted in Slovak and Hebrew.",
    )
    assert codes(result, "languages") == ["he", "sk"]


# --- stances toward governments ------------------------------------------------------------------


def test_stances_toward_listed_countries():
    result = facts(
        "",
        "The campaign was posting political content in Persian supportive of Syria, Iraq, and Lebanon "
        "and critical of Israel and the United States.",
    )
    assert stances(result) == {
        ("SY", "supportive"),
        ("IQ", "supportive"),
        ("LB", "supportive"),
        ("IL", "critical"),
        ("US", "critical"),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ads promoted Chinese strategic interests in the Pacific.", ("CN", "supportive")),
        ("Its content aligns with Turkey's foreign policy objectives.", ("TR", "supportive")),
        (
            "The posts were critical of Belgrade Mayor Aleksandar Šapić and the current Serbian government.",
            ("RS", "critical"),
        ),
        ("Articles criticized Ukraine and supported Belarus.", ("BY", "supportive")),
    ],
)
def test_more_stance_phrasings(text, expected):
    assert expected in stances(facts("", text))


def test_a_country_people_or_opposition_is_no_stance_toward_its_government():
    result = facts(
        "", "The campaign uploaded content critical of Kenyan opposition parties and supportive of Kenya's people."
    )
    assert stances(result) == set()


# --- actors --------------------------------------------------------------------------------------


def test_report_words_are_never_actors():
    text = (
        "Meta disrupted a Peru-based Coordinated Inauthentic Behavior (CIB) network targeting Peru. This file "
        "contains Indicators of Compromise (IOCs) from Meta’s Adversarial Threat Report Q3 2026.\n\n"
        "We removed 9 Facebook accounts, 3 Pages, 2 Groups and 4 Instagram accounts for violating our policy "
        "against Coordinated Inauthentic Behavior. The individuals were associated with a Page advertising "
        "their services. Google and YouTube took similar action."
    )
    assert actors(facts("Peru-Based Influence Operation Network Targeting Peru", text)) == {}


@pytest.mark.parametrize(
    "text, name, kind, stance",
    [
        (
            "Operators amplified messaging supportive of the Georgian Dream political party.",
            "Georgian Dream",
            "party",
            "promoted",
        ),
        (
            "It leveraged a Kenya-based freelancer, likely working on behalf of employees of Sputnik, a Russian "
            "state-controlled media outlet.",
            "Sputnik",
            "media",
            "affiliated",
        ),
        (
            "Evidence attributes this operation to Belarus's Ghostwriter campaign.",
            "Ghostwriter",
            "organization",
            "affiliated",
        ),
        (
            "We found evidence of this campaign being tied to the consulting firm Lumen Strategies based in Lagos.",
            "Lumen Strategies",
            "organization",
            "affiliated",
        ),
        (
            "Our investigation found links to individuals associated with the Rapid Support Forces.",
            "Rapid Support Forces",
            "organization",
            "affiliated",
        ),
        ("We linked it to STOIC, a political marketing firm in Tel Aviv.", "STOIC", "organization", "affiliated"),
        (
            "Our investigation found links to Structura and the Social Design Agency.",
            "Structura",
            "organization",
            "affiliated",
        ),
        (
            "Our investigation found links to Structura and the Social Design Agency.",
            "Social Design Agency",
            "organization",
            "affiliated",
        ),
        (
            "Our first takedown of the Liberty Front Press network came in 2018.",
            "Liberty Front Press",
            "media",
            "affiliated",
        ),
        (
            "The campaign was linked to the Iranian state-sponsored International Union of Virtual Media (IUVM) network.",
            "International Union of Virtual Media",
            "organization",
            "affiliated",
        ),
        (
            "The posts were favorable to the Polish Confederation Liberty and Independence party.",
            "Confederation Liberty and Independence",
            "party",
            "promoted",
        ),
    ],
)
def test_actors_named_in_prose(text, name, kind, stance):
    assert actors(facts("", text)).get(name) == (kind, stance)


def test_a_possessive_country_is_not_part_of_the_name():
    found = actors(facts("", "The evidence attributes the network to Russia’s Social Design Agency (SDA)."))
    assert found == {"Social Design Agency": ("organization", "affiliated")}


def test_brands_the_network_ran_are_affiliated_media():
    found = actors(
        facts(
            "",
            'It filmed interviews under the "Voice of Cahul" brand. On our platform, the brands - '
            "Echo Nord and Radar Sud - posted in Romanian.",
        )
    )
    assert found == {name: ("media", "affiliated") for name in ("Voice of Cahul", "Echo Nord", "Radar Sud")}


@pytest.mark.parametrize(
    "text",
    [
        "The network amplified leaks against a Hungarian European Parliament member.",
        "Operators posed as Muslim students and Jewish activists.",
        "It was linked to a PR firm and SEO specialists.",
        "The campaign acted on behalf of Russia-based actors.",
    ],
)
def test_qualifiers_and_trade_words_are_no_actors(text):
    assert actors(facts("", text)) == {}


def test_a_known_actor_listed_with_a_country_is_still_found():
    found = actors(facts("", "Posts focused on the country's relationships with the African Union and Ethiopia."))
    assert "African Union" in found


def test_a_cue_word_inside_a_known_name_is_no_cue():
    text = "Our analysis benefited from reporting by France's Vigilance and Protection Service against Foreign Digital Interference (VIGINUM)."
    found = actors(facts("", text))
    assert set(found) == {"Vigilance and Protection Service against Foreign Digital Interference"}
    assert found["Vigilance and Protection Service against Foreign Digital Interference"][1] != "criticized"


# --- tactics -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Network operators had around $2,500 in spending for ads, paid for mostly in Euros.", "paid-ads"),
        ("Fake accounts ran targeted advertisements posing as the ruling party.", "paid-ads"),
        ("The operators bought ads on several platforms.", "paid-ads"),
        ("The network amplified materials from a hack-and-leak campaign against a minister.", "hack-and-leak"),
        ("It spread hacked emails of Lithuanian officials.", "hack-and-leak"),
        ("The operation created fictitious news brands.", "fake-news-outlets"),
        ("They ran two seemingly independent, grassroots media outlets.", "fake-news-outlets"),
        (
            "The campaign used domains that were designed to look as if they were independent news outlets.",
            "fake-news-outlets",
        ),
        (
            "The campaign used domains that were designed to look as if they were independent news outlets.",
            "owned-websites",
        ),
        ("Operators impersonated journalists from local newspapers.", "impersonation"),
        ("The operators used VPNs to conceal their location.", "location-obfuscation"),
        ("Some profile photos were likely created using generative AI.", "ai-generated-content"),
        ("The operators leaned on GenAI tools to write comments.", "ai-generated-content"),
        ("The network relied on deceptive personas across the political spectrum.", "fictitious-personas"),
        ("Operators invested in persona development.", "fictitious-personas"),
        ("The same individuals came back to our platform after we removed them.", "enforcement-evasion"),
        ("They likely received instructions through channels outside of the platform.", "off-platform-coordination"),
        ("The campaign hired freelancers to manage its Pages.", "fake-engagement-vendor"),
    ],
)
def test_tactics_in_prose(text, slug):
    assert slug in codes(facts("", text), "tactics")


@pytest.mark.parametrize(
    "text, slug",
    [
        ("The network did not engage in paid advertising.", "paid-ads"),
        ("It ran no ads and had no ad spend.", "paid-ads"),
        ("The operators were seen recycling personas across campaigns.", "duplicate-content"),
        ("Their articles were often cited by Venezuelan state-run media outlets.", "undisclosed-state-media"),
    ],
)
def test_tactics_not_stated(text, slug):
    assert slug not in codes(facts("", text), "tactics")


# --- the real pages --------------------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[str]:
    out, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    return out


def meta_networks(path: Path) -> list[tuple[str, str]]:
    """(title, description) of each network of a Meta page, as the Meta reader gives them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").replace("Indicators of Compromise: ", "")
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines[1:]:
        if line.startswith(("## Indicators of Compromise", "## Cross-Links")):
            break
        if line.startswith("#"):
            sections.append((line.lstrip("# "), []))
        elif not line.startswith(("|", "*Note")):
            sections[-1][1].append(line)
    intro = _paragraphs(sections[0][1])
    cases = [(head, _paragraphs(body)) for head, body in sections if head.lower().startswith("case study")]
    if not cases:
        return [(title, "\n\n".join(p for _, body in sections for p in _paragraphs(body)))]
    return [(title, "\n\n".join(intro + body)) for _, body in cases]


def tag_campaigns(path: Path) -> list[str]:
    """The campaign paragraphs of a TAG bulletin."""
    return [
        re.sub(r"\s+", " ", line.lstrip("• ")).strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip("• ").startswith("We ")
    ]


def meta(name: str, row: int = 1) -> dict:
    return facts(*meta_networks(REPORTS / "meta" / name)[row - 1])


def test_meta_moldova_page():
    result = meta("meta-h2-2025-moldova-based-cib-network.md")
    assert codes(result, "origin_countries") == codes(result, "target_countries") == ["MD"]
    found = actors(result)
    assert found["Heart of Moldova"] == ("party", "promoted")
    assert found["Gagauz Executive Committee"] == ("organization", "affiliated")
    assert found["Voice of Gagauzia"] == ("media", "affiliated")
    assert "paid-ads" in codes(result, "tactics")
    assert not any("Inauthentic" in name or "Compromise" in name for name in found)


def test_meta_poland_page():
    result = meta("meta-h2-2025-poland-based-cib-network.md")
    assert codes(result, "origin_countries") == codes(result, "target_countries") == ["PL"]
    found = actors(result)
    assert found["Law and Justice"] == ("party", "promoted")
    assert found["Rafal Trzaskowski"] == ("person", "criticized")
    assert ("PL", "critical") in stances(result)
    tactics = codes(result, "tactics")
    assert "fictitious-personas" in tactics and "paid-ads" not in tactics  # "did not engage in paid advertising"


def test_meta_belarus_page():
    result = meta("meta-h2-2025-belarus-based-cib-network.md")
    assert codes(result, "origin_countries") == ["BY", "RU"]
    assert codes(result, "target_countries") == ["PL"]
    assert codes(result, "languages") == []  # "paid for mostly in Polish zlotys"
    assert {"Civic Coalition", "European Union"} <= set(actors(result))
    assert "European Parliament" not in actors(result)
    assert {"paid-ads", "hack-and-leak", "impersonation"} <= set(codes(result, "tactics"))


def test_meta_india_page():
    result = meta("meta-h2-2025-india-based-cib-network.md")
    assert codes(result, "origin_countries") == codes(result, "target_countries") == ["IN"]
    assert actors(result) == {}
    assert {"ai-generated-content", "fictitious-personas", "paid-ads"} <= set(codes(result, "tactics"))


def test_meta_iran_page():
    result = meta("meta-h2-2025-iran-based-cib-network.md")
    assert codes(result, "origin_countries") == ["IR"]
    assert codes(result, "target_countries") == ["FR", "GB", "IL", "US"]
    found = actors(result)
    assert found["International Union of Virtual Media"][1] == "affiliated"
    assert found["Liberty Front Press"] == ("media", "affiliated")
    assert ("IR", "supportive") in stances(result)
    assert "election-US" in codes(result, "topics")


def test_meta_russia_page_with_two_case_studies():
    first = meta("meta-h2-2025-russia-based-cib-network-2.md", 1)
    second = meta("meta-h2-2025-russia-based-cib-network-2.md", 2)
    assert codes(first, "origin_countries") == ["RU"]
    assert {"ML", "BF", "NG", "ZA", "SN"} <= set(codes(first, "target_countries"))
    assert ("RU", "supportive") in stances(first)
    assert {"paid-ads", "fake-engagement-vendor", "enforcement-evasion", "off-platform-coordination"} <= set(
        codes(first, "tactics")
    )
    assert codes(second, "origin_countries") == ["CM", "RU"]
    assert codes(second, "languages") == ["fr"]
    found = actors(second)
    assert found["RT"] == ("media", "affiliated")
    assert found["Allô Afrique"] == found["Derniere Minute"] == ("media", "affiliated")


def test_tag_bulletins():
    campaigns = tag_campaigns(REPORTS / "google" / "tag-bulletin-2020-q1.txt")
    campaigns += tag_campaigns(REPORTS / "google" / "tag-bulletin-2021-q4.txt")
    results = [facts("", text) for text in campaigns]
    assert [codes(r, "origin_countries") for r in results] == [
        ["IR"],
        ["EG"],
        ["IN"],
        [],
        ["VN"],
        ["IN"],
        ["SD"],
        ["UG"],
        ["CN"],
    ]
    assert [codes(r, "languages") for r in results] == [
        [],
        ["ar"],
        ["en"],
        ["ar"],
        ["en", "ko"],
        ["en"],
        ["ar"],
        ["en"],
        ["en", "zh"],
    ]
    assert stances(results[1]) == {
        ("SA", "supportive"),
        ("AE", "supportive"),
        ("EG", "supportive"),
        ("BH", "supportive"),
        ("IR", "critical"),
        ("QA", "critical"),
    }
    assert stances(results[3]) == {("TR", "supportive"), ("AE", "critical"), ("YE", "critical")}
    assert actors(results[0])["International Union of Virtual Media"][1] == "affiliated"
    assert actors(results[1]) == {"New Waves": ("organization", "affiliated")}
    assert actors(results[6]) == {"Sudanese military": ("organization", "promoted")}
    assert {"fake-news-outlets", "owned-websites"} <= set(codes(results[5], "tactics"))
    for result in results:
        assert not {"Google", "YouTube", "Facebook", "Twitter"} & set(actors(result))


# --- the wording of report summaries ---------------------------------------------------------------


def test_targets_given_by_example():
    result = facts("", "This network targeted many regions around the world, including Brazil, Mexico and Argentina.")
    assert codes(result, "target_countries") == ["AR", "BR", "MX"]


def test_commentary_gives_stances_toward_countries_and_actors():
    result = facts(
        "",
        "They posted positive commentary about Hungary and criticisms of Romania, including supportive "
        "commentary about President Aleksandar Vučić and negative coverage of the Democratic Party.",
    )
    assert {("HU", "supportive"), ("RO", "critical")} <= stances(result)
    found = actors(result)
    assert found["Aleksandar Vučić"] == ("person", "promoted")
    assert found["Democratic Party"][1] == "criticized"


def test_a_long_name_is_not_replaced_by_a_known_actor_sharing_its_acronym():
    found = actors(facts("", "We found links to the Institute for Civic Analysis (CRI) in Dhaka."))
    assert found == {"Institute for Civic Analysis": ("organization", "affiliated")}


def test_a_few_ads_are_paid_ads():
    assert "paid-ads" in codes(facts("", "The network also ran a small number of ads."), "tactics")


def test_brands_the_network_ran_are_inauthentic_outlets():
    result = facts("", 'Operators filmed street interviews under the "Voice of Comrat" brand.')
    assert "fake-news-outlets" in codes(result, "tactics")


def test_regions_throughout_which_countries_were_targeted():
    result = facts("", "This network targeted multiple countries throughout Latin America.")
    assert codes(result, "target_regions") == ["Latin America"]


def test_stances_toward_the_governments_of_listed_countries():
    result = facts("", "The posts were praising Qatar and criticizing the governments of Bahrain and Egypt.")
    assert stances(result) == {("QA", "supportive"), ("BH", "critical"), ("EG", "critical")}


@pytest.mark.parametrize(
    "text, origin",
    [
        ("We found evidence of this campaign being tied to the marketing firm Nile Reach based in Cairo.", ["EG"]),
        ("The network was run by a Baku-based communications agency.", ["AZ"]),
        ("We linked it to Orbis Media, a firm based in Lagos, Nigeria.", ["NG"]),
    ],
)
def test_origin_from_where_a_firm_is_based(text, origin):
    assert codes(facts("", text), "origin_countries") == origin


def test_technical_terms_with_acronyms_are_no_actors():
    text = (
        "They used Virtual Private Networks (VPNs), Generative Adversarial Networks (GANs) and Search Engine "
        "Optimization (SEO), against our Terms of Service (ToS). We share Tactics, Techniques, and Procedures "
        "(TTPs) with researchers at the Digital Forensic Research Lab (DFRLab)."
    )
    assert actors(facts("", text)) == {"Digital Forensic Research Lab": ("organization", "mentioned")}


def test_targets_listed_with_regions():
    result = facts("Russia-Based Influence Operation Network Targeting Central Asia, Mongolia", "")
    assert codes(result, "target_countries") == ["MN"]
    assert codes(result, "target_regions") == ["Central Asia"]
    result = facts("", "The network targeted Canada, Mexico and the Caribbean.")
    assert codes(result, "target_countries") == ["CA", "MX"]
    assert codes(result, "target_regions") == ["Caribbean"]


def test_origins_listed_with_and_before_based():
    result = facts("Serbia and Montenegro-Based Influence Operation Network Targeting Kosovo", "")
    assert codes(result, "origin_countries") == ["ME", "RS"]
    assert codes(result, "target_countries") == ["XK"]


def test_a_dotted_country_abbreviation_in_a_list_of_actors():
    result = facts("", "The campaign was sharing content critical of Georgia, the U.S., and NATO.")
    assert actors(result) == {"North Atlantic Treaty Organization": ("organization", "criticized")}
    assert stances(result) == {("GE", "critical"), ("US", "critical")}


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("It was operated by employees of a Tbilisi-based marketing firm, Panda Media.", "Panda Media", "organization"),
        (
            "Our investigation found links to a Minsk-based PR agency called Zubr Consult.",
            "Zubr Consult",
            "organization",
        ),
        ("The operators worked for the Kremlin-backed outlet News Front.", "News Front", "media"),
        ("The accounts were run by a local news brand, Radio Sahel Libre.", "Radio Sahel Libre", "media"),
    ],
)
def test_sponsors_named_after_their_kind(text, name, kind):
    assert actors(facts("", text)) == {name: (kind, "affiliated")}


def test_a_two_word_region_adjective_wins_over_its_last_word():
    result = facts("", "This network targeted numerous sub-Saharan African countries.")
    assert codes(result, "target_regions") == ["Sub-Saharan Africa"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Fake accounts ran ads while falsely representing Hungary's governing Fidesz party.",
            {"Fidesz": ("party", "depicted")},
        ),
        (
            "The posts were critical of Moldova's ruling Party of Action and Solidarity and of Russia's Vladimir Putin.",
            {"Party of Action and Solidarity": ("party", "criticized"), "Vladimir Putin": ("person", "criticized")},
        ),
    ],
)
def test_actors_after_a_possessive_country(text, expected):
    assert actors(facts("", text)) == expected


@pytest.mark.parametrize(
    "text, targets",
    [
        ("This network originated in Iran and targeted primarily Iraq and to a lesser extent Kuwait.", ["IQ", "KW"]),
        ("This activity targeted people in Chad and Niger.", ["NE", "TD"]),
        ("The operation targeted journalists and activists in Belarus.", ["BY"]),
    ],
)
def test_more_target_phrasings(text, targets):
    assert codes(facts("", text), "target_countries") == targets


def test_a_known_name_inside_a_region_name_is_no_actor():
    result = facts("", "The network targeted audiences in EU countries.")
    assert actors(result) == {}
    assert codes(result, "target_regions") == ["Europe"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "They praised Erdoğan's Justice and Development Party.",
            {"Justice and Development Party": ("party", "promoted")},
        ),
        ("They criticized People's Democratic Party.", {"People's Democratic Party": ("party", "criticized")}),
    ],
)
def test_a_possessor_is_dropped_only_before_a_known_name(text, expected):
    assert actors(facts("", text)) == expected
