from datetime import date

import pytest

PUB = date(2025, 5, 19)  # a Monday


def mentions(coder, text, on=PUB):
    return coder.code_text(text, pub_date=on).mentions


@pytest.mark.parametrize("text,word,country,sector", [
    ("Rwandan rebels attacked a police post.", "Rwandan", "RWA", "REB"),
    ("Egyptian police arrested 12 people.", "Egyptian", "EGY", "COP"),
    ("Police in Kenya arrested 12 protesters.", "Police", "KEN", "COP"),
    ("Opposition groups in Zimbabwe demanded new elections.", "Opposition groups", "ZWE", "OPP"),
])
def test_groups_agent_takes_country_and_sector(coder, text, word, country, sector):
    found = {(m.text, m.country, m.sector) for m in mentions(coder, text)}
    assert (word, country, sector) in found


@pytest.mark.parametrize("name,day,country,sector", [
    ("Hamas", date(2024, 1, 1), "PSE", "REB"),
    ("Hezbollah", date(2024, 1, 1), "LBN", "REB"),
    ("The Houthis", date(2024, 1, 1), "YEM", "REB"),
    ("Wagner", date(2023, 1, 1), "RUS", "MIL"),
    ("The Taliban", date(2001, 1, 1), "AFG", "REB"),
    ("The Taliban", date(2023, 1, 1), "AFG", "GOV"),
])
def test_groups_armed_groups_are_dated(coder, name, day, country, sector):
    found = mentions(coder, f"{name} fired rockets on Sunday.", on=day)
    assert found and (found[0].country, found[0].sector) == (country, sector)


def test_groups_group_of_members_is_the_members(coder):
    coded = coder.code_text("A group of Moroccan diplomats met President Obama.", pub_date=date(2012, 1, 1))
    assert coded.events and coded.events[0].source.country == "MAR"


def test_groups_passive_patient_inside_a_phrase_is_the_target(coder):
    coded = coder.code_text("A camp for Congolese refugees was attacked by Burundian militiamen.", pub_date=PUB)
    assault = [e for e in coded.events if e.event_type == "ASSAULT"]
    assert assault and assault[0].source.country == "BDI" and assault[0].target.country == "COD"


@pytest.mark.parametrize("text,word,country,sector", [
    ("Islamic fundamentalists attacked the office of Egyptian President Hosni Mubarak.",
     "fundamentalists", "EGY", "RAD"),
    ("Prisoners rioted in a jail after Kenya cut their rations.", "Prisoners", "KEN", "CVL"),
])
def test_groups_generic_group_takes_the_sentence_only_country(coder, text, word, country, sector):
    assert (word, country, sector) in {(m.text, m.country, m.sector)
                                       for m in mentions(coder, text, on=date(2004, 1, 1))}


def test_groups_generic_group_stays_uncoded_with_two_countries(coder):
    found = mentions(coder, "Prisoners rioted after Kenya and Uganda cut their rations.")
    assert not any(m.text == "Prisoners" for m in found)


def test_groups_hyphen_led_forces_are_the_leaders(coder):
    found = mentions(coder, "Ethiopian-led forces captured the town on Monday.")
    assert ("Ethiopian-led forces", "ETH", "MIL") in {(m.text, m.country, m.sector) for m in found}


def test_groups_country_word_beats_location_phrase(coder):
    found = mentions(coder, "Aid to Chadian rebels in Sudan was cut.")
    assert {m.country for m in found if "rebels" in m.text or m.text == "Chadian"} == {"TCD"}


@pytest.mark.parametrize("text", [
    "The minister criticised Peru on social media.",
    "He posted a video on social media accusing Chile of lying.",
    "Rebels recruited fighters through social networks in Mali.",
])
def test_groups_social_media_is_a_platform_not_an_actor(coder, text):
    assert not [m for m in mentions(coder, text) if m.text.lower() in ("media", "social media", "networks")]
