"""The tests of this folder check the lexicon's rules: they run the coder with the learned event
stage and the precision gate off (the lexicon is then the whole answer, as when the model files are
missing or with `whimbrel run --lexicon-only`)."""
import pytest


@pytest.fixture(scope="session")
def coder():
    from whimbrel.coder import Coder
    c = Coder.load()
    c.nlp.get_pipe("whimbrel_events").use_model = False
    c.nlp.get_pipe("whimbrel_events").use_gate = False
    return c
