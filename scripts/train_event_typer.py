"""Cross-validate a trigger typer (NONE + 16 PLOVER types over MiniLM trigger vectors, the lexicon's
vote and parse features) and three ways of using it in the event decision (docs/EVALUATION.md,
"Trigger vectors, session 10").

Inputs: scripts/trigger_vectors.py's cache and scripts/train_event_gate.py's feature cache (the same
lexicon events, out-of-fold roles). Train split only; 5 folds grouped by document (the typer's and
the gate's folds are the same GroupKFold over the same documents, so no event is scored by a model
that saw its document). Synthetic sentences are learnt from and scored only as "short sentences".

1. The typer alone: out-of-fold candidate type accuracy and event-vs-NONE P/R on the real
   candidates, next to the lexicon's vote.
2. The gate's event-level CV (train_event_gate's grid, threshold and `choose()` rule) for:
   (a) gate features + the typer's P(NONE) and P(lexicon's type);
   (b) a lexicon event relabelled with the typer's type when it disagrees by a margin;
   (c) (bound) candidates the lexicon leaves untyped where the typer is confident: how often its
       type is the gold one (an event there is right at most that often).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_event_typer.py --shared ../shared \
        --vectors /tmp/s10-typer/trigger_vectors.pkl --gate-cache /tmp/s10-typer/gate_features_oof.pkl
"""
from __future__ import annotations

import argparse
import copy
import json
import pickle
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler
from train_event_gate import GRID, THRESHOLDS, assemble, choose, oof, register_f1, save, simulate, triple_right
from train_event_model import fit, reliability

from whimbrel.events.corpus import corpus_documents, load_corpus
from whimbrel.events.gate import GATE_PATH
from whimbrel.events.gate_features import VECTOR_DIM
from whimbrel.events.learned_features import LABELS
from whimbrel.events.typer import TYPER_PATH
from whimbrel.events.typer_features import TYPER_COLUMNS, typer_matrix

INDEX = {t: i for i, t in enumerate(LABELS)}


def items(vectors: dict, rows, variant: str, synthetic_of: dict):
    """Flat arrays over every trigger item: x, gold label index (-1: not a candidate), doc, synthetic,
    vote, key (doc, sentence, char start)."""
    xs, ys, groups, synth, votes, keys = [], [], [], [], [], []
    for d in corpus_documents(rows):
        for k, s in vectors[d.doc_id].items():
            if not s["starts"]:
                continue
            xs.append(typer_matrix(s[variant], s["vote"], s["parse"]))
            for j, start in enumerate(s["starts"]):
                g = s["gold"][j]
                ys.append(-1 if g == "?" else INDEX[g or "NONE"])
                groups.append(d.doc_id)
                synth.append(synthetic_of[(d.doc_id, k)])
                votes.append(INDEX[s["vote"][j] or "NONE"])
                keys.append((d.doc_id, k, start))
    return (np.vstack(xs), np.asarray(ys), np.asarray(groups), np.asarray(synth), np.asarray(votes), keys)


def typer_oof(x, y, groups, c: float) -> np.ndarray:
    """Out-of-fold class probabilities of every item (non-candidates predicted by their document's
    fold model)."""
    out = np.zeros((len(x), len(LABELS)))
    cand = y >= 0
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        test_docs = set(groups[test])
        keep = train[cand[train]]
        scaler = StandardScaler().fit(x[keep])
        scaler.scale_[scaler.scale_ == 0] = 1.0
        model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x[keep]), y[keep])
        rows = np.flatnonzero(np.isin(groups, list(test_docs)))
        out[np.ix_(rows, model.classes_)] = model.predict_proba(scaler.transform(x[rows]))
    return out


