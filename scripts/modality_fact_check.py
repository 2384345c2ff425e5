"""The rule modality's effect on the factuality train targets (training only).

    # once per rule version (its src on PYTHONPATH), then compare:
    nice -n 10 .venv/bin/python scripts/modality_fact_check.py --data ../shared/eval --dump /tmp/rules_old.pkl
    nice -n 10 .venv/bin/python scripts/modality_fact_check.py --compare /tmp/rules_old.pkl /tmp/rules_new.pkl

`--dump`: per UW / MEANTIME / UDS-IH2 train target (read and parsed as scripts/factuality_cache.py
does, without the encoder) its gold label, CV group, the plain rule modality and the sparse features
of `modality.features` (from `ModalityResult.factuality_rule`). `--compare`: the targets that moved
onto or off `negated` by gold class, and the linear factuality model (the shipped options) cross-
validated over the same folds three ways: trained and tested on OLD, trained and tested on NEW, and
trained on OLD and tested on NEW (the shipped file kept while the rules change).
"""
from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

import factuality_cache
import factuality_cv
import numpy as np
from threadpoolctl import threadpool_limits

from whimbrel.modality.factuality import gold_class

OPTIONS = ("sparse", "augment", 0.3, "natural_nobal")  # data/modality/factuality.npz's meta


def dump(data: Path, out: Path) -> None:
    import spacy

    from whimbrel.nlp.pipeline import DEFAULT_MODEL
    nlp = spacy.load(DEFAULT_MODEL)
    records = []
    for corpus in factuality_cache.CORPORA:
        rows = factuality_cache.read_rows(data / corpus / "train.jsonl")
        records += factuality_cache.parse_rows(nlp, rows, corpus)[0]
    pickle.dump(records, out.open("wb"))


def cross_validate(train_recs: list[dict], test_recs: list[dict]) -> dict:
    recs, n = train_recs + test_recs, len(test_recs)
    groups = np.array([r["group"] for r in test_recs])
    logits, scores = np.zeros((n, 3)), np.zeros(n)
    with threadpool_limits(limits=1, user_api="blas"):
        for f in range(factuality_cv.FOLDS):
            train, test = np.where(groups != f)[0], np.where(groups == f)[0]
            logits[test], scores[test] = factuality_cv.fit_predict(
                recs, np.zeros((len(recs), 1)), train, test + len(train_recs), *OPTIONS)
    return factuality_cv.cross_validate(test_recs, logits, scores)["offsets+agree"]


def compare(old: list[dict], new: list[dict]) -> None:
    moved = Counter()
    for a, b in zip(old, new):
        if (a["rule"][0] == "negated") != (b["rule"][0] == "negated"):
            moved[(a["corpus"], "to" if b["rule"][0] == "negated" else "off", gold_class(a["label"]))] += 1
    for key, count in sorted(moved.items()):
        print(f"{key[0]:22} {key[1]:4} negated  gold {key[2]:10} {count}")
    for name, (tr, te) in {"old": (old, old), "new": (new, new), "old model, new rules": (old, new)}.items():
        res = cross_validate(tr, te)
        print(f"{name:22} macro-F1 " + " / ".join(f"{res[c]['macro_f1']:.3f}" for c in factuality_cv.CORPORA))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/eval"))
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.dump:
        dump(args.data, args.dump)
    if args.compare:
        compare(*(pickle.load(p.open("rb")) for p in args.compare))


if __name__ == "__main__":
    main()
