"""Train the learned role assigner (events/roles.py) on the TRAIN split of the event corpus.

1. Code every train document whole (events.corpus.corpus_documents) up to the lexicon's events
   (gate and role assigner off); parsed documents are cached (--cache, outside the repository).
2. One item per gold event whose trigger the corpus names: its candidates (roles.candidates: the
   sentence's actor mentions and the lexicon's own actors for the trigger), each labelled source /
   target / neither by the gold source and target text (overlap), else (the roles in --fallback,
   COUNTRY_FALLBACK by default) by the gold code's country.
   The event's type is the lexicon's when it emits one on the trigger, else the gold type.
3. 5-fold cross-validation grouped by document: source and target country accuracy on the real
   gold events the lexicon finds with the right type (as the corpus suite's `by_trigger` counts
   them), the lexicon's argument rules against the learned assigner; the regularisation C and
   what to learn from (every gold event, the real ones, those the lexicon types) are chosen by the mean of both accuracies.
   Also printed: target precision (right target country among the events given a target, issue 16).
   --quarter: all of this on the train documents outside a held-aside quarter (held_aside), then that
   quarter scored by a model fitted on the rest, and both sides' target figures at every target prior
   (--bias fixes the priors); develop on the three quarters, confirm on the held one. Writes nothing.
4. --ablate: the same cross-validation with each argument fallback of the lexicon switched off
   (scripts/ablate_event_fallbacks.py), counting gold events whose trigger gets an event with the
   right type, source country and target country.
5. Fit on all of train and write data/events/event_roles.{npz,json}. The test split is never read.

    nice -n 10 python scripts/train_event_roles.py --shared /work/shared
"""
from __future__ import annotations

import argparse
import json
import pickle
import zlib
from pathlib import Path

import numpy as np
from ablate_event_fallbacks import FALLBACKS, switched_off
from sklearn.model_selection import GroupKFold
from train_event_model import fit, full_matrix

from whimbrel.evaluate.corpus import actor_country
from whimbrel.events.corpus import corpus_documents, country, load_corpus
from whimbrel.events.lexicon import TriggerMatch
from whimbrel.events.roles import ROLES_PATH, NEITHER, SOURCE, TARGET, candidates, choose, role_matrix
from whimbrel.events.target_rules import target_vetoes

# what to learn from: every gold event, the real sentences' only, or those the lexicon types (any type)
LEARN = ("all", "real", "found")
GRID = [(c, learn) for learn in LEARN for c in (0.003, 0.01, 0.03)]


def parse(rows, cache_path: Path, nlp=None):
    """(pipeline, [(document, parsed Doc without events)]); `nlp`: a pipeline parse() built before."""
    from whimbrel.nlp.pipeline import build_pipeline, pipe_aligned
    # the quote stage too: an event's source may be a quote's speaker (events/context_sources.py
    # quoted_self); a cache made before session 12 holds no quotes: re-make it
    nlp = nlp or build_pipeline(stages=("whimbrel_actors", "whimbrel_coref", "whimbrel_quotes", "whimbrel_events"))
    pipe = nlp.get_pipe("whimbrel_events")
    pipe.use_gate = pipe.use_roles = False
    pipe.veto_targets = False   # the role assigner's features are the rules' own targets
    docs = corpus_documents(rows)
    parsed = pickle.loads(cache_path.read_bytes()) if cache_path.is_file() else {}
    # a document the cache lacks or holds with other text (the corpus grew or changed) is parsed
    # anew; the cache does not know the code, so a changed actor or coref stage needs a new --cache
    todo = [d for d in docs if d.doc_id not in parsed or parsed[d.doc_id].text != d.text]
    if todo:   # by document id: a document a stage dropped is absent, never paired with the next one
        with nlp.select_pipes(disable=["whimbrel_events"]):
            parsed.update({d.doc_id: doc for d, doc in pipe_aligned(nlp, todo, lambda d: d.text)})
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache_path.write_bytes(pickle.dumps(parsed))
    return nlp, [(d, parsed[d.doc_id]) for d in docs if d.doc_id in parsed]


def overlaps(actor, spans) -> bool:
    return any(actor.start_char < b and a < actor.end_char for a, b in spans)


