"""Actors the extractor reads: names, types, stances, acronyms and what is never an actor."""

import pytest

from tests.test_extract import actor_table, actors, codes, facts, stances


def test_promoted_person_and_party_with_acronym():
    result = facts(
        "Accounts targeting political discourse in Côte d'Ivoire",
        "The individuals behind this network created fake accounts in order to promote presidential candidate "
        "Tidjane Thiam and the Democratic Party of Côte d'Ivoire (PDCI).",
    )
    assert actors(result) == {
        "Tidjane Thiam": ("person", "promoted"),
        "Democratic Party of Côte d'Ivoire": ("party", "promoted"),
    }
    party = next(a for a in result["actors"] if a["type"] == "party")
    assert party["aliases"] == ["PDCI"]


def test_known_acronyms_are_resolved():
    result = facts(
        "Accounts targeting political discourse in Romania",
        "The network amplified content favorable to the USR party and critical of the PSD.",
    )
    assert actors(result) == {
        "Save Romania Union": ("party", "promoted"),
        "Social Democratic Party": ("party", "criticized"),
    }
    assert next(a for a in result["actors"] if a["name"] == "Save Romania Union")["aliases"] == ["USR"]


def test_acronym_followed_by_its_expansion():
    result = facts(
        "Accounts targeting political discourse in Spain",
        "The network amplified pro-PSOE (Spanish Socialist Workers' Party) political content.",
    )
    assert actors(result) == {"Spanish Socialist Workers' Party": ("party", "promoted")}


def test_criticised_people_keep_diacritics():
    result = facts(
        "Accounts targeting political discourse in Türkiye",
        "The network operated a network of fake profiles to praise the Justice and Development Party (AKP) "
        "and criticise opposition leader Özgür Özel.",
    )
    assert actors(result) == {
        "Justice and Development Party": ("party", "promoted"),
        "Özgür Özel": ("person", "criticized"),
    }


def test_conjoined_names_are_split_but_names_with_and_are_kept():
    result = facts(
        "Accounts targeting political discourse in Moldova",
        "The network amplified narratives critical of President Maia Sandu and the Party of Action and "
        "Solidarity (PAS), and promoted Ilan Shor and Evghenia Guțul.",
    )
    assert actors(result) == {
        "Maia Sandu": ("person", "criticized"),
        "Party of Action and Solidarity": ("party", "criticized"),
        "Ilan Shor": ("person", "promoted"),
        "Evghenia Guțul": ("person", "promoted"),
    }


def test_ocr_l_for_capital_i_is_repaired():
    result = facts("Accounts", "The network created fictitious personas to promote lon Popescu and lgor Dodon.")
    assert set(actors(result)) == {"Ion Popescu", "Igor Dodon"}
    ion = next(a for a in result["actors"] if a["name"] == "Ion Popescu")
    assert "lon Popescu" in ion["aliases"]


def test_ordinary_words_starting_with_l_are_left_alone():
    result = facts("Accounts", "The network promoted local Romanian candidates and leading Hungarian politicians.")
    assert result["actors"] == []


@pytest.mark.parametrize(
    "description, name",
    [
        ("The network commonly used images of Vasil Levski as account avatars.", "Vasil Levski"),
        ("The network posted a deepfake video of Queen Tamar of Georgia.", "Tamar of Georgia"),
        ("Accounts posted AI-generated photos of Ferdinand Marcos Jr. to attract followers.", "Ferdinand Marcos Jr."),
        ("The network used pictures of Skanderbeg as profile pictures.", "Skanderbeg"),
    ],
)
def test_depicted_people(description, name):
    result = facts("Accounts", description)
    assert actors(result)[name] == ("person", "depicted")


def test_affiliated_media():
    result = facts(
        "Iranian state-affiliated media accounts engaging in covert influence (IRIB)",
        "We removed a network of accounts which we assess to be affiliated with Iranian State-Affiliated Media "
        "organization IRIB (Including PressTV news accounts) for violation of our policy.",
    )
    assert actors(result) == {
        "IRIB": ("media", "affiliated"),
        "PressTV": ("media", "affiliated"),
    }
    assert codes(result, "origin_countries") == ["IR"]
    assert stances(result) == {("IR", "supportive")}
    assert codes(result, "tactics") == ["undisclosed-state-media"]


