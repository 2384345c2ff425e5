import pytest

from whimbrel.negotiation.phrases import clauses, drop_contained, same_thing


@pytest.mark.parametrize("text,strip,expected", [
    ("agreed to exchange their ceasefire proposals and to discuss a follow-up meeting, he said",
     "agree", ["exchange their ceasefire proposals", "discuss a follow-up meeting"]),
    ("agreed to a major prisoner exchange, he said, adding that", "agree", ["a major prisoner exchange"]),
    ("set out a list of conditions including neutral status, banning foreign troops", "that",
     ["neutral status", "banning foreign troops"]),
    ("demanded that Moscow agree to a full and unconditional ceasefire.", "that",
     ["Moscow agree to a full and unconditional ceasefire"]),
    ("refused to call a new election, citing martial law.", None, ["refused to call a new election",
                                                                   "citing martial law"]),
    ("could hold talks if progress is made, Kremlin spokesman Dmitry Peskov said on Saturday", "that",
     ["could hold talks if progress is made"]),
])
def test_phrases_clauses(text, strip, expected):
    assert clauses(text, strip) == expected


def test_phrases_drop_contained_keeps_the_shorter_wording():
    items = ["agree to the talks immediately", "insisted that “Ukraine should agree to the talks immediately"]
    assert drop_contained(items) == ["agree to the talks immediately"]


@pytest.mark.parametrize("a,b,same", [
    ("exchange their ceasefire proposals", "exchange the list of ceasefire terms", True),
    ("exchange their ceasefire proposals", "a major prisoner exchange", False),
    ("discuss a potential follow-up meeting", "a major prisoner exchange", False),
])
def test_phrases_same_thing(a, b, same):
    assert same_thing(a, b) is same


@pytest.mark.parametrize("text,strip,expected", [
    # lists written for this test (not from the sample): verb phrases, noun phrases, and what stays whole
    ("demanded that Kyiv withdraw its troops and hold new elections.", "that",
     ["Kyiv withdraw its troops", "hold new elections"]),
    ("agreed to reopen the border crossings and to resume grain exports, officials said", "agree",
     ["reopen the border crossings", "resume grain exports"]),
    ("called for a ceasefire and the release of all prisoners.", None,
     ["called for a ceasefire", "the release of all prisoners"]),
    ("agreed to lift sanctions on fertiliser and farm machinery.", "agree",
     ["lift sanctions on fertiliser and farm machinery"]),
    ("demanded that the army stop shelling the city and allow aid convoys in.", "that",
     ["the army stop shelling the city", "allow aid convoys in"]),
])
def test_phrases_clauses_split_coordination_in_the_parse(text, strip, expected):
    assert clauses(text, strip) == expected
