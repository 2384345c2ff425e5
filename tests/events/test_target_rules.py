"""Targets the grammar rules out (events/target_rules.py): sentences written for these tests."""
import numpy as np
import pytest

from whimbrel.events.roles import candidates, choose
from whimbrel.events.target_rules import Vetoes, target_vetoes


def vetoed(coder, text, trigger):
    """(texts never named as target, (source text, target text) pairs not named together) for the
    lexicon's event on the word `trigger`."""
    doc = coder.nlp(text)
    events = [e for e in doc._.events if e.trigger.text == trigger]
    assert events, f"no event on {trigger!r}"
    cands = candidates(events[0].trigger, events, doc._.actor_mentions or [])
    v = target_vetoes(events[0].trigger, cands, events[0].match.plover)
    return {cands[k].actor.text for k in v.never}, {(cands[s].actor.text, cands[t].actor.text) for s, t in v.pairs}


@pytest.mark.parametrize("text,trigger,word", [
    # the patient of a nominalised act the event is about: someone unnamed is asked to release them
    ("Rights groups called for the release of two Kenyan journalists.", "called", "Kenyan"),
    # the act welcomed is the release; the released are not whom the welcome is for
    ("Togo welcomed the release of two Kenyan journalists.", "welcomed", "Kenyan"),
    # a capital naming a thing is not its government
    ("Ghana and Togo signed the Accra accord last week.", "signed", "the Accra"),
    # buried in a description six steps below the trigger
    ("Ghana criticised a report written by a committee that was advised by a firm owned by Togo.", "criticised",
     "Togo"),
])
def test_targets_ruled_out(coder, text, trigger, word):
    never, _ = vetoed(coder, text, trigger)
    assert word in never


@pytest.mark.parametrize("text,trigger,word", [
    # the event is the nominalised act itself: the released are its target
    ("Ghana announced the release of two Kenyan journalists.", "release", "Kenyan"),
    # a possessor of the act condemned is its doer, the accused
    ("Peru condemned Chile's arrest of the activists.", "condemned", "Chile"),
    # a capital on a group of people stands for its government
    ("Togo accused the Accra authorities of lying.", "accused", "the Accra"),
    # a direct object is near enough
    ("Ghana criticised Togo on Monday.", "criticised", "Togo"),
])
def test_targets_kept(coder, text, trigger, word):
    never, _ = vetoed(coder, text, trigger)
    assert word not in never


def test_no_target_inside_the_source_phrase(coder):
    # the country word inside the minister's own phrase is no second party of her praise
    _, pairs = vetoed(coder, "Kenyan Foreign Minister Jane Doe praised the ruling.", "praised")
    assert ("Jane Doe", "Kenyan") in pairs


def test_choose_skips_a_vetoed_target_and_pair():
    cands = [object(), object(), object()]
    # rows: neither, source, target; candidate 0 the source, 1 the likelier target, 2 another one
    probs = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.3, 0.1, 0.6]])
    same = lambda a, b: False   # noqa: E731
    import whimbrel.events.roles as roles
    saved, roles.same_actor = roles.same_actor, same
    try:
        assert choose(probs, cands).target is cands[1]
        assert choose(probs, cands, vetoes=Vetoes(never=frozenset({1}))).target is cands[2]
        assert choose(probs, cands, vetoes=Vetoes(pairs=frozenset({(0, 1), (0, 2)}))).target is None
    finally:
        roles.same_actor = saved


def test_the_lexicon_alone_drops_a_ruled_out_target(coder):
    # the session's coder is the lexicon alone (its own argument rules, no role assigner)
    events = [e for e in coder.nlp("Rights groups called for the release of two Kenyan journalists.")._.events
              if e.trigger.text == "called"]
    assert events and all(e.target is None for e in events)
    kept = [e for e in coder.nlp("Ghana criticised Togo on Monday.")._.events if e.trigger.text == "criticised"]
    assert kept and kept[0].target is not None and kept[0].target.country == "TGO"
