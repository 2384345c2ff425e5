from datetime import date

import pytest

PUB = date(2004, 3, 1)


def first(coder, text, on=PUB):
    events = coder.code_text(text, pub_date=on).events
    return events[0] if events else None


@pytest.mark.parametrize("text,source,target", [
    # a dative 'to'
    ("Japan is providing food and medicine to Haiti.", "JPN", "HTI"),
    # a clause hanging off the trigger noun's verb
    ("The World Health Organization repeated its demand that Brazil release the data.", None, "BRA"),
    # the target under the 'of' object of a trigger noun
    ("Spain announced a suspension of flights with Venezuela.", "ESP", "VEN"),
    # an appositive names the doer
    ("The foreign minister, Sergei Lavrov, allowed the opposition to rally.", "RUS", None),
])
def test_arguments_find_the_parties(coder, text, source, target):
    ev = first(coder, text, on=date(2025, 6, 1) if "Lavrov" in text else date(2009, 6, 1))
    assert ev is not None
    if source:
        assert ev.source is not None and ev.source.country == source
    if target:
        assert ev.target is not None and ev.target.country == target


def test_arguments_stative_passive_keeps_its_subject_as_source(coder):
    ev = first(coder, "A minister said Ghana is committed to opening its markets.")
    assert ev is not None and ev.source is not None and ev.source.country == "GHA"


def test_arguments_own_possessive_is_not_the_target(coder):
    ev = first(coder, "Bosnian Serb forces completed their withdrawal on Tuesday.")
    assert ev is not None and ev.target is None or ev.target.country != ev.source.country or ev.target.sector is None


def test_arguments_condition_clause_is_not_a_purpose(coder):
    ev = first(coder, "Syria will not accept more refugees if war starts in Iraq.")
    assert ev is not None and (ev.target is None or ev.target.country != "IRQ")


def test_arguments_aim_adversary_is_the_target(coder):
    ev = first(coder, "France mobilized reserve units for a possible war against Syria.")
    assert ev.target is not None and ev.target.country == "SYR"


def test_arguments_demonym_group_in_a_clause_is_a_target(coder):
    ev = first(coder, "Hamas rejected a proposal to attend a conference of Palestinian factions "
                     "on relations with Egypt.")
    assert ev.target is not None and ev.target.country == "PSE"


@pytest.mark.parametrize("text", [
    "General Raoul Cedras of Haiti resigned to make way for Haiti's elected government.",
    "Two hundred Congolese militiamen surrendered in the town of Bunia.",
])
def test_arguments_yielding_at_home_has_no_target(coder, text):
    ev = first(coder, text)
    assert ev is not None and ev.event_type == "RETREAT" and ev.target is None
