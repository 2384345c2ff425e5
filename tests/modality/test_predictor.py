"""The factuality model, its predictor interface, and the agreement of factuality with modality."""
import numpy as np
import pytest

from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.predictor import (FactualityModel, ModelError, agree, agreeing, corpus_features, load_model,
                                         load_predictor)
from whimbrel.modality.stage import ModalityTagger


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_a_past_act_scores_above_its_negation(nlp_sm, model):
    went = _tok(nlp_sm("I went to the party yesterday."), "went")
    go = _tok(nlp_sm("I did not go to the party."), "go")
    (happened, negated) = model.predict([went, go])
    assert happened[0] == "factual" and happened[1] > 1.5
    assert negated[0] == "negated" and negated[1] < happened[1] - 2


def test_outputs_are_bounded_and_one_row_per_token_in_order(nlp_sm, model):
    doc = nlp_sm("We signed the contract, but they might cancel it. Nobody came.")
    tokens = [_tok(doc, "came"), _tok(doc, "signed"), _tok(doc, "cancel")]
    rows = model.outputs(tokens)
    assert rows.shape == (3, 4) and (np.abs(rows[:, 3]) <= 3).all()
    assert np.allclose(rows[1], model.outputs([tokens[1]])[0])  # a token's output does not depend on its company
    assert model.outputs([]).shape == (0, 4)


def test_the_corpus_changes_the_reading(nlp_sm, model):
    # UDS-IH2 asks whether an event happened, so a future is not factual there; UW newswire reads the
    # author's commitment: the corpus input must move the future's logits between the two
    meet = _tok(nlp_sm("The two delegations will meet in Istanbul on Friday."), "meet")
    news, web = model.outputs([meet], corpus="uw")[0], model.outputs([meet], corpus="uds")[0]
    assert news[0] - news[1] > web[0] - web[1]


def test_corpus_features_by_mode():
    assert corpus_features(["a"], "uw", "none") == ["a"]
    assert corpus_features(["a"], "uw", "bias") == ["a", "corpus=uw"]
    assert corpus_features(["a"], "uw", "augment") == ["a", "corpus=uw", "uw:a"]


@pytest.mark.parametrize("modality,given,expected", [
    ("negated", ("factual", 2.0), ("uncertain", 0.0)),
    ("negated", ("uncertain", -1.0), ("uncertain", -1.0)),
    ("asserted", ("negated", -2.5), ("uncertain", 0.0)),
    ("asserted", ("factual", 0.5), ("factual", 0.5)),
    ("possible", ("negated", -2.0), ("negated", -2.0)),
])
def test_agree_bounds_class_and_score_by_the_modality(modality, given, expected):
    assert agree(modality, *given) == expected


def test_agreeing_reads_the_plain_rule_modality(nlp_sm):
    held = _tok(nlp_sm("Russia has not held talks with the United States."), "held")
    assert classify_trigger(held).modality == "negated"
    always_factual = agreeing(lambda tokens, rules=None: [("factual", 3.0)] * len(tokens))
    assert always_factual([held]) == [("uncertain", 0.0)]


def test_a_broken_model_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "factuality.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match=r"\[M011\] .*factuality\.npz"):
        FactualityModel(bad)


def test_the_predictor_interface_takes_rules_when_given(nlp_sm):
    held = _tok(nlp_sm("Russia has not held talks with the United States."), "held")
    predict = load_predictor()
    assert predict([held]) == predict([held], [classify_trigger(held)])


def test_stage_factuality_agrees_with_every_event_modality(coder):
    from tests.conftest import SAMPLE_TEXT

    coded = coder.code_text(SAMPLE_TEXT.read_text(encoding="utf-8"))
    assert coded.events
    for event in coded.events:
        if event.modality == "negated":
            assert event.factuality <= 0, event
        elif event.modality == "asserted":
            assert event.factuality >= 0, event


def test_stage_scores_a_negated_act_at_or_below_zero_unless_told_not_to(coder):
    from whimbrel.coder import Coder

    coded = coder.code_text("Russia has not held talks with the United States, Peskov said on Friday.")
    scores = {e.evidence.trigger: e.factuality for e in coded.events}
    assert scores["held"] <= 0
    none = Coder.load(factuality="none").code_text("Russia has not held talks with the United States.")
    assert all(e.factuality is None for e in none.events)


def test_an_unknown_factuality_model_is_refused(nlp_sm):
    with pytest.raises(ValueError, match="M010"):
        ModalityTagger(nlp_sm, "whimbrel_modality", factuality="magic")
