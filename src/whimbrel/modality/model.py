"""Small logistic factuality model over dependency-tree and cue features (JSON weights).

The rules (classify.py) decide the 9-way modality; this model refines the factuality score and
the three-way decision (factual / negated / uncertain). Rebuild with scripts/train_modality.py.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "factuality_model.json"
CLASSES = ("factual", "negated", "uncertain")


def _path(token: Token, depth: int = 4) -> list[Token]:
    out, node = [], token
    while node.head is not node and len(out) < depth:
        out.append(node)
        node = node.head
    return out


def _child_feats(prefix: str, node: Token) -> list[str]:
    feats = []
    for c in node.children:
        if c.dep_ in {"aux", "auxpass", "neg", "mark", "advmod", "det", "amod", "prt"}:
            feats.append(f"{prefix}{c.dep_}={c.lower_}")
        elif c.dep_ in {"nsubj", "nsubjpass", "expl"}:
            feats.append(f"{prefix}subj={c.tag_}")
            if c.pos_ == "PRON":
                feats.append(f"{prefix}subjw={c.lower_}")
        elif c.dep_ in {"advcl", "ccomp", "xcomp", "dobj", "prep"}:
            feats.append(f"{prefix}has={c.dep_}")
    return feats


def featurize(token: Token, rule_modality: str, rule_cue: str | None) -> list[str]:
    """Sparse string features of a trigger token (also used at training time)."""
    doc = token.doc
    feats = ["bias", f"rule={rule_modality}", f"rule_cue={(rule_cue or '').lower()}",
             f"tag={token.tag_}", f"dep={token.dep_}", f"lemma={token.lemma_.lower()}",
             f"pos_dep={token.pos_}_{token.dep_}"]
    feats += [f"morph={m}" for m in token.morph if m.split("=")[0] in {"Tense", "Mood", "VerbForm"}]
    feats += _child_feats("t_", token)
    for k, node in enumerate(_path(token)):
        head = node.head
        feats += [f"p{k}={node.dep_}>{head.tag_}", f"gov{k}={head.lemma_.lower()}",
                  f"edge={node.dep_}>{head.lemma_.lower()}"]
        if k < 2:
            feats += _child_feats(f"h{k}_", head)
    words = {t.lower_ for t in doc}
    feats += [f"sent_has={w}" for w in ("?", "if", "would", "could", "not", "n't", "should")
              if w in words]
    if token.tag_ == "VB" and token.dep_ == "ROOT" and not any(
            c.dep_.startswith("nsubj") for c in token.children):
        feats.append("imperative")
    return feats


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> dict | None:
    """The JSON weights, or None when no model has been trained."""
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def predict(model: dict, feats: list[str]) -> tuple[dict[str, float], float]:
    """Class probabilities (softmax of linear scores) and the regressed factuality score."""
    logits = {c: model["intercepts"][c] + sum(model["coef"][c].get(f, 0.0) for f in feats)
              for c in CLASSES}
    top = max(logits.values())
    exps = {c: math.exp(v - top) for c, v in logits.items()}
    total = sum(exps.values())
    score = model["reg_intercept"] + sum(model["reg_coef"].get(f, 0.0) for f in feats)
    return {c: v / total for c, v in exps.items()}, max(-3.0, min(3.0, score))


def default_predictor() -> Callable[[Token], tuple[str, float]]:
    """token -> (three-way class, score): the model when trained, else the rules."""
    from whimbrel.modality.classify import classify_trigger
    from whimbrel.modality.factuality import modality_class

    model = load_model()

    def _predict(token: Token) -> tuple[str, float]:
        rule = classify_trigger(token)
        if model is None:
            return modality_class(rule.modality), rule.score
        probs, score = predict(model, featurize(token, rule.modality, rule.cue))
        return max(probs, key=probs.get), score

    return _predict
