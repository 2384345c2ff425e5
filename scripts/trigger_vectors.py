"""MiniLM contextual vectors and parse features of every candidate trigger of the TRAIN split.

For each train sentence of the event corpus (events/corpus.py), the MiniLM encoder (nlp/encoder.py)
reads the sentence once; each candidate trigger (and each trigger the lexicon typed that is no
corpus candidate) gets the mean of its word pieces after each of the model's own blocks in
--depths (3: the lower blocks the factuality stage runs anyway; 6: the last; 1, 2: cheaper). Its parse features come from the
base spaCy model over the sentence. The lexicon's vote is read from the gate's feature cache
(scripts/train_event_gate.py --cache): the type of the lexicon event on that trigger, or NONE.

Output (pickle, outside the repository): per doc_id, per sentence index (events.corpus
CorpusDocument.spans order): {"starts": [char], "b3": fp16 [n, 384] (one per depth),
"parse": fp32 [n, k], "vote": [type|None], "gold": [type|None|"?"]} ("?": not a candidate).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/trigger_vectors.py --shared ../shared \
        --gate-cache /tmp/s10-typer/gate_features_oof.pkl --out /tmp/s10-typer/trigger_vectors.pkl
"""
from __future__ import annotations

import argparse
import pickle
from pathlib import Path

import numpy as np

from whimbrel.events.corpus import corpus_documents, load_corpus
from whimbrel.events.typer_features import parse_features


def lexicon_votes(events) -> dict[int, dict[int, str]]:
    """Per sentence index: trigger (and light-verb noun) char start -> the lexicon's first type."""
    out: dict[int, dict[int, str]] = {}
    for k, triple, at, noun_at in events:
        votes = out.setdefault(k, {})
        for s in (at, noun_at):
            if s is not None:
                votes.setdefault(s, triple[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--gate-cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--depths", default="3,6", help="the encoder blocks whose outputs to keep (b3, b6, ...)")
    args = ap.parse_args()
    depths = [int(d) for d in args.depths.split(",")]
    from whimbrel.nlp.encoder import load_encoder
    from whimbrel.nlp.pipeline import load_base
    rows = load_corpus(shared=args.shared, split="train")
    gate_cache = pickle.loads(args.gate_cache.read_bytes())
    nlp, enc = load_base(), load_encoder()
    stacks = [enc.blocks[:d] for d in depths]
    out: dict[str, dict] = {}
    docs = corpus_documents(rows)
    for n, d in enumerate(docs):
        votes = lexicon_votes(gate_cache[d.doc_id]["events"])
        texts = [row["text"] for row, _, _ in d.spans]
        parsed = list(nlp.pipe(texts))
        items, meta = [], []
        for k, ((row, _, _), doc) in enumerate(zip(d.spans, parsed)):
            by_start = {t.idx: t for t in doc}
            gold_of = {g["c"]: g["type"] for g in row.get("events", [])}
            toks, gold = [], []
            for c in row["candidates"]:
                if c["i"] < len(doc):
                    toks.append(doc[c["i"]])
                    gold.append(gold_of.get(c["c"]))
            seen = {t.idx for t in toks}
            for s in votes.get(k, {}):
                if s not in seen and s in by_start:
                    toks.append(by_start[s])
                    gold.append("?")
            items.append((row["text"], [(t.idx, t.idx + len(t.text)) for t in toks]))
            meta.append((toks, gold))
        by_depth = dict(zip(depths, enc.span_vectors_stacks(items, stacks)))
        out[d.doc_id] = {k: {"starts": [t.idx for t in toks],
                             **{f"b{n}": v[k].astype(np.float16) for n, v in by_depth.items()},
                             "parse": np.asarray([parse_features(t) for t in toks], dtype=np.float32),
                             "vote": [votes.get(k, {}).get(t.idx) for t in toks], "gold": gold}
                         for k, (toks, gold) in enumerate(meta)}
        if n % 200 == 199:
            print(f"  documents {n + 1}/{len(docs)}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pickle.dumps(out))
    print(f"wrote {args.out}: {len(out)} documents")


if __name__ == "__main__":
    main()
