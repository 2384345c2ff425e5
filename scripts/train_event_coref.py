"""Train the cross-document event-coreference pair model on ECB+ train.jsonl and write it as JSON.

    .venv/bin/python scripts/train_event_coref.py --data ../shared/eval --export-items /tmp/ecb_items.json
    PYTHONPATH=src /tmp/train-venv/bin/python scripts/train_coref_encoder.py --items /tmp/ecb_items.json \
        --oof /tmp/ecb_oof.npz
    PYTHONPATH=src /tmp/train-venv/bin/python scripts/train_coref_encoder.py --model mpnet --threads 2 \
        --items /tmp/ecb_items.json --oof /tmp/ecb_mpnet_oof.npz
    .venv/bin/python scripts/train_event_coref.py --data ../shared/eval --oof /tmp/ecb_oof.npz \
        --mpnet-oof /tmp/ecb_mpnet_oof.npz [--out src/whimbrel/data/dedup/event_coref.json]

Reads only <data>/ecbplus/train.jsonl (dev is never read). Mentions are paired within gold stories.
Head-lemma statistics (co-reference rate per lemma pair, per same-lemma, singleton rate per lemma)
are counted on train; for the training rows they are counted out of fold (folds = topics), so the
model does not learn to trust rates that saw the pair itself. The average-link cut is chosen by
topic-fold cross-validation of CoNLL F1 over whole clusterings.

The trigger vectors come from the fine-tuned encoder (`data/dedup/coref_encoder.npz`), but not the
shipped one for the training rows: it has seen their chains, and the model would over-trust the
cosine. Step 1 writes the sentences with mentions (spaCy, ~40 s); step 2 (PyTorch, ~5 min on one
core) tunes one encoder per topic fold on the other folds and writes each mention's vector from the
encoder that did not see its topic (`--oof`), then the shipped encoder on all of train; step 3 does
the same for the two top blocks of MPNet's first nine (~16 min on two cores, `coref_mpnet.npz`);
step 4 fits the pair model on those out-of-fold vectors. The folds must be the same in steps 2-4
(topics sorted by (length, name), fold = rank mod 5).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import spacy
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from whimbrel.dedup.coref import (FALLBACKS, FEATURES, MODEL_PATH, CorefModel, PairStats, analyze_tokens,
                                  average_link_chains, doc_mentions, feature_matrix, head_index)
from whimbrel.dedup.coref_vectors import _sentence_items
from whimbrel.evaluate import metrics
from whimbrel.nlp.pipeline import DEFAULT_MODEL

FOLDS = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
C = 1.0


def parse(path: Path) -> tuple[list[dict], list[dict]]:
    analyze = analyze_tokens(spacy.load(DEFAULT_MODEL))
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return docs, [analyze(doc["tokens"]) for doc in docs]


def export_items(docs: list[dict], analyses: list[dict], out: Path) -> None:
    """The encoder's training input: sentences with mentions (as `coref_vectors` encodes them) and
    per mention (in document order) its sentence, span, gold chain, story, topic and head lemma."""
    items, mentions = [], []
    for doc, an in zip(docs, analyses):
        doc_items, owners = _sentence_items(doc, an)
        where = {}
        for (text, spans), ks in zip(doc_items, owners):
            for pos, k in enumerate(ks):
                where[k] = (len(items), pos)
            items.append({"text": text, "spans": spans})
        for k, m in enumerate(doc.get("mentions", [])):
            mentions.append({"item": where[k][0], "span": where[k][1], "cluster": m["cluster"],
                             "story": doc["story"], "topic": str(doc["topic"]),
                             "head": an["lemma"][head_index(sorted(m["tokens_number"]), an)]})
    out.write_text(json.dumps({"items": items, "mentions": mentions}), encoding="utf-8")
    print(f"wrote {out}: {len(items)} sentences, {len(mentions)} mentions")


def per_document(docs: list[dict], oof: Path) -> list[list]:
    """An out-of-fold vector file (train_coref_encoder.py --oof) as per document its mentions' rows."""
    flat = np.load(oof)["oof"].astype(np.float32)
    flat /= np.maximum(np.linalg.norm(flat, axis=1, keepdims=True), 1e-12)
    counts = [len(doc.get("mentions", [])) for doc in docs]
    if sum(counts) != len(flat):
        raise SystemExit(f"{oof}: {len(flat)} vectors for {sum(counts)} mentions; export the items again")
    starts = np.cumsum([0, *counts])
    return [list(flat[a:b]) for a, b in zip(starts[:-1], starts[1:])]


def load(docs: list[dict], analyses: list[dict], oof: Path, mpnet_oof: Path) -> tuple[list, list[str], list[str]]:
    """Mentions (grouped by gold story) with their out-of-fold MiniLM and MPNet vectors, their gold
    chains and topics."""
    vectors, wide = per_document(docs, oof), per_document(docs, mpnet_oof)
    mentions, chains, topics = [], [], []
    for doc, an, vecs, wvecs in zip(docs, analyses, vectors, wide):
        mentions += doc_mentions(doc, an, doc["story"], vecs, wvecs)
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
    ap.add_argument("--export-items", type=Path, help="only write the encoder's training items here (step 1)")
    ap.add_argument("--oof", type=Path, help="out-of-fold trigger vectors (scripts/train_coref_encoder.py --oof)")
    ap.add_argument("--mpnet-oof", type=Path, help="the same from MPNet (train_coref_encoder.py --model mpnet --oof)")
    args = ap.parse_args()
    docs, analyses = parse(args.data / "ecbplus" / "train.jsonl")
    if args.export_items:
        export_items(docs, analyses, args.export_items)
        return
    if not args.oof or not args.mpnet_oof:
        raise SystemExit("--oof and --mpnet-oof are needed (see the steps at the top of this script)")
    mentions, chains, topics = load(docs, analyses, args.oof, args.mpnet_oof)
    order = sorted(set(topics), key=lambda t: (len(t), t))
    fold_of = {t: k % FOLDS for k, t in enumerate(order)}
    rows = fold_rows(mentions, chains, [fold_of[t] for t in topics])
    stats = PairStats.count(mentions, chains)
    model, cv = fit_model(rows, list(range(len(FEATURES))), stats)
    model.meta = {"trained_on": "ECB+ train.jsonl", "mentions": len(mentions), "cv_conll_f1": cv,
                  "folds": FOLDS, "C": C, "spacy_model": DEFAULT_MODEL,
                  "trigger_vectors": "out-of-fold, scripts/train_coref_encoder.py",
                  "mpnet_vectors": "out-of-fold, scripts/train_coref_encoder.py --model mpnet"}
    for name, dropped in FALLBACKS.items():
        model.fallbacks[name], model.meta[f"{name}_cv_conll_f1"] = fit_model(
            rows, [k for k, f in enumerate(FEATURES) if f not in dropped], stats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"threshold {model.threshold} (CV CoNLL F1 {cv}); wrote {args.out}")


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
