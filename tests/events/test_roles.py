"""The learned role assigner (events/roles.py, role_features.py): sentences written for these tests."""
import json

import numpy as np
import pytest

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events import extract
from whimbrel.events.role_features import DENSE_WIDTH, WIDTH, candidate_row, dep_path, grammatical_relation
from whimbrel.events.roles import Assignment, Candidate, RoleModel, candidates, choose, load_roles, role_matrix


@pytest.fixture
def roles(stage):
    """The session's coder with the role assigner on and the gate off (every lexicon trigger)."""
    assert load_roles() is not None, "data/events/event_roles.{npz,json} missing"
    return stage(use_roles=True, use_gate=False)


def dyads(coder, text):
    return [(e.match.plover, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in coder.nlp(text)._.events]


@pytest.mark.parametrize("text,expected", [
    # active voice: subject acts on the object
    ("Peru criticised Chile on Monday.", ("ACCUSE", "PER", "CHL")),
    # passive with a 'by' agent: the agent is the source, the subject the target
    ("Chile was criticised by Peru on Monday.", ("ACCUSE", "PER", "CHL")),
    # a 'with' partner of a meeting
    ("Ghana held talks with Togo on Friday.", ("CONSULT", "GHA", "TGO")),
    ("Kenya signed a trade agreement with Uganda.", ("SUPPORT", "KEN", "UGA")),
    # the possessor of what is rejected is the target
    ("Cuba dismissed Washington's accusation.", ("REJECT", "CUB", "USA")),
    # reported speech: the reported clause's own subject and object, not the speaker
    ("Officials in Warsaw said Belarusian troops attacked Polish border guards.", ("ASSAULT", "BLR", "POL")),
])
def test_roles_assign_source_and_target(roles, text, expected):
    assert expected in dyads(roles, text)


def test_roles_coordinated_objects_give_one_of_them_as_target(roles):
    events = [d for d in dyads(roles, "Japan accused China and Russia of violating its airspace.") if d[0] == "ACCUSE"]
    assert events and events[0][1] == "JPN" and events[0][2] in ("CHN", "RUS")


def test_roles_one_event_per_trigger_with_the_role_scores(roles):
    events = roles.nlp("Brazil met with Argentina to discuss the border.")._.events
    assert len({e.trigger.i for e in events}) == len(events)
    assert all(e.role_scores is not None and 0 <= min(e.role_scores) <= max(e.role_scores) <= 1 for e in events)


def test_roles_model_missing_leaves_the_lexicon_roles(roles, monkeypatch):
    text = "Chile was criticised by Peru on Monday. Ghana held talks with Togo."
    pipe = roles.nlp.get_pipe("whimbrel_events")
    monkeypatch.setattr(extract, "load_roles", lambda: None)
    without = roles.nlp(text)._.events
    pipe.use_roles = False
    lexicon = roles.nlp(text)._.events
    pipe.use_roles = True
    assert [(e.trigger.i, e.source, e.target) for e in without] == [(e.trigger.i, e.source, e.target) for e in lexicon]
    assert all(e.role_scores is None for e in without)


def test_roles_model_files_missing_mean_no_model(tmp_path):
    assert load_roles(tmp_path / "none.npz") is None


def test_roles_model_is_a_softmax_over_three_roles(tmp_path):
    path = tmp_path / "roles.npz"
    coef = np.zeros((3, WIDTH), np.float16)
    np.savez(path, mean=np.zeros(WIDTH, np.float16), scale=np.ones(WIDTH, np.float16), coef=coef,
             bias=np.array([0.0, np.log(2), 0.0], np.float16))
    path.with_suffix(".json").write_text(json.dumps({"bias": [0.5, 1.0]}))
    model = RoleModel(path)
    p = model.proba(np.zeros((2, WIDTH), np.float32))
    assert np.allclose(p, [[0.25, 0.5, 0.25]] * 2, atol=1e-3) and model.role_bias == (0.5, 1.0)


def test_roles_model_of_other_features_is_refused(tmp_path):
    path = tmp_path / "roles.npz"
    np.savez(path, mean=np.zeros(5), scale=np.ones(5), coef=np.zeros((3, 5)), bias=np.zeros(3))
    path.with_suffix(".json").write_text(json.dumps({"bias": [0, 0]}))
    with pytest.raises(ValueError, match=r"\[E620\]"):
        RoleModel(path)


def actor(text, start, country, actor_id=None, kind="country"):
    return ActorSpan(start=start, end=start + 1, start_char=0, end_char=len(text), text=text, actor_id=actor_id,
                     name=text, country=country, sector=None, kind=kind, entity_type="GPE", how="dictionary")


def test_choose_takes_the_best_source_and_a_target_of_another_actor():
    cands = [Candidate(actor("Peru", 0, "PER", "PER"), "mention", set()),
             Candidate(actor("Chile", 3, "CHL", "CHL"), "mention", set()),
             Candidate(actor("Lima", 5, "PER", "PER"), "mention", set())]
    probs = np.array([[0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.1, 0.2, 0.7]])
    chosen = choose(probs, cands)
    assert chosen.source is cands[0] and chosen.target is cands[1]   # Lima is Peru itself


def test_choose_says_none_when_neither_wins_and_may_keep_a_target_alone():
    cands = [Candidate(actor("Chile", 0, "CHL"), "mention", set()), Candidate(actor("Peru", 2, "PER"), "mention", set())]
    assert choose(np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05]]), cands) == Assignment(None, None, 0.0, 0.0)
    alone = choose(np.array([[0.2, 0.1, 0.7], [0.9, 0.05, 0.05]]), cands)
    assert alone.source is None and alone.target is cands[0]
    # a role prior lets a likely-enough target in
    assert choose(np.array([[0.6, 0.0, 0.4], [0.9, 0.05, 0.05]]), cands, (0.0, 1.0)).target is cands[0]


