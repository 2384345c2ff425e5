"""PyTorch pieces shared by the encoder fine-tuning scripts (training only; whimbrel never imports torch).

One BERT block with the same arithmetic as whimbrel.nlp.encoder.Encoder._block, the frozen lower
layers run once over a set of items, and padding. Used by scripts/train_coref_encoder.py (they came
from the factuality encoder script, retired when the factuality model moved to frozen vectors).
"""
from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from whimbrel.nlp.encoder import BERT_WEIGHTS


class Block(nn.Module):
    """One BERT layer, the same arithmetic as whimbrel.nlp.encoder.Encoder._block (MPNet's too, with
    its weight names and its relative position bias added to `mask`)."""

    def __init__(self, t: dict, prefix: str, heads: int = 12, eps: float = 1e-12, names: dict = BERT_WEIGHTS):
        super().__init__()
        self.heads, self.eps, self.names = heads, eps, names
        def lin(name):
            w, b = torch.tensor(np.array(t[prefix + name + ".weight"])), torch.tensor(np.array(t[prefix + name + ".bias"]))
            layer = nn.Linear(w.shape[1], w.shape[0])
            layer.weight.data.copy_(w)
            layer.bias.data.copy_(b)
            return layer
        def ln(name):
            weight = torch.tensor(np.array(t[prefix + name + ".weight"]))
            layer = nn.LayerNorm(weight.shape[0], eps=eps)
            layer.weight.data.copy_(weight)
            layer.bias.data.copy_(torch.tensor(np.array(t[prefix + name + ".bias"])))
            return layer
        self.query, self.key, self.value = lin(names["query"]), lin(names["key"]), lin(names["value"])
        self.out, self.ln1 = lin(names["out"]), ln(names["ln1"])
        self.ffn_in, self.ffn_out, self.ln2 = lin(names["ffn_in"]), lin(names["ffn_out"]), ln(names["ln2"])
        self.prefix = prefix

    def forward(self, x, mask):
        b, n, d = x.shape
        split = lambda y: y.view(b, n, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / (d // self.heads) ** 0.5 + mask, dim=-1)
        ctx = (att @ v).transpose(1, 2).reshape(b, n, d)
        x = self.ln1(x + self.out(ctx))
        return self.ln2(x + self.ffn_out(nn.functional.gelu(self.ffn_in(x))))

    def export(self) -> dict[str, np.ndarray]:
        out = {}
        for key, name in self.names.items():
            mod = getattr(self, key)
            out[self.prefix + name + ".weight"] = mod.weight.detach().numpy().astype(np.float16)
            out[self.prefix + name + ".bias"] = mod.bias.detach().numpy().astype(np.float16)
        return out


def embed_lower(items: list[dict], t: dict, frozen: int, batch: int = 64) -> None:
    """Hidden states after the frozen layers, stored on each item (computed once)."""
    word = torch.tensor(np.array(t["embeddings.word_embeddings.weight"]))
    pos = torch.tensor(np.array(t["embeddings.position_embeddings.weight"]))
    typ = torch.tensor(np.array(t["embeddings.token_type_embeddings.weight"]))[0]
    ln = nn.LayerNorm(384, eps=1e-12)
    ln.weight.data.copy_(torch.tensor(np.array(t["embeddings.LayerNorm.weight"])))
    ln.bias.data.copy_(torch.tensor(np.array(t["embeddings.LayerNorm.bias"])))
    blocks = [Block(t, f"encoder.layer.{i}.") for i in range(frozen)]
    order = sorted(range(len(items)), key=lambda i: len(items[i]["ids"]))
    with torch.no_grad():
        for s in range(0, len(order), batch):
            chunk = [items[i] for i in order[s:s + batch]]
            ids, mask = pad([c["ids"] for c in chunk])
            x = ln(word[ids] + pos[: ids.shape[1]] + typ)
            for blk in blocks:
                x = blk(x, mask)
            for row, c in enumerate(chunk):
                c["lower"] = x[row, : len(c["ids"])].clone()


def pad(seqs: list[list[int]]):
    n = max(len(s) for s in seqs)
    ids = torch.zeros((len(seqs), n), dtype=torch.long)
    att = torch.zeros((len(seqs), n))
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = torch.tensor(s)
        att[r, : len(s)] = 1
    return ids, ((1 - att) * -1e9)[:, None, None, :]



MAX_PIECES = 256   # the model's max_seq_length, [CLS] and [SEP] included


def encode(text: str, wp) -> tuple[list[int], list]:
    """Piece ids of `text` with [CLS] and [SEP], cut to the model's length, and the pieces' offsets."""
    pieces = wp.tokenize(text)
    offsets = pieces.offsets[: MAX_PIECES - 2]
    return [wp.cls, *pieces.ids[: MAX_PIECES - 2], wp.sep], offsets


def piece_rows(offsets, span) -> list[int]:
    """The rows (after [CLS]) of the pieces overlapping a character span."""
    s, e = span
    return [j + 1 for j, (ps, pe) in enumerate(offsets) if ps < e and pe > s]


def export_tuned(blocks, heads: dict) -> dict[str, np.ndarray]:
    """The tuned blocks and the named linear heads as float16 arrays (what inference reads)."""
    arrays = {}
    for blk in blocks:
        arrays.update(blk.export())
    for name, head in heads.items():
        arrays[f"{name}.weight"] = head.weight.detach().numpy().astype(np.float16)
        arrays[f"{name}.bias"] = head.bias.detach().numpy().astype(np.float16)
    return arrays


def top_states(blocks, chunk: list[dict], hidden: int = 384) -> torch.Tensor:
    """The tuned `blocks` run over a batch of items' frozen lower states (embed_lower), padded."""
    x = torch.zeros((len(chunk), max(len(c["ids"]) for c in chunk), hidden))
    for r, c in enumerate(chunk):
        x[r, : len(c["ids"])] = c["lower"]
    _, mask = pad([c["ids"] for c in chunk])
    for blk in blocks:
        x = blk(x, mask)
    return x


def fine_tune(model: nn.Module, head_params, items: list[dict], which: list[int], args, lr: float,
              batch_loss, after_epoch=None) -> nn.Module:
    """The fine-tuning loop every encoder script shares: AdamW (the model's `blocks` at `lr`,
    `head_params` at args.head_lr, weight decay 0.01), 10 % linear warm-up, batches of args.batch
    items of similar length (less padding) shuffled each epoch by args.seed. `batch_loss(model,
    chunk)` gives (mean loss, how many targets it averages; 0 skips the batch);
    `after_epoch(model, epoch)` runs after each epoch."""
    opt = torch.optim.AdamW([{"params": model.blocks.parameters(), "lr": lr},
                             {"params": head_params, "lr": args.head_lr}], weight_decay=0.01)
    rng = random.Random(args.seed)
    order = sorted(which, key=lambda i: len(items[i]["ids"]))
    batches = [order[s:s + args.batch] for s in range(0, len(order), args.batch)]
    steps = len(batches) * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)))
    for epoch in range(1, args.epochs + 1):
        model.train()
        rng.shuffle(batches)
        start, total, count = time.time(), 0.0, 0
        for b in batches:
            loss, n = batch_loss(model, [items[i] for i in b])
            if not n:
                continue
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * n
            count += n
        print(f"  epoch {epoch}: loss {total / max(count, 1):.4f} ({time.time() - start:.0f} s)", flush=True)
        if after_epoch is not None:
            after_epoch(model, epoch)
    return model


def training_args(ap, layers: int, epochs: int, batch: int, threads: int) -> None:
    """The options every encoder script shares (defaults per script)."""
    ap.add_argument("--items", type=Path, required=True)
    ap.add_argument("--layers", type=int, default=layers)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=epochs)
    ap.add_argument("--batch", type=int, default=batch)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=threads)
