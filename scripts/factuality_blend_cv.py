"""Choose the tuned factuality encoder's settings and its averaging weight with the linear model (CV).

    .venv/bin/python scripts/factuality_blend_cv.py --items /tmp/s9-fact/items.json --oof /tmp/s9-fact/oof.npz
    .venv/bin/python scripts/factuality_blend_cv.py --items ... --oof ... --key L2_lr0.0001_e2 --weight 0.5 \\
        --ship src/whimbrel/data/modality/factuality_encoder.npz
    .venv/bin/python scripts/factuality_blend_cv.py --items ... --oof a.npz,b.npz --key KEY_A+KEY_B   (a seed ensemble)

Both inputs are out-of-fold predictions on the train targets over the same document-run folds
(factuality_items.py: the linear model's logits; train_factuality_encoder.py --cv: the encoder's
log-probabilities per setting and epoch). The class probabilities are averaged, (1 - w) * linear +
w * encoder, and scored as factuality_cv.py scores (macro-F1 / Pearson r per corpus: plain, with
per-corpus class offsets chosen on the other folds, and with the stage's agreement with the rule
modality); w = 0 is the linear model alone on these folds. The score stays the linear model's.
`--oof` may name several files (comma-separated; their settings' keys must differ, e.g. by seed) and a
`--key` "K1+K2" is the ensemble of those settings: their encoder probabilities averaged per target.

`--ship`: writes into the encoder file (from train_factuality_encoder.py --out) the weight, the
per-corpus offsets chosen on all out-of-fold predictions of that setting and the CV figures;
`--join b.npz,...` adds further members (the same setting trained with other seeds, in --key's
order after the first) under the prefixes m1., m2., ... (`modality.tuned` averages them); without
`--join` a file's members stay as they are (only the weight, offsets and figures are rewritten).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import factuality_cv
import numpy as np
from factuality_cv import CORPORA, cross_validate, row
from scipy.special import log_softmax, logsumexp
from train_factuality import corpus_offsets

WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)


def blend(linear: np.ndarray, encoder: np.ndarray, w: float) -> np.ndarray:
    """log((1 - w) softmax(linear) + w exp(encoder)): the averaged class probabilities, as logits."""
    if w <= 0:
        return log_softmax(linear, axis=1)
    if w >= 1:
        return encoder
    return logsumexp(np.stack([log_softmax(linear, axis=1) + np.log(1 - w), encoder + np.log(w)]), axis=0)


def members(oof: dict[str, np.ndarray], key: str) -> np.ndarray:
    """The encoder log-probabilities of setting `key`, or of the ensemble "K1+K2+...": the members'
    probabilities averaged (each member's are out of fold on the same folds, so the average is too)."""
    keys = key.split("+")
    return logsumexp(np.stack([oof[k] for k in keys]), axis=0) - np.log(len(keys))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=Path, required=True)
    ap.add_argument("--oof", required=True, help="out-of-fold file(s), comma-separated")
    ap.add_argument("--key", help="only this setting, or K1+K2 (an ensemble; default: every one in --oof)")
    ap.add_argument("--weight", type=float, help="only this averaging weight")
    ap.add_argument("--ship", type=Path, help="write the weight, offsets and CV figures into this model file")
    ap.add_argument("--join", help="with --ship: further members' model files, comma-separated")
    args = ap.parse_args()
    data = json.loads(args.items.read_text(encoding="utf-8"))
    factuality_cv.FOLDS = data["folds"]
    records = [{"corpus": t["corpus"], "label": t["label"], "group": t["group"], "rule": (t["rule"], None)}
               for t in data["targets"]]
    linear = np.array([t["linear"] for t in data["targets"]])
    scores = np.array([t["score"] for t in data["targets"]])
    oof: dict[str, np.ndarray] = {}
    for path in args.oof.split(","):
        oof.update(np.load(path))
    keys = [args.key] if args.key else sorted(oof)
    weights = [args.weight] if args.weight is not None else WEIGHTS
    print("| setting | w | " + " | ".join(f"{c} F1 / r" for c in CORPORA) + " | mean F1 |")
    for key in keys:
        for w in weights:
            res = cross_validate(records, blend(linear, members(oof, key), w), scores)
            print(row(f"{key} | {w}", res["plain"]))
            print(row(f"{key} +off+agree | {w}", res["offsets+agree"]), flush=True)
    if args.ship:
        logits = blend(linear, members(oof, args.key), args.weight)
        res = cross_validate(records, logits, scores)
        with np.load(args.ship) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays.pop("meta")))
        extra = [Path(p) for p in (args.join or "").split(",") if p]
        if extra:  # without --join the file keeps the members it holds (re-shipping new offsets)
            meta["member_seeds"] = [meta.get("seed", 0)]
            for k, path in enumerate(extra, start=1):
                with np.load(path) as z:
                    arrays.update({f"m{k}.{name}": z[name] for name in z.files if name != "meta"})
                    meta["member_seeds"].append(json.loads(str(z["meta"])).get("seed", 0))
            meta["members"] = 1 + len(extra)
        meta.update({"weight": args.weight, "setting": args.key, "folds": data["folds"],
                     "class_offsets": corpus_offsets(records, logits, scores),
                     "cv": {mode: {c: {k: round(v, 4) for k, v in r[c].items()} for c in CORPORA}
                            for mode, r in res.items()}})
        np.savez_compressed(args.ship, meta=np.array(json.dumps(meta)), **arrays)
        print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
