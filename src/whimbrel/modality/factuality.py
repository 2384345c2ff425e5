"""Read and score factuality corpora (UW, MEANTIME, UDS-IH2 jsonl) for the factuality predictor.

Each line: {"text": tokenised sentence, "targets": [{"span1": [start, end], "label": -3..3}]}.
Gold labels are folded into three classes: factual (>= 1.5), negated (<= -1.5), uncertain.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token


CLASSES = ("factual", "negated", "uncertain")


def gold_class(label: float) -> str:
    """Gold factuality label -> three classes (>= 1.5 factual, <= -1.5 negated)."""
    if label >= 1.5:
        return "factual"
    return "negated" if label <= -1.5 else "uncertain"


def parse_pretokenised(nlp: Language, words: list[str]) -> Doc:
    """Run the pipeline over a Doc built from given tokens (keeps the gold tokenisation)."""
    doc = Doc(nlp.vocab, words=words)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The root of the token span in the dependency tree."""
    return doc[start:end].root


def iter_targets(path: str | Path, nlp: Language) -> Iterator[tuple[Token, float]]:
    """(head token, gold label) for every target of a factuality jsonl file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            doc = parse_pretokenised(nlp, row["text"].split(" "))
            for target in row["targets"]:
                start, end = target["span1"][0], target["span1"][-1]
                yield span_head(doc, start, max(end, start + 1)), float(target["label"])


def _f1(gold: list[str], pred: list[str], cls: str) -> float:
    tp = sum(g == p == cls for g, p in zip(gold, pred))
    n_pred, n_gold = pred.count(cls), gold.count(cls)
    if not tp:
        return 0.0
    prec, rec = tp / n_pred, tp / n_gold
    return 2 * prec * rec / (prec + rec)


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    vx = sum((x - mx) ** 2 for x in xs) ** 0.5
    vy = sum((y - my) ** 2 for y in ys) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def score_predictions(gold_labels: list[float], pred_classes: list[str],
                      scores: list[float]) -> dict:
    """n, macro-F1 over the three classes, negated F1 and Pearson r of scores vs labels."""
    gold = [gold_class(x) for x in gold_labels]
    f1s = {c: _f1(gold, pred_classes, c) for c in CLASSES}
    return {"n": len(gold), "macro_f1": sum(f1s.values()) / len(CLASSES),
            "negated_f1": f1s["negated"], "pearson_r": pearson(scores, gold_labels)}


def iter_documents(path: str | Path, nlp: Language) -> Iterator[tuple[list[Token], list[float]]]:
    """(head tokens, gold labels) of the targets of each sentence of a factuality jsonl file."""
    tokens: list[Token] = []
    labels: list[float] = []
    for token, label in iter_targets(path, nlp):
        if tokens and token.doc is not tokens[0].doc:
            yield tokens, labels
            tokens, labels = [], []
        tokens.append(token)
        labels.append(label)
    if tokens:
        yield tokens, labels


def score_predictors(path: str | Path, nlp: Language, predictors: dict) -> dict[str, dict]:
    """Score several predictors on one file, parsing it once: {name: dict(n, macro_f1, ...)}."""
    labels: list[float] = []
    preds: dict[str, tuple[list[str], list[float]]] = {name: ([], []) for name in predictors}
    for tokens, gold in iter_documents(path, nlp):
        labels.extend(gold)
        for name, predictor in predictors.items():
            for cls, score in predictor(tokens):
                preds[name][0].append(cls)
                preds[name][1].append(score)
    return {name: score_predictions(labels, *preds[name]) for name in predictors}
