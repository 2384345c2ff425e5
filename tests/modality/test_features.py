"""Sparse trigger features of the factuality model: register cues and dependency features."""
import pytest

from whimbrel.modality.features import featurize, register_cues


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


def test_cues_ignore_quoted_words(nlp_sm):
    assert "pron12" not in register_cues(nlp_sm('"We will never give up," the minister said.')[:])
    assert "pron12" in register_cues(nlp_sm("We will never give up.")[:])


@pytest.mark.parametrize("text,cue", [
    ("I don't think they'll come.", "contraction"),
    ("The staff were great...", "emphatic"),
    ("Try the soup at the corner place.", "imperative"),
    ("Is there any way to fix it?", "question"),
    ("Ukrainian officials reported shelling near Kharkiv and Sumy in Ukraine.", "news"),
])
def test_informal_and_news_cues(nlp_sm, text, cue):
    assert cue in register_cues(nlp_sm(text)[:])


def test_featurize_has_rule_clause_and_register_features(nlp_sm):
    doc = nlp_sm("You should not buy that car.")
    feats = featurize(_tok(doc, "buy"), "negated", "not")
    assert "rule=negated" in feats and "rulecue=not" in feats and "bias" in feats
    assert "subj=2p" in feats and "reg=pron12" in feats and "v_neg" in feats


def test_featurize_reads_the_path_to_the_governor(nlp_sm):
    doc = nlp_sm("The ministry said the talks were cancelled.")
    feats = featurize(_tok(doc, "cancelled"), "asserted", None)
    assert "edge=ccomp>say" in feats and "gov0=say" in feats
