"""Source and target country of the top event of one-sentence documents read as records (issue 16).

Reads a dump of scripts/train_event_gate.py (--dump; out-of-fold gate probabilities per draw) and
codes every real one-sentence train document holding a required gold event as a record in record
mode (Coder.record_mode: the events above the gate's threshold, else the most probable one; the top
event by evaluate/plover_gsr's order). Per record: the top event's type, source country and target
country are right when some required gold event of the sentence has them (no event: wrong), as
the PLOVER suite scores a record's source and target. Train only; out of fold.

    python scripts/record_roles.py DUMP.pkl [--rule previous] [--threshold 0.3] [--all]
"""
from __future__ import annotations

import argparse
import pickle
from pathlib import Path

import numpy as np
from gate_records import top_triple

from whimbrel.evaluate.corpus import gold_triples


def record_scores(draw: dict, threshold: float, single: bool = True) -> np.ndarray:
    """Per record: (type right, source right, target right, all right, target right with the type:
    a gold event of the top event's type has its target country)."""
    conf = np.asarray(draw["alone_conf"])
    out = []
    for row, flat, events in draw["alone_sentences"]:
        required = [t for t, optional in gold_triples(row) if not optional]
        if not required or (single and not row.get("single")):
            continue
        top = top_triple(events, conf, flat, threshold, record_mode=True)
        out.append([top is not None and any(top[k] == g[k] for g in required) for k in range(3)]
                   + [top in required, top is not None and any(top[0] == g[0] and top[2] == g[2] for g in required)])
    return np.asarray(out, dtype=float)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--rule", default="previous", help="the dump's rule whose gate is scored ('previous': the shipped one)")
    ap.add_argument("--threshold", type=float, default=None, help="default: the rule's own threshold")
    ap.add_argument("--all", action="store_true", help="every real sentence read alone, not only one-sentence documents")
    args = ap.parse_args()
    dump = pickle.loads(args.dump.read_bytes())[args.rule]
    threshold = args.threshold if args.threshold is not None else dump["key"][3]
    scores = [record_scores(d, threshold, not args.all) for d in dump["draws"]]
    mean = np.mean([s.mean(axis=0) for s in scores], axis=0)
    typed = np.mean([s[:, 4].sum() / s[:, 0].sum() for s in scores])
    print(f"{args.rule} {dump['key']} threshold {threshold}: {len(scores[0])} records per draw, "
          f"{len(scores)} draws; type / source / target / all right: {' / '.join(f'{m:.3f}' for m in mean[:4])}; "
          f"target country of the records whose top event has a gold type: {typed:.3f}")


if __name__ == "__main__":
    main()
