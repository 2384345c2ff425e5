"""Actor dictionary lookups on the bundled data (no spaCy model needed)."""
from datetime import date

import pytest

from whimbrel.actors.dictionary import ActorTables, load_tables
from whimbrel.actors.tables import ActorDataError, DATA_DIR

SAMPLE_DAY = date(2025, 5, 17)


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_dictionary_putin_is_russian_government_on_sample_day(tables):
    e = tables.lookup_name("Putin", on=SAMPLE_DAY)
    assert (e.name, e.country, e.sector, e.kind) == ("Vladimir Putin", "RUS", "GOV", "person")


@pytest.mark.parametrize("day, sector", [
    (date(2019, 6, 1), "GOV"), (date(2025, 5, 17), "GOV"), (date(2022, 6, 1), None),
])
def test_dictionary_trump_sector_depends_on_date(tables, day, sector):
    e = tables.lookup_name("Trump", on=day)
    assert e.country == "USA" and e.sector == sector
    if sector is None:
        assert e.role.startswith("former")


@pytest.mark.parametrize("text", [
    "Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky", "Vladimir Zelensky",
    "Zelensky’s", "Ukraine’s Vladimir Zelensky",
])
def test_dictionary_zelensky_variants_are_one_actor(tables, text):
    e = tables.lookup_name(text, on=SAMPLE_DAY)
    assert e.actor_id == "person:volodymyr-zelensky"
    assert (e.country, e.sector, e.gender) == ("UKR", "GOV", "m")


@pytest.mark.parametrize("text", ["Medinsky", "Vladimir Medinsky", "Moscow’s chief negotiator, Vladimir Medinsky"])
def test_dictionary_medinsky_is_never_zelensky(tables, text):
    e = tables.lookup_name(text, on=SAMPLE_DAY)
    assert e.actor_id == "person:vladimir-medinsky"
    assert (e.country, e.sector) == ("RUS", "GOV")


def test_dictionary_surname_lookup_is_exact(tables):
    assert [e.actor_id for e in tables.lookup_surname("Medinsky")] == ["person:vladimir-medinsky"]
    assert "person:volodymyr-zelensky" not in {e.actor_id for e in tables.lookup_surname("Medinsky")}


@pytest.mark.parametrize("text", ["Kiev", "Kyiv"])
def test_dictionary_kiev_is_a_government_not_a_person(tables, text):
    e = tables.lookup_place_actor(text)
    assert (e.country, e.sector, e.kind) == ("UKR", "GOV", "government")
    hit = tables.lookup_name(text)
    assert hit is None or hit.kind != "person"


@pytest.mark.parametrize("text, iso", [
    ("Russian", "RUS"), ("Ukraine's", "UKR"), ("Ukraine’s", "UKR"), ("the US", "USA"),
    ("U.S.", "USA"), ("Turkish-mediated", "TUR"), ("Türkiye", "TUR"), ("Britain", "GBR"),
])
def test_dictionary_country_words(tables, text, iso):
    assert tables.lookup_country(text) == iso


def test_dictionary_pronoun_us_is_not_a_country(tables):
    assert tables.lookup_country("us") is None


@pytest.mark.parametrize("text, iso", [("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Moscow’s", "RUS")])
def test_dictionary_places_stand_for_governments(tables, text, iso):
    assert tables.lookup_place_actor(text).actor_id == f"gov:{iso}"


def test_dictionary_spokesman_role_is_government(tables):
    role = tables.lookup_role("spokesman")
    assert (role.sector, role.person, role.gender) == ("GOV", True, "m")


def test_dictionary_agents_cover_plurals(tables):
    assert tables.lookup_agent("troop") == tables.lookup_agent("troops") == "MIL"


def test_dictionary_media_and_igos(tables):
    b = tables.lookup_name("Bloomberg")
    assert (b.country, b.sector, b.kind) == ("USA", "MED", "media")
    nato = tables.lookup_name("NATO")
    assert (nato.sector, nato.country, nato.actor_id) == ("IGO", None, "igo:NATO")
    assert tables.code_of(nato) == "IGOWSTNAT"


def test_dictionary_curated_beats_phoenix(tables):
    e = tables.lookup_name("Russian President Vladimir Putin", on=SAMPLE_DAY)
    assert e.source == "office_holders.yaml"


def test_dictionary_phoenix_dated_codes(tables):
    e = tables.lookup_name("Hamid Karzai", on=date(2005, 1, 1))
    assert (e.country, e.sector) == ("AFG", "GOV")


@pytest.mark.parametrize("text, message", [
    ("- {name: Someone, role: envoy, from: 2025-01-01}\n- {name: X, role: envoy, from: 2025-01-01, country: XXQ}\n",
     r"\[A006\] my_people\.yaml line 2: unknown country code 'XXQ'"),
    ("- {name: Someone, from: 2025-01-01}\n", r"\[A004\] my_people\.yaml line 1: missing field 'role'"),
    ("- {name: Someone, role: envoy, from: 2025-13-01}\n", r"my_people\.yaml"),
    ("- {name: Someone, role: envoy, from: 2025-01-01, sector: XYZ}\n", r"line 1: unknown sector"),
])
def test_dictionary_bad_yaml_entry_names_the_file(tmp_path, text, message):
    bad = tmp_path / "my_people.yaml"
    bad.write_text(text)
    with pytest.raises(ActorDataError, match=message):
        ActorTables.load(extra_files=[bad])


def test_dictionary_extra_file_takes_priority(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("- {name: Jane Example, aliases: [Example], country: FRA, sector: GOV,"
                     " role: Minister, from: 2025-01-01, to: null, gender: f}\n")
    e = ActorTables.load(extra_files=[extra]).lookup_name("Example", on=SAMPLE_DAY)
    assert (e.name, e.country, e.source) == ("Jane Example", "FRA", "extra.yaml")


def test_dictionary_data_files_present():
    for name in ("countries.yaml", "office_holders.yaml", "media_outlets.yaml", "igos.yaml",
                 "places_as_actors.yaml", "roles.yaml", "phoenix_actors.jsonl", "phoenix_agents.jsonl"):
        assert (DATA_DIR / name).exists(), name


def test_dictionary_max_name_tokens(tables):
    assert tables.max_name_tokens >= 3