def test_unknown_organisations_get_their_type_from_context():
    result = facts(
        "Accounts",
        "The network was found to be affiliated with the marketing company Flare Digital, "
        "and to undermine the Kenyan Independent Electoral and Boundaries Commission.",
    )
    assert actors(result) == {
        "Flare Digital": ("organization", "affiliated"),
        "Independent Electoral and Boundaries Commission": ("organization", "criticized"),
    }


def test_institution_named_by_demonym():
    result = facts("Accounts promoting the Sudanese army", "")
    assert actors(result) == {"Sudanese army": ("organization", "promoted")}


def test_well_known_organisations_are_mentioned():
    result = facts("Accounts", "The network suggested declining support from the EU and the WHO for the government.")
    assert actors(result) == {
        "European Union": ("organization", "mentioned"),
        "World Health Organization": ("organization", "mentioned"),
    }


def test_no_actor_from_unnamed_people_governments_or_platforms():
    result = facts(
        "Accounts targeting the war between Israel and Hamas",
        "The network amplified narratives favorable to a political candidate and critical of other Peruvian "
        "politicians, critical of the current Peruvian Government, redirecting users away from TikTok to Telegram.",
    )
    assert result["actors"] == []


def test_war_names_are_not_actors():
    result = facts("Accounts targeting the war between Israel and Hamas", "The network discussed Hamas.")
    assert result["actors"] == []


def test_a_demonym_stays_in_generic_institution_names():
    result = facts(
        "Accounts", "The network promoted the Rapid Support Forces (RSF) and attacked the Sudanese Armed Forces."
    )
    assert actors(result) == {
        "Rapid Support Forces": ("organization", "promoted"),
        "Sudanese Armed Forces": ("organization", "criticized"),
    }


def test_modifiers_before_a_name():
    result = facts(
        "Accounts",
        "The network was favorable to the ruling Georgian Dream party and critical of "
        "Ukrainian President Volodymyr Zelensky.",
    )
    assert actors(result) == {
        "Georgian Dream": ("party", "promoted"),
        "Volodymyr Zelensky": ("person", "criticized"),
    }


def test_person_of_a_party_is_two_actors():
    result = facts(
        "Accounts targeting political discourse in Ecuador",
        "The network created accounts posing as local journalists to support Luisa González of the "
        "Citizen Revolution Movement (RC) and to criticize President Daniel Noboa.",
    )
    assert actors(result) == {
        "Luisa González": ("person", "promoted"),
        "Citizen Revolution Movement": ("party", "promoted"),
        "Daniel Noboa": ("person", "criticized"),
    }
    assert "fictitious-personas" in codes(result, "tactics")
    assert "fake-news-outlets" not in codes(result, "tactics")


def test_ranks_are_no_part_of_a_name():
    result = facts("Accounts", "The network posted content supporting Captain Ibrahim Traoré.")
    assert actors(result) == {"Ibrahim Traoré": ("person", "promoted")}


@pytest.mark.parametrize(
    "country, party", [("Moldova", "Party of Action and Solidarity"), ("Malaysia", "Malaysian Islamic Party")]
)
def test_a_shared_acronym_is_the_party_of_the_row_countries_even_in_a_repeated_title(country, party):
    title = "Accounts criticizing PAS"  # the same title in both rows: read once, resolved per row
    result = facts(title, f"We assess that this network targeted users in {country}.")
    assert [a["name"] for a in result["actors"]] == [party]
    result = facts("Accounts targeting political discourse", f"The network operated from {country} and criticized PAS.")
    assert [a["name"] for a in result["actors"]] == [party]


