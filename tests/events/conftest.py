"""The tests of this folder check the lexicon's rules: they run the coder with the learned event
stage off (the lexicon is then the whole answer, as by default and when the model files are missing)."""
import pytest


@pytest.fixture(scope="session")
def coder():
    from whimbrel.coder import Coder
    c = Coder.load()
    c.nlp.get_pipe("whimbrel_events").use_model = False
    return c
