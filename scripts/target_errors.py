"""Out-of-fold target errors of the role assigner on the TRAIN split (issue 16), by class.

The items, folds and setting are train_event_roles.py's (its cache, C, what to learn from, priors:
the shipped event_roles.json unless given). For every real gold event the lexicon finds with the
right type whose predicted target country is not the gold one, the class:
- `resolution`: a candidate covers the gold target's words but has no country / another country;
- `decision: none named / wrong named`: a candidate covering the gold words has its country, the
  assigner named no target / another one;
- `decision, other mention: ...`: no candidate covers the gold words, another candidate (not the
  chosen source) has the gold country (the training labels make it the target);
- `candidates`: no candidate covers the gold target's words nor has its country (but the source);
- `named, gold none` (`: same country` when the named target has the source's country).
Writes every error (sentence, trigger, gold target text and code, candidates with probabilities)
as JSON lines; prints the counts, source / target country accuracy and target precision. --quarter:
only the train documents outside train_event_roles.py's held-aside quarter; --fallback: its label rule.

    nice -n 10 python scripts/target_errors.py OUT.jsonl --shared ../shared --cache DIR/parsed.pkl
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from train_event_roles import (COUNTRY_FALLBACK, accuracy, cross_validate, held_aside, items, overlaps, parse, predict,
                               text_spans)

from whimbrel.evaluate.corpus import actor_country
from whimbrel.events.corpus import load_corpus
from whimbrel.events.roles import ROLES_PATH, SOURCE, TARGET, choose


def error_class(it: dict, pred: tuple, chosen_source, spans: list) -> str:
    """The class of one target error (module docstring)."""
    gold_t = it["gold"][1]
    if gold_t is None:
        return "named, gold none: same country" if pred[1] == it["gold"][0] else "named, gold none"
    covering = [c for c in it["cands"] if c.origin != "context" and overlaps(c.actor, spans)]
    if covering:
        if any(actor_country(c.actor) == gold_t for c in covering):
            return "decision: none named" if pred[1] is None else "decision: wrong named"
        return "resolution"
    if any(actor_country(c.actor) == gold_t and c is not chosen_source for c in it["cands"]):
        return "decision, other mention: none named" if pred[1] is None else "decision, other mention: wrong named"
    return "candidates"


def errors(data: list[dict], probs: list, bias: tuple) -> list[dict]:
    out = []
    for it, p in zip(data, probs):
        if not it["scored"]:
            continue
        pred = predict(it, p, bias)
        if pred[1] == it["gold"][1]:
            continue
        chosen = choose(p, it["cands"], bias, it["vetoes"]).source if p is not None else None
        text, start, trigger, g = it["where"]
        spans = text_spans(text, g.get("target_text"), start)
        out.append({"class": error_class(it, pred, chosen, spans), "doc": it["doc"], "text": text, "trigger": trigger,
                    "type": g["type"], "gold_source": [g.get("source_text"), g.get("source_code")],
                    "gold_target": [g.get("target_text"), g.get("target_code")], "predicted": list(pred),
                    "source_ok": pred[0] == it["gold"][0],
                    "candidates": [{"text": c.actor.text, "country": actor_country(c.actor), "how": c.actor.how,
                                    "kind": c.actor.kind, "origin": c.origin, "rules": sorted(c.lexicon_role),
                                    "p_source": round(float(p[k, SOURCE]), 3) if p is not None else None,
                                    "p_target": round(float(p[k, TARGET]), 3) if p is not None else None}
                                   for k, c in enumerate(it["cands"])]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/whimbrel_roles/parsed_by_doc.pkl"))
    ap.add_argument("--roles", type=Path, default=ROLES_PATH, help="the setting (C, learn, priors) to analyse")
    ap.add_argument("--fallback", default=",".join(sorted(COUNTRY_FALLBACK)), help="as train_event_roles.py's")
    ap.add_argument("--quarter", action="store_true", help="only the documents outside the held-aside quarter")
    args = ap.parse_args()
    meta = json.loads(args.roles.with_suffix(".json").read_text())
    nlp, parsed = parse(load_corpus(shared=args.shared, split="train"), args.cache)
    data = items(nlp, parsed, frozenset(r for r in args.fallback.split(",") if r))
    data = [it for it in data if not (args.quarter and held_aside(it["doc"]))]
    probs = cross_validate(data, meta["C"], meta["learn"])
    bias = tuple(meta["bias"])
    scored = [k for k, it in enumerate(data) if it["scored"]]
    print(f"C={meta['C']} learn={meta['learn']} bias={bias}:",
          accuracy([(predict(data[k], probs[k], bias), data[k]["gold"]) for k in scored]))
    found = errors(data, probs, bias)
    args.out.write_text("".join(json.dumps(e) + "\n" for e in found))
    print(f"{len(found)} target errors:", dict(Counter(e["class"] for e in found).most_common()))


if __name__ == "__main__":
    main()