def text_spans(text: str, phrase: str | None, offset: int) -> list[tuple[int, int]]:
    out, at = [], 0
    while phrase and (k := text.find(phrase, at)) >= 0:
        out.append((offset + k, offset + k + len(phrase)))
        at = k + 1
    return out


# the roles whose label falls back to the gold code's country when no candidate covers the gold words
COUNTRY_FALLBACK = frozenset({"source", "target"})


def labels(cands, gold: dict, row: dict, start: int, fallback=COUNTRY_FALLBACK) -> list[int]:
    """Per candidate: SOURCE / TARGET where it covers the gold phrase, else (for the roles in
    `fallback`, when no candidate covers the phrase) where its country is the gold code's, else NEITHER."""
    out = [NEITHER] * len(cands)
    for role, label in (("source", SOURCE), ("target", TARGET)):
        spans = text_spans(row["text"], gold.get(f"{role}_text"), start)
        hits = [k for k, c in enumerate(cands) if c.origin != "context" and overlaps(c.actor, spans)]
        if not hits and role in fallback and gold.get(f"{role}_code"):
            hits = [k for k, c in enumerate(cands) if actor_country(c.actor) == country(gold[f"{role}_code"])]
        for k in hits:
            if out[k] == NEITHER:
                out[k] = label
    return out


def items(nlp, parsed, fallback=COUNTRY_FALLBACK) -> list[dict]:
    """One item per gold event with a trigger token; the lexicon's events are recomputed (the
    fallback switches act there); `fallback`: labels()'s."""
    pipe = nlp.get_pipe("whimbrel_events")
    out = []
    for d, doc in parsed:
        events = pipe(doc)._.events or []
        mentions = doc._.actor_mentions or []
        at = {t.idx: t for t in doc}
        for row, start, _ in d.spans:
            tokens = nlp.tokenizer(row["text"])
            for g in row.get("events", []):
                cand = next((c for c in row["candidates"] if c["c"] == g["c"]), None)
                tok = at.get(start + tokens[cand["i"]].idx) if cand and cand["i"] < len(tokens) else None
                if tok is None:
                    continue
                group = [e for e in events if e.trigger.i == tok.i or (e.match.noun is not None and e.match.noun.i == tok.i)]
                trigger = group[0].trigger if group else tok
                match = group[0].match if group else TriggerMatch(g["type"], None, (), "gold", None, None)
                cands = candidates(trigger, group, mentions)
                out.append({
                    "x": role_matrix(trigger, match, cands), "y": np.asarray(labels(cands, g, row, start, fallback)),
                    "vetoes": target_vetoes(trigger, cands, match.plover),
                    "cands": cands, "doc": d.doc_id, "synthetic": bool(row.get("synthetic")), "found": bool(group),
                    "added": bool(row.get("added")),   # a later annotation round (scripts/roles_unseen_rounds.py)
                    "scored": not row.get("synthetic") and bool(group) and match.plover == g["type"],
                    "gold": (country(g.get("source_code")), country(g.get("target_code"))),
                    "lexicon": (actor_country(group[0].source), actor_country(group[0].target)) if group else (None, None),
                    "where": (row["text"], start, trigger.text, g)})   # for scripts/target_errors.py
    return out


BIASES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def predict(item, probs, bias=(0.0, 0.0)) -> tuple:
    if probs is None:
        return (None, None)
    chosen = choose(probs, item["cands"], bias, item["vetoes"])
    return (actor_country(chosen.source.actor) if chosen.source else None,
            actor_country(chosen.target.actor) if chosen.target else None)


def accuracy(pairs) -> dict:
    """pairs: (predicted (source, target) countries, gold) over the scored items. Target precision:
    right target country among the items given a target (issue 16: a wrong target costs more than none)."""
    n = len(pairs)
    src = sum(p[0] == g[0] for p, g in pairs)
    tgt = sum(p[1] == g[1] for p, g in pairs)
    with_src = [(p, g) for p, g in pairs if g[0]]
    named = [(p, g) for p, g in pairs if p[1]]
    return {"n": n, "source_country": round(src / n, 4) if n else None,
            "target_country": round(tgt / n, 4) if n else None,
            "source_country_gold_has_source": round(sum(p[0] == g[0] for p, g in with_src) / len(with_src), 4)
            if with_src else None, "both": round(sum(p == g for p, g in pairs) / n, 4) if n else None,
            "target_named": len(named),
            "target_precision": round(sum(p[1] == g[1] for p, g in named) / len(named), 4) if named else None}


