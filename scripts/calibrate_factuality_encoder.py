"""Choose per-class logit offsets of the factuality encoder on held-out train sentences.

    .venv/bin/python scripts/calibrate_factuality_encoder.py --data ../shared/eval \\
        [--models src/whimbrel/data/modality/factuality_encoder.npz ...]

Runs after scripts/train_factuality_encoder.py, without PyTorch. The held-out sentences are the
same tenth of each train.jsonl that picked the training epoch (`held_out_rows`, seed 13); the dev
files are never read. The offsets (negated, uncertain; factual stays 0) are searched on a grid to
maximise the mean over the two corpora of the held-out macro-F1 of the shipped predictor (rules for
formal sentences, the encoder for informal ones). They apply to the average of the members' logits
and are written, with the member list, to data/modality/factuality_encoder.json.
"""
from __future__ import annotations

import argparse
import json
import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import spacy

from whimbrel.modality.encoder_model import ENSEMBLE_PATH, EncoderFactuality, ensemble_members, sentence_items
from whimbrel.modality.factuality import parse_pretokenised, score_predictions, span_head
from whimbrel.modality.model import rule_prediction
from whimbrel.modality.predictor import registers
from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.pipeline import DEFAULT_MODEL

CORPORA = ("meantime_factuality", "uds_ih2_factuality")
GRID = np.round(np.arange(-1.5, 1.51, 0.1), 2)


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def held_out_rows(rows: list[dict], seed_state: random.Random) -> list[dict]:
    """The held-out tenth of a train file's rows, drawn exactly as train_factuality_encoder.py draws it."""
    rows = [r for r in rows if r["targets"]]
    order = list(range(len(rows)))
    seed_state.shuffle(order)
    return [rows[i] for i in order[: len(rows) // 10]]


def target_outputs(nlp, row: dict, model: EncoderFactuality) -> tuple[Any, list, list[np.ndarray]]:
    """One train row parsed: its Doc, the head token of each gold target, and the encoder's raw
    output (3 logits + score) for each target."""
    doc = parse_pretokenised(nlp, row["text"].split(" "))
    tokens = [span_head(doc, t["span1"][0], max(t["span1"][-1], t["span1"][0] + 1)) for t in row["targets"]]
    items, where = sentence_items(tokens)
    raw = model.outputs(items)
    return doc, tokens, [raw[k][j] for k, j in where]


def collect(nlp, rows: list[dict], model: EncoderFactuality) -> dict:
    """Gold labels, rule predictions, registers and raw encoder outputs of every target."""
    out = {"gold": [], "rule": [], "informal": [], "raw": []}
    for row in rows:
        _, tokens, raw = target_outputs(nlp, row, model)
        out["gold"] += [float(t["label"]) for t in row["targets"]]
        out["rule"] += [rule_prediction(t) for t in tokens]
        out["informal"] += registers(tokens)
        out["raw"] += raw
    return out


def macro_f1(data: dict, bias: np.ndarray, classes: tuple[str, ...]) -> float:
    pred, score = [], []
    for rule, informal, raw in zip(data["rule"], data["informal"], data["raw"]):
        if informal:
            pred.append(classes[int(np.argmax(raw[:3] + bias))])
            score.append(float(raw[3]))
        else:
            pred.append(rule[0])
            score.append(rule[1])
    return score_predictions(data["gold"], pred, score)["macro_f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--models", type=Path, nargs="+", help="member weight files (default: the shipped members)")
    ap.add_argument("--out", type=Path, default=ENSEMBLE_PATH, help="the ensemble file to write")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    paths = args.models or ensemble_members()[0]
    model = EncoderFactuality(load_encoder(), paths, class_bias=[0.0, 0.0, 0.0])  # calibrate from zero
    nlp = spacy.load(DEFAULT_MODEL)
    state = random.Random(args.seed)
    data = {name: collect(nlp, held_out_rows(read_rows(args.data / name / "train.jsonl"), state), model) for name in CORPORA}
    best = (-1.0, np.zeros(3))
    for neg in GRID:
        for unc in GRID:
            bias = np.array([0.0, neg, unc])
            mean = sum(macro_f1(d, bias, model.classes) for d in data.values()) / len(data)
            if mean > best[0] + 1e-9:
                best = (mean, bias)
    zero = {n: round(macro_f1(d, np.zeros(3), model.classes), 4) for n, d in data.items()}
    tuned = {n: round(macro_f1(d, best[1], model.classes), 4) for n, d in data.items()}
    print(f"held-out macro-F1 without offsets {zero}, with {best[1].tolist()} {tuned}")
    spec = {"members": [os.path.relpath(p, args.out.parent) for p in paths],
            "class_bias": [float(x) for x in best[1]],
            "calibration": {"held_out": "train_factuality_encoder.py's tenth of each train.jsonl (seed 13)",
                            "without": zero, "with": tuned}}
    args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
