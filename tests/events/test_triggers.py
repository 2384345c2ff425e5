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


# ---- round 2: verbs whose sense is their object's, participles, announced decisions, modes

@pytest.mark.parametrize("shape,text,expected", [
    ("participle of an issued statement", "Ghana issued a statement condemning Togo's border closure.",
     ("ACCUSE", "GHA", None)),
    ("light verb + under, passive", "A Dutch citizen has been placed under investigation in Spain.",
     ("ACCUSE", None, "NLD")),
    ("light verb + under", "Kenyan police put the opposition leader under house arrest.", ("COERCE", "KEN", None)),
    ("easing a restriction", "Sudan relaxed the curfew in Khartoum.", ("CONCEDE", "SDN", None)),
    ("defying a rule", "Opposition papers in Kenya defied a government ban.", ("REJECT", "KEN", None)),
    ("going back on a commitment", "Iraq went back on its pledge to admit inspectors.", ("REJECT", "IRQ", None)),
    ("reneging", "The Zambian president reneged on his commitment to hold early elections.",
     ("REJECT", "ZMB", None)),
    ("forcing people out", "Sudanese troops forced hundreds of villagers from their homes in Darfur.",
     ("COERCE", "SDN", None)),
    ("ordering a paper shut", "Indonesia's government ordered the newspaper to stop publication.",
     ("COERCE", "IDN", None)),
    ("announced measure", "Canada announced on Monday it would suspend all aid to Burundi.",
     ("SANCTION", "CAN", "BDI")),
])
def test_triggers_object_and_clause_senses(coder, shape, text, expected):
    found = shapes(coder, text)
    assert any(f[0] == expected[0] and (expected[1] is None or f[1] == expected[1])
               and (expected[2] is None or f[2] == expected[2]) for f in found), (shape, found)


def test_triggers_conditional_announced_measure_is_a_threat(coder):
    types = [e.event_type for e in coded(coder, "Canada said it would suspend all aid to Burundi if the army stayed in power.")]
    assert "THREATEN" in types and "SANCTION" not in types


@pytest.mark.parametrize("text,plover,mode", [
    ("Chile threatened to break off talks with Bolivia.", "THREATEN", "relations"),
    ("Iran threatened to attack Iraqi oil fields.", "THREATEN", "violence"),
    ("The governor of Lagos threatened to impose a curfew on the city.", "THREATEN", "restrict"),
    ("Rebels in Chad killed the army commander of the eastern region.", "ASSAULT", "targeted"),
    ("Serbian police demolished Albanian houses in Kosovo.", "ASSAULT", "destroy"),
    ("Israeli tanks fired at targets in Gaza.", "ASSAULT", "heavy-weapons"),
    ("Syrian helicopters and tanks shelled rebel positions near Homs.", "ASSAULT", "heavy-weapons"),
    ("Rebels in Mali kidnapped two French engineers and set off bombs in the capital.", "ASSAULT", "abduct"),
    ("Dockworkers in Chile stopped work at all ports.", "PROTEST", "strike"),
])
def test_triggers_modes_round_two(coder, text, plover, mode):
    events = coded(coder, text)
    assert any(e.event_type == plover and e.mode == mode for e in events), \
        [(e.event_type, e.mode, e.evidence.trigger) for e in events]


def test_triggers_reporters_words_are_not_mode_cues(coder):
    events = coded(coder, "A rebel commander said his fighters attacked an army post.")
    assert all(e.mode != "targeted" for e in events if e.event_type == "ASSAULT")


def test_mode_tables_repair_invalid_entry_modes():
    from whimbrel.events.modes import parse_mode_tables
    tables = parse_mode_tables({"modes": {"ASSAULT": [{"mode": "destroy", "cues": ["raze"]}]},
                                "repairs": {"ASSAULT": {"seize": "destroy"}}})
    assert tables.repairs["ASSAULT"]["seize"] == "destroy" and tables.valid("ASSAULT") == {"destroy"}
    with pytest.raises(LexiconError):
        parse_mode_tables({"modes": {}, "repairs": {"FIGHT": {"a": "b"}}})


def test_triggers_exercise_of_two_countries_is_joint_cooperation(coder):
    joint = shapes(coder, "Russian and Chinese warships began five days of war games in the Pacific.")
    assert ("COOPERATE", "RUS", "CHN") in joint, joint
    single = {f[0] for f in shapes(coder, "Indian troops began a week of military exercises near the border.")}
    assert "MOBILIZE" in single and "COOPERATE" not in single


def test_a_bare_city_name_is_no_source(coder):
    # "[Istanbul talks]" parses as "Istanbul" + the verb "talks": the city is where, not who
    events = coded(coder, "French President Emmanuel Macron insisted that “Georgia should agree to this "
                          "[Istanbul talks] immediately.”")
    assert not any(e.source and e.source.text == "Istanbul" for e in events)
    assert any(e.event_type == "REQUEST" and e.source.country == "FRA" for e in events)


@pytest.mark.parametrize("text,trigger,plover,mode", [
    ("Syrian forces shelled Idlib with artillery.", "shelled", "ASSAULT", "heavy-weapons"),
    ("Students in Chile staged a hunger strike.", "staged", "PROTEST", "hunger"),
    ("Colombia opened an investigation into the killings.", "opened", "ACCUSE", "investigate"),
    ("Colombia opened an investigation into the killings.", "opened", "AID", None),
])
def test_triggers_mode_from_cues_reads_the_clause(nlp_sm, text, trigger, plover, mode):
    """The learned stage types a trigger the lexicon did not; its mode comes from the cue table."""
    from whimbrel.events.modes import mode_from_cues
    doc = nlp_sm(text)
    token = next(t for t in doc if t.text == trigger)
    assert mode_from_cues(plover, token) == mode
