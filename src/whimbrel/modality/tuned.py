"""The fine-tuned MiniLM reading of event factuality (`data/modality/factuality_encoder.npz`).

MiniLM's top blocks fine-tuned on the UW, MEANTIME and UDS-IH2 train files with one linear head per
corpus (scripts/train_factuality_encoder.py): a trigger's class log-probabilities (factual /
negated / uncertain) from the mean of its word pieces after the last block, read in its spaCy
sentence, exactly as `nlp.encoder.Encoder.span_vectors` reads a span. The file may hold several such
models (`meta["members"]`, trained alike with different seeds; member k > 0's arrays are prefixed
"m{k}."): their probabilities are averaged, the shared lower blocks run once. The model's own lower
blocks run in onnxruntime (sessions opened lazily in each process, `nlp.onnx_graph`), the tuned ones
in NumPy; no PyTorch. `modality.predictor` averages these probabilities with the linear model's.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from whimbrel.nlp.encoder import load_encoder, load_tuned, sentence_items, tuned_stack

TUNED_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "factuality_encoder.npz"


class TunedModelError(ValueError):
    """[M020] the factuality encoder file is malformed."""


class TunedFactuality:
    """log_probs(tokens, corpus) -> [n, 3] class log-probabilities (CLASSES order)."""

    def __init__(self, path: Path = TUNED_PATH, encoder=None):
        self.encoder = encoder or load_encoder()
        try:
            self.meta, arrays, first = load_tuned(self.encoder, path)
            prefixes = [""] + [f"m{k}." for k in range(1, int(self.meta.get("members", 1)))]
            # per member: its block stack and its per-corpus heads (weight [dim, 3], bias [3])
            self.stacks = [first] + [tuned_stack(self.encoder, arrays, self.meta["tuned_layers"], p)
                                     for p in prefixes[1:]]
            self.heads = [{c: (np.ascontiguousarray(arrays[f"{p}head.{c}.weight"].T, dtype=np.float32),
                               arrays[f"{p}head.{c}.bias"].astype(np.float32)) for c in self.meta["corpora"]}
                          for p in prefixes]
            self.weight = float(self.meta["weight"])
            self.offsets = {c: np.array(o, dtype=np.float32) for c, o in self.meta["class_offsets"].items()}
        except (OSError, KeyError, ValueError) as err:
            raise TunedModelError(f"[M020] {path}: not a factuality encoder ({err}); rebuild it with "
                                  "scripts/train_factuality_encoder.py and scripts/factuality_blend_cv.py") from err

    def log_probs(self, tokens: Sequence[Token], corpus: str) -> np.ndarray:
        """The members' class probabilities averaged, as log-probabilities."""
        if not tokens:
            return np.zeros((0, 3), dtype=np.float32)
        items, at = sentence_items(tokens)
        out = []
        for vectors, heads in zip(self.encoder.span_vectors_stacks(items, self.stacks), self.heads):
            weight, bias = heads.get(corpus) or heads[self.meta["corpora"][0]]
            logits = np.stack([vectors[i][j] for i, j in at]) @ weight + bias
            out.append(logits - np.logaddexp.reduce(logits, axis=1, keepdims=True))
        return np.logaddexp.reduce(out, axis=0) - np.log(len(out))
