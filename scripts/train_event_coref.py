"""Train the cross-document event-coreference pair model on ECB+ train.jsonl and write it as JSON.

    .venv/bin/python scripts/train_event_coref.py --data ../shared/eval \
        [--out src/whimbrel/data/dedup/event_coref.json]

Reads only <data>/ecbplus/train.jsonl (dev is never read). Mentions are paired within gold stories.
Head-lemma statistics (co-reference rate per lemma pair, per same-lemma, singleton rate per lemma)
are counted on train; for the training rows they are counted out of fold (folds = topics), so the
model does not learn to trust rates that saw the pair itself. The average-link cut is chosen by
topic-fold cross-validation of CoNLL F1 over whole clusterings. The trigger vectors come from the
MiniLM encoder (`whimbrel.dedup.coref_vectors`), ~9,500 sentences: takes about five minutes.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import spacy
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from whimbrel.dedup.coref import (FEATURES, MODEL_PATH, CorefModel, PairStats, analyze_tokens, average_link_chains,
                                  doc_mentions, feature_matrix)
from whimbrel.dedup.coref_vectors import trigger_vectors
from whimbrel.evaluate import metrics
from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.pipeline import DEFAULT_MODEL

FOLDS = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
C = 1.0


def load(path: Path) -> tuple[list, list[str], list[str]]:
    """Mentions (grouped by gold story), their gold chains and their topics."""
    analyze = analyze_tokens(spacy.load(DEFAULT_MODEL))
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    analyses = [analyze(doc["tokens"]) for doc in docs]
    vectors = trigger_vectors(docs, analyses, load_encoder())
    mentions, chains, topics = [], [], []
    for doc, an, vecs in zip(docs, analyses, vectors):
        mentions += doc_mentions(doc, an, doc["story"], vecs)
        chains += [m["cluster"] for m in doc.get("mentions", [])]
        topics += [str(doc["topic"])] * len(doc.get("mentions", []))
    return mentions, chains, topics


def fold_rows(mentions, chains, fold) -> list[tuple]:
    """Per fold: (mentions, chains, pairs, features, labels), statistics counted on the other folds."""
    out = []
    for k in range(FOLDS):
        inside = [i for i, f in enumerate(fold) if f == k]
        rest = [i for i, f in enumerate(fold) if f != k]
        stats = PairStats.count([mentions[i] for i in rest], [chains[i] for i in rest])
        sub, subc = [mentions[i] for i in inside], [chains[i] for i in inside]
        pairs, x = feature_matrix(sub, stats)
        y = np.array([subc[a] == subc[b] for a, b in pairs])
        out.append((sub, subc, pairs, x, y))
    return out


def fit(x, y) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    scaler.scale_ = scale
    return scaler, LogisticRegression(C=C, max_iter=3000).fit(scaler.transform(x), y)


def gold_chains(mentions, chains) -> list[set]:
    out: dict[str, set] = {}
    for m, c in zip(mentions, chains):
        out.setdefault(c, set()).add(m.id)
    return list(out.values())


def cross_validate(rows, cols) -> dict[float, float]:
    """Mention-weighted mean CoNLL F1 of the held-out folds per threshold."""
    scores = {t: 0.0 for t in THRESHOLDS}
    total = sum(len(r[0]) for r in rows)
    for k, (sub, subc, pairs, x, _) in enumerate(rows):
        scaler, clf = fit(np.vstack([r[3][:, cols] for j, r in enumerate(rows) if j != k]),
                          np.concatenate([r[4] for j, r in enumerate(rows) if j != k]))
        probs = clf.predict_proba(scaler.transform(x[:, cols]))[:, 1]
        gold = gold_chains(sub, subc)
        for t in THRESHOLDS:
            f1 = metrics.conll_f1(gold, average_link_chains(sub, pairs, probs, t))["conll_f1"]
            scores[t] += f1 * len(sub) / total
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="folder holding ecbplus/train.jsonl")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    mentions, chains, topics = load(args.data / "ecbplus" / "train.jsonl")
    order = sorted(set(topics), key=lambda t: (len(t), t))
    fold_of = {t: k % FOLDS for k, t in enumerate(order)}
    rows = fold_rows(mentions, chains, [fold_of[t] for t in topics])
    stats = PairStats.count(mentions, chains)
    model, cv = fit_model(rows, list(range(len(FEATURES))), stats)
    lexical, lex_cv = fit_model(rows, [k for k, f in enumerate(FEATURES) if f != "trigger_cosine"], stats)
    model.lexical = lexical
    model.meta = {"trained_on": "ECB+ train.jsonl", "mentions": len(mentions), "cv_conll_f1": cv,
                  "lexical_cv_conll_f1": lex_cv, "folds": FOLDS, "C": C, "spacy_model": DEFAULT_MODEL}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"threshold {model.threshold} (CV CoNLL F1 {cv}; lexical {lex_cv}); wrote {args.out}")


def fit_model(rows, cols, stats) -> tuple[CorefModel, float]:
    """The model over FEATURES[cols], its cut chosen by topic-fold CV, and that CV CoNLL F1."""
    cv = cross_validate(rows, cols)
    threshold = max(cv, key=cv.get)
    print(f"topic-fold CV CoNLL F1 ({len(cols)} features):", {t: round(f, 4) for t, f in cv.items()})
    scaler, clf = fit(np.vstack([r[3][:, cols] for r in rows]), np.concatenate([r[4] for r in rows]))
    model = CorefModel(mean=[round(v, 6) for v in scaler.mean_], scale=[round(v, 6) for v in scaler.scale_],
                       coef=[round(v, 6) for v in clf.coef_[0]], intercept=round(float(clf.intercept_[0]), 6),
                       threshold=threshold, stats=stats)
    return model, round(cv[threshold], 4)


if __name__ == "__main__":
    main()
