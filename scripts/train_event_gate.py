"""Train the precision gate (events/gate.py) on the TRAIN split of the event corpus.

1. Code every train document whole (events.corpus.corpus_documents) with whimbrel's pipeline up
   to the lexicon's events; per lexicon event, its gate features (events/gate_features.py) and
   whether it is right: type + source country + target country of a gold event of its sentence
   (evaluate/corpus.match_sentence; an event matching an optional gold event is left out).
   Features are cached (--cache, outside the repository).
2. Error analysis of the lexicon's wrong events by cause (--analyse): the trigger is no event,
   the type is wrong, or the actors are wrong (docs/events.md, "Precision gate").
3. Choose the model (with/without the tok2vec vector, learning from the synthetic sentences or
   not, C) by 5-fold cross-validation grouped by document; fit isotonic calibration on the
   out-of-fold probabilities of the real sentences' events; the emit threshold and model are the
   (model, threshold) pair with the highest `register_f1` (the mean out-of-fold event F1 of the
   real sentences and of the synthetic short single-event sentences: the gate must hold on whole
   documents and on one-event snippets alike); pairs within 0.005 of it tie, and the most precise
   on the real sentences wins (--min-precision sets a floor). Reported precision/recall are the
   real sentences'.
   The events are the lexicon's with the role assigner's actors (events/roles.py) when its
   model file exists, as the default stage runs.
4. Fit on all of train; write data/events/event_gate.{npz,json}. The test split is never read.

    nice -n 10 python scripts/train_event_gate.py --shared /work/shared
"""
from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import GroupKFold
from train_event_model import fit, reliability   # the same standardised logistic fit and table

from whimbrel.evaluate.corpus import actor_country, gold_triples, match_sentence, score
from whimbrel.events.corpus import corpus_documents, load_corpus, sentence_at
from whimbrel.events.gate import GATE_PATH
from whimbrel.events.gate_features import VECTOR_DIM, gate_matrix

# (tok2vec vector, learn from synthetic sentences too, C)
GRID = ((True, True, 0.002), (False, True, 0.002), (False, True, 0.01), (False, True, 0.05),
        (False, False, 0.002), (False, False, 0.01), (False, False, 0.05))
THRESHOLDS = [round(float(x), 2) for x in np.arange(0.05, 0.91, 0.05)]


def document_events(rows, cache_path: Path, roles: bool = True, folds: Path | None = None) -> dict:
    """Per doc_id: gate matrix, per event (row index in doc.spans, triple, trigger char in sentence).
    With `folds` (scripts/train_event_roles.py --crossfit), each document's roles come from the role
    model that did not learn from it."""
    cache = pickle.loads(cache_path.read_bytes()) if cache_path.is_file() else {}
    docs = [d for d in corpus_documents(rows) if d.doc_id not in cache]
    if not docs:
        return cache
    from whimbrel.events.lexicon import load_lexicon
    from whimbrel.events.roles import RoleModel
    from whimbrel.nlp.pipeline import build_pipeline
    nlp = build_pipeline(stages=("whimbrel_actors", "whimbrel_coref", "whimbrel_events"))
    pipe = nlp.get_pipe("whimbrel_events")
    pipe.use_gate, pipe.use_roles = False, roles   # the gate learns on the events it will see
    fold_of = json.loads((folds / "folds.json").read_text()) if folds else {}
    by_fold: dict[int, list] = {}
    for d in docs:
        by_fold.setdefault(fold_of.get(d.doc_id, 0) if folds else -1, []).append(d)
    for fold, part in by_fold.items():
        pipe.roles_model = RoleModel(folds / f"event_roles_{fold}.npz") if fold >= 0 else None
        document_features(nlp, load_lexicon(), part, cache, cache_path)
    return cache


def document_features(nlp, lexicon, docs, cache: dict, cache_path: Path) -> None:
    if docs:
        for n, (d, doc) in enumerate(zip(docs, nlp.pipe((d.text for d in docs), batch_size=16))):
            events = [e for e in doc._.events or [] if sentence_at(d, e.trigger.idx) is not None]
            cache[d.doc_id] = {"x": gate_matrix(doc, events, lexicon), "events": [
                (sentence_at(d, e.trigger.idx), (e.match.plover, actor_country(e.source), actor_country(e.target)),
                 e.trigger.idx - d.spans[sentence_at(d, e.trigger.idx)][1], e.match.noun.idx - d.spans[
                     sentence_at(d, e.trigger.idx)][1] if e.match.noun is not None else None)
                for e in events]}
            if n % 500 == 499:
                cache_path.write_bytes(pickle.dumps(cache))
                print(f"  documents: {n + 1}/{len(docs)}", flush=True)
        cache_path.write_bytes(pickle.dumps(cache))


