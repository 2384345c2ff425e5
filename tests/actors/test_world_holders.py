"""Session 11 (issue 16): the curated office table's checks, and people, seats and bodies it added
resolved in sentences written for these tests."""
from datetime import date

import pytest

from whimbrel.actors.dictionary import load_tables


@pytest.fixture
def build(script):
    return script("build_actor_knowledge")


def _rows(build, tmp_path, text):
    table = tmp_path / "offices.psv"
    table.write_text("# header\n" + text)
    return build.office_rows(table, {"FRA": "France", "DEU": "Germany"})


def test_two_holders_of_one_office_at_once_are_reported(build, tmp_path):
    rows = _rows(build, tmp_path, "FRA|GOV|President|Ann Alpha|2001-01-01|2005-01-01|f|\n"
                           "FRA|GOV|President|Ben Beta|2004-06-01||m|\n")
    problems = build.check_offices(rows)
    assert len(problems) == 1 and "Ben Beta and Ann Alpha" in problems[0]


def test_a_handover_day_and_another_office_are_no_overlap(build, tmp_path):
    rows = _rows(build, tmp_path, "FRA|GOV|President|Ann Alpha|2001-01-01|2005-01-01|f|\n"
                           "FRA|GOV|President|Ben Beta|2005-01-01||m|\n"
                           "FRA|GOV|Prime Minister|Cid Gamma|2003-01-01||m|\n")
    assert build.check_offices(rows) == []


def test_an_alias_naming_two_people_is_reported(build, tmp_path):
    rows = _rows(build, tmp_path, "FRA|GOV|President|Ann Alpha|2001-01-01||f|Alpha\n"
                           "DEU|GOV|Chancellor|Dan Alpha|2001-01-01||m|Alpha\n")
    problems = build.check_offices(rows)
    assert problems == ["alias 'alpha' names 2 people: ann alpha, dan alpha"]


def test_a_term_ending_before_it_starts_stops_the_build(build, tmp_path):
    with pytest.raises(SystemExit, match="offices.psv line 2: from 2005-01-01 is after to 2001-01-01"):
        _rows(build, tmp_path, "FRA|GOV|President|Ann Alpha|2005-01-01|2001-01-01|f|\n")


def test_a_date_that_does_not_parse_stops_the_build(build, tmp_path):
    with pytest.raises(SystemExit, match="offices.psv line 2: bad date '2005-13-01'"):
        _rows(build, tmp_path, "FRA|GOV|President|Ann Alpha|2005-13-01||f|\n")


def test_the_bundled_table_passes_its_checks(build):
    module = build
    names, _ = module.country_names()
    rows = module.office_rows(module.SOURCES / "office_holders_world.psv", names)
    assert module.check_offices(rows) == []


@pytest.mark.parametrize("name,on,country,sector", [
    ("Edi Rama", date(2020, 1, 1), "ALB", "GOV"),
    ("Hulusi Akar", date(2020, 1, 1), "TUR", "GOV"),
    ("Hulusi Akar", date(2017, 1, 1), "TUR", "MIL"),        # chief of the general staff then
    ("Amir Khan Muttaqi", date(2023, 1, 1), "AFG", "GOV"),
    ("Julius Maada Bio", date(2022, 1, 1), "SLE", "GOV"),
    ("Nayib Bukele", date(2024, 1, 1), "SLV", "GOV"),
    ("Pope Francis", date(2020, 1, 1), "VAT", "REL"),
    ("Juan Guaido", date(2020, 1, 1), "VEN", "OPP"),
    ("Ollanta Humala", date(2020, 1, 1), "PER", None),     # a former president keeps his country
])
def test_added_people_are_dated(name, on, country, sector):
    entry = load_tables().lookup_name(name, on=on)
    assert (entry.country, entry.sector) == (country, sector)


def test_added_seats_and_bodies():
    t = load_tables()
    assert t.lookup_place_actor("Raisina Hill").country == "IND"
    assert t.lookup_place_actor("Villa Somalia").country == "SOM"
    assert (t.lookup_name("the Knesset").country, t.lookup_name("the Knesset").sector) == ("ISR", "LEG")
    assert t.lookup_name("Verkhovna Rada").country == "UKR"