def test_features_of_a_passive_agent_and_a_with_partner(roles):
    doc = roles.nlp("Chile was criticised by Peru. Ghana met with Togo.")
    criticised, peru = doc[2], doc[4]
    assert grammatical_relation(peru) == ("agent", "by")
    assert dep_path(criticised, peru) == ["vagent", "vpobj"]
    assert grammatical_relation(doc[0]) == ("nsubjpass", None)
    togo = next(t for t in doc if t.text == "Togo")
    assert grammatical_relation(togo) == ("pobj", "with")
    row = candidate_row(criticised, "ACCUSE", "curated", "verb_patterns.yaml:criticise",
                        actor("Peru", peru.i, "PER"), "mention", {"source"}, False, 2)
    assert len(row) == WIDTH and sum(row[-128:]) == 1.0


def test_candidates_add_the_lexicon_actors_that_are_not_mentions(roles):
    doc = roles.nlp("Ghana held talks with Togo on Friday.")
    pipe = roles.nlp.get_pipe("whimbrel_events")
    events = extract.build_candidates(doc, pipe.lexicon)
    held = [e for e in events if e.trigger.text == "held"]
    outside = actor("Benin", 100, "BEN")   # remembered from elsewhere in the document
    outside_event = extract.EventCandidate(held[0].trigger, held[0].match, held[0].source, outside, 0.8)
    cands = candidates(held[0].trigger, [held[0], outside_event], doc._.actor_mentions)
    origins = {c.actor.text: (c.origin, c.lexicon_role) for c in cands}
    assert origins["Ghana"] == ("mention", {"source"}) and origins["Togo"][1] == {"target"}
    assert origins["Benin"] == ("context", {"target"})


def domestic_flags(coder, text, trigger):
    """Per candidate's words: (shares the rules' source's country, no other country named, both)."""
    doc = coder.nlp(text)
    pipe = coder.nlp.get_pipe("whimbrel_events")
    events = [e for e in extract.build_candidates(doc, pipe.lexicon) if e.trigger.text == trigger]
    cands = candidates(events[0].trigger, events, doc._.actor_mentions)
    x = role_matrix(events[0].trigger, events[0].match, cands)
    return {c.actor.text: tuple(x[k, DENSE_WIDTH - 3:DENSE_WIDTH].tolist()) for k, c in enumerate(cands)}


def test_features_say_when_an_event_looks_domestic(roles):
    # one country only: every candidate shares the police's country and no other country is named
    flags = domestic_flags(roles, "Kenyan police arrested a journalist in Nairobi.", "arrested")
    assert flags["Kenyan"] == flags["Nairobi"] == (1.0, 1.0, 1.0)
    # two countries: the partner has another country, so neither flag holds for it
    flags = domestic_flags(roles, "Ghana held talks with Togo on Friday.", "held")
    assert flags["Togo"] == (0.0, 0.0, 0.0) and flags["Ghana"] == (1.0, 0.0, 0.0)


def test_sourceless_policies_on_agentless_and_unresolved_events(roles):
    """extract.SOURCELESS: 'drop' codes none of these; 'passive' an agentless passive with source
    null (the guide: "'Y was arrested' (no agent): source null"); 'all' also an event whose doer
    neither the rules nor the role assigner resolve."""
    pipe = roles.nlp.get_pipe("whimbrel_events")
    texts = ("Two reporters were arrested in the capital last week.", "They condemned the ruling by Peru.")
    found = {}
    for policy in ("drop", "roles", "passive", "all"):
        pipe.sourceless = policy
        found[policy] = [dyads(roles, t) for t in texts]
    pipe.sourceless = extract.SOURCELESS
    assert found["drop"] == found["roles"] == [[], []]
    assert ("COERCE", None, None) in found["passive"][0] and found["passive"][1] == []
    assert ("ACCUSE", None, "PER") in found["all"][1]


def test_sourceless_events_never_reach_the_lexicon_alone(roles):
    pipe = roles.nlp.get_pipe("whimbrel_events")
    pipe.use_roles, pipe.sourceless = False, "all"
    try:
        assert dyads(roles, "Two reporters were arrested in the capital last week.") == []
    finally:
        pipe.use_roles, pipe.sourceless = True, extract.SOURCELESS