def learnable(item: dict, learn: str) -> bool:
    return bool(len(item["y"])) and (learn == "all" or (learn == "real" and not item["synthetic"])
                                     or (learn == "found" and item["found"]))


def cross_validate(data: list[dict], c: float, learn: str) -> list:
    """Out-of-fold role probabilities per scored item (None for the others and for no candidates)."""
    groups = np.asarray([it["doc"] for it in data])
    out = [None] * len(data)
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(data)), groups=groups):
        rows = [data[k] for k in train if learnable(data[k], learn)]
        x = np.vstack([it["x"] for it in rows])
        y = np.concatenate([it["y"] for it in rows])
        scaler, model = fit(x, y, c)
        arrays = full_matrix(scaler, model, 3)
        for k in test:
            it = data[k]
            if it["scored"] and len(it["y"]):
                out[k] = proba(arrays, it["x"])
    return out


def proba(arrays, x) -> np.ndarray:
    z = ((x - arrays["mean"]) / arrays["scale"]) @ arrays["coef"].T + arrays["bias"]
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def evaluate(data, c, learn, biases=None) -> tuple[dict, dict, list, tuple]:
    """Lexicon rules and learned assigner (at the best role biases, or the given ones) out of fold."""
    probs = cross_validate(data, c, learn)
    scored = [k for k, it in enumerate(data) if it["scored"]]
    best = None
    for bias in biases or [(s, t) for s in BIASES for t in BIASES]:
        pred = [predict(data[k], probs[k], bias) if data[k]["scored"] else None for k in range(len(data))]
        learned = accuracy([(pred[k], data[k]["gold"]) for k in scored])
        key = learned["source_country"] + learned["target_country"]
        if best is None or key > best[0]:
            best = (key, learned, pred, bias)
    lexicon = accuracy([(data[k]["lexicon"], data[k]["gold"]) for k in scored])
    return lexicon, best[1], best[2], best[3]


def held_aside(doc_id: str) -> bool:
    """The quarter of train documents a change is confirmed on after it was chosen on the rest."""
    return zlib.crc32(doc_id.encode()) % 4 == 0


def held_out(dev: list[dict], held: list[dict], c: float, learn: str) -> list:
    """Role probabilities of the scored `held` items (None for the others) from the assigner fitted
    on the learnable `dev` items."""
    rows = [it for it in dev if learnable(it, learn)]
    arrays = full_matrix(*fit(np.vstack([it["x"] for it in rows]), np.concatenate([it["y"] for it in rows]), c), 3)
    return [proba(arrays, it["x"]) if it["scored"] and len(it["y"]) else None for it in held]


def learned_figures(data: list[dict], probs: list, bias) -> dict:
    return accuracy([(predict(it, p, bias), it["gold"]) for it, p in zip(data, probs) if it["scored"]])


def curve(data: list[dict], probs: list, source_bias: float) -> str:
    """Target accuracy / targets named / their precision at each target prior, the source's fixed:
    whether a change moves the trade between naming targets and their precision, or only along it."""
    return "  ".join(f"+{t}: {f['target_country']} / {f['target_named']} / {f['target_precision']}"
                     for t in BIASES for f in [learned_figures(data, probs, (source_bias, t))])