def trigger_type(row, event) -> str | None:
    """The gold type annotated on the event's trigger (or on its noun: "held talks"), None if NONE."""
    starts = candidate_starts(row)
    by_c = {g["c"]: g["type"] for g in row.get("events", [])}
    types = [by_c[c] for c, s in starts.items() if s in (event[2], event[3]) and c in by_c]
    return event[1][0] if event[1][0] in types else (types[0] if types else None)


def assemble(rows, cache, label: str):
    """Flat arrays over lexicon events: x, y (1 right, 0 wrong, -1 matched an optional gold event;
    label "type": 1 when the trigger's gold type is the lexicon's), group (doc); and per sentence
    (row, [event index], events) for scoring."""
    xs, ys, groups, sentences = [], [], [], []
    for d in corpus_documents(rows):
        f = cache[d.doc_id]
        by_sent: dict[int, list[int]] = {}
        for j, (k, *_) in enumerate(f["events"]):
            by_sent.setdefault(k, []).append(j)
        for k, (row, _, _) in enumerate(d.spans):
            idx = by_sent.get(k, [])
            verdicts, _ = match_sentence(gold_triples(row), [f["events"][j][1] for j in idx])
            flat = []
            for j, v in zip(idx, verdicts):
                flat.append(len(ys))
                xs.append(f["x"][j])
                if label == "type":
                    ys.append(int(trigger_type(row, f["events"][j]) == f["events"][j][1][0]))
                else:
                    ys.append(-1 if v is None else int(v))
                groups.append(d.doc_id)
            sentences.append((row, flat, [f["events"][j] for j in idx]))
    return np.asarray(xs, dtype=np.float32), np.asarray(ys), np.asarray(groups), sentences


def triple_right(sentences, n) -> np.ndarray:
    """Per event: 1 right (type + countries), 0 wrong, -1 matched an optional gold event; the
    calibration target whatever the gate learnt."""
    out = np.zeros(n, dtype=int)
    for row, flat, events in sentences:
        verdicts, _ = match_sentence(gold_triples(row), [e[1] for e in events])
        for i, v in zip(flat, verdicts):
            out[i] = -1 if v is None else int(v)
    return out


def oof(x, y, groups, c, learn):
    """Out-of-fold probabilities, folds by document; `learn` marks the events a model may learn from."""
    out = np.zeros(len(x))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        keep = train[learn[train]]
        scaler, model = fit(x[keep], y[keep], c)
        out[test] = model.predict_proba(scaler.transform(x[test]))[:, 1]
    return out


def simulate(sentences, triples, conf, threshold, synthetic=False):
    """The gated lexicon's score at `threshold` (calibrated confidence) on the real sentences, or
    with `synthetic` on the synthetic ones (short single-event sentences: out of fold, as the
    folds group by document)."""
    return score([(gold_triples(row), [(triples[i], conf[i]) for i in flat if conf[i] >= threshold])
                  for row, flat, _ in sentences if bool(row.get("synthetic")) == synthetic])


def choose(candidates: list, tie: float = 0.005):
    """(model, threshold) by register_f1; differences under `tie` are noise at this corpus size, so
    among those within it of the best the most precise on the real sentences wins."""
    best = max(c[0]["register_f1"] for c in candidates)
    return max((c for c in candidates if c[0]["register_f1"] >= best - tie),
               key=lambda c: (c[0]["event_precision"], c[4]))


def register_f1(real: dict, short: dict) -> float:
    """The selection score: the mean event F1 of whole news documents and of short single-event
    sentences, so that the gate holds in both registers whimbrel is fed."""
    return round((real["event_f1"] + short["event_f1"]) / 2, 4)


def analyse(sentences) -> dict:
    """Causes of the lexicon's wrong events on real train sentences."""
    causes = Counter()
    for row, _, events in sentences:
        if row.get("synthetic"):
            continue
        gold = gold_triples(row)
        verdicts, _ = match_sentence(gold, [e[1] for e in events])
        starts = candidate_starts(row)
        by_c = {g["c"]: g for g in row.get("events", [])}
        for (k, triple, at, noun_at), v in zip(events, verdicts):
            if v is not False:
                continue
            cands = [c for c, s in starts.items() if s in (at, noun_at)]
            golds = [by_c[c] for c in cands if c in by_c]
            if not cands:
                causes["trigger not a corpus candidate"] += 1
            elif not golds:
                causes["trigger not an event (gold NONE)"] += 1
            elif all(g["type"] != triple[0] for g in golds):
                causes["wrong type"] += 1
            else:
                g = next(g for g in golds if g["type"] == triple[0])
                src_ok = triple[1] == (g.get("source_code") or "")[:3] or (triple[1] is None and not g.get("source_code"))
                causes["right type, source country wrong" if not src_ok else "right type, target country wrong"] += 1
    return dict(causes.most_common())


_TOKENIZER = None


