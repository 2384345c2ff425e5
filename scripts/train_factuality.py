"""Fit the shipped factuality model on all cached train targets and write data/modality/factuality.npz.

    nice -n 10 .venv/bin/python scripts/factuality_cache.py --data ../shared/eval --out /tmp/fact_cache.pkl
    nice -n 10 .venv/bin/python scripts/factuality_cv.py --options ... (the search; docs/EVALUATION.md)
    nice -n 10 .venv/bin/python scripts/train_factuality.py --cache /tmp/fact_cache.pkl \\
        --option sparse --corpus augment --C 0.3 --weights natural_nobal

The corpus mode, C and corpus weighting are the ones the cross-validation of scripts/factuality_cv.py
chose; the class offsets of each corpus are chosen here, as there, on the out-of-fold predictions
(all folds now). Dev files are never read. The file holds the weights by feature name (3 class
logits + the score), the intercepts and a `meta` JSON (corpus mode and default corpus, class
offsets, the CV figures of these settings).
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np
from factuality_cv import CLASSES, CORPORA, Design, best_offsets, cross_validate, out_of_fold, sample_weights
from sklearn.linear_model import LogisticRegression, Ridge
from threadpoolctl import threadpool_limits

from whimbrel.modality.factuality import gold_class
from whimbrel.modality.predictor import MODEL_PATH

DEFAULT_CORPUS = "uw"  # the stage reads news by the newswire convention (UW: TempEval newswire)


def fit_all(records, vectors, option, corpus_mode, c, scheme):
    """(design, logistic regression, ridge) fitted on every target."""
    design = Design(option, corpus_mode).fit(records, vectors)
    x = design.transform(records, vectors)
    labels = np.array([r["label"] for r in records])
    y = np.array([gold_class(v) for v in labels])
    w = sample_weights(records, y, scheme)
    clf = LogisticRegression(C=c, max_iter=3000).fit(x, y, sample_weight=w)
    reg = Ridge(alpha=10.0).fit(x, labels, sample_weight=w / w.mean())
    return design, clf, reg


def weights(design, clf, reg) -> dict[str, np.ndarray]:
    """Arrays of the model file: per sparse feature name, 3 class logits (CLASSES order) + the
    regressed score (the runtime reads sparse features only: encoder layers did not pay in CV)."""
    order = [list(clf.classes_).index(k) for k in CLASSES]
    coef = np.concatenate([clf.coef_[order], reg.coef_[None, :]]).T  # [n_inputs, 4]
    intercept = np.concatenate([clf.intercept_[order], [reg.intercept_]])
    keep = np.abs(coef).max(1) >= 1e-3
    return {"names": np.array(design.vec.get_feature_names_out(), dtype=str)[keep],
            "weights": coef[keep].astype(np.float32), "intercept": intercept.astype(np.float32)}


def corpus_offsets(records, logits, scores) -> dict[str, list[float]]:
    """Per corpus tag, the class offsets that maximise its macro-F1 over all out-of-fold predictions."""
    corpora = np.array([r["corpus"] for r in records])
    out = {}
    for c in CORPORA:
        rows = np.where(corpora == c)[0]
        out[c.split("_")[0]] = [round(float(x), 2) for x in best_offsets(records, rows, logits[rows], scores[rows])]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/fact_cache.pkl"))
    ap.add_argument("--option", required=True)
    ap.add_argument("--corpus", default="none")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--weights", default="equal")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    if args.option != "sparse":
        ap.error("only the sparse option has a runtime (modality.predictor); dense options are for factuality_cv.py")
    with open(args.cache, "rb") as fh:
        cache = pickle.load(fh)
    records, vectors = cache["records"], cache["vectors"]
    with threadpool_limits(limits=1, user_api="blas"):
        oof = out_of_fold(records, vectors, args.option, args.corpus, args.C, args.weights)
        cv = cross_validate(records, *oof)
        offsets = corpus_offsets(records, *oof)
        design, clf, reg = fit_all(records, vectors, args.option, args.corpus, args.C, args.weights)
    arrays = weights(design, clf, reg)
    meta = {"about": "whimbrel factuality model (modality.predictor); trained by scripts/train_factuality.py "
                     "on the UW, MEANTIME and UDS-IH2 train files",
            "option": args.option, "corpus_mode": args.corpus,
            "corpus": DEFAULT_CORPUS, "C": args.C, "weights": args.weights,
            "class_offsets": offsets,
            "cv": {mode: {c: {k: round(v, 4) for k, v in res[c].items()} for c in CORPORA}
                   for mode, res in cv.items()}}
    np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **arrays)
    print(json.dumps(meta["cv"], indent=1))
    print(f"wrote {args.out} ({len(arrays['names'])} sparse features, offsets {offsets}, "
          f"{args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
