"""Fine-tune MiniLM's top blocks + a trigger-conditioned piece tagger (neither / source / target)
on the event corpus's train gold events (training only: PyTorch).

    .venv/bin/python scripts/role_items.py --shared ../shared --out /tmp/s17/role_items.json
    PYTHONPATH=src:scripts OMP_NUM_THREADS=2 nice -n 5 /tmp/torchvenv/bin/python scripts/train_role_tagger.py \\
        --items /tmp/s17/role_items.json --cv /tmp/s17/role_oof.json [--queries Q.json]
    ... --out FILE   (one model on every train event, float16 blocks + head)

Per word piece p of a sentence and trigger t: logits = W [h_p ; h_t ; h_p * h_t] + b after the tuned
blocks (h_t the mean of the trigger's pieces), cross entropy over the sentence's pieces.
`--cv`: per fold (the items' document folds) a model trained on the other folds; it writes the
piece-level figures on the held-out gold events and, for `--queries` (JSON list of {text, doc_id,
fold, trigger: [s, e], spans: [[s, e], ...]}), each span's mean P(source) and P(target) over its
pieces from the model that left out the query's fold.
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


def load_items(data: dict, wp: WordPiece) -> list[dict]:
    """Items with piece ids and, per event, its trigger rows and a label per piece (-1 on CLS / SEP)."""
    items = []
    for it in data["items"]:
        ids, offsets = encode(it["text"], wp)
        events = []
        for ev in it["events"]:
            trig = piece_rows(offsets, ev["trigger"])
            if not trig:
                continue
            label = np.zeros(len(ids), dtype=np.int64)
            label[0] = label[-1] = -1
            for role, value in (("source", 1), ("target", 2)):
                for span in ev[role]:
                    label[piece_rows(offsets, span)] = value
            events.append((trig, torch.tensor(label)))
        items.append({"ids": ids, "events": events, "fold": it["fold"]})
    return items


class Tagger(nn.Module):
    def __init__(self, blocks: list[Block], dropout: float = 0.1):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(3 * HIDDEN, 3)
        self.drop = nn.Dropout(dropout)

    def states(self, chunk: list[dict]) -> torch.Tensor:
        return top_states(self.blocks, chunk, HIDDEN)

    def logits(self, h: torch.Tensor, trig: list[int]) -> torch.Tensor:
        """[pieces, 3] for one sentence's states h [pieces, HIDDEN] and trigger rows."""
        t = h[trig].mean(0, keepdim=True).expand_as(h)
        return self.head(self.drop(torch.cat([h, t, h * t], dim=-1)))

    def export(self) -> dict[str, np.ndarray]:
        return export_tuned(self.blocks, {"head": self.head})


def train(items, which, t, args) -> Tagger:
    torch.manual_seed(args.seed)
    model = Tagger([Block(t, f"encoder.layer.{i}.") for i in range(DEPTH - args.layers, DEPTH)])

    def batch_loss(model, chunk):
        x = model.states(chunk)
        losses = [nn.functional.cross_entropy(model.logits(x[r, :len(c["ids"])], trig), label, ignore_index=-1)
                  for r, c in enumerate(chunk) for trig, label in c["events"]]
        return (torch.stack(losses).mean(), len(losses)) if losses else (None, 0)
    fine_tune(model, model.head.parameters(), items, which, args, args.lr, batch_loss)
    return model


def span_probs(model: Tagger, item: dict, queries: list[tuple], offsets) -> list:
    """Per query (trigger span, spans): per span (mean P(source), mean P(target)) or None."""
    model.eval()
    with torch.no_grad():
        h = model.states([item])[0, : len(item["ids"])]
        out = []
        for trig_span, spans in queries:
            trig = piece_rows(offsets, trig_span)
            if not trig:
                out.append([None] * len(spans))
                continue
            p = torch.softmax(model.logits(h, trig), -1).numpy()
            out.append([None if not (rows := piece_rows(offsets, s)) else
                        [float(p[rows, 1].mean()), float(p[rows, 2].mean())] for s in spans])
        return out


