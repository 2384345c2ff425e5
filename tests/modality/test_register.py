"""The register router: informal cues, topic-blind style features, the shipped model."""
import pytest
import spacy

from whimbrel.modality.register import (informal_register, load_register_model, news_probability,
                                        register_cues, register_features)
from whimbrel.nlp.pipeline import DEFAULT_MODEL


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_MODEL)


def test_cues_ignore_quoted_words(nlp):
    assert "pron12" not in register_cues(nlp('"We will never give up," the minister said.'))
    assert "pron12" in register_cues(nlp("We will never give up."))


@pytest.mark.parametrize("text,cue", [
    ("I don't think they'll come.", "contraction"),
    ("The staff were great...", "emphatic"),
    ("Try the soup at the corner place.", "imperative"),
])
def test_informal_cues(nlp, text, cue):
    assert cue in register_cues(nlp(text))


def test_style_features_are_blind_to_content_words(nlp):
    a = register_features(nlp("The committee approved the budget on Tuesday."))
    b = register_features(nlp("The parliament rejected the treaty on Friday."))
    assert a == b
    assert not any(k.startswith("w=") and k[2:] in {"committee", "budget", "parliament"} for k in a)


def test_quote_marks_are_one_feature(nlp):
    straight = register_features(nlp('He said "the talks failed" on Monday.'))
    curly = register_features(nlp("He said \u201cthe talks failed\u201d on Monday."))
    assert {k for k in straight if "QUOTE" in k} == {k for k in curly if "QUOTE" in k}


def test_threshold_routes_by_news_probability(nlp):
    sent = nlp("The central bank raised interest rates by 0.5 percent on Thursday.")
    model = {"weights": {"pos=NUM": 50.0}, "bias": -1.0, "threshold": 0.5}
    assert news_probability(sent, model) > 0.5
    assert not informal_register(sent, model)
    assert informal_register(sent, {**model, "threshold": 0.999})


def test_shipped_model_separates_news_from_chat(nlp):
    model = load_register_model()
    assert model is not None and 0.0 <= model["threshold"] < 1.0
    news = nlp("Shares of the carmaker fell 4.5 % in Frankfurt after the company cut its 2024 forecast.")
    chat = nlp("honestly the staff were so nice and the room was clean, would stay again")
    assert news_probability(news, model) > news_probability(chat, model)
    assert informal_register(chat) and not informal_register(news)
