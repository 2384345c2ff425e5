"""Export the event corpus's TRAIN candidates for the trigger encoder fine-tuning (whimbrel's venv).

    nice -n 10 .venv/bin/python scripts/trigger_items.py --shared ../shared --out /tmp/s17/trigger_items.json

Reads only the train split of data/events/corpus (the test split is never read). Writes, for
scripts/train_trigger_encoder.py (which runs under PyTorch and cannot parse):
- `items`: per corpus sentence its text, doc_id, whether it is synthetic, its CV fold and, per
  candidate trigger, the character span of its token (the corpus's token index `i` into the base
  model's tokenisation of the sentence alone, the way the candidates were listed) and its class:
  0 NONE, 1..16 the PLOVER types in `TYPES` order, -1 for an optional gold event (no loss).
Folds: FOLDS groups by document (crc32 of doc_id), the synthetic sentences in their own documents.
"""
from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import spacy

from whimbrel.events.corpus import NONE, load_corpus
from whimbrel.nlp.pipeline import DEFAULT_MODEL

TYPES = ("NONE", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FOLDS = 5


def fold_of(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode()) % FOLDS


def tokenizer():
    """The base model with only its tokenizer at work: the corpus's token indexes are into this."""
    return spacy.load(DEFAULT_MODEL, exclude=["parser", "ner", "lemmatizer", "tagger", "attribute_ruler",
                                              "tok2vec", "senter"])


def candidate_classes(row: dict) -> list[int]:
    """Per candidate: its class index, -1 when its gold event is optional."""
    by_c = {e["c"]: e for e in row.get("events", [])}
    out = []
    for c in row["candidates"]:
        e = by_c.get(c["c"])
        out.append(0 if e is None or e["type"] == NONE else (-1 if e.get("optional") else TYPES.index(e["type"])))
    return out


def train_rows(doc: str) -> tuple[argparse.Namespace, list[dict]]:
    """The items scripts' options (--shared, --out) and the corpus's train sentences."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    return args, load_corpus(shared=args.shared, split="train")


def main() -> None:
    args, rows = train_rows(__doc__)
    nlp = tokenizer()
    items, skipped = [], 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        spans, classes = [], []
        for c, cls in zip(row["candidates"], candidate_classes(row)):
            if c["i"] >= len(doc) or doc[c["i"]].text != c["text"]:
                skipped += 1
                continue
            tok = doc[c["i"]]
            spans.append((tok.idx, tok.idx + len(tok.text)))
            classes.append(cls)
        if spans:
            items.append({"text": row["text"], "doc_id": row["doc_id"], "synthetic": bool(row.get("synthetic")),
                          "fold": fold_of(row["doc_id"]), "spans": spans, "classes": classes})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"types": TYPES, "folds": FOLDS, "items": items}), encoding="utf-8")
    n = sum(len(it["spans"]) for it in items)
    events = sum(c > 0 for it in items for c in it["classes"])
    print(f"{len(items)} sentences, {n} candidates ({events} events), {skipped} candidates not re-found")


if __name__ == "__main__":
    main()
