"""Trigger shapes beyond the root verb, clause frames and modes (sentences written for the tests)."""
from datetime import date

import pytest

from whimbrel.events.modes import parse_mode_cues
from whimbrel.events.lexicon import LexiconError

PUB = date(2025, 5, 17)


def coded(coder, text):
    return coder.code_text(text, pub_date=PUB).events


def shapes(coder, text):
    return {(e.event_type, e.source and e.source.country, e.target and e.target.country)
            for e in coded(coder, text)}


@pytest.mark.parametrize("shape,text,expected", [
    ("nominal", "Talks between Egypt and Jordan ended without a result.", ("CONSULT", "EGY", "JOR")),
    ("light verb", "Kenya held consultations with Tanzania on Monday.", ("CONSULT", "KEN", "TZA")),
    ("light verb, aspect", "Chile began a blockade of Peru's ports.", ("COERCE", "CHL", None)),
    ("passive", "Georgia was shelled by Armenia overnight.", ("ASSAULT", "ARM", "GEO")),
    ("reported event", "Japan said it had expelled two Chinese diplomats.", ("SANCTION", "JPN", "CHN")),
])
def test_trigger_shapes(coder, shape, text, expected):
    found = shapes(coder, text)
    assert any(f[:2] == expected[:2] and (expected[2] is None or f[2] == expected[2]) for f in found), (shape, found)


def test_triggers_two_events_in_one_sentence(coder):
    found = {e.event_type for e in coded(coder, "Peru condemned Chile and recalled its ambassador from Santiago.")}
    assert {"ACCUSE", "SANCTION"} <= found


def test_triggers_reporting_verb_is_not_the_event(coder):
    events = coded(coder, "Egypt said that Libya had attacked its border posts.")
    assert [e.event_type for e in events] == ["ASSAULT"]


@pytest.mark.parametrize("text,expected,rule", [
    ("Norway will provide emergency aid to Sudan next month.", "AGREE", "future"),
    ("Peru is ready to withdraw its troops from the border.", "AGREE", "willing"),
    ("Farmers in France said they would blockade Paris.", "THREATEN", "future"),
    ("Rebels in Chad have sworn to attack the capital.", "THREATEN", "vow"),
    ("Chile said Peru must release the fishermen.", "REQUEST", "demand"),
])
def test_triggers_clause_frames(coder, text, expected, rule):
    events = coded(coder, text)
    assert any(e.event_type == expected and f"frame:{rule}" in e.pattern for e in events), \
        [(e.event_type, e.pattern) for e in events]


def test_triggers_frame_head_is_not_an_event_of_its_own(coder):
    types = [e.event_type for e in coded(coder, "Rebels in Chad have sworn to attack the capital.")]
    assert "ACCUSE" not in types and "AGREE" not in types


def test_triggers_demand_modal_codes_speaker_to_subject(coder):
    events = coded(coder, "Chile said Peru must release the fishermen.")
    request = next(e for e in events if e.event_type == "REQUEST")
    assert (request.source.country, request.target.country, request.mode) == ("CHL", "PER", "yield")


@pytest.mark.parametrize("text,plover,mode", [
    ("Syrian forces shelled Idlib with artillery.", "ASSAULT", "heavy-weapons"),
    ("Gunmen from Mali shot dead two Nigerien soldiers.", "ASSAULT", "firearms"),
    ("Workers in Greece staged a general strike against the government.", "PROTEST", "strike"),
    ("Students in Chile staged a hunger strike.", "PROTEST", "hunger"),
    ("Colombia opened an investigation into the killings.", "ACCUSE", "investigate"),
])
def test_triggers_mode_from_cues(coder, text, plover, mode):
    events = coded(coder, text)
    assert any(e.event_type == plover and e.mode == mode for e in events), \
        [(e.event_type, e.mode) for e in events]


def test_triggers_unresolved_plural_subject_is_a_low_confidence_source(coder):
    events = coded(coder, "Striking dockworkers rioted outside the parliament.")
    protest = [e for e in events if e.event_type == "PROTEST"]
    assert protest and protest[0].source.country is None and protest[0].confidence < 0.8
    assert "source not in the actor dictionaries" in protest[0].pattern


def test_triggers_embedded_event_ranks_below_its_governor(coder):
    events = coded(coder, "Egypt urged Ethiopia to resume talks on the dam.")
    urge = next(e for e in events if e.event_type == "REQUEST")
    assert all(urge.confidence > e.confidence for e in events if e is not urge)


def test_mode_cues_reject_unknown_type():
    with pytest.raises(LexiconError):
        parse_mode_cues({"modes": {"FIGHT": [{"mode": "x", "cues": ["y"]}]}})
