"""Train the precision gate (events/gate.py) on the TRAIN split of the event corpus.

1. Parse every train document whole (events.corpus.corpus_documents) up to the actors
   (train_event_roles.parse; cached with --cache, outside the repository).
2. Cross-validation draws (--draws K, seeds 0..K-1; scripts/gate_draws.py): each draw shuffles the
   documents into 5 folds and re-derives the role assigner inside each fold, so every event's
   roles come from a role model that never saw its document nor the gate's test fold; per lexicon
   event its gate features (events/gate_features.py) and whether it is right: type + source
   country + target country of a gold event of its sentence (evaluate/corpus.match_sentence; an
   event matching an optional gold event is left out). --context-sources sets which rules of
   events/context_sources.py look for a source outside the trigger's clause (default
   extract.CONTEXT_SOURCES); --sourceless what becomes of events still without one.
3. Every model of the grid (with/without the tok2vec vector, learning from the synthetic
   sentences or not, C) gets out-of-fold probabilities per draw, an isotonic map fitted on the
   real sentences' events of that draw, and its precision/recall at every threshold on each
   register (real train documents; synthetic short one-event sentences; the real sentences read on
   their own, as events and as records: scripts/gate_records.py).
4. The (model, threshold) pair with the best mean over draws of the rule (--rule; the rules and
   their tie-break: scripts/gate_selection.py) is fitted on all of train (roles of draw 0, out of
   fold as at run time) with an isotonic map fitted on all draws' out-of-fold probabilities;
   writes data/events/event_gate.{npz,json}. --dump keeps each rule's out-of-fold events for
   scripts/gate_errors.py; --grid every candidate's per-draw figures for scripts/gate_curve.py. --analyse prints the causes of the lexicon's wrong events. The test
   split is never read.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_event_gate.py --shared ../shared
(after the role assigner: the folds' role models take its C, data and priors from --roles.)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
from gate_columns import role_queries, with_role_columns, with_trigger_columns
from gate_draws import RoleModels, cached_draw, code_standalone, draw_caches, draw_folds, oof_draw
from gate_records import modality, parent, score_records, standalone_rows
from gate_selection import REGISTERS, RULES, agreement, choose, summarise
from sklearn.isotonic import IsotonicRegression
from train_event_model import fit, reliability   # the same standardised logistic fit and table
from train_event_roles import items, parse

from whimbrel.evaluate.corpus import actor_country, gold_triples, match_sentence, score
from whimbrel.events.corpus import corpus_documents, load_corpus, sentence_at
from whimbrel.events.context_sources import RULES as CONTEXT_RULES
from whimbrel.events.extract import CONTEXT_SOURCES, SOURCELESS
from whimbrel.events.gate import GATE_PATH
from whimbrel.events.gate_features import VECTOR_DIM, gate_matrix
from whimbrel.events.roles import ROLES_PATH
from whimbrel.events.trigger_encoder import TRIGGER_PATH

# (tok2vec vector, learn from synthetic sentences too, C)
GRID = ((True, True, 0.002), (False, True, 0.002), (False, True, 0.01), (False, True, 0.05),
        (False, False, 0.002), (False, False, 0.01), (False, False, 0.05))
THRESHOLDS = [round(float(x), 2) for x in np.arange(0.05, 0.91, 0.05)]


def doc_entry(d, doc, lexicon, with_modality: bool = False) -> dict:
    """A coded document's gate matrix and, per event, (sentence, triple, trigger char in sentence,
    its noun's char or None[, its rule modality])."""
    events = [e for e in doc._.events or [] if sentence_at(d, e.trigger.idx) is not None]
    out, roles = [], []
    for e in events:
        k = sentence_at(d, e.trigger.idx)
        start, end = d.spans[k][1], d.spans[k][2]
        out.append((k, (e.match.plover, actor_country(e.source), actor_country(e.target)), e.trigger.idx - start,
                    e.match.noun.idx - start if e.match.noun is not None else None,
                    *((modality(e),) if with_modality else ())))
        trigger = (e.trigger.idx - start, e.trigger.idx - start + len(e.trigger.text))
        roles.append((*(None if a is None or a.start_char < start or a.end_char > end
                        else (a.start_char - start, a.end_char - start) for a in (e.source, e.target)), trigger))
    return {"x": gate_matrix(doc, events, lexicon), "events": out, "roles": roles}


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


def simulate(sentences, triples, conf, threshold, synthetic=False):
    """The gated lexicon's score at `threshold` (calibrated confidence) on the real sentences, or
    with `synthetic` on the synthetic ones (short single-event sentences: out of fold, as the
    folds group by document)."""
    return score([(gold_triples(row), [(triples[i], conf[i]) for i in flat if conf[i] >= threshold])
                  for row, flat, _ in sentences if bool(row.get("synthetic")) == synthetic])


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


