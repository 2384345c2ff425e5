"""Factuality predictor: register gate, features and the JSON model round trip."""
from whimbrel.modality.model import committed_class, default_predictor, featurize, load_model, predict
from whimbrel.modality.predictor import registers
from whimbrel.modality.register import informal_register, register_cues

NEWS = ("Russia did not attack the town on Monday, the defence ministry in Moscow said. "
        "Ukrainian officials reported shelling near Kharkiv and Sumy overnight. "
        "The talks in Istanbul lasted two hours, according to Turkish diplomats.")


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


def test_register_gate_news_vs_conversation(nlp_sm):
    assert not informal_register(nlp_sm("The first jets will be delivered in 2014.")[:])
    assert informal_register(nlp_sm("Please call me when you arrive.")[:])
    assert informal_register(nlp_sm("Is there any way to fix it?")[:])
    # first person inside a quotation is no informal cue
    quoted = nlp_sm('The minister said: "We will not buy aircraft from Europe."')
    assert "pron12" not in register_cues(quoted[:])
    assert not informal_register(quoted[:], news_p=0.9)


def test_register_of_a_news_article_is_read_from_the_whole_document(nlp_sm):
    doc = nlp_sm(NEWS)
    assert registers(list(doc)) == [False] * len(doc)


def test_committed_class_counts_will_as_factual():
    assert committed_class("intended", "will") == "factual"
    assert committed_class("intended", "plans") == "uncertain"
    assert committed_class("negated", "not") == "negated"
    assert committed_class("asserted", None) == "factual"


def test_featurize_has_rule_and_clause_features(nlp_sm):
    doc = nlp_sm("You should not buy that car.")
    feats = featurize(_tok(doc, "buy"), "negated", "not")
    assert "rule=negated" in feats and "bias" in feats
    assert "subj=2p" in feats and "reg=pron12" in feats


def test_predict_with_toy_model():
    model = {"intercepts": [0.0, 0.0, 0.0, 1.0], "w": {"neg": [-1.0, 2.0, 0.0, -2.0]}}
    probs, score = predict(model, ["neg", "unknown"])
    assert max(probs, key=probs.get) == "negated"
    assert abs(sum(probs.values()) - 1.0) < 1e-9 and score == -1.0


def test_default_predictor_formal_and_informal(nlp_sm):
    assert load_model() is not None
    pred = default_predictor()
    cls, score = pred(_tok(nlp_sm(NEWS), "attack"), None, False)
    assert cls == "negated" and -3.0 <= score <= 3.0
    cls, _ = pred(_tok(nlp_sm("Boeing will deliver the first jets in 2014."), "deliver"), None, False)
    assert cls == "factual"
    cls, score = pred(_tok(nlp_sm("Please send me the draft tomorrow."), "send"))
    assert cls in {"negated", "uncertain"} and -3.0 <= score <= 3.0
