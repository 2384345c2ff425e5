"""Event factuality: one model, one predictor interface (the stage's and `whimbrel eval`'s).

The model (`data/modality/factuality.npz`, written by scripts/train_factuality.py) is a multinomial
logistic regression over three classes (factual / negated / uncertain) plus a ridge regression of
the factuality score in [-3, 3], both linear over the same binary inputs: the sparse features of
`modality.features.featurize` (the plain rule decision of modality.classify and its cue,
dependency path, auxiliaries, register cues), an indicator of the corpus whose annotation
convention to read by, and a corpus-specific copy of every feature (so each corpus may weigh a
feature its own way while sharing what they agree on); then per-corpus class offsets. The stage
reads news by the UW newswire convention (the model file's default `corpus`). Every choice (features,
frozen MiniLM layers or none, corpus input, C, weights, offsets, no register router) was made by
cross-validation on the UW, MEANTIME and UDS-IH2 train files grouped by document (docs/EVALUATION.md).

The shipped model averages that linear model's class probabilities with those of MiniLM's top blocks
fine-tuned for the task (`modality.tuned`, data/modality/factuality_encoder.npz: two such models,
seeds 0 and 1, their probabilities averaged first), by the weight and
then per-corpus class offsets the grouped cross-validation chose (`BlendedModel`); without that
file or the encoder package the linear model alone is used. The score is the linear model's.

A predictor maps the trigger tokens of one document to [(three-way class, score in [-3, 3])]; it
may be given each token's plain `classify_trigger` result (`rules=`) when the caller has it.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from whimbrel.modality.classify import ModalityResult, classify_trigger
from whimbrel.modality.factuality import CLASSES
from whimbrel.modality.features import featurize
from whimbrel.modality.tuned import TUNED_PATH, TunedFactuality
from whimbrel.nlp.encoder import EncoderUnavailable

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "factuality.npz"
Predictor = Callable[..., list[tuple[str, float]]]


class ModelError(ValueError):
    """[M011] the factuality model file is missing or malformed."""


def corpus_features(feats: list[str], corpus: str, mode: str) -> list[str]:
    """The corpus inputs: none, a corpus indicator ("bias"), or the indicator and a corpus-specific
    copy of every feature ("augment", Daume's frustratingly easy domain adaptation)."""
    if mode == "none":
        return feats
    extra = [f"corpus={corpus}"]
    if mode == "augment":
        extra += [f"{corpus}:{f}" for f in feats]
    return feats + extra


class FactualityModel:
    """The shipped linear model: `outputs(tokens)` -> [n, 4] (3 class logits + score)."""

    def __init__(self, path: Path = MODEL_PATH):
        try:
            with np.load(path, allow_pickle=False) as z:
                self.meta = json.loads(str(z["meta"]))
                names = [str(n) for n in z["names"]]
                self.weights = z["weights"].astype(np.float32)
                self.intercept = z["intercept"].astype(np.float32)
        except (OSError, KeyError, ValueError) as err:
            raise ModelError(f"[M011] {path}: not a factuality model ({err}); "
                             "rebuild it with scripts/train_factuality.py") from err
        self.index = {n: i for i, n in enumerate(names)}
        # per corpus tag: logit offsets (factual, negated, uncertain) chosen by cross-validation
        self.offsets = {c: np.array(o, dtype=np.float32) for c, o in self.meta["class_offsets"].items()}

    def _sparse(self, tokens: Sequence[Token], rules: Sequence[ModalityResult | None], corpus: str) -> np.ndarray:
        out = np.tile(self.intercept, (len(tokens), 1))
        for row, (tok, rule) in enumerate(zip(tokens, rules)):
            rule = rule or classify_trigger(tok)
            feats = corpus_features(featurize(tok, *rule.factuality_rule()), corpus, self.meta["corpus_mode"])
            rows = [self.index[f] for f in set(feats) if f in self.index]
            if rows:
                out[row] += self.weights[rows].sum(0)
        return out

    def raw(self, tokens: Sequence[Token], rules: Sequence | None, corpus: str) -> np.ndarray:
        """[n, 4]: class logits without offsets (CLASSES order) and the score clipped to [-3, 3]."""
        out = self._sparse(tokens, rules or [None] * len(tokens), corpus)
        out[:, 3] = np.clip(out[:, 3], -3.0, 3.0)
        return out

    def outputs(self, tokens: Sequence[Token], rules: Sequence | None = None, corpus: str | None = None) -> np.ndarray:
        """[n, 4]: class logits (offsets added, CLASSES order) and the score clipped to [-3, 3]."""
        if not tokens:
            return np.zeros((0, 4), dtype=np.float32)
        corpus = corpus or self.meta["corpus"]
        out = self.raw(tokens, rules, corpus)
        out[:, :3] += self.offsets.get(corpus, 0.0)
        return out

    def predict(self, tokens: Sequence[Token], rules: Sequence | None = None,
                corpus: str | None = None) -> list[tuple[str, float]]:
        """(class, score) per token."""
        return classes_and_scores(self.outputs(tokens, rules, corpus))


def classes_and_scores(outputs: np.ndarray) -> list[tuple[str, float]]:
    return [(CLASSES[int(np.argmax(row[:3]))], float(row[3])) for row in outputs]


class BlendedModel:
    """The linear model's and the tuned encoder's class probabilities averaged, (1 - w) * linear +
    w * encoder, then the per-corpus offsets chosen for the average; the linear model's score.
    The same interface as FactualityModel (`meta`: the linear model's options; `offsets`)."""

    def __init__(self, linear: FactualityModel, tuned: TunedFactuality):
        self.linear, self.tuned = linear, tuned
        self.meta, self.offsets = linear.meta, tuned.offsets

    def outputs(self, tokens: Sequence[Token], rules: Sequence | None = None, corpus: str | None = None) -> np.ndarray:
        """[n, 4]: log of the averaged class probabilities + offsets (CLASSES order) and the score."""
        if not tokens:
            return np.zeros((0, 4), dtype=np.float32)
        corpus = corpus or self.meta["corpus"]
        out = self.linear.raw(tokens, rules, corpus)
        logits = out[:, :3] - np.logaddexp.reduce(out[:, :3], axis=1, keepdims=True)
        w = self.tuned.weight
        out[:, :3] = np.logaddexp(logits + np.log1p(-w), self.tuned.log_probs(tokens, corpus) + np.log(w))
        out[:, :3] += self.offsets.get(corpus, 0.0)
        return out

    def predict(self, tokens: Sequence[Token], rules: Sequence | None = None,
                corpus: str | None = None) -> list[tuple[str, float]]:
        return classes_and_scores(self.outputs(tokens, rules, corpus))


@lru_cache(maxsize=2)
def load_model(kind: str = "features") -> FactualityModel | BlendedModel:
    """The shipped model (loaded once per process; forked workers share it, each opening its own
    onnxruntime sessions on first use): the blend when its file and the encoder package are there."""
    if not MODEL_PATH.exists():
        raise ModelError(f"[M011] {MODEL_PATH}: missing; rebuild it with scripts/train_factuality.py")
    linear = FactualityModel(MODEL_PATH)
    if kind == "linear" or not TUNED_PATH.exists():
        return linear
    try:
        return BlendedModel(linear, TunedFactuality(TUNED_PATH))
    except EncoderUnavailable:
        return linear


# the sign a 9-way modality fixes: what did not happen never scores above 0, what is asserted never below
SIGN_OF = {"negated": -1.0, "asserted": 1.0}


def agree(modality: str, cls: str, score: float) -> tuple[str, float]:
    """(class, score) made to agree with the event's modality: a negated event is never factual nor
    above 0, an asserted one never negated nor below 0 (the class becomes uncertain, the score 0)."""
    sign = SIGN_OF.get(modality)
    if sign is None:
        return cls, score
    if cls == ("factual" if sign < 0 else "negated"):
        cls = "uncertain"
    return cls, score if score * sign >= 0 else 0.0


def agreeing(predict: Predictor) -> Predictor:
    """`predict`, its outputs made to agree with each token's plain rule modality (as the stage makes
    them agree with the event's modality; without quotes or media the two are the same)."""
    def wrapped(tokens: Sequence[Token], rules: Sequence | None = None) -> list[tuple[str, float]]:
        rules = [r or classify_trigger(t) for t, r in zip(tokens, rules or [None] * len(tokens))]
        return [agree(r.modality, cls, score) for r, (cls, score) in zip(rules, predict(tokens, rules))]

    return wrapped


def load_predictor(corpus: str | None = None, kind: str = "features") -> Predictor:
    """predict(tokens, rules=None) -> [(class, score)] by the shipped model (`kind` "linear": the
    linear model alone), reading by `corpus` (None: the model's default, news)."""
    model = load_model(kind)

    def predict(tokens: Sequence[Token], rules: Sequence | None = None) -> list[tuple[str, float]]:
        return model.predict(tokens, rules, corpus)

    return predict
