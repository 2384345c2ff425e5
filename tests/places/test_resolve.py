from datetime import date

import pytest

from whimbrel.coder import Coder

SATURDAY = date(2025, 5, 17)
SAMPLE = ("On Friday, Russian and Ukrainian representatives sat down for a two-hour "
          "Turkish-mediated meeting in Istanbul.")


@pytest.fixture(scope="module")
def coder():
    """The whole pipeline (and with it the gazetteer), built once for the module; the lexicon's
    events unfiltered (`--lexicon-only`), whose places these tests check."""
    return Coder.load(gate=False)


def code(coder, text):
    return coder.code_text(text, pub_date=SATURDAY)


def events_of(coded, event_type):
    return [e for e in coded.events if e.event_type == event_type]


def test_places_sample_meeting_in_istanbul(coder):
    consult = events_of(code(coder, SAMPLE), "CONSULT")
    assert consult, "the sample sentence should give a CONSULT event"
    location = consult[0].location
    assert location["name"] == "Istanbul" and location["country"] == "TUR"
    assert location["lat"] == pytest.approx(41.01, abs=0.05)
    assert SAMPLE[location["start"]:location["end"]] == "Istanbul"


@pytest.mark.parametrize("text,event_type,place", [
    ("Russian and Ukrainian delegations met in Istanbul on Friday.", "CONSULT", "Istanbul"),
    ("Russia and Ukraine held the Istanbul talks last week.", "CONSULT", "Istanbul"),
    ("The negotiations in Istanbul between Russia and Ukraine ended quickly.", "CONSULT",
     "Istanbul"),
    ("Talks between Russia and Ukraine took place in the Turkish city of Istanbul.", "CONSULT",
     "Istanbul"),
    ("Russian troops struck targets in Kharkiv.", "ASSAULT", "Kharkiv"),
    ("Putin met Erdogan in Kiev.", "CONSULT", "Kyiv"),
    ("Putin met Erdogan in Kyiv.", "CONSULT", "Kyiv"),
])
def test_places_event_location_from_its_clause(coder, text, event_type, place):
    events = events_of(code(coder, text), event_type)
    assert events and events[0].location is not None
    assert events[0].location["name"] == place


def test_places_delegations_met_in_istanbul(coder):
    """No actor, so no event: the place is still found and hangs from the trigger 'met'."""
    doc = coder.nlp("The delegations met in Istanbul on Friday.")
    assert [(p.text, p.place.country, p.frame) for p in doc._.places] == [
        ("Istanbul", "TUR", "locative")]
    from whimbrel.places.resolve import locative_child
    met = next(t for t in doc if t.lower_ == "met")
    assert locative_child(met, doc._.places).place.name == "Istanbul"


@pytest.mark.parametrize("text", [
    "Moscow agreed to talks.",
    "Moscow agreed to talks with Kiev.",
    "Kiev refused to negotiate.",
    "Russia and Ukraine held talks on a ceasefire.",
    "Trump met Macron at the White House.",  # a GeoNames alternate of Casablanca
])
def test_places_capital_as_government_is_not_a_location(coder, text):
    coded = code(coder, text)
    assert coded.events
    assert all(e.location is None for e in coded.events)


def test_places_no_place_from_another_clause(coder):
    coded = code(coder, "Putin met Erdogan in Ankara and agreed to talks in Istanbul.")
    by_type = {e.event_type: e for e in coded.events}
    assert by_type["CONSULT"].location["name"] == "Ankara"
    assert by_type["AGREE"].location is None  # the talks are in Istanbul, not the agreement


def test_places_ambiguous_name_follows_document_countries(coder):
    texas = code(coder, "Governor Greg Abbott met Texas mayors in Paris on Monday.")
    france = code(coder, "French President Emmanuel Macron met Trump in Paris on Monday.")
    assert events_of(texas, "CONSULT")[0].location["country"] == "USA"
    assert events_of(france, "CONSULT")[0].location["country"] == "FRA"


def test_places_doc_places_skip_metonymy_and_keep_locatives(coder):
    doc = coder.nlp("Moscow said Russian troops advanced near Pokrovsk and in the Kursk region.")
    found = [(p.text, p.place.name, p.place.country) for p in doc._.places]
    assert ("Pokrovsk", "Pokrovsk", "UKR") in found
    assert ("Kursk region", "Kursk region", "RUS") in found
    assert all(text != "Moscow" for text, _, _ in found)