def typer_report(p, y, votes, real) -> dict:
    m = (y >= 0) & real
    pred, gold, vote = p[m].argmax(1), y[m], votes[m]

    def pr(guess):
        ev, gev = guess != 0, gold != 0
        right = ev & (guess == gold)
        return {"accuracy": round(float((guess == gold).mean()), 4),
                "event_precision": round(float((ev & gev).sum() / max(ev.sum(), 1)), 4),
                "event_recall": round(float((ev & gev).sum() / max(gev.sum(), 1)), 4),
                "typed_precision": round(float(right.sum() / max(ev.sum(), 1)), 4),
                "typed_recall": round(float(right.sum() / max(gev.sum(), 1)), 4)}
    return {"candidates": int(m.sum()), "gold_events": int((gold != 0).sum()), "typer": pr(pred), "lexicon": pr(vote)}


def event_items(cache, rows, at_of: dict, p: np.ndarray) -> dict:
    """Per doc_id, per lexicon event: the typer's probabilities of its trigger (its noun's when the
    noun is the likelier event: "held talks")."""
    out = {}
    for d in corpus_documents(rows):
        probs = []
        for k, triple, at, noun_at in cache[d.doc_id]["events"]:
            cands = [at_of[(d.doc_id, k, s)] for s in (at, noun_at) if (d.doc_id, k, s) in at_of]
            probs.append(min((p[i] for i in cands), key=lambda q: q[0]) if cands else None)
        out[d.doc_id] = probs
    return out


def gate_grid(x, y, groups, sentences, triples, right, synthetic):
    """train_event_gate's grid and choice on these columns; (chosen candidate tuple, per-config bests)."""
    candidates, bests = [], []
    for vectors, with_synthetic, c in GRID:
        xs = x if vectors else x[:, VECTOR_DIM:]
        learn = (y >= 0) & (with_synthetic | ~synthetic)
        pr = oof(xs, y, groups, c, learn)
        real = (right >= 0) & ~synthetic
        conf = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(pr[real], right[real]).predict(pr)
        rows = []
        for t in THRESHOLDS:
            s = simulate(sentences, triples, conf, t)
            short = simulate(sentences, triples, conf, t, synthetic=True)
            s["short_sentences"] = {k: short[k] for k in ("event_precision", "event_recall", "event_f1")}
            s["register_f1"] = register_f1(s, short)
            rows.append((t, s))
        candidates += [(s, vectors, with_synthetic, c, t) for t, s in rows]
        top = max(rows, key=lambda r: (r[1]["register_f1"], r[0]))
        bests.append({"vectors": vectors, "synthetic": with_synthetic, "C": c, "threshold": top[0], **top[1]})
    return choose(candidates), bests


def gate_run(rows, cache, extra=None):
    """The gate's CV on the cache's events, with extra columns per event (aligned with assemble)."""
    x, y, groups, sentences = assemble(rows, cache, "triple")
    triples = [None] * len(y)
    synthetic = np.zeros(len(y), dtype=bool)
    for row, flat, events in sentences:
        synthetic[flat] = bool(row.get("synthetic"))
        for i, e in zip(flat, events):
            triples[i] = e[1]
    if extra is not None:
        x = np.hstack([x, extra])
    right = triple_right(sentences, len(y))
    return gate_grid(x, y, groups, sentences, triples, right, synthetic)


def flat_order(rows, cache) -> list[tuple[str, int]]:
    """(doc_id, event index) in assemble's order: documents, then sentences, then events."""
    out = []
    for d in corpus_documents(rows):
        events = cache[d.doc_id]["events"]
        out += [(d.doc_id, j) for j in sorted(range(len(events)), key=lambda j: events[j][0])]
    return out


def prob_columns(plist, cache_rows) -> np.ndarray:
    """[P(NONE), P(lexicon's type), typer known] per event."""
    cols = []
    for q, typ in zip(plist, cache_rows):
        cols.append([0.0, 0.0, 0.0] if q is None else [q[0], q[INDEX[typ]], 1.0])
    return np.asarray(cols, dtype=np.float32)


def relabelled(cache, probs_of, margin: float) -> tuple[dict, int]:
    """A copy of the gate cache whose lexicon events take the typer's type when its best PLOVER type
    beats the lexicon's by `margin`."""
    out, n = copy.deepcopy(cache), 0
    for doc_id, probs in probs_of.items():
        events = out[doc_id]["events"]
        for j, q in enumerate(probs):
            if q is None:
                continue
            k, (typ, src, tgt), at, noun_at = events[j]
            best = int(np.argmax(q[1:])) + 1
            if LABELS[best] != typ and q[best] - q[INDEX[typ]] >= margin:
                events[j] = (k, (LABELS[best], src, tgt), at, noun_at)
                n += 1
    return out, n


