"""Where the gated event stage loses recall and precision, out of fold on the real TRAIN sentences.

Reads the out-of-fold events that `scripts/train_event_gate.py --dump PATH` keeps per selection rule
and draw, and classifies
- every required gold event the stage misses: no lexicon event on the gold trigger (the lexicon does
  not type it, or the role assigner dropped its event for want of a source); a lexicon event there
  with the wrong type; the right type but the gate rejected it (below the threshold); kept with the
  right type but the source or target country wrong;
- every kept event that is wrong: its trigger is no event (gold NONE); an event of another type;
  the right type with the wrong source / target country.
Counts are the mean over draws; examples come from draw 0.

    python scripts/gate_errors.py --dump /tmp/gate_dump.pkl [--examples 3]
"""
from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from train_event_gate import candidate_starts

from whimbrel.evaluate.corpus import gold_triples, match_sentence
from whimbrel.events.corpus import country


def matched_gold(gold: list, predicted: list) -> set[int]:
    """The gold events evaluate/corpus.match_sentence pairs with a predicted event (same order)."""
    free, out = list(range(len(gold))), set()
    for p in predicted:
        k = next((g for g in free if gold[g][0] == p and not gold[g][1]), None)
        if k is None:
            k = next((g for g in free if gold[g][0] == p), None)
        if k is not None:
            free.remove(k)
            out.add(k)
    return out


def miss_class(g: dict, at: int | None, events: list, conf: list, threshold: float) -> str:
    """Why a missed gold event (corpus row event `g`) is missed; `events` the sentence's lexicon events."""
    if at is None:
        return "gold trigger not located"
    here = [(e, c) for e, c in zip(events, conf) if at in (e[2], e[3])]
    if not here:
        return "no lexicon event on the gold trigger"
    typed = [(e, c) for e, c in here if e[1][0] == g["type"]]
    if not typed:
        return "lexicon event, wrong type"
    if all(c < threshold for _, c in typed):
        return "right type, gate rejected"
    return "kept, source/target country wrong"


def wrong_class(event, row: dict, starts: dict) -> str:
    """Why a kept event matching no gold event is wrong."""
    golds = [g for g in row.get("events", []) if starts.get(g["c"]) in (event[2], event[3])]
    if not golds:
        return "not an event (gold NONE)"
    typed = [g for g in golds if g["type"] == event[1][0]]
    if not typed:
        return "wrong type"
    g = typed[0]
    source_ok = event[1][1] == country(g.get("source_code"))
    return "right type, target country wrong" if source_ok else "right type, source country wrong"


def classify(draw: dict, threshold: float):
    """Per class: the missed gold events and the wrong kept events of one draw, as example lines."""
    misses, wrongs = defaultdict(list), defaultdict(list)
    for row, flat, events in draw["sentences"]:
        if row.get("synthetic"):
            continue
        conf = [float(draw["conf"][i]) for i in flat]
        kept = [e for e, c in zip(events, conf) if c >= threshold]
        gold = gold_triples(row)
        starts = candidate_starts(row)
        found = matched_gold(gold, [e[1] for e in kept])
        for n, (g, (triple, optional)) in enumerate(zip(row.get("events", []), gold)):
            if n not in found and not optional:
                at = starts.get(g["c"])
                word = row["text"][at:].split(" ")[0] if at is not None else "?"
                misses[miss_class(g, at, events, conf, threshold)].append(f"{row['text']!r} '{word}' gold {triple}")
        verdicts, _ = match_sentence(gold, [e[1] for e in kept])
        for e, v in zip(kept, verdicts):
            if v is False:
                word = row["text"][e[2]:].split(" ")[0]
                wrongs[wrong_class(e, row, starts)].append(f"{row['text']!r} '{word}' -> {e[1]}")
    return misses, wrongs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, required=True)
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()
    dump = pickle.loads(args.dump.read_bytes())
    out = {}
    for rule, chosen in dump.items():
        threshold = chosen["key"][3]
        per_draw = [classify(d, threshold) for d in chosen["draws"]]
        report = {"key": list(chosen["key"])}
        for side, index in (("missed", 0), ("wrong", 1)):
            counts = [Counter({k: len(v) for k, v in p[index].items()}) for p in per_draw]
            classes = sorted(set().union(*counts), key=lambda k: -sum(c[k] for c in counts))
            report[side] = {k: {"mean": round(float(np.mean([c[k] for c in counts])), 1),
                                "examples": per_draw[0][index].get(k, [])[:args.examples]} for k in classes}
        out[rule] = report
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
