"""Fine-tune the top MiniLM blocks as a bi-encoder for event-trigger similarity (ECB+ train chains).

    .venv/bin/python scripts/train_event_coref.py --data ../shared/eval --export-items /tmp/ecb_items.json
    PYTHONPATH=src /tmp/train-venv/bin/python scripts/train_coref_encoder.py --items /tmp/ecb_items.json \
        --oof /tmp/ecb_oof.npz
    .venv/bin/python scripts/train_event_coref.py --data ../shared/eval --oof /tmp/ecb_oof.npz

Training only needs PyTorch (CPU) and NumPy; whimbrel never imports it. The items file (written by
train_event_coref.py from ECB+ train.jsonl, spaCy sentences) holds each sentence with mentions as
(text, mention spans) and per mention its gold chain, story and topic. The lower blocks of
all-MiniLM-L6-v2 stay frozen (computed once); the top `--layers` blocks and a linear projection are
trained so that the cosine of two mentions' vectors (mean of the span's word pieces, projected,
L2-normalised) separates coreferent from other mention pairs of the same gold story: binary cross
entropy on scale * cosine + bias, one story per step.

Two outputs:
- `data/dedup/coref_encoder.npz`: the tuned blocks (float16) and the projection, trained on all of
  train; `whimbrel.dedup.coref_vectors` runs it with the NumPy encoder;
- `--oof`: per train mention its vector from an encoder trained on the other topic folds (the same
  5 folds as train_event_coref.py), so that the pair model's training rows see cosines as noisy as
  on unseen topics.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from torch_blocks import Block, embed_lower, pad  # noqa: E402

from whimbrel.nlp import mpnet  # noqa: E402
from whimbrel.nlp.encoder import BERT_WEIGHTS, model_dir, parse_safetensors, read_safetensors  # noqa: E402
from whimbrel.nlp.wordpiece import WordPiece  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "src" / "whimbrel" / "data" / "dedup"
OUT = {"minilm": DATA / "coref_encoder.npz", "mpnet": DATA / "coref_mpnet.npz"}
FOLDS = 5
MAX_PIECES = 256


class Base:
    """The frozen model under the tuned blocks: its tokenizer, weights and block geometry.

    minilm: all-MiniLM-L6-v2 (6 blocks, 384 wide); mpnet: the first nine blocks of all-mpnet-base-v2
    (768 wide, a relative position bias added to every block's attention scores, `whimbrel.nlp.mpnet`).
    """

    def __init__(self, name: str):
        self.name = name
        if name == "minilm":
            directory = model_dir()
            self.wp = WordPiece(directory / "vocab.txt")
            self.t = read_safetensors(directory / "model.safetensors")
            self.depth, self.hidden, self.eps, self.names, self.relative = 6, 384, 1e-12, BERT_WEIGHTS, None
            return
        files = mpnet.read_model_files(mpnet.part_paths())
        self.numpy = mpnet.MPNetEncoder(files)
        self.wp = self.numpy.wordpiece
        self.t = parse_safetensors(files["model.safetensors"])
        self.depth, self.hidden, self.eps, self.names = mpnet.LAYER, 768, 1e-5, mpnet.MPNET_WEIGHTS
        self.relative = torch.tensor(self.numpy.relative)

    def block(self, i: int) -> Block:
        return Block(self.t, f"encoder.layer.{i}.", eps=self.eps, names=self.names)

    def bias(self, n: int) -> torch.Tensor | float:
        """What is added to the attention scores besides the padding mask: MPNet's position bias."""
        if self.relative is None:
            return 0.0
        return self.relative[torch.tensor(mpnet.relative_buckets(n, self.relative.shape[0]))].permute(2, 0, 1)[None]

    def embed_lower(self, items: list[dict], frozen: int) -> None:
        """Each item's hidden states after the frozen blocks (`lower`), computed once."""
        if self.name == "minilm":
            embed_lower(items, self.t, frozen)
            return
        blocks = self.numpy.blocks[:frozen]
        for s in range(0, len(items), 32):
            chunk = items[s:s + 32]
            (hidden,), _ = self.numpy.forward_stacks([c["ids"] for c in chunk], [blocks])
            for row, c in enumerate(chunk):
                c["lower"] = torch.tensor(hidden[row, : len(c["ids"])])


def load_items(path: Path, wp: WordPiece) -> tuple[list[dict], list[dict]]:
    """Sentence items with piece ids and, per span, its piece rows; and the mentions."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for it in data["items"]:
        pieces = wp.tokenize(it["text"])
        offsets = pieces.offsets[: MAX_PIECES - 2]
        ids = [wp.cls, *pieces.ids[: MAX_PIECES - 2], wp.sep]
        rows = []
        for s, e in it["spans"]:
            r = [k + 1 for k, (ps, pe) in enumerate(offsets) if ps < e and pe > s]
            rows.append(r or list(range(len(ids))))  # as Encoder.span_vectors: the text's mean
        items.append({"ids": ids, "rows": rows})
    return items, data["mentions"]


class Tuned(nn.Module):
    """Top blocks + projection; vectors of the mentions of a set of items."""

    def __init__(self, base: Base, blocks: list[Block], dim: int):
        super().__init__()
        self.base = base
        self.blocks = nn.ModuleList(blocks)
        self.proj = nn.Linear(base.hidden, dim) if dim else None
        if self.proj is not None:
            with torch.no_grad():  # start near the frozen cosine: an orthonormal projection
                nn.init.orthogonal_(self.proj.weight)
                self.proj.bias.zero_()
        self.scale = nn.Parameter(torch.tensor(10.0))
        self.bias = nn.Parameter(torch.tensor(-5.0))

    def forward(self, chunk: list[dict]) -> list[torch.Tensor]:
        """Per item a [spans, dim] tensor of L2-normalised span vectors."""
        n = max(len(c["ids"]) for c in chunk)
        x = torch.zeros((len(chunk), n, self.base.hidden))
        for r, c in enumerate(chunk):
            x[r, : len(c["ids"])] = c["lower"].float()
        _, mask = pad([c["ids"] for c in chunk])
        mask = mask + self.base.bias(n)
        for blk in self.blocks:
            x = blk(x, mask)
        out = []
        for r, c in enumerate(chunk):
            v = torch.stack([x[r, rows].mean(0) for rows in c["rows"]])
            if self.proj is not None:
                v = self.proj(v)
            out.append(nn.functional.normalize(v, dim=-1))
        return out


def story_batches(items: list[dict], mentions: list[dict], keep: set[int], key: str = "story") -> list[tuple]:
    """Per story among the kept mentions: (item indexes, per mention (item pos, span), chain labels)."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if i in keep:
            by[m[key]].append(i)
    out = []
    for idx in by.values():
        its = sorted({mentions[i]["item"] for i in idx})
        pos = {it: k for k, it in enumerate(its)}
        where = [(pos[mentions[i]["item"]], mentions[i]["span"]) for i in idx]
        chains = [mentions[i]["cluster"] for i in idx]
        out.append((its, where, chains, idx))
    return out


def batch_vectors(model: Tuned, items: list[dict], its: list[int], where: list[tuple]) -> torch.Tensor:
    vecs = model([items[i] for i in its])
    return torch.stack([vecs[p][s] for p, s in where])


def pair_loss(model: Tuned, v: torch.Tensor, chains: list[str], loss: str, pos_weight: float,
              temp: float) -> torch.Tensor:
    n = len(chains)
    codes = {c: k for k, c in enumerate(dict.fromkeys(chains))}
    lab = torch.tensor([codes[c] for c in chains])
    same = (lab[:, None] == lab[None, :]).float()
    cos = v @ v.T
    upper = torch.triu(torch.ones(n, n), diagonal=1).bool()
    if loss == "bce":
        logits = model.scale * cos + model.bias
        w = torch.where(same.bool(), torch.tensor(pos_weight), torch.tensor(1.0))
        return nn.functional.binary_cross_entropy_with_logits(logits[upper], same[upper], weight=w[upper])
    # supervised contrastive: each mention with a coreferent partner pulls it above the story's others
    eye = torch.eye(n, dtype=torch.bool)
    logits = (cos / temp).masked_fill(eye, -1e9)
    logp = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    pos = same.masked_fill(eye, 0.0)
    has = pos.sum(1) > 0
    if not has.any():
        return cos.sum() * 0.0
    return -((logp * pos).sum(1)[has] / pos.sum(1)[has]).mean()


def train(items, mentions, keep: set[int], base: Base, args, watch: list[int] | None = None) -> Tuned:
    model = Tuned(base, [base.block(i) for i in range(base.depth - args.layers, base.depth)], args.dim)
    groups = [{"params": model.blocks.parameters(), "lr": args.lr},
              {"params": [model.scale, model.bias], "lr": 1e-2}]
    if model.proj is not None:
        groups.append({"params": model.proj.parameters(), "lr": args.head_lr})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    batches = story_batches(items, mentions, keep, args.group)
    rng = random.Random(args.seed)
    for epoch in range(args.epochs):
        rng.shuffle(batches)
        for its, where, chains, _ in batches:
            v = batch_vectors(model, items, its, where)
            loss = pair_loss(model, v, chains, args.loss, args.pos_weight, args.temp)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if watch:
            auc = pair_auc(vectors(model, items, mentions, watch), mentions, watch)
            print(f"  epoch {epoch + 1}: held-out AUC {auc[0]:.4f} ({auc[1]:.4f}); scale {model.scale.item():.2f}"
                  f" bias {model.bias.item():.2f}", flush=True)
    return model


def vectors(model: Tuned, items: list[dict], mentions: list[dict], idx: list[int]) -> np.ndarray:
    """[len(idx), dim] vectors of the given mentions."""
    model.eval()
    its = sorted({mentions[i]["item"] for i in idx})
    pos = {it: k for k, it in enumerate(its)}
    out = []
    with torch.no_grad():
        per_item: list[torch.Tensor] = []
        for s in range(0, len(its), 32):
            per_item += model([items[i] for i in its[s:s + 32]])
        for i in idx:
            out.append(per_item[pos[mentions[i]["item"]]][mentions[i]["span"]].numpy())
    model.train()
    return np.asarray(out, dtype=np.float32)


def pair_auc(vecs: np.ndarray, mentions: list[dict], idx: list[int]) -> tuple[float, float]:
    """AUC of the cosine over same-story pairs (all, and those with different head lemmas)."""
    from itertools import combinations

    row = {i: k for k, i in enumerate(idx)}
    by: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        by[mentions[i]["story"]].append(i)
    s_all, y_all, dh = [], [], []
    for ms in by.values():
        for a, b in combinations(ms, 2):
            s_all.append(float(vecs[row[a]] @ vecs[row[b]]))
            y_all.append(mentions[a]["cluster"] == mentions[b]["cluster"])
            dh.append(mentions[a]["head"] != mentions[b]["head"])
    s_all, y_all, dh = np.array(s_all), np.array(y_all), np.array(dh)
    return _auc(s_all, y_all), _auc(s_all[dh], y_all[dh])


def _auc(s: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import rankdata

    r = rankdata(s)
    npos = y.sum()
    return float((r[y].sum() - npos * (npos + 1) / 2) / (npos * (len(y) - npos)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=Path, required=True, help="train items (train_event_coref.py --export-items)")
    ap.add_argument("--model", choices=tuple(OUT), default="minilm", help="the base encoder to tune")
    ap.add_argument("--out", type=Path, help="default: data/dedup/coref_encoder.npz (minilm), coref_mpnet.npz (mpnet)")
    ap.add_argument("--oof", type=Path, help="write out-of-fold train vectors here (.npz)")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--dim", type=int, default=0, help="projection size (0: none)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--loss", choices=("bce", "supcon"), default="bce")
    ap.add_argument("--pos-weight", type=float, default=1.0)
    ap.add_argument("--temp", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--group", choices=("story", "topic"), default="story", help="pairs within a gold story or topic")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (2 was 10x slower than 1 on a busy 2-core machine)")
    ap.add_argument("--watch", action="store_true", help="print the held-out fold's pair AUC after each epoch")
    ap.add_argument("--no-ship", action="store_true", help="only the out-of-fold vectors")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    base_model = Base(args.model)
    items, mentions = load_items(args.items, base_model.wp)
    start = time.time()
    tuned_layers = list(range(base_model.depth - args.layers, base_model.depth))
    base_model.embed_lower(items, tuned_layers[0])
    print(f"lower layers: {time.time() - start:.0f}s; {len(items)} sentences, {len(mentions)} mentions", flush=True)
    order = sorted({m["topic"] for m in mentions}, key=lambda x: (len(x), x))
    fold_of = {tp: k % FOLDS for k, tp in enumerate(order)}
    fold = [fold_of[m["topic"]] for m in mentions]
    base = Tuned(base_model, [base_model.block(i) for i in tuned_layers], 0)
    if args.oof:
        oof = np.zeros((len(mentions), args.dim or base_model.hidden), dtype=np.float32)
        for k in range(FOLDS):
            torch.manual_seed(args.seed + k)
            inside = [i for i, f in enumerate(fold) if f == k]
            model = train(items, mentions, {i for i, f in enumerate(fold) if f != k}, base_model, args,
                          inside if args.watch else None)
            oof[inside] = vectors(model, items, mentions, inside)
            before = pair_auc(vectors(base, items, mentions, inside), mentions, inside)
            after = pair_auc(oof[inside], mentions, inside)
            print(f"fold {k}: held-out pair AUC frozen {before[0]:.4f} (different heads {before[1]:.4f}) -> "
                  f"tuned {after[0]:.4f} ({after[1]:.4f}); {time.time() - start:.0f}s", flush=True)
        every = list(range(len(mentions)))
        print("out-of-fold pair AUC: frozen %.4f (%.4f), tuned %.4f (%.4f)"
              % (*pair_auc(vectors(base, items, mentions, every), mentions, every), *pair_auc(oof, mentions, every)))
        np.savez(args.oof, oof=oof)
    if args.no_ship:
        return
    torch.manual_seed(args.seed)
    model = train(items, mentions, set(range(len(mentions))), base_model, args)
    weights = {}
    for blk in model.blocks:
        weights.update(blk.export())
    if model.proj is not None:
        weights["proj.weight"] = model.proj.weight.detach().numpy().astype(np.float32)
        weights["proj.bias"] = model.proj.bias.detach().numpy().astype(np.float32)
    about = {"minilm": "all-MiniLM-L6-v2", "mpnet": f"the first {base_model.depth} blocks of all-mpnet-base-v2"}
    meta = {"about": f"whimbrel event-coreference trigger encoder over {about[args.model]}; "
                     "scripts/train_coref_encoder.py", "base": args.model, "tuned_layers": tuned_layers,
            "dim": args.dim, "epochs": args.epochs, "lr": args.lr, "loss": args.loss, "group": args.group,
            "mentions": len(mentions)}
    out = args.out or OUT[args.model]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, meta=np.array(json.dumps(meta)), **weights)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB); {time.time() - start:.0f}s")


if __name__ == "__main__":
    main()
