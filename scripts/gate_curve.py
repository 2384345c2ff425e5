"""Compare precision-gate runs along their threshold curves, not at one threshold.

`scripts/train_event_gate.py --grid PATH` writes every candidate's (model, threshold) per-draw
figures on the real train documents. At one fixed threshold two runs are compared across isotonic
steps that move with any change to the features: in session 14 a set of sentence features raised
real precision at threshold 0.3 from 0.488 to 0.511 (5 draws up of 5) while its curve was the
base's. This script reads each draw's curve (right and wrong kept events per threshold) and
interpolates the wrong events at the same numbers of right ones, then averages over draws: a run is
more precise where it keeps fewer wrong events for as many right ones.

    python scripts/gate_curve.py BASE.json OTHER.json [...] [--right 35,45,55,65,75]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def wrong_at(draws_by_threshold: dict[float, list[dict]], right: list[float]) -> np.ndarray:
    """Per draw, the wrong events interpolated at each count of `right` events along the model's
    threshold curve (held at the curve's end outside it); rows = draws."""
    thresholds = sorted(draws_by_threshold)
    out = []
    for d in range(len(draws_by_threshold[thresholds[0]])):
        tp = np.array([draws_by_threshold[t][d]["tp"] for t in thresholds], dtype=float)
        fp = np.array([draws_by_threshold[t][d]["fp"] for t in thresholds], dtype=float)
        order = np.argsort(tp, kind="stable")
        out.append(np.interp(right, tp[order], fp[order]))
    return np.asarray(out)


def curves(grid: list[dict]) -> dict[tuple, dict[float, list[dict]]]:
    """model (key without its threshold) -> threshold -> per-draw figures."""
    out: dict[tuple, dict[float, list[dict]]] = {}
    for g in grid:
        out.setdefault(tuple(g["key"][:-1]), {})[g["key"][-1]] = g["draws"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("grids", type=Path, nargs="+", help="train_event_gate.py --grid files; the first is the base")
    ap.add_argument("--right", default="35,45,55,65,75", help="right events per draw to compare at")
    args = ap.parse_args()
    right = [float(x) for x in args.right.split(",")]
    runs = [curves(json.loads(p.read_text())) for p in args.grids]
    print(f"wrong kept events per draw (mean over draws) at {right} right ones; one column block per file")
    for model in sorted(set().union(*runs), key=str):   # a model only some runs have: "-" in the others
        blocks = [" ".join(f"{w:6.1f}" for w in wrong_at(run[model], right).mean(axis=0)) if model in run else "-"
                  for run in runs]
        print(f"{model}: " + " | ".join(blocks))


if __name__ == "__main__":
    main()
