"""Where the gated event stage loses recall and precision, out of fold on the real TRAIN sentences.

Reads the out-of-fold events that `scripts/train_event_gate.py --dump PATH` keeps per selection rule
and draw, and classifies
- every required gold event the stage misses: no lexicon event on the gold trigger (the lexicon does
  not type it, or the role assigner dropped its event for want of a source); a lexicon event there
  with the wrong type; the right type but the gate rejected it (below the threshold); kept with the
  right type but the source or target country wrong;
- every kept event that is wrong: its trigger is no event (gold NONE); an event of another type;
  the right type with the wrong source / target country.
Counts are the mean over draws; examples come from draw 0. With --parsed, draw 0's first class is
split: the lexicon types no trigger on the word; it types one but its argument rules find no source;
the role assigner drops the rules' event.

    python scripts/gate_errors.py --dump /tmp/gate_dump.pkl [--examples 3] [--shared ../shared --parsed PARSED]
"""
from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from train_event_gate import candidate_starts

from whimbrel.evaluate.corpus import gold_triples, match_gold, match_sentence
from whimbrel.events.corpus import country


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


def missed(draw: dict, threshold: float):
    """(sentence index, row, gold event, trigger char, class) of every required gold event missed."""
    for i, (row, flat, events) in enumerate(draw["sentences"]):
        if row.get("synthetic"):
            continue
        conf = [float(draw["conf"][j]) for j in flat]
        gold = gold_triples(row)
        found = {k for k in match_gold(gold, [e[1] for e, c in zip(events, conf) if c >= threshold]) if k is not None}
        starts = candidate_starts(row)
        for n, (g, (_, optional)) in enumerate(zip(row.get("events", []), gold)):
            if n not in found and not optional:
                at = starts.get(g["c"])
                yield i, row, g, at, miss_class(g, at, events, conf, threshold)


def line(row: dict, at: int | None, what) -> str:
    word = row["text"][at:].split(" ")[0] if at is not None else "?"
    return f"{row['text']!r} '{word}' {what}"


def classify(draw: dict, threshold: float):
    """Per class: the missed gold events and the wrong kept events of one draw, as example lines."""
    misses, wrongs = defaultdict(list), defaultdict(list)
    for _, row, g, at, cls in missed(draw, threshold):
        misses[cls].append(line(row, at, f"gold {(g['type'], country(g.get('source_code')), country(g.get('target_code')))}"))
    for row, flat, events in draw["sentences"]:
        if row.get("synthetic"):
            continue
        kept = [e for e, j in zip(events, flat) if draw["conf"][j] >= threshold]
        verdicts, _ = match_sentence(gold_triples(row), [e[1] for e in kept])
        starts = candidate_starts(row)
        for e, v in zip(kept, verdicts):
            if v is False:
                wrongs[wrong_class(e, row, starts)].append(line(row, e[2], f"-> {e[1]}"))
    return misses, wrongs


def split_no_event(draw: dict, threshold: float, parsed_path: Path, shared: Path, examples: int) -> dict:
    """The class "no lexicon event on the gold trigger" split by where the event is lost: the
    lexicon types no trigger on the word; it types one but its argument rules find no source (no
    event); or the rules' event is dropped by the role assigner. Parses nothing: the documents come
    parsed from `parsed_path` (train_event_gate.py --cache), in the dump's sentence order."""
    from train_event_roles import parse

    from whimbrel.events.corpus import load_corpus
    from whimbrel.events.extract import build_candidates, triggers_in
    nlp, parsed = parse(load_corpus(shared=shared, split="train"), parsed_path)
    lexicon = nlp.get_pipe("whimbrel_events").lexicon
    where = [(n, start) for n, (d, _) in enumerate(parsed) for _, start, _ in d.spans]
    coded: dict[int, tuple] = {}   # per document: the lexicon's typed triggers and the rules' events
    out = defaultdict(list)
    for i, row, g, at, cls in missed(draw, threshold):
        if cls != "no lexicon event on the gold trigger":
            continue
        n, start = where[i]
        if n not in coded:
            doc = parsed[n][1]
            coded[n] = ([(t, m) for t, m, _ in triggers_in(doc, lexicon)],
                        [(e.trigger, e.match) for e in build_candidates(doc, lexicon)])

        def here(pairs):
            return [m for t, m in pairs if at in (t.idx - start, m.noun.idx - start if m.noun is not None else None)]
        typed = here(coded[n][0])
        if not typed:
            sub = "lexicon types no trigger on the word"
        elif not here(coded[n][1]):
            sub = "typed, but the argument rules find no source (no event)"
        else:
            sub = "the rules' event dropped by the role assigner (no source)"
        out[sub].append(line(row, at, f"gold {g['type']}, typed {[m.plover for m in typed]}"))
    return {k: {"n": len(v), "examples": v[:examples]} for k, v in sorted(out.items(), key=lambda kv: -len(kv[1]))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, required=True)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"), help="the corpus, with --parsed")
    ap.add_argument("--parsed", type=Path, default=None,
                    help="the parsed train documents (train_event_gate.py --cache): split the no-event class (draw 0)")
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
        if args.parsed is not None:
            report["no_event_split_draw_0"] = split_no_event(chosen["draws"][0], threshold, args.parsed, args.shared,
                                                             args.examples)
        out[rule] = report
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
