"""The generated and curated actor knowledge of issue 16 (no spaCy model needed)."""
from datetime import date

import pytest

from whimbrel.actors.dictionary import load_tables
from whimbrel.actors.tables import ActorDataError, read_organisations


def test_capitals_of_countries_outside_the_curated_seats():
    t = load_tables()
    assert t.lookup_place_actor("Bamako").country == "MLI"
    assert t.lookup_place_actor("Male") is None  # an English word, left out on purpose


def test_dated_world_office_holders():
    t = load_tables()
    assert (t.lookup_name("Chirac", on=date(2003, 1, 1)).sector, t.lookup_name("Chirac", on=date(2003, 1, 1)).country) == ("GOV", "FRA")
    assert t.lookup_name("Chirac", on=date(2010, 1, 1)).sector is None  # former president
    assert t.lookup_name("Boris Johnson", on=date(2017, 1, 1)).role.startswith("Foreign Secretary")
    assert t.lookup_name("Boris Johnson", on=date(2020, 1, 1)).role.startswith("Prime Minister")


def test_agencies_titles_and_organisations():
    t = load_tables()
    assert (t.lookup_name("DHS").country, t.lookup_name("DHS").sector) == ("USA", "GOV")
    assert t.lookup_role("Rep.").country == "USA" and t.lookup_role("taoiseach").country == "IRL"
    assert t.lookup_org_word("University") == "EDU"
    assert t.lookup_name("Oxfam").country is None


def test_bad_organisation_row_names_file_and_line(tmp_path):
    bad = tmp_path / "my_orgs.yaml"
    bad.write_text("- {name: Fine Institute, country: SWE, sector: NGO}\n- {name: Bad Body, country: XXQ, sector: NGO}\n")
    with pytest.raises(ActorDataError, match=r"\[A006\] my_orgs.yaml line 2"):
        read_organisations(bad, {"SWE"})


def test_build_script_rejects_a_bad_table_row(tmp_path, script):
    module = script("build_actor_knowledge")
    table = tmp_path / "offices.psv"
    table.write_text("# header\nFRA|GOV|President|Jane Doe|2001-01-01\n")
    with pytest.raises(SystemExit, match="offices.psv line 2"):
        module.office_rows(table, {"FRA": "France"})


def test_session7_heads_of_state_of_more_countries_are_dated():
    t = load_tables()
    farmajo = t.lookup_name("Farmajo", on=date(2020, 1, 1))
    assert (farmajo.country, farmajo.sector) == ("SOM", "GOV")
    assert t.lookup_name("Hun Sen", on=date(2020, 1, 1)).sector == "GOV"
    assert t.lookup_name("Hun Sen", on=date(2024, 6, 1)).sector == "LEG"   # Senate president since 2024
    assert t.lookup_name("Julie Bishop", on=date(2016, 1, 1)).role.startswith("Foreign Minister")
    assert t.lookup_name("Maria Consuelo Porras", on=date(2024, 1, 1)).sector == "JUD"