def untyped_bound(p, y, votes, real, thresholds=(0.5, 0.6, 0.7, 0.8, 0.9)) -> list[dict]:
    """Candidates with no lexicon vote where the typer's best PLOVER type reaches t: how many, and
    the share whose gold type it is (an upper bound on such an event's precision)."""
    m = (y >= 0) & real & (votes == 0)
    best = p[:, 1:].argmax(1) + 1
    conf = p[np.arange(len(p)), best]
    out = []
    for t in thresholds:
        sel = m & (conf >= t)
        out.append({"threshold": t, "emitted": int(sel.sum()), "type_right": int((best[sel] == y[sel]).sum()),
                    "gold_untyped_events": int((m & (y != 0)).sum())})
    return out


def save_typer(out: Path, x, y, c: float, meta: dict) -> None:
    """Fit the typer on every train candidate; weights in float16 (the scaler folded in at run time)."""
    keep = y >= 0
    scaler = StandardScaler().fit(x[keep])
    scaler.scale_[scaler.scale_ == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x[keep]), y[keep])
    assert list(model.classes_) == list(range(len(LABELS)))
    np.savez_compressed(out, mean=scaler.mean_.astype(np.float32), scale=scaler.scale_.astype(np.float32),
                        coef=model.coef_.T.astype(np.float16), bias=model.intercept_.astype(np.float32),
                        meta=np.array(json.dumps({**meta, "labels": list(LABELS), "blocks": int(meta["variant"][1:])})))
    print(f"wrote {out}")


def write_gate(rows, cache, extra, vectors_on, with_synthetic, c, threshold, cv, report) -> None:
    """train_event_gate's final fit on the chosen setting (typer columns out of fold, as in CV)."""
    x, y, groups, sentences = assemble(rows, cache, "triple")
    synthetic = np.zeros(len(y), dtype=bool)
    for row, flat, _ in sentences:
        synthetic[flat] = bool(row.get("synthetic"))
    x = np.hstack([x, extra]) if extra is not None else x
    xs = x if vectors_on else x[:, VECTOR_DIM:]
    right = triple_right(sentences, len(y))
    learn = (y >= 0) & (with_synthetic | ~synthetic)
    real = (right >= 0) & ~synthetic
    p = oof(xs, y, groups, c, learn)
    iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p[real], right[real])
    conf = iso.predict(p)
    scaler, model = fit(xs[learn], y[learn], c)
    save(GATE_PATH, scaler, model, iso, {
        "use_vectors": vectors_on, "synthetic": with_synthetic, "C": c, "threshold": threshold, "cv": cv,
        "typer_columns": TYPER_COLUMNS if extra is not None else 0, "typer_settings": report["gate"],
        "reliability": reliability(conf[real], right[real]), "train_events": int(learn.sum()),
        "trained_by": "scripts/train_event_typer.py"})


