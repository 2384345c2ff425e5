"""Sources from the text around a trigger (events/context_sources.py): sentences written for these
tests. Each rule runs when named (build_candidates' `context`); the lexicon's rules alone."""
import pytest

from whimbrel.events.context_sources import RULES
from whimbrel.events.extract import CONTEXT_SOURCES, build_candidates


def events(coder, text, rules):
    later = [n for n in coder.nlp.pipe_names if n in ("whimbrel_events", "whimbrel_modality", "whimbrel_dates",
                                                       "whimbrel_places")]
    with coder.nlp.select_pipes(disable=later):
        doc = coder.nlp(text)
    lexicon = coder.nlp.get_pipe("whimbrel_events").lexicon
    return {(e.trigger.text, e.match.plover, e.source.country if e.source else None)
            for e in build_candidates(doc, lexicon, context=frozenset(rules))}


@pytest.mark.parametrize("rule,text,expected", [
    # subject control of a gerund adjunct
    ("gerund", "Canada retaliated against Mexico by imposing tariffs on its steel.", ("imposing", "SANCTION", "CAN")),
    # the claimant of an attack is its doer
    ("claimed", "Afghan Taliban militants claimed responsibility for the bombing of a police station in Kabul.",
     ("bombing", "ASSAULT", "AFG")),
    # a first-person subject inside a quotation is its resolved speaker
    ("quoted_self", 'Kenyan President William Ruto spoke to reporters. "We urged Ethiopia to resume talks with '
     'Egypt," Ruto said.', ("urged", "REQUEST", "KEN")),
])
def test_each_rule_finds_the_understood_doer(coder, rule, text, expected):
    without = events(coder, text, ())
    assert expected not in without
    assert expected in events(coder, text, (rule,))


def test_claimant_of_a_gerund_by_default(coder):
    """'for' attached to the verb ('took ... for attacking') counts; extract.CONTEXT_SOURCES ships
    the claimed rule only."""
    assert CONTEXT_SOURCES == {"claimed"}
    text = "The Pakistani Taliban took credit for attacking an army convoy."
    assert ("attacking", "ASSAULT", "PAK") in events(coder, text, ("claimed",))
    lexicon = coder.nlp.get_pipe("whimbrel_events").lexicon
    with coder.nlp.select_pipes(disable=["whimbrel_events"]):
        doc = coder.nlp(text)
    assert any(e.trigger.text == "attacking" and e.source is not None for e in build_candidates(doc, lexicon))


def test_gerund_object_control_and_passive_gerund(coder):
    # "accused Peru of arming rebels": the object arms; "after being freed": the subject is the patient
    found = events(coder, "Chile accused Peru of arming the rebels.", ("gerund",))
    assert ("arming", "AID", "PER") in found and ("arming", "AID", "CHL") not in found
    assert ("attacking", "ASSAULT", "BOL") in events(coder, "Bolivia was accused of attacking the border post.",
                                                       ("gerund",))
    freed = events(coder, "The Peruvian journalist thanked his supporters after being freed from prison.", RULES)
    assert not any(t == "freed" and s is not None for t, _, s in freed)


def test_first_person_outside_a_quotation_is_left_alone(coder):
    assert not any(t == "urged" for t, _, _ in events(coder, "We urged Ethiopia to resume talks.", ("quoted_self",)))
