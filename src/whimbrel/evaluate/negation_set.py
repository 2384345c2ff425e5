"""The negation test set for event modality (data/modality/negation_test.txt; README there).

Each labelled candidate is the token `i` of its corpus sentence (the event corpus's test split),
parsed alone by the given spaCy model, as the corpus suite reads it; its modality is
`modality.classify.classify_trigger`, the plain rule decision the stage starts from. Scored:
negated recall (N predicted `negated`), negated precision over N and O, and accuracy of
negated-or-not over N and O (S, left out by the annotator, is skipped).
"""
from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from whimbrel.events.corpus import CORPUS_DIR, load_corpus
from whimbrel.modality.classify import classify_trigger

SET = "data/modality/negation_test.txt"
LABELS = ("N", "O", "S")


def read_labels() -> dict[tuple[str, int, int], str]:
    """(doc_id, sent_id, candidate index) -> N / O / S."""
    text = resources.files("whimbrel").joinpath(SET).read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            doc_id, sent_id, cand, _word, label = line.split("|")
            if label not in LABELS:
                raise ValueError(f"[M012] {SET}: label {label!r} is none of {', '.join(LABELS)}: {line}")
            out[(doc_id, int(sent_id), int(cand))] = label
    return out


def score_negation_set(nlp: Any) -> dict[str, Any]:
    labels = read_labels()
    rows = {(r["doc_id"], r["sent_id"]): r for r in load_corpus(split="test")}
    counts: Counter = Counter()
    for (doc_id, sent_id, cand), label in labels.items():
        if label == "S":
            continue
        row = rows[(doc_id, sent_id)]
        i = next(c["i"] for c in row["candidates"] if c["c"] == cand)
        counts[(label, classify_trigger(nlp(row["text"])[i]).modality == "negated")] += 1
    tp, fn, fp, tn = counts[("N", True)], counts[("N", False)], counts[("O", True)], counts[("O", False)]
    return {"negated_gold": tp + fn, "other_gold": fp + tn, "negated_recall": round(tp / (tp + fn), 4),
            "negated_precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "accuracy": round((tp + tn) / (tp + fn + fp + tn), 4)}


def corpus_negation_figures(coder: Any, path: Path | None) -> dict[str, Any] | None:
    """The set's figures for the corpus suite (`corpus.negation_set`), when the suite scores the
    bundled corpus the set is keyed on and the coder has a spaCy pipeline; else None. They stand in
    for `by_trigger.negated_recall`, which the test split leaves empty (no negated gold event)."""
    bundled = (CORPUS_DIR / "corpus.jsonl").resolve()
    if getattr(coder, "nlp", None) is None or (path is not None and Path(path).resolve() != bundled):
        return None
    return score_negation_set(coder.nlp)