def candidate_starts(row) -> dict[int, int]:
    global _TOKENIZER
    if _TOKENIZER is None:
        from whimbrel.nlp.pipeline import load_base
        _TOKENIZER = load_base().tokenizer
    tokens = _TOKENIZER(row["text"])
    return {c["c"]: tokens[c["i"]].idx for c in row["candidates"] if c["i"] < len(tokens)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/whimbrel_events_cache/gate_features.pkl"))
    ap.add_argument("--out", type=Path, default=GATE_PATH)
    ap.add_argument("--analyse", action="store_true", help="print the causes of the lexicon's wrong events")
    ap.add_argument("--label", choices=("triple", "type"), default="triple",
                    help="what the gate learns: the event right (type + countries) or its trigger's type right")
    ap.add_argument("--no-write", action="store_true", help="cross-validate only")
    ap.add_argument("--roles-folds", type=Path, default=None,
                    help="out-of-fold role models (scripts/train_event_roles.py --crossfit DIR)")
    ap.add_argument("--lexicon-roles", action="store_true",
                    help="the lexicon's argument rules instead of the role assigner (use its own --cache)")
    ap.add_argument("--min-precision", type=float, default=0.0,
                    help="only thresholds whose out-of-fold precision reaches this floor compete (default: all)")
    args = ap.parse_args()
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    rows = load_corpus(shared=args.shared, split="train")
    cache = document_events(rows, args.cache, not args.lexicon_roles, args.roles_folds)
    x, y, groups, sentences = assemble(rows, cache, args.label)
    triples = [None] * len(y)
    for _, flat, events in sentences:
        for i, e in zip(flat, events):
            triples[i] = e[1]
    right = triple_right(sentences, len(y))
    print(f"train: {len(sentences)} sentences, {len(y)} lexicon events, right {int((right == 1).sum())}, "
          f"positive labels {int((y == 1).sum())}", flush=True)
    lexicon_cv = simulate(sentences, triples, np.ones(len(y)), 0.5)
    print(f"  lexicon alone: {lexicon_cv}", flush=True)
    if args.analyse:
        print(json.dumps(analyse(sentences), indent=1), flush=True)
    candidates, grid = [], []
    synthetic = np.zeros(len(y), dtype=bool)
    for row, flat, _ in sentences:
        synthetic[flat] = bool(row.get("synthetic"))
    for vectors, with_synthetic, c in GRID:
        xs = x if vectors else x[:, VECTOR_DIM:]
        learn = (y >= 0) & (with_synthetic | ~synthetic)
        p = oof(xs, y, groups, c, learn)
        real = (right >= 0) & ~synthetic   # calibrated on news, the text it will run on
        iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p[real], right[real])
        conf = iso.predict(p)
        rows = []
        for t in THRESHOLDS:
            s = simulate(sentences, triples, conf, t)
            short = simulate(sentences, triples, conf, t, synthetic=True)
            s["short_sentences"] = {k: short[k] for k in ("event_precision", "event_recall", "event_f1")}
            s["register_f1"] = register_f1(s, short)
            rows.append((t, s))
            grid.append({"use_vectors": vectors, "synthetic": with_synthetic, "C": c, "threshold": t, **{k: s[k] for k in (
                "event_precision", "event_recall", "event_f1", "none_sentences_no_event", "ece", "register_f1")},
                "short_sentences": s["short_sentences"]})
        candidates += [(s, vectors, with_synthetic, c, t, iso, conf) for t, s in rows
                       if s["event_precision"] >= args.min_precision]
        top = max(rows, key=lambda r: (r[1]["register_f1"], r[0]))
        print(f"  gate: vectors={vectors} synthetic={with_synthetic} C={c}: best threshold {top[0]} {top[1]}", flush=True)
    best = choose(candidates)
    s, vectors, with_synthetic, c, t, iso, conf = best
    print(f"chosen: vectors={vectors} synthetic={with_synthetic} C={c} threshold={t}: CV {s}", flush=True)
    if args.no_write:
        return
    xs = x if vectors else x[:, VECTOR_DIM:]
    keep = (y >= 0) & (with_synthetic | ~synthetic)
    scaler, model = fit(xs[keep], y[keep], c)
    real = (right >= 0) & ~synthetic
    curve = reliability(conf[real], right[real])
    save(args.out, scaler, model, iso, {"use_vectors": vectors, "synthetic": with_synthetic,
                                        "C": c, "threshold": t, "cv": s,
                                        "lexicon_cv": lexicon_cv, "grid": grid, "reliability": curve,
                                        "train_events": int(keep.sum())})


def save(out: Path, scaler, model, iso, meta: dict) -> None:
    np.savez_compressed(out, mean=scaler.mean_.astype(np.float32), scale=scaler.scale_.astype(np.float32),
                        coef=model.coef_[0].astype(np.float32), bias=np.float32(model.intercept_[0]),
                        calib_x=iso.X_thresholds_.astype(np.float32), calib_y=iso.y_thresholds_.astype(np.float32))
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out} and {out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
