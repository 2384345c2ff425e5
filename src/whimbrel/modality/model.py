"""Factuality model: rules for formal (news) text, a small logistic model for informal text.

Three-way decision (factual / negated / uncertain) and a factuality score in [-3, 3] for a
trigger token. The two training corpora encode different conventions: MEANTIME (news) marks
the author's commitment, so a scheduled "will be delivered" is factual; UDS-IH2 (web text)
marks whether the event happened, so futures, imperatives and infinitives are "negated".
One predictor serves both by reading the sentence's register (`modality.register`: informal
cues and a topic-blind style model): informal sentences go to the logistic model, formal ones
to the dependency rules of classify.py (with modal "will/would" counted as committed).
Nothing here knows which corpus a sentence comes from. Rebuild with scripts/train_modality.py.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from spacy.tokens import Token

from whimbrel.modality.cues import load_model_file
from whimbrel.modality.register import informal_register, register_cues

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "factuality_model.json"
CLASSES = ("factual", "negated", "uncertain")
COMMITTED_AUX = frozenset({"will", "would", "'ll"})
CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "csubj", "csubjpass", "pcomp",
                         "conj", "parataxis", "ROOT"})


def _path(token: Token, depth: int = 4) -> list[Token]:
    out, node = [], token
    while node.head.i != node.i and len(out) < depth:
        out.append(node)
        node = node.head
    return out


def _clause_head(token: Token) -> Token:
    """The nearest node at or above token that heads a clause."""
    node = token
    for _ in range(6):
        if node.pos_ in {"VERB", "AUX"} or node.dep_ in CLAUSE_DEPS or node.head.i == node.i:
            return node
        node = node.head
    return node


def _subj_class(verb: Token) -> str:
    subj = next((c for c in verb.children
                 if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")), None)
    if subj is None:
        return "none"
    if subj.lower_ in {"i", "we"}:
        return "1p"
    if subj.lower_ in {"you", "u"}:
        return "2p"
    if subj.pos_ == "PRON":
        return "3pron"
    if subj.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ in ("det", "poss", "nummod") for c in subj.children):
        return "bareplural"  # generic reading
    return "propn" if subj.pos_ == "PROPN" else "noun"


def _aux_feats(verb: Token) -> list[str]:
    out = []
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass"):
            out.append(f"aux={c.lower_}")
        elif c.dep_ == "neg":
            out.append("neg")
        elif c.dep_ == "mark":
            out.append(f"mark={c.lower_}")
        elif c.dep_ == "advmod" and c.i < verb.i + 4:
            out.append(f"adv={c.lower_}")
    return out


def featurize(token: Token, rule_modality: str, rule_cue: str | None,
              cues: Sequence[str] | None = None) -> list[str]:
    """Sparse string features of a trigger token (also used at training time); `cues`: the
    sentence's register cues when the caller has them."""
    feats = ["bias", f"rule={rule_modality}", f"rulecue={(rule_cue or '').lower()}",
             f"tag={token.tag_}", f"dep={token.dep_}", f"lemma={token.lemma_.lower()}",
             f"pos_dep={token.pos_}_{token.dep_}"]
    verb = _clause_head(token)
    feats += [f"cl_dep={verb.dep_}", f"cl_tag={verb.tag_}", f"subj={_subj_class(verb)}"]
    feats += [f"v_{f}" for f in _aux_feats(verb)]
    if verb.i != token.i:  # the trigger is not its own clause head
        feats += [f"t_{f}" for f in _aux_feats(token)] + [f"tsubj={_subj_class(token)}"]
    for k, node in enumerate(_path(token)):
        head = node.head
        feats += [f"p{k}={node.dep_}>{head.tag_}", f"gov{k}={head.lemma_.lower()}",
                  f"edge={node.dep_}>{head.lemma_.lower()}"]
        feats += [f"h_{f}" for f in _aux_feats(head)]
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in token.children):
        feats.append("has_det")
    feats += [f"reg={c}" for c in (register_cues(token.sent) if cues is None else cues)]
    return feats


def load_model(path: Path = MODEL_PATH) -> dict | None:
    """The JSON weights, or None when no model has been trained."""
    return load_model_file(path)


def predict(model: dict, feats: list[str]) -> tuple[dict[str, float], float]:
    """Class probabilities (softmax of linear scores) and the regressed factuality score.

    `model["w"][feature]` = [factual, negated, uncertain, regression] weights.
    """
    sums = list(model["intercepts"])
    for f in feats:
        w = model["w"].get(f)
        if w is not None:
            sums = [s + x for s, x in zip(sums, w)]
    logits = dict(zip(CLASSES, sums[:3]))
    top = max(logits.values())
    exps = {c: math.exp(v - top) for c, v in logits.items()}
    total = sum(exps.values())
    return {c: v / total for c, v in exps.items()}, max(-3.0, min(3.0, sums[3]))


def committed_class(modality: str, cue: str | None) -> str:
    """Three-way class of a rule result in formal prose: a will/would prediction is committed."""
    from whimbrel.modality.factuality import modality_class

    if modality == "intended" and (cue or "").lower() in COMMITTED_AUX:
        return "factual"
    return modality_class(modality)


def rule_prediction(token: Token, rule=None) -> tuple[str, float]:
    """(three-way class, score) of the dependency rules, as read in formal prose.

    `rule`: the token's `classify_trigger` result when the caller already has it.
    """
    from whimbrel.modality.classify import SCORES, classify_trigger

    rule = rule or classify_trigger(token)
    cls = committed_class(rule.modality, rule.cue)
    return cls, (SCORES["asserted"] if cls == "factual" else rule.score)


def default_predictor(model: dict | None = None) -> Callable[..., tuple[str, float]]:
    """(token, rule=None, informal=None) -> (three-way class, score): rules for formal text, the
    model for informal. `rule` and `informal` may be passed when the caller has computed them."""
    from whimbrel.modality.classify import classify_trigger

    model = model if model is not None else load_model()

    def _predict(token: Token, rule=None, informal: bool | None = None,
                 cues: Sequence[str] | None = None) -> tuple[str, float]:
        informal = informal_register(token.sent) if informal is None else informal
        if model is not None and informal:
            rule = rule or classify_trigger(token)
            probs, score = predict(model, featurize(token, rule.modality, rule.cue, cues))
            return max(probs, key=probs.get), score
        return rule_prediction(token, rule)

    return _predict