def synthetic_mask(sentences, n) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    for row, flat, _ in sentences:
        out[flat] = bool(row.get("synthetic"))
    return out


def event_arrays(sentences, n):
    """Per event: its triple, whether it is right (triple_right) and whether its sentence is synthetic."""
    triples = [None] * n
    for _, flat, events in sentences:
        for i, e in zip(flat, events):
            triples[i] = e[1]
    return triples, triple_right(sentences, n), synthetic_mask(sentences, n)


def configs() -> dict:
    """Grid key -> (feature columns, which events a model may learn from, C)."""
    def learn_of(with_synthetic):
        def learn(y, sentences):
            return (y >= 0) & (with_synthetic | ~synthetic_mask(sentences, len(y)))
        return learn
    return {(v, syn, c): (slice(None) if v else slice(VECTOR_DIM, None), learn_of(syn), c) for v, syn, c in GRID}


def score_draw(sentences, triples, right, synthetic, probs, alone, results: dict) -> dict:
    """Append this draw's (P, R) per register for every (model, threshold) to results; returns the
    draw's isotonic maps' inputs per model (probabilities and labels of the real sentences' events).
    `alone`: (sentences, triples, probabilities per model) of the real sentences read on their own."""
    real = (right >= 0) & ~synthetic   # calibrated on news, the text it will run on
    calibration = {}
    for key, p in probs.items():
        iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p[real], right[real])
        conf, conf_alone = iso.predict(p), iso.predict(alone[2][key])
        calibration[key] = (p[real], right[real], conf, conf_alone)
        for t in THRESHOLDS:
            s = simulate(sentences, triples, conf, t)
            short = simulate(sentences, triples, conf, t, synthetic=True)
            standalone = simulate(alone[0], alone[1], conf_alone, t)
            results.setdefault((*key, t), []).append({
                "real": (s["event_precision"], s["event_recall"]), "short": (short["event_precision"], short["event_recall"]),
                "standalone": (standalone["event_precision"], standalone["event_recall"]),
                "records": score_records(alone[0], conf_alone, t)[:2],
                "records_single": score_records(alone[0], conf_alone, t, single=True)[:2],
                "tp": s["tp"], "fp": s["fp"], "clean": s["none_sentences_no_event"]})
    return calibration


def draws_of(draws: list[dict], register: str) -> list:
    return [[round(d[register][0], 4), round(d[register][1], 4)] for d in draws]


def report(results: dict, chosen: dict) -> dict:
    """Per rule (and "previous", the replaced model's setting): its choice, the seed-mean figures and,
    against register_f1's choice and the previous setting, on how many draws precision and recall
    rise / tie / fall per register."""
    out = {}
    bases = {b: results[chosen[b]] for b in ("register_f1", "previous") if b in chosen}
    for rule, key in chosen.items():
        draws = results[key]
        out[rule] = {"key": list(key), **summarise(draws), "tp": float(np.mean([d["tp"] for d in draws])),
                     "fp": float(np.mean([d["fp"] for d in draws])),
                     "clean": float(np.mean([d["clean"] for d in draws])),
                     "per_draw": {reg: draws_of(draws, reg) for reg in REGISTERS},
                     **{f"against_{b}": {f"{reg}_{m}": agreement(base, draws, reg, i)
                                         for reg in REGISTERS for i, m in enumerate(("P", "R"))}
                        for b, base in bases.items()}}
        print(f"rule {rule}: {key}\n  {json.dumps(out[rule])}", flush=True)
    return out


def draw_tag(lexicon_roles: bool, sourceless: str, context_sources) -> str:
    """The name of a run's cached draws (gate_draw_TAG_SEED): which roles, sourceless policy and
    context-source rules coded them."""
    tag = "lexicon_roles" if lexicon_roles else f"roles_{sourceless}"
    return tag + "".join(f"_{r}" for r in sorted(context_sources))


