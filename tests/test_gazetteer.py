"""The gazetteers: countries, demonyms, languages, regions and known actors."""

import pycountry
import pytest

from cio_graph.graph import gazetteer
from cio_graph.graph.gazetteer import COUNTRY, DEMONYM, LANGUAGE, LANGUAGE_STRONG, REGION, REGION_ADJ


@pytest.mark.parametrize(
    "name, code",
    [
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Turkiye", "TR"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("DR Congo", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Kosovo", "XK"),
        ("United States", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Russia", "RU"),
        ("Iran", "IR"),
        ("Vietnam", "VN"),
        ("Syria", "SY"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Taiwan", "TW"),
        ("Palestine", "PS"),
        ("Laos", "LA"),
        ("Moldova", "MD"),
        ("Tanzania", "TZ"),
        ("North Macedonia", "MK"),
        ("Eswatini", "SZ"),
        ("Myanmar", "MM"),
        ("Burma", "MM"),
        ("Timor-Leste", "TL"),
        ("Cabo Verde", "CV"),
        ("Falkland Islands", "FK"),
        ("Saudi Arabia", "SA"),
    ],
)
def test_country_names(name, code):
    assert gazetteer.lookup(name).reading(COUNTRY) == code


def test_every_iso_country_has_a_name():
    named = set(gazetteer.country_names().values())
    assert {c.alpha_2 for c in pycountry.countries} <= named
    assert "XK" in named


@pytest.mark.parametrize(
    "demonym, code",
    [
        ("Romanian", "RO"),
        ("Romanians", "RO"),
        ("Ivorian", "CI"),
        ("Filipino", "PH"),
        ("Filipinos", "PH"),
        ("Emirati", "AE"),
        ("Kyrgyz", "KG"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Nigeriens", "NE"),
        ("Congolese", "CD"),
        ("Kosovar", "XK"),
        ("Salvadoran", "SV"),
        ("Burkinabé", "BF"),
        ("Burkinabe", "BF"),
        ("Monégasque", "MC"),
        ("American", "US"),
        ("British", "GB"),
        ("Dutch", "NL"),
        ("Danes", "DK"),
    ],
)
def test_demonyms(demonym, code):
    assert gazetteer.lookup(demonym).reading(DEMONYM) == code


def test_a_plural_demonym_never_shadows_a_country_name():
    assert gazetteer.lookup("Laos").reading(COUNTRY) == "LA"
    assert gazetteer.lookup("Laos").reading(DEMONYM) is None


@pytest.mark.parametrize(
    "name, code",
    [
        ("Farsi", "fa"),
        ("Persian", "fa"),
        ("Tagalog", "tl"),
        ("Swahili", "sw"),
        ("Hindi", "hi"),
        ("Urdu", "ur"),
        ("French", "fr"),
        ("Bengali", "bn"),
        ("Bangla", "bn"),
        ("Greek", "el"),
        ("Punjabi", "pa"),
        ("Pashto", "ps"),
        ("Cantonese", "yue"),
        ("Dari", "prs"),
        ("Filipino", "fil"),
        ("Hebrew", "he"),
        ("Uyghur", "ug"),
        ("Hausa", "ha"),
        ("Amharic", "am"),
        ("Cebuano", "ceb"),
    ],
)
def test_languages_use_639_1_else_639_3(name, code):
    assert gazetteer.lookup(name).reading(LANGUAGE).code == code


def test_rarer_languages_are_known_only_with_their_cue_word():
    assert gazetteer.lookup("Tausug") is None
    assert gazetteer.lookup("Tausug language").reading(LANGUAGE_STRONG).code == "tsg"
    assert gazetteer.lookup("Waray speakers").reading(LANGUAGE_STRONG).code == "war"


def test_a_demonym_that_is_also_a_language_has_both_readings():
    romanian = gazetteer.lookup("Romanian")
    assert romanian.reading(DEMONYM) == "RO"
    assert romanian.reading(LANGUAGE).code == "ro"
    assert gazetteer.lookup("Arabic").reading(DEMONYM) is None


@pytest.mark.parametrize(
    "form, region, kind",
    [
        ("Europe", "Europe", REGION),
        ("European", "Europe", REGION_ADJ),
        ("Gulf Countries", "Gulf", REGION),
        ("Gulf states", "Gulf", REGION),
        ("Latin America", "Latin America", REGION),
        ("Latin American", "Latin America", REGION_ADJ),
        ("Sahel", "Sahel", REGION),
        ("Balkans", "Balkans", REGION),
        ("Middle East", "Middle East", REGION),
        ("Southeast Asia", "Southeast Asia", REGION),
        ("South-East Asian", "Southeast Asia", REGION_ADJ),
    ],
)
def test_regions(form, region, kind):
    assert gazetteer.lookup(form).reading(kind) == region


def test_mentions_are_whole_words_longest_first():
    text = "Nigerians in Nigeria, Papua New Guinea, a Latin American audience and Americans"
    found = [(m.text, m.kinds) for m in gazetteer.find_mentions(text)]
    assert found == [
        ("Nigerians", "D"),
        ("Nigeria", "C"),
        ("Papua New Guinea", "C"),
        ("Latin American", "A"),
        ("Americans", "D"),
    ]
    assert gazetteer.find_mentions("Russiagate and Romaniacs") == []


def test_known_actors_resolve_acronyms_by_country():
    assert gazetteer.lookup_actor("PNL").name == "National Liberal Party"
    assert gazetteer.lookup_actor("AUR").name == "Alliance for the Union of Romanians"
    assert gazetteer.lookup_actor("afd").name == "Alternative für Deutschland"
    assert gazetteer.lookup_actor("PAS", frozenset({"MD"})).name == "Party of Action and Solidarity"
    assert gazetteer.lookup_actor("PAS", frozenset({"MY"})).name == "Malaysian Islamic Party"
    assert gazetteer.lookup_actor("Nobody In Particular") is None


def test_known_actor_kinds_are_valid_and_cover_many_countries():
    actors = gazetteer.known_actors()
    assert {a.type for a in actors} <= {"person", "party", "organization", "media", "platform"}
    assert len({a.country for a in actors if a.type == "party"}) >= 50
    assert {"NATO", "UN", "EU", "WHO", "RT", "Sputnik", "CGTN", "Xinhua", "PressTV"} <= {
        form for a in actors for form in (a.name, *a.aliases)
    }


def test_known_actors_are_found_case_sensitively():
    assert gazetteer.find_known_actors("support from NATO, the who and WHO") == [(13, 17, "NATO"), (31, 34, "WHO")]


@pytest.mark.parametrize(
    "form, name, kind",
    [
        ("Inima Moldovei", "Heart of Moldova", "party"),
        ("IUVM", "International Union of Virtual Media", "organization"),
        ("BelTA", "Belarusian Telegraph Agency", "media"),
        ("DRAGONBRIDGE", "Spamouflage", "organization"),
        ("VIGINUM", "Vigilance and Protection Service against Foreign Digital Interference", "organization"),
        ("Nowa Lewica", "New Left", "party"),
        ("ISPR", "Inter-Services Public Relations", "organization"),
        ("Imedi", "Imedi TV", "media"),
        ("BND", "Federal Intelligence Service", "organization"),
    ],
)
def test_known_actors_of_report_prose_resolve_aliases(form, name, kind):
    actor = gazetteer.lookup_actor(form)
    assert (actor.name, actor.type) == (name, kind)


def test_no_name_is_shared_by_two_known_actors_of_one_country():
    seen: dict[tuple[str, str], str] = {}
    for actor in gazetteer.known_actors():
        for form in {gazetteer.fold(f) for f in (actor.name, *actor.aliases)}:
            key = (form, actor.country)
            assert seen.setdefault(key, actor.name) == actor.name, (form, actor.country, seen[key], actor.name)


def test_iso_names_with_a_comma_name_their_own_country():
    assert gazetteer.lookup("Virgin Islands, U.S.").reading(COUNTRY) == "VI"
    assert gazetteer.lookup("British Virgin Islands").reading(COUNTRY) == "VG"
    assert gazetteer.lookup("Virgin Islands") is None  # two countries share it