def short(s: dict) -> dict:
    keys = ("event_precision", "event_recall", "event_f1", "none_sentences_no_event", "register_f1")
    return {**{k: s[k] for k in keys}, "short": s["short_sentences"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--vectors", type=Path, nargs="+", required=True)
    ap.add_argument("--gate-cache", type=Path, required=True)
    ap.add_argument("--variants", default="b3,b6", help="vector depths to compare (b1, b2, b3, b6)")
    ap.add_argument("--cs", default="0.01,0.1")
    ap.add_argument("--margins", default="0.1,0.3,0.5")
    ap.add_argument("--out", type=Path, default=None, help="write the report JSON here")
    ap.add_argument("--write", action="store_true", help="write the typer and the retrained gate if a setting wins")
    ap.add_argument("--typer-out", type=Path, default=TYPER_PATH)
    args = ap.parse_args()
    rows = load_corpus(shared=args.shared, split="train")
    synthetic_of = {(d.doc_id, k): bool(row.get("synthetic")) for d in corpus_documents(rows)
                    for k, (row, _, _) in enumerate(d.spans)}
    vectors = pickle.loads(args.vectors[0].read_bytes())
    for more in args.vectors[1:]:   # other depths of the same items (trigger_vectors.py --depths)
        for doc_id, sentences in pickle.loads(more.read_bytes()).items():
            for k, s in sentences.items():
                assert s["starts"] == vectors[doc_id][k]["starts"]
                vectors[doc_id][k].update({key: v for key, v in s.items() if key.startswith("b")})
    cache = pickle.loads(args.gate_cache.read_bytes())
    order = flat_order(rows, cache)
    report = {"gate_baseline": None, "typer": [], "gate": []}
    (base, *_), _ = gate_run(rows, cache)
    report["gate_baseline"] = short(base)
    print("gate baseline:", json.dumps(short(base)), flush=True)
    fits = []
    for variant in args.variants.split(","):
        x, y, groups, synth, votes, keys = items(vectors, rows, variant, synthetic_of)
        for c in (float(v) for v in args.cs.split(",")):
            p = typer_oof(x, y, groups, c)
            rep = typer_report(p, y, votes, ~synth)
            m = (y >= 0) & ~synth
            rep.update(variant=variant, C=c, log_loss=round(float(-np.log(np.maximum(
                p[m, y[m]], 1e-9)).mean()), 4), untyped=untyped_bound(p, y, votes, ~synth))
            report["typer"].append(rep)
            fits.append((rep["log_loss"], variant, c, p, keys))
            print(json.dumps(rep), flush=True)
    # the typer used downstream: the lowest out-of-fold log-loss on real candidates
    _, variant, c, p, keys = min(fits, key=lambda f: f[0])
    print(f"typer chosen: {variant} C={c}", flush=True)
    at_of = {key: i for i, key in enumerate(keys)}
    probs_of = event_items(cache, rows, at_of, p)
    plist = [probs_of[doc][j] for doc, j in order]
    types = [cache[doc]["events"][j][1][0] for doc, j in order]
    # every setting's best (gate config, threshold) by train_event_gate's rule, then the same rule
    # across settings: the highest register_f1, ties (0.005) to the most precise on real sentences
    settings = [("gate alone (today)", None, 0.0, False), ("a: P(NONE), P(type) features", None, 0.0, True)]
    settings += [(f"b: relabel margin {m}" + (" + a" if f else ""), m, m, f)
                 for m in (float(v) for v in args.margins.split(",")) for f in (False, True)]
    chosen = []
    for name, margin, _, with_feats in settings:
        rcache, n = relabelled(cache, probs_of, margin) if margin is not None else (cache, 0)
        rtypes = [rcache[doc]["events"][j][1][0] for doc, j in order]
        extra = prob_columns(plist, rtypes) if with_feats else None
        (s, *cfg), _ = gate_run(rows, rcache, extra)
        report["gate"].append({"setting": name, "relabelled": n, "config": cfg, **short(s)})
        chosen.append((s, name, margin, with_feats, cfg[3], cfg, rcache, extra))
        print(f"  {name}: relabelled {n}, gate {cfg}: {json.dumps(short(s))}", flush=True)
    best = choose(chosen)
    print(f"chosen setting: {best[1]} {best[5]}", flush=True)
    report["chosen"] = {"setting": best[1], "typer": {"variant": variant, "C": c}, "gate": best[5]}
    if args.write and best[1] != settings[0][0]:
        s, name, margin, with_feats, _, (vectors_on, with_synthetic, gate_c, threshold), rcache, extra = best
        x, y, groups, synth, votes, _ = items(vectors, rows, variant, synthetic_of)
        save_typer(args.typer_out, x, y, c, {"variant": variant, "C": c, "margin": margin,
                                            "cv": next(r for r in report["typer"] if r["variant"] == variant
                                                       and r["C"] == c)})
        write_gate(rows, rcache, extra, vectors_on, with_synthetic, gate_c, threshold, s, report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
