"""Cross-validate factuality model options on the cached train targets (training only).

    nice -n 10 .venv/bin/python scripts/factuality_cv.py --cache /tmp/fact_cache.pkl \\
        --options sparse,dense6,sparse+dense6 [--corpus none,bias,augment] [--C 0.1,1]

The cache comes from scripts/factuality_cache.py (train files only; groups = contiguous fifths of
each corpus, see there). For every option the folds are the same five groups of every corpus at once
(fold f tests group f of UW, MEANTIME and UDS-IH2, trains on the other groups of all three); the
out-of-fold predictions are pooled per corpus and scored with `modality.factuality.score_predictions`
(macro-F1 over factual / negated / uncertain, negated F1, Pearson r of the regressed score).
Class offsets ("+off") are chosen per corpus, for fold f on the out-of-fold predictions of the other
folds only, then applied to fold f.
"""
from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from threadpoolctl import threadpool_limits

from whimbrel.modality.classify import SCORES
from whimbrel.modality.factuality import CLASSES, gold_class, score_predictions
from whimbrel.modality.predictor import corpus_features

CORPORA = ("uw_factuality", "meantime_factuality", "uds_ih2_factuality")
FOLDS = 5
MIN_COUNT = 5
OFFSET_GRID = np.round(np.arange(-2.0, 2.01, 0.1), 2)


def layer_spec(option: str) -> list[int]:
    """'dense6' -> [6]; 'dense4_6' -> [4, 6] (encoder blocks whose span vectors are concatenated;
    7 is the sentence vector, see factuality_cache.layer_vectors)."""
    part = next((p for p in option.split("+") if p.startswith("dense")), None)
    return [int(x) for x in part[5:].split("_")] if part else []


class Design:
    """Turns targets into a design matrix: sparse features (min count on the fitting rows) + scaled dense."""

    def __init__(self, option: str, corpus_mode: str):
        self.use_sparse = "sparse" in option.split("+")
        self.layers = layer_spec(option)
        self.corpus_mode = corpus_mode

    def _dicts(self, records: list[dict]) -> list[dict]:
        """Binary features per target, the corpus inputs added exactly as the runtime adds them."""
        return [{f: 1.0 for f in corpus_features(r["feats"] if self.use_sparse else [], r["corpus"].split("_")[0],
                                                 self.corpus_mode)} for r in records]

    def fit(self, records: list[dict], vectors: np.ndarray):
        dicts = self._dicts(records)
        counts = Counter(k for d in dicts for k in d)
        self.vec = DictVectorizer().fit([{k: v for k, v in d.items() if counts[k] >= MIN_COUNT} for d in dicts])
        if self.layers:
            dense = self._dense(vectors)
            self.mean, self.std = dense.mean(0), dense.std(0) + 1e-6
        return self

    def _dense(self, vectors: np.ndarray) -> np.ndarray:
        return np.concatenate([vectors[:, k - 1] for k in self.layers], axis=1)

    def transform(self, records: list[dict], vectors: np.ndarray):
        x = self.vec.transform(self._dicts(records))
        if self.layers:
            x = sparse.hstack([x, sparse.csr_matrix((self._dense(vectors) - self.mean) / self.std)]).tocsr()
        return x


def sample_weights(records: list[dict], y: np.ndarray, scheme: str) -> np.ndarray:
    """Corpus weights ('equal': every corpus the same total weight; 'natural': 1 each) x balanced
    classes (not with the suffix '_nobal')."""
    corpora = np.array([r["corpus"] for r in records])
    w = np.ones(len(records))
    if scheme.startswith("equal"):
        for c in set(corpora):
            w[corpora == c] = len(records) / (len(set(corpora)) * (corpora == c).sum())
    if scheme.endswith("_nobal"):
        return w
    class_w = {k: w.sum() / (len(CLASSES) * w[y == k].sum()) for k in CLASSES if (y == k).any()}
    return w * np.array([class_w[k] for k in y])


def fit_predict(records, vectors, train, test, option, corpus_mode, c, scheme):
    """Fit on `train` indexes; (class logits [n, 3] in CLASSES order, regressed scores) for `test`."""
    tr = [records[i] for i in train]
    design = Design(option, corpus_mode).fit(tr, vectors[train])
    x_tr, x_te = design.transform(tr, vectors[train]), design.transform([records[i] for i in test], vectors[test])
    labels = np.array([r["label"] for r in tr])
    y = np.array([gold_class(v) for v in labels])
    w = sample_weights(tr, y, scheme)
    clf = LogisticRegression(C=c, max_iter=2000).fit(x_tr, y, sample_weight=w)
    reg = Ridge(alpha=10.0).fit(x_tr, labels, sample_weight=w / w.mean())
    order = [list(clf.classes_).index(k) for k in CLASSES]
    return clf.decision_function(x_te)[:, order], np.clip(reg.predict(x_te), -3, 3)


def scores_of(records, idx, logits, scores, offsets) -> dict:
    out = {}
    pred_all = np.argmax(logits + offsets, axis=1)
    for corpus in CORPORA:
        rows = [k for k, i in enumerate(idx) if records[i]["corpus"] == corpus]
        if rows:
            pred = [CLASSES[int(pred_all[k])] for k in rows]
            out[corpus] = score_predictions([records[idx[k]]["label"] for k in rows], pred, [scores[k] for k in rows])
    return out


