"""Parse the factuality train files once and cache what the model search needs (training only).

    nice -n 10 .venv/bin/python scripts/factuality_cache.py --data ../shared/eval --out /tmp/fact_cache.pkl [--sparse-only]

Reads only <data>/{uw,meantime,uds_ih2}_factuality/train.jsonl (never dev). Per gold target: the
corpus, the cross-validation group, the gold label, the sparse features of
`modality.features.featurize` (with the plain rule result), the frozen MiniLM span vector of the
target's head token after every encoder block (1..6), read in its sentence exactly as the stage
reads it (`nlp.encoder.Encoder.span_vectors`, the sentence text, the head token's characters), and
the sentence's vector (`Encoder.sentence_vectors`).

Groups: the jsonl files carry no document id, but their rows keep the source order (`file_idx`), in
which the sentences of a document are contiguous. So each corpus is cut into FOLDS contiguous
segments of rows; a document can straddle at most FOLDS - 1 cuts per corpus, so no more than that
many documents are split between folds (grouping by document up to those few cuts).
"""
from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np
import spacy
from threadpoolctl import threadpool_limits

from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.factuality import parse_pretokenised, span_head
from whimbrel.modality.features import featurize
from whimbrel.nlp.encoder import load_encoder
from whimbrel.nlp.pipeline import DEFAULT_MODEL

CORPORA = ("uw_factuality", "meantime_factuality", "uds_ih2_factuality")
FOLDS = 5


def read_rows(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["targets"]]
    return sorted(rows, key=lambda r: r["file_idx"])


def parse_rows(nlp, rows: list[dict], corpus: str) -> tuple[list[dict], list[tuple[str, list]]]:
    """Per target a record (features, label, group); per sentence the encoder item (text, spans).

    Sentence = the spaCy sentence of the target's head, as in the stage (a row may hold several)."""
    records, items = [], []
    for k, row in enumerate(rows):
        doc = parse_pretokenised(nlp, row["text"].split(" "))
        where: dict[int, int] = {}  # sentence start -> index in items
        for t in row["targets"]:
            head = span_head(doc, t["span1"][0], max(t["span1"][-1], t["span1"][0] + 1))
            sent = head.sent
            if sent.start not in where:
                where[sent.start] = len(items)
                items.append((sent.text, []))
            rule = classify_trigger(head)
            records.append({"corpus": corpus, "group": k * FOLDS // len(rows), "label": float(t["label"]),
                            "feats": featurize(head, *rule.factuality_rule()),
                            "rule": (rule.modality, rule.cue)})
            start = head.idx - sent.start_char
            spans = items[where[sent.start]][1]
            spans.append((start, start + len(head.text)))
            records[-1]["at"] = (where[sent.start], len(spans) - 1)  # its encoder item and span
    return records, items


def layer_vectors(encoder, items: list[tuple[str, list]]) -> list[np.ndarray]:
    """Per item [n_spans, layers + 1, dim]: each span's vector after blocks 1..6 (Encoder.span_vectors
    under each prefix of the blocks: a one-off) and, last, the sentence vector
    (Encoder.sentence_vectors), which factuality_cv.py calls layer 7 ('dense7')."""
    stacks = [encoder.blocks[:k] for k in range(1, encoder.layers + 1)]
    with threadpool_limits(limits=1, user_api="blas"):
        per_layer = encoder.span_vectors_stacks(items, stacks)
        sentences = encoder.sentence_vectors([text for text, _ in items])
    return [np.concatenate([np.stack([layer[i] for layer in per_layer], axis=1),
                            np.repeat(sentences[i][None, None], len(items[i][1]), axis=0)], axis=1)
            for i in range(len(items))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fact_cache.pkl"))
    ap.add_argument("--sparse-only", action="store_true",
                    help="no encoder vectors (enough for the shipped sparse option; much faster)")
    args = ap.parse_args()
    nlp = spacy.load(DEFAULT_MODEL)
    encoder = None if args.sparse_only else load_encoder()
    records, vectors = [], []
    for corpus in CORPORA:
        recs, items = parse_rows(nlp, read_rows(args.data / corpus / "train.jsonl"), corpus)
        if encoder is None:
            vectors.append(np.zeros((len(recs), 1), dtype=np.float32))
            for r in recs:
                r.pop("at")
        else:
            per_item = layer_vectors(encoder, items)
            vectors.append(np.stack([per_item[i][j] for i, j in (r.pop("at") for r in recs)]).astype(np.float32))
        records += recs
        print(f"{corpus}: {len(items)} sentences, {len(recs)} targets", flush=True)
    with open(args.out, "wb") as fh:
        pickle.dump({"records": records, "vectors": np.concatenate(vectors)}, fh)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
