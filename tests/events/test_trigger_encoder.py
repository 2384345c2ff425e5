"""The fine-tuned trigger reading the precision gate uses (events/trigger_encoder.py); sentences written for the test."""
import json
from types import SimpleNamespace

import numpy as np
import pytest

from whimbrel.events.gate import Gate, GateModelError, trigger_columns
from whimbrel.events.trigger_encoder import (FLOOR, TRIGGER_PATH, TriggerEncoder, TriggerModelError, event_columns,
                                             gate_columns, load_trigger_encoder)

TYPES = ["NONE", "CONSULT", "ASSAULT"]


def test_gate_columns_take_the_more_eventful_of_trigger_and_noun():
    trigger = np.array([0.9, 0.05, 0.05])     # "held": hardly an event
    noun = np.array([0.2, 0.7, 0.1])          # "talks": a meeting
    assert gate_columns(trigger, None, "CONSULT", TYPES) == pytest.approx([np.log(0.05), np.log(0.1)])
    assert gate_columns(trigger, noun, "CONSULT", TYPES) == pytest.approx([np.log(0.7), np.log(0.8)])


def test_gate_columns_floor_a_zero_probability():
    assert gate_columns(np.array([1.0, 0.0, 0.0]), None, "ASSAULT", TYPES) == pytest.approx([np.log(FLOOR)] * 2)


class CountingModel:
    """A stand-in TriggerEncoder: every token is CONSULT with 0.6; counts the tokens it reads."""
    types = TYPES

    def __init__(self):
        self.read = []

    def probabilities(self, tokens):
        self.read.append([t.text for t in tokens])
        return np.tile([0.3, 0.6, 0.1], (len(tokens), 1))


def _event(tok, noun, plover):
    return SimpleNamespace(trigger=tok, match=SimpleNamespace(noun=noun, plover=plover))


def test_event_columns_read_each_word_once(nlp_sm):
    doc = nlp_sm("The envoys held talks and attacked nobody.")
    held, talks, attacked = doc[2], doc[3], doc[5]
    model = CountingModel()
    x = event_columns([_event(held, talks, "CONSULT"), _event(held, None, "CONSULT"),
                       _event(attacked, None, "ASSAULT")], model)
    assert model.read == [["held", "talks", "attacked"]]
    assert x.shape == (3, 2)
    assert x[0] == pytest.approx([np.log(0.6), np.log(0.7)])
    assert x[2] == pytest.approx([np.log(0.1), np.log(0.7)])


def test_a_broken_trigger_file_is_named_in_the_error(tmp_path):
    bad = tmp_path / "trigger_encoder.npz"
    np.savez(bad, meta=np.array("{}"))
    with pytest.raises(TriggerModelError, match=r"\[E630\] .*trigger_encoder\.npz"):
        TriggerEncoder(bad, encoder=object())


def test_a_gate_that_reads_the_trigger_encoder_says_when_it_is_missing(monkeypatch, nlp_sm):
    monkeypatch.setattr("whimbrel.events.gate.load_trigger_encoder", lambda: None)
    doc = nlp_sm("The envoys met.")
    with pytest.raises(GateModelError, match=r"\[E631\] .*trigger_encoder"):
        trigger_columns([_event(doc[2], None, "CONSULT")])


def _gate(tmp_path, coef):
    path = tmp_path / "event_gate.npz"
    n = len(coef)
    np.savez(path, mean=np.linspace(-1, 1, n), scale=np.linspace(0.5, 2, n), coef=np.asarray(coef, float),
             bias=np.array(-0.5), calib_x=np.array([0.0, 0.3, 0.6, 1.0]), calib_y=np.array([0.0, 0.1, 0.7, 0.9]))
    path.with_suffix(".json").write_text(json.dumps({"use_vectors": True, "threshold": 0.3, "trigger_columns": True}))
    return Gate(path)


def test_the_upper_confidence_bounds_every_trigger_reading(tmp_path):
    gate = _gate(tmp_path, [0.8, -0.4, 1.5, -2.0])     # two gate columns, then the two trigger columns
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 2))
    bound = gate.upper_confidence(x)
    for _ in range(20):
        columns = rng.uniform(np.log(FLOOR), 0.0, size=(50, 2))
        assert (gate.confidence(np.hstack([x, columns])) <= bound + 1e-12).all()
    # the bound is reached: log P(type) at 0 (positive weight), log P(event) at the floor (negative)
    ends = np.tile([0.0, np.log(FLOOR)], (50, 1))
    assert gate.confidence(np.hstack([x, ends])) == pytest.approx(bound)


@pytest.mark.slow  # loads MiniLM and the tuned blocks
@pytest.mark.skipif(not TRIGGER_PATH.exists(), reason="no trigger encoder shipped")
def test_the_shipped_model_reads_an_attack_and_a_meeting_as_events_and_a_price_rise_as_none(nlp_sm):
    model = load_trigger_encoder()
    assert model is not None and model.types[0] == "NONE"
    attacked = nlp_sm("Rebels attacked an army post near the border.")[1]
    met = nlp_sm("The ministers met in Geneva to discuss the ceasefire.")[2]
    rose = nlp_sm("The price of wheat rose sharply on Sunday.")[5]
    p = model.probabilities([attacked, met, rose])
    assert p.shape == (3, len(model.types)) and np.allclose(p.sum(1), 1, atol=1e-5)
    assert [model.types[int(i)] for i in p[:2].argmax(1)] == ["ASSAULT", "CONSULT"]
    assert p[2, 0] > 0.9
