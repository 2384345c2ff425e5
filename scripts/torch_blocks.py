"""PyTorch pieces shared by the encoder fine-tuning scripts (training only; whimbrel never imports torch).

One BERT block with the same arithmetic as whimbrel.nlp.encoder.Encoder._block, the frozen lower
layers run once over a set of items, and padding. Used by scripts/train_coref_encoder.py (they came
from the factuality encoder script, retired when the factuality model moved to frozen vectors).
"""
from __future__ import annotations

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

