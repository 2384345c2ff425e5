"""The factuality predictor the modality stage uses, and `whimbrel eval` measures.

A predictor maps the trigger tokens of one document to [(three-way class, score in [-3, 3])];
it may also be given each token's plain `classify_trigger` result (`rules=`), which the modality
stage has already computed. Both predictors read the sentence's register first
(`modality.model.informal_register`), because the two kinds of text mark factuality differently:
news prose states what the author commits to (a firmly scheduled "will meet" counts as factual),
conversational web text what has happened.
- "features": formal sentences get the dependency rules of modality.classify; informal ones the
  small logistic model of modality.model. Fast; the stage's default.
- "encoder": formal sentences get the same rules; informal ones the fine-tuned MiniLM encoder
  (modality.encoder_model), which needs the encoder package and data/modality/factuality_encoder.npz.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Token

Predictor = Callable[..., list[tuple[str, float]]]


def registers(tokens: Sequence[Token]) -> list[bool]:
    """informal_register of each token's sentence, computed once per sentence; the style
    model reads the whole document (all tokens come from one Doc)."""
    return [informal for informal, _ in registers_and_cues(tokens)]


def registers_and_cues(tokens: Sequence[Token]) -> list[tuple[bool, list[str]]]:
    """Per token: whether its sentence is informal, and the sentence's register cues (computed
    once per sentence; the features model reads them again)."""
    from whimbrel.modality.register import (document_news_probability, informal_register, load_register_model,
                                            register_cues)

    if not tokens:
        return []
    doc = tokens[0].doc
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    cues = {s.start: register_cues(s) for s in sents}  # once per sentence, for both signals
    model = load_register_model()
    news_p = document_news_probability(doc, model, cues) if model else None
    seen: dict[int, tuple[bool, list[str]]] = {}
    out = []
    for t in tokens:
        start = t.sent.start
        if start not in seen:  # t.sent is one of doc.sents, so its cues are there
            seen[start] = (informal_register(t.sent, model, news_p, cues[start]), cues[start])
        out.append(seen[start])
    return out


def features_predictor() -> Predictor:
    from whimbrel.modality.model import default_predictor

    per_token = default_predictor()

    def predict(tokens: Sequence[Token], rules: Sequence | None = None) -> list[tuple[str, float]]:
        rules = rules or [None] * len(tokens)
        return [per_token(t, r, inf, cues) for t, r, (inf, cues) in zip(tokens, rules, registers_and_cues(tokens))]

    return predict


def encoder_predictor() -> Predictor | None:
    """Rules for formal sentences, the fine-tuned encoder for informal ones; None if not installed."""
    from whimbrel.modality.encoder_model import load_factuality_encoder, predict_tokens
    from whimbrel.modality.model import rule_prediction

    model = load_factuality_encoder()
    if model is None:
        return None

    def predict(tokens: Sequence[Token], rules: Sequence | None = None) -> list[tuple[str, float]]:
        rules = rules or [None] * len(tokens)
        informal = registers(tokens)
        encoded = iter(predict_tokens(model, [t for t, inf in zip(tokens, informal) if inf]))
        return [next(encoded) if inf else rule_prediction(t, r) for t, r, inf in zip(tokens, rules, informal)]

    return predict


def load_predictor(use_encoder: bool = True) -> Predictor:
    """The encoder predictor when requested and installed, else the features predictor."""
    return (encoder_predictor() if use_encoder else None) or features_predictor()