def right_events(data, pred) -> int:
    """Gold events (real) whose trigger gets the right type, source and target country (out of fold)."""
    return sum(1 for it, p in zip(data, pred) if it["scored"] and p == it["gold"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/whimbrel_roles/parsed_by_doc.pkl"))
    ap.add_argument("--out", type=Path, default=ROLES_PATH)
    ap.add_argument("--ablate", action="store_true", help="cross-validate with each argument fallback off")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--fallback", default=",".join(sorted(COUNTRY_FALLBACK)),
                    help="comma-separated roles (source, target; '' none) whose labels fall back to the gold country")
    ap.add_argument("--quarter", action="store_true",
                    help="choose by CV on the train documents outside the held-aside quarter (held_aside), then "
                         "score that quarter with a model fitted on the rest; writes nothing")
    ap.add_argument("--bias", default="", help="fixed role priors 'S,T' instead of the best on the grid")
    args = ap.parse_args()
    biases = [tuple(float(v) for v in args.bias.split(","))] if args.bias else None
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    nlp, parsed = parse(load_corpus(shared=args.shared, split="train"), args.cache)
    fallback = frozenset(r for r in args.fallback.split(",") if r)
    data = items(nlp, parsed, fallback)
    held = [it for it in data if held_aside(it["doc"])] if args.quarter else []
    data = [it for it in data if not (args.quarter and held_aside(it["doc"]))]
    print(f"train: {len(data)} gold events with a trigger, {sum(it['scored'] for it in data)} real ones the "
          f"lexicon finds with the right type, {sum(len(it['y']) for it in data)} candidate rows", flush=True)
    grid, results = [], []
    for c, learn in GRID:
        lexicon, learned, _, bias = evaluate(data, c, learn, biases)
        grid.append({"C": c, "learn": learn, "bias": bias, **learned})
        mean = (learned["source_country"] + learned["target_country"]) / 2
        results.append((mean, c, learn, lexicon, learned, bias))
        print(f"  C={c} learn={learn} bias={bias}: learned {learned}", flush=True)
    _, c, learn, lexicon, learned, bias = choose_setting(results, args.out.with_suffix(".json"))
    print(f"chosen C={c} learn={learn} bias={bias}: lexicon rules {lexicon}, learned {learned}", flush=True)
    if args.quarter:
        probs = held_out(data, held, c, learn)
        lexicon = accuracy([(it["lexicon"], it["gold"]) for it in held if it["scored"]])
        print(f"held-aside quarter: lexicon rules {lexicon}, learned {learned_figures(held, probs, bias)}\n"
              f"target prior -> target country / named / precision, out of fold: "
              f"{curve(data, cross_validate(data, c, learn), bias[0])}\n  held-aside: {curve(held, probs, bias[0])}",
              flush=True)
        return
    ablation = ablate(nlp, parsed, c, learn, bias, fallback) if args.ablate else None
    if args.no_write:
        return
    rows = [it for it in data if learnable(it, learn)]
    write_model(args.out, rows, c)
    meta = {"C": c, "learn": learn, "bias": list(bias), "label_fallback": sorted(fallback),
            "cv_lexicon_rules": lexicon, "cv_learned": learned, "grid": grid, "ablation": ablation, "train_items": len(rows), "train_rows": int(sum(len(it["y"]) for it in rows))}
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {args.out} and {args.out.with_suffix('.json')}")


TIE = 0.005   # of the mean country accuracy: 1.5 of 291 real gold events, within CV noise


def choose_setting(results: list[tuple], shipped: Path) -> tuple:
    """The (mean accuracy, C, learn, ...) with the best mean; the shipped model's C and learn when
    they are within TIE of it, so that a retrain on the same data does not flip its settings on noise
    (session 12: C 0.03 `found` vs `real` differed by 0.0001)."""
    best = max(results, key=lambda r: r[0])
    meta = json.loads(shipped.read_text()) if shipped.is_file() else {}
    kept = [r for r in results if (r[1], r[2]) == (meta.get("C"), meta.get("learn")) and r[0] >= best[0] - TIE]
    return kept[0] if kept else best


def write_model(out: Path, rows: list[dict], c: float) -> None:
    scaler, model = fit(np.vstack([it["x"] for it in rows]), np.concatenate([it["y"] for it in rows]), c)
    arrays = full_matrix(scaler, model, 3)
    np.savez_compressed(out, **{k: v.astype(np.float16) for k, v in arrays.items()})


def ablate(nlp, parsed, c, learn, bias, fallback) -> dict:
    out = {}
    for name in [None, *FALLBACKS]:
        with switched_off(name):
            data = items(nlp, parsed, fallback)
        lexicon, learned, pred, _ = evaluate(data, c, learn, [bias])
        out[name or "all fallbacks on"] = {"found_with_type": learned["n"], "right_learned": right_events(data, pred),
                                           "right_lexicon": sum(it["scored"] and it["lexicon"] == it["gold"] for it in data),
                                           "learned": learned}
        print(f"  ablation {name or 'all fallbacks on'}: {out[name or 'all fallbacks on']}", flush=True)
    return out


if __name__ == "__main__":
    main()
