"""Contextual trigger vectors for event coreference, from the MiniLM encoder (`whimbrel.nlp.encoder`).

A mention's vector is the encoder's last-layer vector of its span, read in its own sentence (the
spaCy sentence of the mention's head; text = the sentence's tokens joined by single spaces, so
character offsets follow from token lengths). Each sentence that holds a mention is encoded once,
all documents batched together; sentences without mentions are skipped (they were measured not to
help: sentence, window and document vectors added nothing on train CV or dev).

The pair feature is the cosine of the two vectors (`coref.FEATURES` "trigger_cosine"): it tells
"fire" (shooting) from "fire" (dismissal) and links "attack"/"struck" when the lemmas differ.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from whimbrel.dedup.coref import head_index


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
                    threads: int | None = 1) -> list[list[Any]]:
    """Per document, per mention: its L2-normalised contextual span vector (float32, [dim]).

    `threads` caps the BLAS threads while encoding: on this 2-core machine one thread was ~16 ms a
    sentence and the default (all cores) 4-7x slower whenever another process competed for the CPU.
    """
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