@pytest.mark.parametrize(
    "text, name, kind, stance, alias",
    [
        # a demonym or region adjective that begins a party's name is part of the name
        (
            "Accounts amplified narratives in French favourable to the African Peoples Party of Côte d'Ivoire (PPA-CI).",
            "African Peoples Party of Côte d'Ivoire",
            "party",
            "promoted",
            "PPA-CI",
        ),
        (
            "Personas posing as students promoted the Serbian List party (Srpska Lista).",
            "Serbian List",
            "party",
            "promoted",
            "Srpska Lista",
        ),
        ("The accounts praised the Georgian Dream party.", "Georgian Dream", "party", "promoted", None),
        # a known name or a name before its acronym is read whole before conjunctions split it
        (
            "The network sought to praise Law and Justice (PiS) ahead of the vote.",
            "Law and Justice",
            "party",
            "promoted",
            "PiS",
        ),
        (
            "Accounts supported Freedom and Direct Democracy (SPD) in Czechia.",
            "Freedom and Direct Democracy",
            "party",
            "promoted",
            "SPD",
        ),
    ],
)
def test_party_names_keep_their_leading_adjective_and_conjunctions(text, name, kind, stance, alias):
    table = actor_table(facts("", text))
    assert table[name][:2] == (kind, stance)
    if alias:
        assert alias in table[name][2]
    assert not {"List", "Law", "Justice", "Freedom", "Dream"} & set(table)


def test_a_demonym_before_a_state_institution_is_no_part_of_its_name():
    table = actor_table(facts("", "The accounts criticised the Nigerian Economic and Financial Crimes Commission."))
    assert table["Economic and Financial Crimes Commission"][:2] == ("organization", "criticized")


def test_a_repeated_preposition_continues_the_list_of_criticised_actors():
    result = facts("", "Posts were critical of the current Philippine administration and of Ferdinand Marcos Jr.")
    assert actor_table(result)["Ferdinand Marcos Jr."][:2] == ("person", "criticized")
    assert [(s["country"], s["stance"]) for s in result["government_stances"]] == [("PH", "critical")]


@pytest.mark.parametrize(
    "text, person, stance",
    [
        (
            "The accounts criticised Prime Minister Donald Tusk and the Civic Coalition (KO).",
            "Donald Tusk",
            "criticized",
        ),
        ("Content was critical of President Bola Tinubu.", "Bola Tinubu", "criticized"),
        ("The network praised Prime Minister Robert Fico.", "Robert Fico", "promoted"),
    ],
)
def test_titles_are_stripped_from_people_found(text, person, stance):
    table = actor_table(facts("", text))
    assert table[person][:2] == ("person", stance)
    assert not any(name.startswith(("Prime", "President")) for name in table)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("The network impersonated Polish news outlets such as TVN24.", "TVN24", "media"),
        ("Accounts reposted content from parties including Smer and Hlas.", "Hlas", "party"),
        (
            "Fake pages mimicked organizations such as the Red Cross.",
            "International Committee of the Red Cross",
            "organization",
        ),
    ],
)
def test_actors_given_as_examples_of_a_kind_are_mentioned(text, name, kind):
    assert actors(facts("", text))[name] == (kind, "mentioned")


@pytest.mark.parametrize(
    "text, name, kind, stance",
    [
        ("The accounts promoted Andrej Babiš and criticised Petr Fiala.", "Andrej Babiš", "person", "promoted"),
        ("The accounts promoted Andrej Babiš and criticised Petr Fiala.", "Petr Fiala", "person", "criticized"),
        ("The network posted content praising Recep Tayyip Erdoğan.", "Recep Tayyip Erdoğan", "person", "promoted"),
        (
            "The network amplified narratives critical of the Kenyan government and of President William Ruto.",
            "William Ruto",
            "person",
            "criticized",
        ),
        (
            "The network targeted audiences in Senegal, supporting Ousmane Sonko and the PASTEF party.",
            "Ousmane Sonko",
            "person",
            "promoted",
        ),
        (
            "The network criticized the Georgian Dream government and promoted the United National Movement (UNM).",
            "Georgian Dream",
            "party",
            "criticized",
        ),
        (
            "The network criticized the Georgian Dream government and promoted the United National Movement (UNM).",
            "United National Movement",
            "party",
            "promoted",
        ),
        (
            "The network targeted Ecuador and promoted Luisa González and the Citizen Revolution Movement.",
            "Citizen Revolution Movement",
            "party",
            "promoted",
        ),
    ],
)
def test_unseen_actors(text, name, kind, stance):
    assert actors(facts("", text))[name] == (kind, stance)
