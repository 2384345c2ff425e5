"""Train the register router (news prose vs web text) and choose its threshold on held-out train.

    .venv/bin/python scripts/train_register.py --data ../shared/eval \\
        [--out src/whimbrel/data/modality/register_model.json]

Reads only the train.jsonl files of MEANTIME (news, label 1) and UDS-IH2 (web text, label 0); the
dev files are never read. The held-out tenth of each file (the one that picked the encoder's epoch,
`calibrate_factuality_encoder.held_out_rows`) is left out of the fit. Features are
`modality.register.register_features` (no content words); balanced logistic regression. The
threshold on the news probability is the one (on a grid, 0 = cues only) that maximises the mean
over the two corpora of the held-out macro-F1 of the shipped predictor: rules for formal
sentences, the factuality encoder for informal ones. Run after train_factuality_encoder.py and
before calibrate_factuality_encoder.py and train_modality.py. About five minutes on two cores.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path

import numpy as np
import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from calibrate_factuality_encoder import CORPORA, held_out_rows, read_rows, target_outputs
from whimbrel.modality.encoder_model import EncoderFactuality, ensemble_members
from whimbrel.modality.factuality import parse_pretokenised, score_predictions
from whimbrel.modality.model import rule_prediction
from whimbrel.modality.register import MODEL_PATH, cues_say_informal, register_cues, register_features
from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.pipeline import DEFAULT_MODEL

C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)


def split(path: Path, rng: random.Random) -> tuple[list[dict], list[dict]]:
    rows = read_rows(path)
    held = held_out_rows(rows, rng)
    held_text = {r["text"] for r in held}
    return [r for r in rows if r["text"] not in held_text], held


def held_targets(nlp, rows: list[dict], encoder: EncoderFactuality) -> list[dict]:
    """Per target: gold, rule prediction, raw encoder output, cue register and style features."""
    out = []
    for row in rows:
        doc, tokens, raw = target_outputs(nlp, row, encoder)
        sent_feats = [register_features(s) for s in doc.sents]  # the style model reads the document
        for tok, t, r in zip(tokens, row["targets"], raw):
            cues = register_cues(tok.sent)
            out.append({"gold": float(t["label"]), "rule": rule_prediction(tok), "raw": r,
                        "cue_informal": cues_say_informal(cues), "features": sent_feats})
    return out


def shipped_f1(targets: list[dict], probs: list[float], threshold: float, classes) -> float:
    pred, score = [], []
    for t, p in zip(targets, probs):
        if t["cue_informal"] or p < threshold:
            pred.append(classes[int(np.argmax(t["raw"][:3]))])
            score.append(float(t["raw"][3]))
        else:
            pred.append(t["rule"][0])
            score.append(t["rule"][1])
    return score_predictions([t["gold"] for t in targets], pred, score)["macro_f1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--encoders", type=Path, nargs="+", default=ensemble_members()[0],
                    help="factuality encoder member files (default: the shipped ones)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    nlp = spacy.load(DEFAULT_MODEL)
    encoder = EncoderFactuality(load_encoder(), args.encoders, class_bias=[0.0, 0.0, 0.0])  # before calibration
    rng = random.Random(args.seed)
    feats, labels, held = [], [], {}
    for name in CORPORA:
        fit_rows, held_rows = split(args.data / name / "train.jsonl", rng)
        sents = [s for r in fit_rows for s in parse_pretokenised(nlp, r["text"].split(" ")).sents]
        feats += [register_features(s) for s in sents]  # one example per sentence, as it is applied
        labels += [1 if name.startswith("meantime") else 0] * len(sents)
        held[name] = held_targets(nlp, held_rows, encoder)
        print(f"{name}: {len(fit_rows)} fit sentences, {len(held[name])} held-out targets", flush=True)
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    table, models = {}, {}
    for c in C_GRID:
        models[c] = fit(vec, x, labels, c)
        probs = {n: [doc_prob(models[c], t["features"]) for t in ts] for n, ts in held.items()}
        for th in THRESHOLDS:
            table[(c, th)] = {n: round(shipped_f1(held[n], probs[n], th, encoder.classes), 4) for n in CORPORA}
            print(f"C {c} threshold {th}: held-out macro-F1 {table[(c, th)]}", flush=True)
    c, th = max(table, key=lambda k: (sum(table[k].values()), -k[1], -k[0]))
    model = {**models[c], "threshold": th, "C": c,
             "held_out_macro_f1": {f"C={k[0]} threshold={k[1]}": v for k, v in table.items()},
             "about": "whimbrel register router (news vs web text); scripts/train_register.py"}
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (C {c}, threshold {th}, {len(model['weights'])} weights)")


def fit(vec: DictVectorizer, x, labels: list[int], c: float) -> dict:
    lr = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x, np.array(labels))
    weights = {k: round(float(w), 4) for k, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if abs(w) >= 1e-4}
    return {"weights": weights, "bias": float(lr.intercept_[0])}


def doc_prob(model: dict, sent_feats: list[dict]) -> float:
    """Mean news probability of a document's sentences (as modality.register computes it)."""
    total = 0.0
    for f in sent_feats:
        z = model["bias"] + sum(model["weights"].get(k, 0.0) * v for k, v in f.items())
        total += 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
    return total / len(sent_feats)


if __name__ == "__main__":
    main()
