"""A shipped gate's precision on train sentences it never saw, beside a refit's out-of-fold figures.

The gate files shipped since session 11 were fitted on the first annotation round only; the
session-12 additions' train sentences are unseen by them. Train CV compares settings refit on the
whole split, never the shipped files, so this script scores, per draw of a finished
`train_event_gate.py --dump` run (same --cache), on the real train sentences of each round:
the shipped (or any) gate file, and the dump's "previous" rule out-of-fold confidences. On the
additions the comparison is fair (both unseen); on the first round the shipped gate is in-sample.

    python scripts/gate_unseen_rounds.py --cache /tmp/g/parsed.pkl --dump /tmp/g/dump.pkl [--gate FILE.npz]
        [--thresholds 0.3,0.35,0.4]   (the gate file's figures at other thresholds too)
        [--targetless-floors 0.4,1.01]   (... with events that name no target country kept only
                                           at or above the floor; above 1 drops them all)
"""
from __future__ import annotations

import argparse
import pickle
from pathlib import Path

from gate_draws import cached_draw, draw_folds
from train_event_gate import assemble, draw_key, draw_tag, event_arrays, parse

from whimbrel.evaluate.corpus import gold_triples, score
from whimbrel.events.corpus import load_corpus
from whimbrel.events.extract import CONTEXT_SOURCES, SOURCELESS
from whimbrel.events.gate import GATE_PATH, Gate
from whimbrel.events.roles import ROLES_PATH

TAG = draw_tag(False, SOURCELESS, CONTEXT_SOURCES)   # the draws of a run with the shipped settings


def precision_by_round(sentences, triples, conf, threshold: float) -> dict[str, tuple]:
    """(P, right, wrong) of the events kept at `threshold` on each round's real sentences."""
    out = {}
    for name in ("first", "added"):
        pairs = [(gold_triples(row), [(triples[i], conf[i]) for i in flat if conf[i] >= threshold])
                 for row, flat, _ in sentences
                 if not row.get("synthetic") and ("added" if row.get("added") else "first") == name]
        s = score(pairs)
        out[name] = (round(s["event_precision"], 3), s["tp"], s["fp"])
    return out


def targetless_floored(triples, conf, floor: float) -> list[float]:
    """The confidences with an event that names no target country set to 0 below `floor`."""
    return [0.0 if t is not None and t[2] is None and c < floor else c for t, c in zip(triples, conf)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--cache", type=Path, required=True, help="the --cache of the train_event_gate.py run")
    ap.add_argument("--dump", type=Path, required=True, help="that run's --dump")
    ap.add_argument("--gate", type=Path, default=GATE_PATH, help="the gate file to score (default: shipped)")
    ap.add_argument("--thresholds", default="", help="comma-separated further thresholds for the gate file")
    ap.add_argument("--targetless-floors", default="", help="comma-separated floors for events without a target")
    args = ap.parse_args()
    rows = load_corpus(shared=args.shared, split="train")
    _, parsed = parse(rows, args.cache)
    gate = Gate(args.gate)
    previous = pickle.loads(args.dump.read_bytes())["previous"]
    for seed, oof in enumerate(previous["draws"]):
        folds = draw_folds([d for d, _ in parsed], seed)
        folder = args.cache.parent / f"gate_draw_{TAG}_{seed}"
        test, _, _ = cached_draw(folder.with_suffix(".pkl"), lambda: None, draw_key(parsed, ROLES_PATH, TAG))
        x, y, _, sentences = assemble(rows, test, "triple")
        triples = event_arrays(sentences, len(y))[0]
        conf = gate.confidence(x)
        print(f"draw {seed}: gate file {precision_by_round(sentences, triples, conf, gate.threshold)}"
              f"  refit out of fold {precision_by_round(sentences, triples, oof['conf'], gate.threshold)}", flush=True)
        for t in (float(v) for v in args.thresholds.split(",") if v):
            print(f"  gate file at {t}: {precision_by_round(sentences, triples, conf, t)}", flush=True)
        for f in (float(v) for v in args.targetless_floors.split(",") if v):
            floored = targetless_floored(triples, conf, f)
            refit = targetless_floored(triples, oof["conf"], f)
            print(f"  targetless floor {f}: gate file {precision_by_round(sentences, triples, floored, gate.threshold)}"
                  f"  refit out of fold {precision_by_round(sentences, triples, refit, gate.threshold)}", flush=True)


if __name__ == "__main__":
    main()
