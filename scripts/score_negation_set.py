"""Score the rule modality on the negation test set (data/modality/negation_test.txt; README there).

    .venv/bin/python scripts/score_negation_set.py [--json]

Each labelled candidate is the token `i` of its corpus sentence, parsed alone by the pipeline's spaCy
model, as the corpus suite reads it; its modality is `modality.classify.classify_trigger`, the plain
rule decision the stage starts from. Reported: negated recall (N predicted `negated`), negated
precision over N and O, and accuracy of negated-or-not over N and O (S left out).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from importlib import resources

import spacy

from whimbrel.events.corpus import load_corpus
from whimbrel.modality.classify import classify_trigger
from whimbrel.nlp.pipeline import DEFAULT_MODEL

SET = "data/modality/negation_test.txt"


def read_labels() -> dict[tuple[str, int, int], str]:
    text = resources.files("whimbrel").joinpath(SET).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            doc_id, sent_id, cand, _word, label = line.split("|")
            out[(doc_id, int(sent_id), int(cand))] = label
    return out


def score(nlp) -> dict:
    labels = read_labels()
    rows = {(r["doc_id"], r["sent_id"]): r for r in load_corpus(split="test")}
    counts = Counter()
    for (doc_id, sent_id, cand), label in labels.items():
        if label == "S":
            continue
        row = rows[(doc_id, sent_id)]
        doc = nlp(row["text"])
        i = next(c["i"] for c in row["candidates"] if c["c"] == cand)
        negated = classify_trigger(doc[i]).modality == "negated"
        counts[(label, negated)] += 1
    tp, fn, fp, tn = counts[("N", True)], counts[("N", False)], counts[("O", True)], counts[("O", False)]
    return {"negated_gold": tp + fn, "other_gold": fp + tn, "negated_recall": round(tp / (tp + fn), 4),
            "negated_precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "accuracy": round((tp + tn) / (tp + fn + fp + tn), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = score(spacy.load(DEFAULT_MODEL))
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
