"""The tuned-encoder reading of factuality and its average with the linear model (sentences written for the test)."""
import json
import multiprocessing

import numpy as np
import pytest

from whimbrel.modality.factuality import CLASSES
from whimbrel.modality.predictor import MODEL_PATH, BlendedModel, FactualityModel, load_model
from whimbrel.modality.tuned import TUNED_PATH, TunedFactuality, TunedModelError
from whimbrel.nlp.encoder import sentence_items


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


class FixedTuned:
    """A stand-in for TunedFactuality: every token reads `cls` with probability 0.98."""

    def __init__(self, cls: str, weight: float):
        self.weight, self.offsets = weight, {}
        self.row = np.log(np.where(np.array(CLASSES) == cls, 0.98, 0.01))

    def log_probs(self, tokens, corpus):
        return np.tile(self.row, (len(tokens), 1))


def test_sentence_items_encode_each_sentence_once_with_every_trigger_span(nlp_sm):
    doc = nlp_sm("The army withdrew. Talks did not resume and nobody signed.")
    tokens = [_tok(doc, "resume"), _tok(doc, "withdrew"), _tok(doc, "signed")]
    items, at = sentence_items(tokens)
    assert [text for text, _ in items] == ["Talks did not resume and nobody signed.", "The army withdrew."]
    for tok, (i, j) in zip(tokens, at):
        start, end = items[i][1][j]
        assert items[i][0][start:end] == tok.text


def test_the_average_follows_its_weight(nlp_sm):
    linear = FactualityModel(MODEL_PATH)
    signed = _tok(nlp_sm("The two ministers signed the accord in Vienna."), "signed")
    assert linear.predict([signed])[0][0] == "factual"
    assert BlendedModel(linear, FixedTuned("negated", 0.01)).predict([signed])[0][0] == "factual"
    assert BlendedModel(linear, FixedTuned("negated", 0.99)).predict([signed])[0][0] == "negated"
    # the score stays the linear model's
    assert BlendedModel(linear, FixedTuned("negated", 0.5)).outputs([signed])[0, 3] == linear.outputs([signed])[0, 3]


def test_a_broken_encoder_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "factuality_encoder.npz"
    np.savez(bad, meta=np.array("{}"))
    with pytest.raises(TunedModelError, match=r"\[M020\] .*factuality_encoder\.npz"):
        TunedFactuality(bad, encoder=object())


def _predict_in_worker(_):
    from whimbrel.modality.predictor import load_model
    return load_model().outputs(_SIGNED)[:, :3].tolist()


_SIGNED: list = []


@pytest.mark.slow  # loads MiniLM and the tuned blocks, in three processes
@pytest.mark.skipif(not TUNED_PATH.exists(), reason="no tuned factuality encoder shipped")
def test_the_shipped_blend_loads_and_runs_in_forked_workers(nlp_sm):
    # the stage loads the model in the parent; `run --processes 2` forks workers that use it
    model = load_model()
    assert isinstance(model, BlendedModel)
    _SIGNED[:] = [_tok(nlp_sm("The two ministers did not sign the accord in Vienna."), "sign")]
    parent = model.outputs(_SIGNED)[:, :3]  # the parent's onnxruntime sessions open before the fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        children = pool.map_async(_predict_in_worker, range(2)).get(timeout=60)
    for rows in children:
        assert np.allclose(rows, parent, atol=1e-4)


@pytest.mark.slow  # loads MiniLM and the tuned blocks
@pytest.mark.skipif(not TUNED_PATH.exists(), reason="no tuned factuality encoder shipped")
def test_members_probabilities_are_averaged(nlp_sm, tmp_path):
    with np.load(TUNED_PATH) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays.pop("meta")))
    first = {k: v for k, v in arrays.items() if k.startswith(("encoder.", "head."))}  # member 0's arrays
    # a second member: the first's blocks, its heads reading every corpus as "uncertain" for sure
    second = {f"m1.{k}": v for k, v in first.items()}
    for c in meta["corpora"]:
        second[f"m1.head.{c}.weight"] = np.zeros_like(first[f"head.{c}.weight"])
        second[f"m1.head.{c}.bias"] = np.array([-30.0, -30.0, 30.0], dtype=first[f"head.{c}.bias"].dtype)
    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    np.savez(one, meta=np.array(json.dumps({**meta, "members": 1})), **first)
    np.savez(two, meta=np.array(json.dumps({**meta, "members": 2})), **first, **second)
    tokens = [_tok(nlp_sm("The two ministers did not sign the accord in Vienna."), "sign")]
    single = np.exp(TunedFactuality(one).log_probs(tokens, "uw"))
    both = np.exp(TunedFactuality(two).log_probs(tokens, "uw"))
    assert np.allclose(both, (single + np.array([0.0, 0.0, 1.0])) / 2, atol=1e-4)
