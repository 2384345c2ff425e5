"""Event factuality from the encoder: fine-tuned top MiniLM layers + a small head.

`data/modality/factuality_encoder.npz` (built by scripts/train_factuality_encoder.py) holds the
tuned transformer blocks and a linear head over the mean vector of a trigger's word pieces: three
class logits (factual / negated / uncertain) and a regressed factuality score (x3 -> [-3, 3]).
The frozen lower blocks come from the base encoder package.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from whimbrel.nlp.encoder import Encoder, load_encoder, load_tuned

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "factuality_encoder.npz"


class EncoderFactuality:
    """Three-way factuality and a score for character spans of texts."""

    def __init__(self, encoder: Encoder, path: Path = MODEL_PATH):
        self.meta, arrays, self.blocks = load_tuned(encoder, path)
        self.classes = tuple(self.meta["classes"])
        self.encoder = encoder
        self.head_w = arrays["head.weight"].astype(np.float32).T
        self.head_b = arrays["head.bias"].astype(np.float32)
        # per-class logit offsets chosen on held-out train sentences for macro-F1
        # (scripts/calibrate_factuality_encoder.py); zero for an uncalibrated file
        self.class_bias = np.array(self.meta.get("class_bias", [0.0, 0.0, 0.0]), dtype=np.float32)

    def outputs(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[np.ndarray]:
        """Per (text, spans): an array [n_spans, 4] of 3 class logits and the score in [-3, 3]."""
        vectors = self.encoder.span_vectors(items, blocks=self.blocks)
        out = []
        for v in vectors:
            raw = v @ self.head_w + self.head_b
            raw[:, :3] += self.class_bias
            raw[:, 3] = np.clip(raw[:, 3] * 3.0, -3.0, 3.0)
            out.append(raw)
        return out

    def predict(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[list[tuple[str, float]]]:
        """Per (text, spans): (class, score) of every span."""
        return [[(self.classes[int(np.argmax(row[:3]))], float(row[3])) for row in out]
                for out in self.outputs(items)]


@lru_cache(maxsize=1)
def load_factuality_encoder() -> EncoderFactuality | None:
    """The shipped model, or None when its file or the encoder package is missing."""
    from whimbrel.nlp.encoder import encoder_available

    if not MODEL_PATH.exists() or not encoder_available():
        return None
    return EncoderFactuality(load_encoder())


def sentence_items(tokens: list) -> tuple[list[tuple[str, list[tuple[int, int]]]], list[tuple[int, int]]]:
    """Group trigger tokens by sentence: (sentence text, trigger spans) items, and where each token went."""
    items: list[tuple[str, list[tuple[int, int]]]] = []
    index: dict[int, int] = {}
    where = []
    for tok in tokens:
        sent = tok.sent
        if sent.start not in index:
            index[sent.start] = len(items)
            items.append((sent.text, []))
        k = index[sent.start]
        start = tok.idx - sent.start_char
        items[k][1].append((start, start + len(tok.text)))
        where.append((k, len(items[k][1]) - 1))
    return items, where


def predict_tokens(model: EncoderFactuality, tokens: list) -> list[tuple[str, float]]:
    """(class, score) of each trigger token; one encoder pass per sentence."""
    items, where = sentence_items(tokens)
    results = model.predict(items)
    return [results[k][j] for k, j in where]