def answer(model: Tagger, q_items: list[dict], fold: int, answers: list) -> None:
    """Fill `answers` (one slot per query) for the query sentences of `fold` from its fold model."""
    for q in (q for q in q_items if q["fold"] == fold):
        got = span_probs(model, q, [(tr, sp) for _, tr, sp in q["queries"]], q["offsets"])
        for (k, _, _), g in zip(q["queries"], got):
            answers[k] = g


def piece_figures(model: Tagger, items: list[dict], which: list[int]) -> np.ndarray:
    """Confusion [gold 3, predicted 3] of pieces of the held-out events (argmax)."""
    conf = np.zeros((3, 3), dtype=int)
    model.eval()
    with torch.no_grad():
        for i in which:
            c = items[i]
            if not c["events"]:
                continue
            h = model.states([c])[0]
            for trig, label in c["events"]:
                pred = model.logits(h, trig).argmax(-1).numpy()
                for g, p in zip(label.numpy(), pred):
                    if g >= 0:
                        conf[g, p] += 1
    return conf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    training_args(ap, layers=3, epochs=3, batch=16, threads=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--queries", type=Path)
    ap.add_argument("--cv", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--fold-models", type=Path, help="--cv saves each fold's model here; without --cv, "
                    "the saved fold models answer --queries into --answers")
    ap.add_argument("--answers", type=Path)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    data = json.loads(args.items.read_text(encoding="utf-8"))
    directory = model_dir()
    wp = WordPiece(directory / "vocab.txt")
    items = load_items(data, wp)
    t = read_safetensors(directory / "model.safetensors")
    queries = json.loads(args.queries.read_text()) if args.queries else []
    by_text: dict[str, dict] = {}
    for k, q in enumerate(queries):
        entry = by_text.setdefault(q["text"], {"fold": q["fold"], "queries": []})
        entry["queries"].append((k, tuple(q["trigger"]), [tuple(s) for s in q["spans"]]))
    q_items = []
    for text, entry in by_text.items():
        ids, offsets = encode(text, wp)
        q_items.append({"ids": ids, "offsets": offsets, **entry})
    start = time.time()
    embed_lower(items + q_items, t, DEPTH - args.layers)
    print(f"{len(items)} items, {len(q_items)} query sentences ({len(queries)} queries), lower blocks in "
          f"{time.time() - start:.0f} s", flush=True)
    if args.cv:
        answers: list = [None] * len(queries)
        total = np.zeros((3, 3), dtype=int)
        for f in range(args.folds):
            print(f"fold {f}", flush=True)
            model = train(items, [i for i, it in enumerate(items) if it["fold"] != f], t, args)
            if args.fold_models:
                args.fold_models.mkdir(parents=True, exist_ok=True)
                torch.save(model.state_dict(), args.fold_models / f"fold{f}.pt")
            conf = piece_figures(model, items, [i for i, it in enumerate(items) if it["fold"] == f])
            total += conf
            print(f"  held-out pieces (rows gold O/S/T): {conf.tolist()}", flush=True)
            answer(model, q_items, f, answers)
        for role, k in (("source", 1), ("target", 2)):
            p, r = total[k, k] / max(total[:, k].sum(), 1), total[k, k] / max(total[k].sum(), 1)
            print(f"{role}: piece P {p:.3f} R {r:.3f}")
        args.cv.write_text(json.dumps({"confusion": total.tolist(), "answers": answers}))
        print(f"wrote {args.cv}")
    if args.answers:
        answers = [None] * len(queries)
        for f in range(args.folds):
            model = Tagger([Block(t, f"encoder.layer.{i}.") for i in range(DEPTH - args.layers, DEPTH)])
            model.load_state_dict(torch.load(args.fold_models / f"fold{f}.pt"))
            answer(model, q_items, f, answers)
        args.answers.write_text(json.dumps(answers))
        print(f"wrote {args.answers}")
    if args.out:
        model = train(items, list(range(len(items))), t, args)
        layers = list(range(DEPTH - args.layers, DEPTH))
        meta = {"about": "whimbrel role tagger: MiniLM blocks "
                         f"{layers} fine-tuned + a trigger-conditioned neither/source/target piece head; "
                         "scripts/train_role_tagger.py", "tuned_layers": layers, "lr": args.lr,
                "epochs": args.epochs, "seed": args.seed}
        np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **model.export())
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
