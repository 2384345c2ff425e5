"""Decision rules for the three factuality classes on out-of-fold blend probabilities (CV, training only).

    .venv/bin/python scripts/factuality_rules_cv.py --items /tmp/s10-fact/items.json \\
        --oof /tmp/s10-fact/oof_s9.npz --key L3_lr0.0001_e3 --weight 0.7

The inputs are factuality_blend_cv.py's (the linear model's and the encoder's out-of-fold predictions
on the same document-run folds; `--key K1+K2` an ensemble). Each rule turns the averaged class
probabilities (and the linear model's regressed score) into a class; its parameters are chosen per
corpus on the other folds' targets of that corpus, by that corpus's macro-F1 after the agreement with
the rule modality, then applied to the held-out fold. Printed per corpus: macro-F1 as emitted and the
factual / negated / uncertain F1s. "offsets" is the shipped rule (factuality_cv.cross_validate).
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from factuality_blend_cv import blend, members
from factuality_cv import CORPORA, best_offsets
from sklearn.linear_model import LogisticRegression

from whimbrel.modality.factuality import CLASSES, gold_class

FACTUAL, NEGATED, UNCERTAIN = (CLASSES.index(c) for c in ("factual", "negated", "uncertain"))
EXPECTED_GRID = np.round(np.arange(-1.0, 1.001, 0.05), 2)  # thresholds on P(factual) - P(negated)
SCORE_GRID = np.round(np.arange(-3.0, 3.001, 0.1), 2)  # thresholds on the regressed score
CONFIDENCE_GRID = np.round(np.arange(0.3, 0.801, 0.025), 3)  # "uncertain below this top probability"


class Targets:
    """The train targets' gold classes, corpora, folds, rule signs and the blend's inputs."""

    def __init__(self, data: dict, oof: dict, key: str, weight: float):
        t = data["targets"]
        self.gold = np.array([CLASSES.index(gold_class(x["label"])) for x in t])
        self.corpus = np.array([x["corpus"] for x in t])
        self.group = np.array([x["group"] for x in t])
        self.folds = data["folds"]
        # the class the stage's agreement bans: a negated rule is never factual, an asserted never negated
        self.banned = np.array([{"negated": FACTUAL, "asserted": NEGATED}.get(x["rule"], -1) for x in t])
        self.records = [{"corpus": x["corpus"], "label": x["label"]} for x in t]
        self.score = np.array([x["score"] for x in t])
        self.logp = blend(np.array([x["linear"] for x in t]), members(oof, key), weight)
        self.prob = np.exp(self.logp)

    def agree(self, pred: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return np.where(pred == self.banned[rows], UNCERTAIN, pred)


def class_f1(gold: np.ndarray, pred: np.ndarray) -> list[float]:
    out = []
    for k in (FACTUAL, NEGATED, UNCERTAIN):
        denom = np.sum(gold == k) + np.sum(pred == k)
        out.append(2 * np.sum((gold == k) & (pred == k)) / denom if denom else 0.0)
    return out


def pick(data: Targets, rows: np.ndarray, grid, decide: Callable) -> object:
    """The grid point whose decisions on `rows` (after agreement) have the best macro-F1."""
    scored = [(np.mean(class_f1(data.gold[rows], data.agree(decide(p, rows), rows))), k) for k, p in enumerate(grid)]
    return grid[max(scored, key=lambda s: (s[0], -s[1]))[1]]


def rules(d: Targets) -> dict[str, tuple[Callable, Callable]]:
    """name -> (choose(rows) -> params, decide(params, rows) -> classes)."""
    def offsets(rows):
        return best_offsets(d.records, rows, d.logp[rows], d.score[rows])

    def argmax(off, rows):
        return np.argmax(d.logp[rows] + off, axis=1)

    def ordinal(value):
        def decide(p, rows):
            hi, lo = p
            return np.where(value[rows] > hi, FACTUAL, np.where(value[rows] < lo, NEGATED, UNCERTAIN))
        grid_of = EXPECTED_GRID if value is not d.score else SCORE_GRID
        grid = [(hi, lo) for hi in grid_of for lo in grid_of if lo <= hi]
        return (lambda rows: pick(d, rows, grid, decide)), decide

    def then_uncertain(value, grid):
        """the shipped offsets, then uncertain wherever `value` falls below a per-corpus threshold"""
        def decide(p, rows):
            return np.where(value[rows] < p[1], UNCERTAIN, argmax(p[0], rows))
        def choose(rows):
            off = offsets(rows)
            return pick(d, rows, [(off, t) for t in grid], decide)
        return choose, decide

    def stack(rows):
        x = np.column_stack([d.logp, d.score])
        return LogisticRegression(max_iter=2000, class_weight="balanced").fit(x[rows], d.gold[rows]), x

    return {"offsets (shipped)": (offsets, argmax),
            "ordinal on P(f) - P(n)": ordinal(d.prob[:, FACTUAL] - d.prob[:, NEGATED]),
            "ordinal on the linear score": ordinal(d.score),
            "offsets, uncertain if top P < t": then_uncertain(d.prob.max(axis=1), CONFIDENCE_GRID),
            "offsets, uncertain if |score| < t": then_uncertain(np.abs(d.score), SCORE_GRID[SCORE_GRID >= 0][:16]),
            "stacked LR (blend, score), balanced": (stack, lambda m, rows: m[0].predict(m[1][rows]))}


def run(d: Targets, choose: Callable, decide: Callable) -> str:
    pred = np.full(len(d.gold), -1)
    for f in range(d.folds):
        for c in CORPORA:
            others = np.where((d.group != f) & (d.corpus == c))[0]
            here = np.where((d.group == f) & (d.corpus == c))[0]
            pred[here] = d.agree(decide(choose(others), here), here)
    cells, means = [], []
    for c in CORPORA:
        m = d.corpus == c
        f1 = class_f1(d.gold[m], pred[m])
        means.append(np.mean(f1))
        cells.append(f"{np.mean(f1):.3f} ({f1[0]:.2f} / {f1[1]:.2f} / {f1[2]:.2f})")
    return " | ".join(cells) + f" | {np.mean(means):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=Path, required=True)
    ap.add_argument("--oof", required=True, help="out-of-fold file(s), comma-separated")
    ap.add_argument("--key", required=True, help="a setting, or K1+K2 (an ensemble)")
    ap.add_argument("--weight", type=float, default=0.7)
    args = ap.parse_args()
    oof: dict[str, np.ndarray] = {}
    for path in args.oof.split(","):
        oof.update(np.load(path))
    d = Targets(json.loads(args.items.read_text(encoding="utf-8")), oof, args.key, args.weight)
    print("| rule | " + " | ".join(f"{c} (fact / neg / unc F1)" for c in CORPORA) + " | mean |")
    for name, (choose, decide) in rules(d).items():
        print(f"| {args.key} w {args.weight}: {name} | {run(d, choose, decide)} |", flush=True)


if __name__ == "__main__":
    main()
