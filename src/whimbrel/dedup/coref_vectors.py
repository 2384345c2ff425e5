"""Contextual trigger vectors for event coreference, from the MiniLM encoder (`whimbrel.nlp.encoder`).

A mention's vector is the mean of the last-layer vectors of its span's word pieces, read in its
own sentence (the spaCy sentence of the mention's head; text = the sentence's tokens joined by
single spaces, so character offsets follow from token lengths). Each sentence that holds a mention
is encoded once, all documents batched together; sentences without mentions are skipped (they were
measured not to help: sentence, window and document vectors added nothing on train CV or dev).

The top two blocks are fine-tuned for the task (`data/dedup/coref_encoder.npz`, built by
scripts/train_coref_encoder.py on ECB+ train chains: coreferent mentions of a story close,
others apart); the lower four are the base encoder's. The pair features are the cosine of the two
vectors (`coref.FEATURES` "trigger_cosine": it tells "fire" (shooting) from "fire" (dismissal) and
links "attack"/"struck" when the lemmas differ) and how well each mention is echoed in the other
documents of its story (`coref.support`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from whimbrel.dedup.coref import head_index

TUNED_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "coref_encoder.npz"
MPNET_TUNED_PATH = TUNED_PATH.with_name("coref_mpnet.npz")


class TriggerEncoder:
    """The base encoder with its top blocks replaced by the fine-tuned ones (+ an optional projection)."""

    def __init__(self, encoder: Any, path: Path = TUNED_PATH):
        import numpy as np

        from whimbrel.nlp.encoder import load_tuned

        self.meta, arrays, self.blocks = load_tuned(encoder, path)
        self.encoder = encoder
        self.proj = None
        if "proj.weight" in arrays:
            self.proj = (arrays["proj.weight"].astype(np.float32).T, arrays["proj.bias"].astype(np.float32))

    def span_vectors(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[Any]:
        out = self.encoder.span_vectors(items, blocks=self.blocks)
        return out if self.proj is None else [v @ self.proj[0] + self.proj[1] for v in out]


@lru_cache(maxsize=2)
def _tuned(encoder: Any, path: Path) -> TriggerEncoder | None:
    return TriggerEncoder(encoder, path) if path.is_file() else None


def trigger_encoder(encoder: Any, path: Path | None = None) -> TriggerEncoder | None:
    """The fine-tuned trigger encoder over `encoder` (an `nlp.encoder.Encoder` with TUNED_PATH, the
    default, or the MPNet one with MPNET_TUNED_PATH); None without its file."""
    return _tuned(encoder, path or TUNED_PATH)


def _sentence_items(doc: dict, an: dict[str, list]) -> tuple[list, list]:
    """(text, spans) per sentence holding a mention, and per item the mention indexes of its spans."""
    tokens = doc["tokens"]
    sents: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(an["sent"]):
        sents[s].append(i)
    by_sent: dict[int, list[int]] = defaultdict(list)
    for k, m in enumerate(doc.get("mentions", [])):
        by_sent[an["sent"][head_index(sorted(m["tokens_number"]), an)]].append(k)
    items, owners = [], []
    for s, ks in sorted(by_sent.items()):
        offsets, pos = {}, 0
        for i in sents[s]:
            offsets[i] = (pos, pos + len(tokens[i]))
            pos += len(tokens[i]) + 1
        spans = []
        for k in ks:
            inside = [i for i in sorted(doc["mentions"][k]["tokens_number"]) if i in offsets]
            spans.append((offsets[inside[0]][0], offsets[inside[-1]][1]))
        items.append((" ".join(tokens[i] for i in sents[s]), spans))
        owners.append(ks)
    return items, owners


def trigger_vectors(docs: Sequence[dict], analyses: Sequence[dict[str, list]], encoder: Any,
                    threads: int | None = 1, tuned: bool = True) -> list[list[Any]]:
    """Per document, per mention: its L2-normalised contextual span vector (float32, [dim]).

    `tuned`: through the fine-tuned top blocks (`trigger_encoder`); when their file is missing every
    vector is None (the pair model's lexical fallback is used: the base encoder's cosines are on
    another scale). `tuned=False`: `encoder` as given (anything with `span_vectors(items)`).
    `threads` caps the BLAS threads while encoding: on this 2-core machine one thread was ~16 ms a
    sentence and the default (all cores) 4-7x slower whenever another process competed for the CPU.
    """
    if tuned:
        encoder = trigger_encoder(encoder)
        if encoder is None:
            return [[None] * len(doc.get("mentions", [])) for doc in docs]
    return encode_mentions(docs, analyses, encoder, threads)


def mpnet_vectors(docs: Sequence[dict], analyses: Sequence[dict[str, list]],
                  threads: int | None = 1) -> list[list[Any]]:
    """Per document, per mention: its MPNet layer-9 span vector (`nlp.mpnet`, the top two of those
    nine blocks fine-tuned like MiniLM's: data/dedup/coref_mpnet.npz); all None when the MPNet
    packages or the tuned file are missing (the pair model's no_mpnet fallback is then used)."""
    from whimbrel.nlp.mpnet import load_mpnet, mpnet_available

    encoder = trigger_encoder(load_mpnet(), MPNET_TUNED_PATH) if mpnet_available() else None
    if encoder is None:
        return [[None] * len(doc.get("mentions", [])) for doc in docs]
    return encode_mentions(docs, analyses, encoder, threads)


def encode_mentions(docs: Sequence[dict], analyses: Sequence[dict[str, list]], encoder: Any,
                    threads: int | None = 1) -> list[list[Any]]:
    """Each mention's L2-normalised span vector by `encoder` (anything with `span_vectors(items)`),
    every sentence holding a mention encoded once."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    items, owners, where = [], [], []
    for d, (doc, an) in enumerate(zip(docs, analyses)):
        doc_items, doc_owners = _sentence_items(doc, an)
        items += doc_items
        owners += doc_owners
        where += [d] * len(doc_items)
    with threadpool_limits(limits=threads, user_api="blas"):
        vectors = encoder.span_vectors(items) if items else []
    out: list[list[Any]] = [[None] * len(doc.get("mentions", [])) for doc in docs]
    for d, ks, rows in zip(where, owners, vectors):
        for k, row in zip(ks, rows):
            out[d][k] = row / max(float(np.linalg.norm(row)), 1e-12)
    return out
