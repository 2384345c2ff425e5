from datetime import date

import pytest

PUB = date(2025, 5, 17)


def events(coder, text):
    return [(e.event_type, e.source and e.source.country, e.target and e.target.country, e.modality)
            for e in coder.code_text(text, pub_date=PUB).events]


@pytest.mark.parametrize("text,expected", [
    ("Moscow and Kiev agreed to a major prisoner exchange.", ("AGREE", "RUS", "UKR", "asserted")),
    ("Russia has not held talks with the US.", ("CONSULT", "RUS", "USA", "negated")),
    ("Putin and Zelensky could hold talks if the delegations make progress.",
     ("CONSULT", "RUS", "UKR", "conditional")),
    ("Russian troops attacked Ukraine on Friday.", ("ASSAULT", "RUS", "UKR", "asserted")),
    ("Ukraine was attacked by Russia on Friday.", ("ASSAULT", "RUS", "UKR", "asserted")),
    ("Ukraine demanded that Moscow agree to a ceasefire.", ("REQUEST", "UKR", "RUS", "asserted")),
    ("Russia considers him illegitimate and accused Ukraine of sabotage.",
     ("ACCUSE", "RUS", "UKR", "asserted")),
    ("The first direct negotiations between Moscow and Kiev ended.", ("CONSULT", "RUS", "UKR", "asserted")),
])
def test_extract_event_shapes(coder, text, expected):
    assert expected in events(coder, text)


def test_extract_negated_event_is_never_asserted(coder):
    found = events(coder, "The Kremlin spokesman noted that Russia has not held talks with the US.")
    assert ("CONSULT", "RUS", "USA", "asserted") not in found


def test_extract_insisting_on_a_fact_is_not_a_request(coder):
    found = events(coder, "Russia insists that legal authority in Ukraine now lies with the parliament.")
    assert not [e for e in found if e[0] == "REQUEST"]


def test_extract_insisting_on_an_action_is_a_request(coder):
    found = events(coder, "Trump insisted that Ukraine should agree to the talks immediately.")
    assert ("REQUEST", "USA", "UKR", "asserted") in found


def test_extract_no_event_without_a_source(coder):
    assert events(coder, "A pause would only benefit the regime.") == []


def test_extract_implicit_counterpart_from_context(coder):
    text = "Russia rejected the ceasefire demanded by Ukraine. Instead, it proposed holding direct negotiations."
    coded = coder.code_text(text, pub_date=PUB)
    proposal = [e for e in coded.events if e.evidence.trigger == "proposed"]
    assert proposal and proposal[0].target.country == "UKR" and proposal[0].modality == "proposed"
    assert "implicit target" in proposal[0].pattern and proposal[0].confidence < 0.8


def test_extract_evidence_offsets_point_into_the_text(coder):
    text = "Title of the piece\n\nMoscow and Kiev agreed to a major prisoner exchange, he said."
    coded = coder.code_text(text, pub_date=PUB)
    for event in coded.events:
        ev = event.evidence
        assert text[ev.start:ev.end].strip() == ev.sentence
        assert text[ev.trigger_start:ev.trigger_end] == ev.trigger


def test_extract_agentless_passive_keeps_the_victim(coder):
    found = events(coder, "Two Ukrainian soldiers were killed in Donetsk on Friday.")
    assert ("ASSAULT", None, "UKR", "asserted") in found


def test_extract_reduced_relative_speaker_makes_the_demand(coder):
    evs = coder.code_text("The World Food Programme working in Sudan said Chadian forces must "
                          "guarantee safe passage for convoys.", pub_date=date(2004, 3, 1)).events
    demand = next(e for e in evs if e.event_type == "REQUEST")
    assert demand.source.sector == "IGO" and demand.target.country == "TCD"


def test_extract_unknown_named_forum_is_an_ngo_speaker(coder):
    evs = coder.code_text("The Global Climate Forum concluded on Friday that Brazil must protect "
                          "more of its forests.", pub_date=date(2004, 3, 1)).events
    demand = next(e for e in evs if e.event_type == "REQUEST")
    assert demand.source.sector == "NGO" and demand.source.country is None
    assert demand.target.country == "BRA"
