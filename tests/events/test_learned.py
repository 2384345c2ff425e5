"""The learned event stage with the shipped model files: thresholds, fallback, argument choice."""
import numpy as np
import pytest

from whimbrel.events.learned import choose_arguments, load_model

TEXT = ("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday, killing three civilians. "
        "Egypt urged Ethiopia to resume talks on the dam. The storm flooded hundreds of homes.")


@pytest.fixture
def learned(stage):
    return stage(use_model=True)


def test_learned_events_reach_the_model_threshold(learned):
    model = load_model()
    assert model is not None, "data/events/event_model.{npz,json} missing"
    events = learned.code_text(TEXT).events
    assert events and all(e.confidence >= model.threshold and e.pattern.startswith("learned") for e in events)
    assert not any(e.evidence.trigger == "flooded" for e in events)   # a disaster is no event


def test_learned_min_confidence_raises_the_floor(learned):
    pipe = learned.nlp.get_pipe("whimbrel_events")
    pipe.min_confidence = 0.999
    try:
        assert learned.code_text(TEXT).events == []
    finally:
        pipe.min_confidence = None


def test_the_loader_carries_the_event_stage_settings_to_workers():
    from whimbrel.coder import Coder, CoderLoader
    loader = Coder(nlp=None, learned=True, min_confidence=0.4, gate=False).loader()
    assert (loader.learned, loader.min_confidence, loader.gate) == (True, 0.4, False)
    assert loader == CoderLoader(learned=True, min_confidence=0.4, gate=False)


@pytest.mark.slow
def test_a_min_confidence_is_the_floor_of_the_default_stage_in_the_built_pipeline():
    from whimbrel.coder import Coder
    coder = Coder.load(min_confidence=0.5)
    pipe = coder.nlp.get_pipe("whimbrel_events")
    assert not pipe.use_model and pipe.use_gate and pipe.min_confidence == 0.5
    loader = coder.loader()   # the coder records what it built, and workers build the same
    assert (loader.learned, loader.gate, loader.min_confidence) == (False, True, 0.5)


def test_learned_stage_off_leaves_the_lexicon_events(coder):
    events = coder.code_text(TEXT).events
    assert events and not any(e.pattern.startswith("learned") for e in events)


def test_learned_choose_arguments_takes_a_target_of_another_party():
    probs = np.array([[0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.1, 0.2, 0.75]])
    # mention 2 is the most likely target but the source's own party: the next one is taken
    assert choose_arguments(probs, [("RUS", "MIL"), ("UKR", None), ("RUS", "MIL")], 0.5) == (0, 1)
    assert choose_arguments(probs, [("RUS", "MIL"), ("UKR", None), ("RUS", "MIL")], 0.9) == (None, None)
    assert choose_arguments(np.zeros((0, 3)), [], 0.5) == (None, None)