def agree(records, idx, logits, scores):
    """As the stage (`modality.predictor.agree`): a trigger the rules call negated is never factual
    nor above 0, an asserted one never negated nor below 0 (the class becomes uncertain)."""
    logits, scores = logits.copy(), scores.copy()
    for k, i in enumerate(idx):
        sign = {"negated": -1, "asserted": 1}.get(records[i]["rule"][0])
        if sign is None:
            continue
        banned = 0 if sign < 0 else 1
        if int(np.argmax(logits[k])) == banned:
            logits[k] = [-1.0, -1.0, -1.0]
            logits[k, 2] = 0.0
        scores[k] = max(scores[k], 0.0) if sign > 0 else min(scores[k], 0.0)
    return logits, scores


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the three classes of integer labels (vectorised; for the offset search)."""
    f1 = []
    for k in range(3):
        tp = np.sum((gold == k) & (pred == k))
        denom = np.sum(gold == k) + np.sum(pred == k)
        f1.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1))


def best_offsets(records, idx, logits, scores) -> np.ndarray:
    """(0, neg, unc) logit offsets maximising the mean over corpora of macro-F1 on rows `idx`."""
    idx = np.asarray(idx)
    gold = np.array([CLASSES.index(gold_class(records[i]["label"])) for i in idx])
    corpus = np.array([records[i]["corpus"] for i in idx])
    masks = [corpus == c for c in CORPORA if (corpus == c).any()]
    best, best_mean = np.zeros(3), -1.0
    for neg in OFFSET_GRID:
        for unc in OFFSET_GRID:
            off = np.array([0.0, neg, unc])
            pred = np.argmax(logits + off, axis=1)
            mean = float(np.mean([_macro_f1(gold[m], pred[m]) for m in masks]))
            if mean > best_mean + 1e-9:
                best, best_mean = off, mean
    return best


def out_of_fold(records, vectors, option, corpus_mode, c, scheme) -> tuple[np.ndarray, np.ndarray]:
    """Class logits [n, 3] and scores [n] of every target, each from the model that did not see its fold."""
    groups = np.array([r["group"] for r in records])
    logits, scores = np.zeros((len(records), 3)), np.zeros(len(records))
    for f in range(FOLDS):
        train, test = np.where(groups != f)[0], np.where(groups == f)[0]
        logits[test], scores[test] = fit_predict(records, vectors, train, test, option, corpus_mode, c, scheme)
    return logits, scores


def cross_validate(records, logits, scores) -> dict:
    """Scores per corpus of out-of-fold predictions: plain, with per-corpus offsets chosen on the other
    folds, and with those offsets and the stage's agreement with the rule modality."""
    groups = np.array([r["group"] for r in records])
    plain = scores_of(records, list(range(len(records))), logits, scores, np.zeros(3))
    adjusted = logits.copy()
    corpora = np.array([r["corpus"] for r in records])
    for f in range(FOLDS):
        for c in CORPORA:  # per corpus: the corpus is an input, so its offsets may be its own
            others, here = np.where((groups != f) & (corpora == c))[0], (groups == f) & (corpora == c)
            adjusted[here] += best_offsets(records, others, logits[others], scores[others])
    every = list(range(len(records)))
    return {"plain": plain, "offsets": scores_of(records, every, adjusted, scores, np.zeros(3)),
            "offsets+agree": scores_of(records, every, *agree(records, every, adjusted, scores), np.zeros(3))}


def rules_only(records) -> dict:
    """The dependency rules alone (modality.classify), folded to three classes as the old predictor
    read formal prose (a will/would prediction counts as committed)."""
    logits, scores = np.zeros((len(records), 3)), np.zeros(len(records))
    for k, r in enumerate(records):
        modality, cue = r["rule"]
        committed = modality in ("asserted", "reported") or (modality == "intended" and (cue or "").lower() in
                                                              ("will", "would", "'ll"))
        cls = "factual" if committed else "negated" if modality == "negated" else "uncertain"
        logits[k, CLASSES.index(cls)] = 1.0
        scores[k] = 3.0 if committed else SCORES[modality]
    return scores_of(records, list(range(len(records))), logits, scores, np.zeros(3))


def row(name: str, res: dict) -> str:
    cells = [f"{res[c]['macro_f1']:.3f} / {res[c]['pearson_r']:.2f}" for c in CORPORA]
    mean = sum(res[c]["macro_f1"] for c in CORPORA) / len(CORPORA)
    return f"| {name} | " + " | ".join(cells) + f" | {mean:.3f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/fact_cache.pkl"))
    ap.add_argument("--options", default="sparse")
    ap.add_argument("--corpus", default="none")
    ap.add_argument("--C", default="1")
    ap.add_argument("--weights", default="equal")
    args = ap.parse_args()
    with open(args.cache, "rb") as fh:
        cache = pickle.load(fh)
    print("| option | " + " | ".join(f"{c} F1 / r" for c in CORPORA) + " | mean F1 |")
    print(row("rules only (no training)", rules_only(cache["records"])), flush=True)
    with threadpool_limits(limits=1, user_api="blas"):
        for option in args.options.split(","):
            for corpus_mode in args.corpus.split(","):
                for c in (float(x) for x in args.C.split(",")):
                    for scheme in args.weights.split(","):
                        oof = out_of_fold(cache["records"], cache["vectors"], option, corpus_mode, c, scheme)
                        res = cross_validate(cache["records"], *oof)
                        name = f"{option} corpus={corpus_mode} C={c} w={scheme}"
                        print(row(name, res["plain"]), flush=True)
                        print(row(name + " +off", res["offsets"]), flush=True)
                        print(row(name + " +off+agree", res["offsets+agree"]), flush=True)


if __name__ == "__main__":
    main()