def draw_key(parsed, roles: Path, tag: str) -> str:
    """What a cached draw was made from: the documents' text and the role settings (not the code:
    after a change to the event stage, use a new --cache directory)."""
    h = hashlib.sha1(roles.with_suffix(".json").read_bytes() + tag.encode())
    for d, _ in parsed:
        h.update(f"{d.doc_id}\n{d.text}\n".encode())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/whimbrel_events_cache/roles_parsed.pkl"),
                    help="parsed train documents (train_event_roles.py --cache); the draws are cached beside it "
                         "(a new directory after a change to the actor, coref or event code)")
    ap.add_argument("--out", type=Path, default=GATE_PATH)
    ap.add_argument("--draws", type=int, default=5, help="cross-validation draws (document shuffles)")
    ap.add_argument("--rule", choices=tuple(RULES), default="register_f05", help="the selection rule shipped")
    ap.add_argument("--roles", type=Path, default=ROLES_PATH,
                    help="the role assigner whose settings the folds re-derive")
    ap.add_argument("--dump", type=Path, default=None, help="each rule's out-of-fold events per draw (gate_errors.py)")
    ap.add_argument("--grid", type=Path, default=None,
                    help="every (model, threshold)'s per-draw figures as JSON (scripts/gate_curve.py compares two runs)")
    ap.add_argument("--analyse", action="store_true", help="print the causes of the lexicon's wrong events")
    ap.add_argument("--label", choices=("triple", "type"), default="triple",
                    help="what the gate learns: the event right (type + countries) or its trigger's type right")
    ap.add_argument("--no-write", action="store_true", help="cross-validate only")
    ap.add_argument("--trigger-oof", nargs=3, metavar=("ITEMS", "OOF", "KEY"), default=None,
                    help="append the trigger encoder's gate columns from its out-of-fold file "
                         "(scripts/trigger_items.py, scripts/train_trigger_encoder.py --cv; the key the shipped "
                         f"{TRIGGER_PATH.name} was trained as)")
    ap.add_argument("--sourceless", choices=("drop", "roles", "passive", "all"), default=SOURCELESS,
                    help="what becomes of events the rules find no source for (extract.keeps_sourceless)")
    ap.add_argument("--context-sources", default=",".join(sorted(CONTEXT_SOURCES)),
                    help=f"comma-separated rules of events/context_sources.py ({', '.join(CONTEXT_RULES)}; '' none)")
    ap.add_argument("--lexicon-roles", action="store_true",
                    help="the lexicon's argument rules instead of the role assigner")
    ap.add_argument("--role-queries", type=Path, default=None,
                    help="write every draw's (sentence, trigger, chosen source / target span) for "
                         "scripts/train_role_tagger.py --answers, then stop")
    ap.add_argument("--role-oof", nargs=2, metavar=("QUERIES", "ANSWERS"), default=None,
                    help="append the role tagger's gate columns from its out-of-fold answers to --role-queries")
    args = ap.parse_args()
    context_sources = frozenset(r for r in args.context_sources.split(",") if r)
    if not context_sources <= set(CONTEXT_RULES):
        ap.error(f"--context-sources: unknown rule in {args.context_sources!r} (rules: {', '.join(CONTEXT_RULES)})")
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    rows = load_corpus(shared=args.shared, split="train")
    nlp, parsed = parse(rows, args.cache)
    alone_rows = standalone_rows(rows)
    _, alone_parsed = parse(alone_rows, args.cache.with_name(args.cache.stem + "_standalone.pkl"), nlp)
    pipe = nlp.get_pipe("whimbrel_events")
    pipe.context_sources = context_sources
    # the role assigner's training items (the rules' events: parse() turned roles off)
    data = [] if args.lexicon_roles else items(nlp, parsed)
    pipe.use_gate, pipe.use_roles = False, not args.lexicon_roles   # the gate learns on the events it will see
    pipe.sourceless = args.sourceless

    def entry(d, doc):
        return doc_entry(d, doc, pipe.lexicon)

    def alone_entry(d, doc):
        return doc_entry(d, doc, pipe.lexicon, with_modality=True)

    def make_draw(folds, folder):
        if args.lexicon_roles:   # no role model: every fold codes alike
            cache = {d.doc_id: entry(d, pipe(doc)) for d, doc in parsed}
            return cache, [cache] * 5, {d.doc_id: alone_entry(d, pipe(doc)) for d, doc in alone_parsed}
        models = RoleModels(data, folds, folder, args.roles)
        alone = code_standalone(pipe, alone_parsed, models, lambda doc_id: folds[parent(doc_id)], alone_entry)
        return (*draw_caches(pipe, parsed, models, entry), alone)

    assemble_x = assemble if args.trigger_oof is None else \
        with_trigger_columns(assemble, Path(args.trigger_oof[0]), Path(args.trigger_oof[1]), args.trigger_oof[2])
    if args.role_oof is not None:
        assemble_x = with_role_columns(assemble_x, Path(args.role_oof[0]), Path(args.role_oof[1]))
    grid, results, draws, queries = configs(), {}, [], []
    tag = draw_tag(args.lexicon_roles, args.sourceless, pipe.context_sources)
    for seed in range(args.draws):
        folds = draw_folds([d for d, _ in parsed], seed)
        folder = args.cache.parent / f"gate_draw_{tag}_{seed}"
        test, mixed, alone = cached_draw(folder.with_suffix(".pkl"), lambda: make_draw(folds, folder),
                                         draw_key(parsed, args.roles, tag))
        if args.role_queries:
            queries += role_queries(rows, [test, *mixed]) + role_queries(alone_rows, [alone])
            continue
        x_a, _, g_a, alone_sentences = assemble_x(alone_rows, alone, args.label)
        x, y, sentences, probs, alone_probs = oof_draw(assemble_x, rows, test, mixed, folds, grid, fit, args.label,
                                                       (x_a, np.asarray([folds[parent(g)] for g in g_a])))
        triples, right, synthetic = event_arrays(sentences, len(y))
        if seed == 0:
            lexicon_cv = simulate(sentences, triples, np.ones(len(y)), 0.5)
            print(f"draw 0: {len(sentences)} sentences, {len(y)} lexicon events, right {int((right == 1).sum())}; "
                  f"lexicon alone {lexicon_cv}", flush=True)
            if args.analyse:
                print(json.dumps(analyse(sentences), indent=1), flush=True)
        alone_triples = event_arrays(alone_sentences, len(x_a))[0]
        if seed == 0:
            ones = np.ones(len(x_a))
            lexicon_cv["records"] = {reg: score_records(alone_sentences, ones, 0.5, single=reg == "records_single")
                                     for reg in ("records", "records_single")}   # (P, R, n)
            lexicon_cv["standalone"] = simulate(alone_sentences, alone_triples, ones, 0.5)
            print(f"  read on their own, lexicon alone: {lexicon_cv['records']} {lexicon_cv['standalone']}", flush=True)
        calibration = score_draw(sentences, triples, right, synthetic, probs,
                                 (alone_sentences, alone_triples, alone_probs), results)
        draws.append({"x": x, "y": y, "sentences": sentences, "triples": triples, "calibration": calibration,
                      "alone": (alone_sentences, alone_triples)})
        print(f"  draw {seed} scored", flush=True)
    if args.role_queries:
        unique = list({(q["text"], tuple(q["trigger"]), tuple(q["spans"][0])): q for q in queries}.values())
        args.role_queries.write_text(json.dumps(unique))
        print(f"wrote {len(unique)} role queries to {args.role_queries}")
        return
    chosen = {rule: choose(results, rule) for rule in RULES}
    if args.out.with_suffix(".json").is_file():   # the model this run replaces, on the same draws
        old = json.loads(args.out.with_suffix(".json").read_text())
        chosen["previous"] = (old["use_vectors"], old["synthetic"], old["C"], old["threshold"])
    rules = report(results, chosen)
    for rule in RULES:   # the runners-up: how close the grid is
        for k in sorted(results, key=lambda k: -summarise(results[k])[rule][0])[:6]:
            m = summarise(results[k])
            print(f"  {rule} {k}: {m[rule]} real P/R {m['real_P']} {m['real_R']} short P/R {m['short_P']} "
                  f"{m['short_R']}", flush=True)
    if args.dump:
        args.dump.write_bytes(pickle.dumps({rule: {"key": key, "draws": [
            {"sentences": d["sentences"], "triples": d["triples"], "conf": d["calibration"][key[:3]][2],
             "alone_sentences": d["alone"][0], "alone_triples": d["alone"][1],
             "alone_conf": d["calibration"][key[:3]][3]} for d in draws]}
            for rule, key in chosen.items()}))
    if args.grid:
        args.grid.write_text(json.dumps([{"key": list(k), "draws": v} for k, v in results.items()]))
    if args.no_write:
        return
    key = chosen[args.rule]
    columns, learn, c = grid[key[:3]]
    d0 = draws[0]
    keep = learn(d0["y"], d0["sentences"])
    scaler, model = fit(d0["x"][keep][:, columns], d0["y"][keep], c)
    p = np.concatenate([d["calibration"][key[:3]][0] for d in draws])
    r = np.concatenate([d["calibration"][key[:3]][1] for d in draws])
    iso = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p, r)
    save(args.out, scaler, model, iso, {
        "use_vectors": key[0], "synthetic": key[1], "C": key[2], "threshold": key[3], "rule": args.rule,
        "draws": args.draws, "sourceless": args.sourceless, "trigger_columns": args.trigger_oof is not None,
        "role_columns": args.role_oof is not None,
        "context_sources": sorted(pipe.context_sources), "cv": rules[args.rule], "rules": rules, "lexicon_cv": lexicon_cv,
        "grid": [{"key": list(k), **{m: x for m, x in summarise(v).items() if not m.endswith(("_F1", "_F05"))}}
                 for k, v in results.items()],
        "reliability": reliability(iso.predict(p), r), "train_events": int(keep.sum())})


def save(out: Path, scaler, model, iso, meta: dict) -> None:
    np.savez_compressed(out, mean=scaler.mean_.astype(np.float32), scale=scaler.scale_.astype(np.float32),
                        coef=model.coef_[0].astype(np.float32), bias=np.float32(model.intercept_[0]),
                        calib_x=iso.X_thresholds_.astype(np.float32), calib_y=iso.y_thresholds_.astype(np.float32))
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out} and {out.with_suffix('.json')}")


if __name__ == "__main__":
    main()
