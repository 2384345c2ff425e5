"""The plain rule modality against the annotated modality of the event corpus's TRAIN split.

    nice -n 10 .venv/bin/python scripts/modality_train_check.py [--misses] [--confusion] [--real] \
        [--shared ../shared] [--round first|added]

Each gold event's trigger (its candidate token, the sentence parsed alone as the corpus suite reads
it) gets `modality.classify.classify_trigger`; printed: 9-way accuracy, negated recall and precision,
with --misses the negated gold events the rule calls otherwise (to find cue classes it lacks), with
--wrong the events it calls negated against another gold class (each with the rule's cue).
`--shared` fills the UW sentences (stored as references) in; `--round added` reads only the
sentences of later annotation rounds (`added`), which no rule was written on.
Train only: choosing a rule on what the test split shows is against the project's rules.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import spacy

from whimbrel.events.corpus import load_corpus
from whimbrel.modality.classify import classify_trigger
from whimbrel.nlp.pipeline import DEFAULT_MODEL


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print the negated events the rule misses")
    ap.add_argument("--wrong", action="store_true", help="print the events the rule wrongly calls negated")
    ap.add_argument("--real", action="store_true", help="real sentences only (no synthetic ones)")
    ap.add_argument("--confusion", action="store_true", help="print the 9-way table (rows gold, columns rule)")
    ap.add_argument("--shared", type=Path, default=None, help="../shared: fills in the UW sentences")
    ap.add_argument("--round", choices=("first", "added"), default=None,
                    help="only the first corpus's sentences, or only those of later rounds")
    args = ap.parse_args()
    nlp = spacy.load(DEFAULT_MODEL)
    pairs, misses, wrong = Counter(), [], []
    for row in load_corpus(split="train", shared=args.shared):
        if not row["events"] or (args.real and row.get("synthetic")):
            continue
        if args.round and (args.round == "added") != bool(row.get("added")):
            continue
        doc = nlp(row["text"])
        index = {c["c"]: c["i"] for c in row["candidates"]}
        for ev in row["events"]:
            trigger = doc[index[ev["c"]]]
            rule = classify_trigger(trigger)
            pairs[(ev["modality"], rule.modality)] += 1
            line = f"{rule.modality:12} {str(rule.cue)!r:12} {trigger.text!r:14} {row['text']}"
            if ev["modality"] == "negated" and rule.modality != "negated":
                misses.append(line)
            elif ev["modality"] != "negated" and rule.modality == "negated":
                wrong.append(f"gold {ev['modality']:12} {line}")
    total = sum(pairs.values())
    tp = pairs[("negated", "negated")]
    gold_neg = sum(n for (g, _), n in pairs.items() if g == "negated")
    pred_neg = sum(n for (_, p), n in pairs.items() if p == "negated")
    print(f"events {total}: accuracy {sum(n for (g, p), n in pairs.items() if g == p) / total:.3f}; "
          f"negated recall {tp}/{gold_neg} = {tp / gold_neg:.3f}, precision {tp}/{pred_neg} = {tp / pred_neg:.3f}")
    if args.misses:
        print("\n".join(sorted(misses)))
    if args.wrong:
        print("\n".join(sorted(wrong)))
    if args.confusion:
        print_confusion(pairs)


def print_confusion(pairs: Counter) -> None:
    classes = sorted({c for pair in pairs for c in pair})
    print("gold \\ rule  " + " ".join(f"{c[:6]:>6}" for c in classes))
    for gold in classes:
        print(f"{gold:13} " + " ".join(f"{pairs[(gold, rule)]:6d}" for rule in classes))


if __name__ == "__main__":
    main()
