"""Export the factuality train targets for the encoder fine-tuning (training only; whimbrel's venv).

    nice -n 10 .venv/bin/python scripts/factuality_items.py --data ../shared/eval --out /tmp/s9-fact/items.json

Reads only <data>/{uw,meantime,uds_ih2}_factuality/train.jsonl (never dev). Writes, for
scripts/train_factuality_encoder.py (which runs under PyTorch and cannot parse):
- `items`: per spaCy sentence holding a target, its text and the targets' head-token character
  spans, exactly as the stage reads an event (`modality.predictor.EncoderFactuality`);
- `targets`: per target its item and span, corpus tag, CV group, gold label and class, the plain rule
  modality, and the shipped linear model's out-of-fold class logits (same folds, same options as
  data/modality/factuality.npz's meta), which the encoder's probabilities are averaged with.

Groups: FOLDS contiguous runs of each corpus's rows in source order (documents are contiguous;
factuality_cache.py), so the linear and encoder out-of-fold predictions come from the same folds.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import factuality_cache
import factuality_cv
import numpy as np
import spacy
from threadpoolctl import threadpool_limits

from whimbrel.modality.factuality import CLASSES, gold_class
from whimbrel.modality.predictor import load_model
from whimbrel.nlp.pipeline import DEFAULT_MODEL

FOLDS = 3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/s9-fact/items.json"))
    args = ap.parse_args()
    # the two modules cut and loop over folds by their module constant: the same FOLDS in both
    factuality_cache.FOLDS = factuality_cv.FOLDS = FOLDS
    nlp = spacy.load(DEFAULT_MODEL)
    records, items = [], []
    for corpus in factuality_cache.CORPORA:
        recs, its = factuality_cache.parse_rows(nlp, factuality_cache.read_rows(args.data / corpus / "train.jsonl"),
                                                corpus)
        for r in recs:
            r["at"] = (r["at"][0] + len(items), r["at"][1])
        records += recs
        items += its
        print(f"{corpus}: {len(its)} sentences, {len(recs)} targets", flush=True)
    meta = load_model().meta  # the shipped linear model's options
    with threadpool_limits(limits=1, user_api="blas"):
        logits, scores = factuality_cv.out_of_fold(records, np.zeros((len(records), 1)), meta["option"],
                                                   meta["corpus_mode"], meta["C"], meta["weights"])
    targets = [{"item": r["at"][0], "span": r["at"][1], "corpus": r["corpus"], "group": r["group"],
                "label": r["label"], "cls": CLASSES.index(gold_class(r["label"])), "rule": r["rule"][0], "linear": [round(float(x), 4) for x in lg],
                "score": round(float(s), 4)} for r, lg, s in zip(records, logits, scores)]
    args.out.write_text(json.dumps({"folds": FOLDS, "items": [{"text": t, "spans": s} for t, s in items],
                                    "targets": targets}), encoding="utf-8")
    print(f"wrote {args.out}: {len(items)} items, {len(targets)} targets")


if __name__ == "__main__":
    main()
