"""Switching the event stage of the session's coder (root conftest: lexicon alone) for one test."""
import pytest


@pytest.fixture
def stage(coder):
    """stage(use_gate=True) or stage(use_model=True): the coder with those event-stage flags, put
    back after the test."""
    pipe = coder.nlp.get_pipe("whimbrel_events")
    saved = {}

    def switch(**flags):
        for name, value in flags.items():
            saved.setdefault(name, getattr(pipe, name))
            setattr(pipe, name, value)
        return coder

    yield switch
    for name, value in saved.items():
        setattr(pipe, name, value)
