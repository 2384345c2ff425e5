"""Factuality predictors: the fine-tuned encoder, register routing, and the stage's factuality field."""
import pytest

from whimbrel.modality.encoder_model import load_factuality_encoder, predict_tokens
from whimbrel.modality.predictor import encoder_predictor, features_predictor, load_predictor
from whimbrel.modality.stage import ModalityTagger


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.fixture(scope="module")
def model():
    m = load_factuality_encoder()
    assert m is not None, "the encoder package and data/modality/factuality_encoder*.npz are installed by setup"
    return m


def test_encoder_scores_a_past_act_above_its_negation(model):
    (happened,), (negated,) = model.predict([("I went to the party yesterday.", [(2, 6)]),
                                              ("I did not go to the party.", [(12, 14)])])
    assert happened[0] == "factual" and happened[1] > 2
    assert negated[0] != "factual" and negated[1] < happened[1] - 2


def test_encoder_outputs_are_bounded_and_one_per_span(model):
    text = "We signed the contract, but they might cancel it."
    (rows,) = model.outputs([(text, [(3, 9), (33, 39), (0, 2)])])
    assert rows.shape == (3, 4) and (abs(rows[:, 3]) <= 3).all()


def test_the_shipped_ensemble_averages_its_members(model, tmp_path):
    import json

    import numpy as np

    from whimbrel.modality.encoder_model import MODEL_PATH, EncoderFactuality, ensemble_members

    members, bias = ensemble_members()
    assert len(model.members) == len(members) >= 2 and all(p.exists() for p in members)
    assert model.class_bias.tolist() == pytest.approx(bias)
    items = [("They might cancel the deal.", [(11, 17)])]
    one = EncoderFactuality(model.encoder, [MODEL_PATH], class_bias=[0, 0, 0]).outputs(items)[0]
    twice = EncoderFactuality(model.encoder, [MODEL_PATH, MODEL_PATH], class_bias=[0, 0, 0]).outputs(items)[0]
    assert np.allclose(one, twice, atol=1e-5)  # the mean of identical members is the member
    spec = tmp_path / "ensemble.json"
    spec.write_text(json.dumps({"members": [str(MODEL_PATH)], "class_bias": [0, 1, 0]}))
    assert ensemble_members(spec) == ([MODEL_PATH], [0, 1, 0])
    assert ensemble_members(tmp_path / "missing.json") == ([MODEL_PATH], None)
    broken = tmp_path / "broken.json"
    broken.write_text('{"class_bias": [0, 0, 0]}')
    with pytest.raises(ValueError, match=r"\[M011\] .*broken\.json.*members"):
        ensemble_members(broken)


def test_predict_tokens_groups_tokens_by_sentence_and_keeps_their_order(nlp_sm, model):
    doc = nlp_sm("I did not go there. I went home instead.")
    tokens = [_tok(doc, "went"), _tok(doc, "go")]
    went, go = predict_tokens(model, tokens)
    assert went[0] == "factual" and go[1] < went[1]


def test_encoder_predictor_routes_formal_sentences_to_the_rules(nlp_sm):
    predict = encoder_predictor()
    formal = nlp_sm("The Kremlin said Russia has not held talks with the United States.")
    informal = nlp_sm("honestly i might go to the party tomorrow lol")
    (held,) = predict([_tok(formal, "held")])
    assert held == ("negated", -3.0)  # the rules' answer: explicit negation
    (go,) = predict([_tok(informal, "go")])
    assert go[0] != "factual"


def test_formal_future_counts_as_committed_in_both_predictors(nlp_sm):
    doc = nlp_sm("The two delegations will meet in Istanbul on Friday, the ministry announced.")
    meet = _tok(doc, "meet")
    assert features_predictor()([meet])[0][0] == "factual"
    assert load_predictor()([meet])[0][0] == "factual"


def test_modality_stage_sets_factuality_unless_told_not_to(nlp_sm):
    from whimbrel.coder import Coder
    coded = Coder.load(factuality="features").code_text(
        "Russia has not held talks with the United States, Peskov said on Friday.")
    scores = {e.evidence.trigger: e.factuality for e in coded.events}
    assert scores.get("held") == -3.0
    none = Coder.load(factuality="none").code_text("Russia has not held talks with the United States.")
    assert all(e.factuality is None for e in none.events)


def test_an_unknown_factuality_model_is_refused(nlp_sm):
    with pytest.raises(ValueError, match="M010"):
        ModalityTagger(nlp_sm, "whimbrel_modality", factuality="magic")
