"""Train the learned event stage (events/learned.py) on the TRAIN split of the event corpus.

1. Parse every train document whole (its corpus sentences in order) with whimbrel's pipeline up to
   the lexicon's events (actors, coref, events) and compute the features of events/learned.py for
   the candidates of its corpus sentences (cached per sentence in --cache).
2. Choose the type model (with/without the tok2vec vectors, regularisation C) by 5-fold
   cross-validation grouped by document (log loss); the argument model likewise.
3. On the out-of-fold predictions: fit the isotonic calibration of the predicted type's probability
   against the event being right (type + source country + target country), then pick the emit and
   argument thresholds: highest event F1 with precision >= 0.85 and recall >= 0.2, else the highest
   F0.5 (precision weighs more). The type model's settings are chosen on the same objective.
   Synthetic sentences are learnt from but never scored: every CV figure is on real sentences.
4. Fit both models on all of train and write data/events/event_model.{npz,json} and the
   reliability curve (docs/figures/event_reliability.svg). The test split is never read here.

    nice -n 10 python scripts/train_event_model.py --shared /work/shared
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from whimbrel.evaluate.corpus import gold_triples, score
from whimbrel.events.corpus import candidate_labels, corpus_documents, load_corpus
from whimbrel.events.learned import MODEL_PATH, VECTOR_DIM, argument_matrix, choose_arguments, features
from whimbrel.events.learned_features import ARG_WIDTH, LABELS

ROOT = Path(__file__).resolve().parent.parent
FIGURE = ROOT / "docs" / "figures" / "event_reliability.svg"
N_VEC = VECTOR_DIM
C_GRID = (0.01, 0.05, 0.2)   # argument model
# type model: (tok2vec vectors, C, weight of the event classes); the last is the no-vector ablation
TYPE_GRID = ((True, 0.01, 1.0), (True, 0.05, 1.0), (True, 0.01, 3.0), (True, 0.05, 3.0), (False, 0.05, 3.0))
THRESHOLDS = [round(float(x), 2) for x in np.arange(0.1, 0.96, 0.05)]
ARG_THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
MIN_PRECISION = 0.85
MIN_RECALL = 0.2   # a threshold that keeps a handful of events is no answer: then F0.5 decides
# columns of the argument matrix (after the vectors) holding the lexicon's source / target choice
LEX_SOURCE_COL, LEX_TARGET_COL = N_VEC + ARG_WIDTH - 5, N_VEC + ARG_WIDTH - 4


def sentence_features(rows, cache_path: Path) -> dict:
    """Per (doc_id, sent_id): trigger matrix rows by candidate c, mentions (character offsets inside
    the sentence), argument matrices. Each document is parsed whole (events.corpus.corpus_documents)
    so titles, pronouns and earlier actors count as in a run."""
    cache = pickle.loads(cache_path.read_bytes()) if cache_path.is_file() else {}
    docs = [d for d in corpus_documents(rows) if any((r["doc_id"], r["sent_id"]) not in cache for r, _, _ in d.spans)]
    if docs:
        from whimbrel.events.lexicon import load_lexicon
        from whimbrel.nlp.pipeline import build_pipeline, pipe_aligned
        nlp = build_pipeline(stages=("whimbrel_actors", "whimbrel_coref", "whimbrel_events"))
        nlp.get_pipe("whimbrel_events").use_gate = nlp.get_pipe("whimbrel_events").use_roles = False   # the lexicon's own events are features
        nlp.get_pipe("whimbrel_events").veto_targets = False   # as the learned stage reads them at run time
        lexicon = load_lexicon()
        for n, (d, doc) in enumerate(pipe_aligned(nlp, docs, lambda d: d.text)):
            at = {t.idx: t for t in doc}
            for row, start, _ in d.spans:
                tokens = nlp.tokenizer(row["text"])
                cands = [(c, at.get(start + tokens[c["i"]].idx)) for c in row["candidates"] if c["i"] < len(tokens)]
                cands = [(c, t) for c, t in cands if t is not None and t.text == c["text"]]
                key = (row["doc_id"], row["sent_id"])
                if not cands:
                    cache[key] = {"c": [], "x": None, "mentions": [], "a": []}
                    continue
                toks = [t for _, t in cands]
                x, per_tok, mvecs, roles = features(doc, toks, doc._.events or [], lexicon, True)
                cache[key] = {
                    "c": [c["c"] for c, _ in cands], "x": x,
                    "mentions": [[(m.start_char - start, m.end_char - start, m.country, m.sector, m.kind) for m in ms]
                                 for ms in per_tok],
                    "a": [argument_matrix(t, ms, v, roles) for t, ms, v in zip(toks, per_tok, mvecs)]}
            if n % 200 == 199:
                cache_path.write_bytes(pickle.dumps(cache))
                print(f"  documents: {n + 1}/{len(docs)}", flush=True)
        cache_path.write_bytes(pickle.dumps(cache))
    return cache


def spans_of(text: str, phrase: str | None) -> list[tuple[int, int]]:
    out, start = [], 0
    while phrase and (k := text.find(phrase, start)) >= 0:
        out.append((k, k + len(phrase)))
        start = k + 1
    return out


def role_label(mention, event: dict | None, text: str) -> int:
    if event is None:
        return 0
    s, e = mention[0], mention[1]
    for label, role in ((1, "source"), (2, "target")):
        if any(a < e and s < b for a, b in spans_of(text, event.get(f"{role}_text"))):
            return label
    return 0


def assemble(rows, cache) -> dict:
    """Flat arrays over all candidates, and per candidate its argument rows."""
    tx, ty, groups, sent_of, args = [], [], [], [], []
    ax, ay, agroup = [], [], []
    for s, row in enumerate(rows):
        f = cache[(row["doc_id"], row["sent_id"])]
        labels = dict(zip((c["c"] for c in row["candidates"]), candidate_labels(row)))
        gold = {e["c"]: e for e in row.get("events", [])}
        for k, c in enumerate(f["c"]):
            tx.append(f["x"][k])
            ty.append(LABELS.index(labels[c]))
            groups.append(row["doc_id"])
            sent_of.append(s)
            args.append((f["a"][k], f["mentions"][k]))
            if c in gold:   # argument rows are learnt on the gold events only
                for j, m in enumerate(f["mentions"][k]):
                    ax.append(f["a"][k][j])
                    ay.append(role_label(m, gold[c], row["text"]))
                    agroup.append(row["doc_id"])
    return {"tx": np.asarray(tx), "ty": np.asarray(ty), "groups": np.asarray(groups), "sent": np.asarray(sent_of),
            "args": args, "ax": np.asarray(ax), "ay": np.asarray(ay), "agroups": np.asarray(agroup)}


def fit(x, y, c, weight: float = 1.0):
    """Standardised logistic regression; `weight` up-weights the event classes against NONE."""
    scaler = StandardScaler().fit(x)
    scaler.scale_[scaler.scale_ == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=3000).fit(scaler.transform(x), y,
                                                       sample_weight=np.where(y == 0, 1.0, weight))
    return scaler, model


def proba(scaler, model, x, n_classes):
    out = np.zeros((len(x), n_classes))
    out[:, model.classes_] = model.predict_proba(scaler.transform(x))
    return out


def oof(x, y, groups, c, n_classes, weight=1.0, folds=5):
    out = np.zeros((len(x), n_classes))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        scaler, model = fit(x[train], y[train], c, weight)
        out[test] = proba(scaler, model, x[test], n_classes)
    return out


def choose(x, y, groups, n_classes, name) -> tuple[dict, np.ndarray]:
    best = None
    for vectors in (True, False):
        xs = x if vectors else x[:, N_VEC:]
        for c in C_GRID:
            p = oof(xs, y, groups, c, n_classes)
            q = np.clip(p, 1e-9, 1)
            loss = log_loss(y, q / q.sum(axis=1, keepdims=True), labels=list(range(n_classes)))
            print(f"  {name}: vectors={vectors} C={c} CV log loss {loss:.4f}", flush=True)
            if best is None or loss < best[0]:
                best = (loss, {"use_vectors": vectors, "C": c, "cv_log_loss": round(loss, 4)}, p)
    return best[1], best[2]


def mention_country(m) -> str | None:
    return "IGO" if m[3] == "IGO" or m[4] == "igo" else m[2]


def emitted(rows, data, tp, ap_rows, arg_threshold):
    """Per candidate predicted as an event: (candidate, type, raw probability, triple, right)."""
    out = []
    for k in np.nonzero(tp.argmax(axis=1) != 0)[0]:
        label = int(tp[k].argmax())
        mentions = data["args"][k][1]
        src, tgt = choose_arguments(ap_rows[k], [(m[2], m[3]) for m in mentions], arg_threshold) \
            if mentions else (None, None)
        triple = (LABELS[label], None if src is None else mention_country(mentions[src]),
                  None if tgt is None else mention_country(mentions[tgt]))
        row = rows[data["sent"][k]]
        if row.get("synthetic"):   # learnt from, never scored: the objective is on real sentences
            continue
        out.append((int(k), float(tp[k, label]), triple, triple in [g for g, _ in gold_triples(row)]))
    return out


def simulate(rows, data, events, threshold, calib):
    """Event-level score of out-of-fold predictions emitted at `threshold` (calibrated confidence)."""
    predicted = {s: [] for s in range(len(rows))}
    for k, p, triple, _ in events:
        conf = float(calib(p))
        if conf >= threshold:
            predicted[data["sent"][k]].append((triple, conf))
    return score([(gold_triples(rows[s]), predicted[s]) for s in range(len(rows)) if not rows[s].get("synthetic")])


def f_half(s: dict) -> float:
    """F0.5: the fallback when no threshold reaches the precision target (precision weighs more)."""
    p, r = s["event_precision"], s["event_recall"]
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def reliability(conf, right, bins: int = 10) -> list[dict]:
    """The reliability table: per confidence bin, its events, mean confidence and share right."""
    c, r = np.asarray(conf), np.asarray(right, float)
    idx = np.minimum((c * bins).astype(int), bins - 1)
    return [{"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int((idx == b).sum()),
             "confidence": round(float(c[idx == b].mean()), 3), "right": round(float(r[idx == b].mean()), 3)}
            for b in range(bins) if (idx == b).any()]


def reliability_svg(conf, right, path: Path, bins: int = 10) -> list[dict]:
    table = reliability(conf, right, bins)
    pts = " ".join(f"{40 + 300 * t['confidence']:.1f},{340 - 300 * t['right']:.1f}" for t in table)
    dots = "".join(f'<circle cx="{40 + 300 * t["confidence"]:.1f}" cy="{340 - 300 * t["right"]:.1f}" '
                   f'r="{2 + min(t["n"], 400) ** 0.5 / 3:.1f}" fill="#1f77b4"/>' for t in table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="380" height="380" font-family="sans-serif" font-size="11">'
        '<rect x="40" y="40" width="300" height="300" fill="none" stroke="#999"/>'
        '<line x1="40" y1="340" x2="340" y2="40" stroke="#bbb" stroke-dasharray="4"/>'
        f'<polyline points="{pts}" fill="none" stroke="#1f77b4"/>{dots}'
        '<text x="120" y="370">confidence (calibrated)</text>'
        '<text x="10" y="30">share right (type + source + target country)</text></svg>\n')
    return table


def lexicon_events(rows, data) -> list:
    """The lexicon alone on the same candidates: its vote and its argument choices (baseline)."""
    out = []
    for k in np.nonzero(data["tx"][:, N_VEC:N_VEC + len(LABELS)].argmax(axis=1) != 0)[0]:
        vote = int(data["tx"][k, N_VEC:N_VEC + len(LABELS)].argmax())
        a, mentions = data["args"][k]
        role = lambda col: next((mention_country(m) for j, m in enumerate(mentions) if a[j, col] == 1), None)
        triple = (LABELS[vote], role(LEX_SOURCE_COL), role(LEX_TARGET_COL))
        if rows[data["sent"][k]].get("synthetic"):
            continue
        out.append((int(k), 1.0, triple, triple in [g for g, _ in gold_triples(rows[data["sent"][k]])]))
    return out


def argument_oof(data, cfg) -> list:
    """Per candidate, out-of-fold argument probabilities of its mentions (folds by document)."""
    axs = (lambda a: a) if cfg["use_vectors"] else (lambda a: a[:, N_VEC:])
    ap_rows = [None] * len(data["ty"])
    groups = data["groups"]
    for train, test in GroupKFold(n_splits=5).split(data["tx"], data["ty"], groups):
        train_docs = set(groups[train])
        keep = np.array([g in train_docs for g in data["agroups"]])
        scaler, model = fit(axs(data["ax"][keep]), data["ay"][keep], cfg["C"])
        for k in test:
            a = data["args"][k][0]
            ap_rows[k] = proba(scaler, model, axs(a), 3) if len(a) else np.zeros((0, 3))
    return ap_rows


def best_thresholds(rows, data, tp, ap_rows):
    """(key, threshold, argument threshold, calibration, CV score, emitted events) with the best key:
    precision >= MIN_PRECISION (and recall >= MIN_RECALL) first, then event F1; F0.5 when no
    threshold reaches that."""
    best = None
    for at in ARG_THRESHOLDS:
        events = emitted(rows, data, tp, ap_rows, at)
        if not events:
            continue
        iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(
            [e[1] for e in events], [float(e[3]) for e in events])
        for t in THRESHOLDS:
            s = simulate(rows, data, events, t, lambda p: np.interp(p, iso.X_thresholds_, iso.y_thresholds_))
            reached = s["event_precision"] >= MIN_PRECISION and s["event_recall"] >= MIN_RECALL
            key = (reached, s["event_f1"] if reached else f_half(s))
            if best is None or key > best[0]:
                best = (key, t, at, iso, s, events)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--corpus", type=Path, default=None, help="corpus.jsonl (default: the repository's)")
    ap.add_argument("--cache", type=Path, default=Path("/work/wt/events_cache/learned_features_docs.pkl"))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--figure", type=Path, default=FIGURE, help="where the reliability curve goes")
    args = ap.parse_args()
    rows = [r for r in load_corpus(args.corpus, shared=args.shared, split="train")]
    cache = sentence_features(rows, args.cache)
    data = assemble(rows, cache)
    print(f"train: {len(rows)} sentences, {len(data['ty'])} candidates, {len(data['ay'])} argument rows", flush=True)
    lexicon_cv = simulate(rows, data, lexicon_events(rows, data), 0.5, lambda p: p)
    print(f"  lexicon alone: CV {lexicon_cv}", flush=True)
    arg_cfg, _ = choose(data["ax"], data["ay"], data["agroups"], 3, "argument")
    ap_rows = argument_oof(data, arg_cfg)
    grid, best = [], None
    for vectors, c, weight in TYPE_GRID:
        x = data["tx"] if vectors else data["tx"][:, N_VEC:]
        tp = oof(x, data["ty"], data["groups"], c, len(LABELS), weight)
        found = best_thresholds(rows, data, tp, ap_rows)
        grid.append({"use_vectors": vectors, "C": c, "weight": weight, "threshold": found[1],
                     "arg_threshold": found[2], **{k: found[4][k] for k in ("event_precision", "event_recall",
                                                                            "event_f1", "none_sentences_no_event")}})
        print(f"  type: {grid[-1]}", flush=True)
        if best is None or found[0] > best[1][0]:
            best = (grid[-1], found)
    type_cfg, (_, threshold, arg_threshold, iso, cv_score, events) = best
    print(f"chosen: {type_cfg}: CV {cv_score}", flush=True)
    curve = reliability_svg(list(np.interp([e[1] for e in events], iso.X_thresholds_, iso.y_thresholds_)),
                            [e[3] for e in events], args.figure)
    tx = data["tx"] if type_cfg["use_vectors"] else data["tx"][:, N_VEC:]
    t_scaler, t_model = fit(tx, data["ty"], type_cfg["C"], type_cfg["weight"])
    axs = data["ax"] if arg_cfg["use_vectors"] else data["ax"][:, N_VEC:]
    a_scaler, a_model = fit(axs, data["ay"], arg_cfg["C"])
    save(args.out, t_scaler, t_model, a_scaler, a_model, iso, {
        "type_model": type_cfg, "type_grid": grid, "argument_model": arg_cfg, "threshold": threshold,
        "arg_threshold": arg_threshold, "use_vectors": type_cfg["use_vectors"],
        "arg_use_vectors": arg_cfg["use_vectors"], "cv": cv_score, "lexicon_cv": lexicon_cv,
        "reliability": curve, "train_sentences": len(rows), "train_candidates": len(data["ty"]),
        "nouns": sorted(noun_list())})


def full_matrix(scaler, model, n_classes):
    """Coefficients over all classes (a class absent from the training data never wins)."""
    coef = np.zeros((n_classes, model.coef_.shape[1]))
    bias = np.full(n_classes, -30.0)
    if len(model.classes_) == 2:   # sklearn's binary form: one row for the second class
        coef[model.classes_[1]], bias[model.classes_[1]] = model.coef_[0], model.intercept_[0]
        bias[model.classes_[0]] = 0.0
    else:
        coef[model.classes_], bias[model.classes_] = model.coef_, model.intercept_
    return {"mean": scaler.mean_, "scale": scaler.scale_, "coef": coef, "bias": bias}


def save(out: Path, t_scaler, t_model, a_scaler, a_model, iso, meta: dict) -> None:
    arrays = {}
    for prefix, (scaler, model, n) in {"type": (t_scaler, t_model, len(LABELS)), "arg": (a_scaler, a_model, 3)}.items():
        for k, v in full_matrix(scaler, model, n).items():
            arrays[f"{prefix}_{k}"] = v.astype(np.float32)
    arrays["calib_x"], arrays["calib_y"] = iso.X_thresholds_.astype(np.float32), iso.y_thresholds_.astype(np.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out} and {out.with_suffix('.json')}")


def noun_list() -> set[str]:
    import yaml
    cues = yaml.safe_load((ROOT / "scripts" / "data" / "corpus_cues.yaml").read_text())
    lex = yaml.safe_load((ROOT / "src" / "whimbrel" / "data" / "events" / "nominal_triggers.yaml").read_text())
    return {e["noun"] for e in lex["nominals"]} | set(cues["event_nouns"])


if __name__ == "__main__":
    main()
