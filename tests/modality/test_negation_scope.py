"""Negation scope and negation cues of session 13, on hand-written sentences (small English model).

Each case is one general rule of `modality.classify` / `data/modality/cues.yaml`; the sentences are
written for these tests, not taken from any corpus."""
import pytest

from whimbrel.modality.classify import classify_trigger

CASES = [
    # a request, proposal, possibility or intention above a negation takes it into its scope
    ("The envoys asked Belgrade not to expel the monitors.", "expel", "requested"),
    ("The union urged the workers not to reject the offer.", "reject", "requested"),
    ("The rebels plan to refuse to attend the talks.", "attend", "intended"),
    # ... but not across a finite clause, whose negation is its own
    ("The minister hopes that the rebels do not attack the town.", "attack", "negated"),
    # the condition of an if / unless clause is conditional, negated or not
    ("Ankara will close the border if Damascus does not withdraw its troops.", "withdraw", "conditional"),
    ("Chile did not attend the talks.", "attend", "negated"),
    # a negating governor sits under its own auxiliaries
    ("The council may cancel the parade.", "parade", "possible"),
    ("The council cancelled the parade.", "parade", "negated"),
    # negative verbs and idioms
    ("The army did not hesitate to shell the port.", "shell", "asserted"),
    ("The rally was banned by the police.", "rally", "negated"),
    ("The guards stopped the protesters from entering the embassy.", "entering", "negated"),
    ("The court stopped short of a conviction.", "conviction", "negated"),
    ("Moscow has yet to respond to the note.", "respond", "negated"),
    ("The ministers disavowed any plan to annex the island.", "annex", "negated"),
    ("The troops left the village without paying the farmers.", "paying", "negated"),
    # "no" on a compound's head, and "no" kept to its own noun
    ("The ministry said Ankara had sent no vaccine doses to Baku.", "sent", "negated"),
    ("The villagers had no choice but to leave their homes.", "leave", "asserted"),
    # an embedded question is not denied by the negation above it (an infinitival one is)
    ("Officials do not know when the army shelled the bridge.", "shelled", "asserted"),
    ("The council does not know how to respond.", "respond", "negated"),
    # a conjunct that is a clause of its own is not under its sibling's negation
    ("The army has not withdrawn, and the rebels have shelled the port.", "shelled", "asserted"),
    ("The army did not attack or shell the port.", "shell", "negated"),
    # an amount of the event shares its fate
    ("The senate blocked $40 million in military aid.", "aid", "negated"),
    # another actor's directive, or an act naming its doer with "by", is not undone
    ("The prince declined the invitation to the summit.", "invitation", "asserted"),
    ("Lima refused a request by Quito to extradite the officer.", "request", "asserted"),
    ("The prince declined to attend the summit.", "attend", "negated"),
]


@pytest.mark.parametrize("text,word,expected", CASES)
def test_negation_scope(nlp_sm, text, word, expected):
    doc = nlp_sm(text)
    trigger = next(t for t in doc if t.text == word)
    assert classify_trigger(trigger).modality == expected


def test_scoped_negation_still_reaches_the_factuality_feature(nlp_sm):
    doc = nlp_sm("The envoys asked Belgrade not to expel the monitors.")
    result = classify_trigger(next(t for t in doc if t.text == "expel"))
    assert (result.modality, result.scoped_negation) == ("requested", "not")
    assert result.factuality_rule() == ("negated", "not")
    plain = classify_trigger(next(t for t in doc if t.text == "asked"))
    assert plain.factuality_rule() == (plain.modality, plain.cue)
