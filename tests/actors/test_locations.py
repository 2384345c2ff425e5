from datetime import date

import pytest

PUB = date(2004, 3, 1)


def top(coder, text):
    events = coder.code_text(text, pub_date=PUB).events
    return events[0] if events else None


@pytest.mark.parametrize("text,country", [
    ("Turkish authorities imposed a curfew in the town of Cizre.", "TUR"),
    ("Israeli tanks shelled targets in Jericho on Monday.", "PSE"),
    ("Sudan's government lifted the state of emergency in West Darfur State.", "SDN"),
])
def test_locations_place_is_the_last_resort_target(coder, text, country):
    ev = top(coder, text)
    assert ev is not None and ev.target is not None and ev.target.country == country


def test_locations_named_target_beats_place(coder):
    ev = top(coder, "Russian troops attacked Ukrainian soldiers in Poland.")
    assert ev.target.country == "UKR"


def test_locations_unnamed_attacker_takes_its_place(coder):
    ev = top(coder, "A car bomb near the city of Kirkuk killed three policemen on Sunday.")
    assert ev is not None and ev.source is not None and ev.source.country == "IRQ"


@pytest.mark.parametrize("text,source,target", [
    ("Two Dutch aid workers were detained in Ethiopia on Friday.", "ETH", "NLD"),
    ("A journalist from Toronto was arrested in Egypt for spying.", "EGY", "CAN"),
])
def test_locations_agentless_arrest_is_done_where_it_happens(coder, text, source, target):
    ev = top(coder, text)
    assert ev is not None and ev.source is not None and ev.source.country == source
    assert ev.target is not None and ev.target.country == target


def test_locations_agentless_killing_keeps_no_source(coder):
    ev = top(coder, "Three soldiers were killed in Iraq on Monday.")
    assert ev is None or ev.source is None


def test_locations_province_government_is_its_country(coder):
    ev = top(coder, "The government of Punjab province has banned all rallies in Lahore.")
    assert ev is not None and ev.source is not None and ev.source.country == "PAK"


def test_locations_unnamed_doers_act_where_the_act_is(coder):
    ev = top(coder, "Inmates rioted at a prison in Kenya's capital Nairobi, demanding their release "
                    "from Ugandan custody.")
    assert ev is not None and ev.source is not None and ev.source.country == "KEN"
