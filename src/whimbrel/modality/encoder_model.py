"""Event factuality from the encoder: fine-tuned top MiniLM layers + a small head.

Each member file (`data/modality/factuality_encoder*.npz`, built by scripts/train_factuality_encoder.py
with different seeds on the same split) holds tuned transformer blocks and a linear head over the
mean vector of a trigger's word pieces: three class logits (factual / negated / uncertain) and a
regressed factuality score (x3 -> [-3, 3]). The frozen lower blocks come from the base encoder
package. `data/modality/factuality_encoder.json` lists the members, whose outputs are averaged, and
the class offsets calibrated for that average.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from whimbrel.nlp.encoder import Encoder, load_encoder, load_tuned

DATA = Path(__file__).resolve().parent.parent / "data" / "modality"
MODEL_PATH = DATA / "factuality_encoder.npz"
# the members whose outputs are averaged and the per-class logit offsets chosen for their average
# on held-out train sentences (scripts/calibrate_factuality_encoder.py)
ENSEMBLE_PATH = DATA / "factuality_encoder.json"


class EncoderFactuality:
    """Three-way factuality and a score for character spans of texts, averaged over tuned members."""

    def __init__(self, encoder: Encoder, paths: Sequence[Path] | None = None,
                 class_bias: Sequence[float] | None = None):
        paths, stored_bias = (list(paths), None) if paths else ensemble_members()
        self.encoder = encoder
        self.members = []
        for path in paths:
            meta, arrays, blocks = load_tuned(encoder, path)
            self.members.append((blocks, arrays["head.weight"].astype(np.float32).T,
                                 arrays["head.bias"].astype(np.float32)))
        self.classes = tuple(meta["classes"])
        bias = class_bias if class_bias is not None else stored_bias
        self.class_bias = np.array(bias if bias is not None else [0.0, 0.0, 0.0], dtype=np.float32)

    def outputs(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[np.ndarray]:
        """Per (text, spans): an array [n_spans, 4] of 3 class logits and the score in [-3, 3]."""
        stacks = self.encoder.span_vectors_stacks(items, [blocks for blocks, _, _ in self.members])
        total: list[np.ndarray] | None = None
        for vectors, (_, head_w, head_b) in zip(stacks, self.members):
            raw = [v @ head_w + head_b for v in vectors]
            total = raw if total is None else [t + r for t, r in zip(total, raw)]
        out = []
        for raw in total or []:
            raw = raw / len(self.members)
            raw[:, :3] += self.class_bias
            raw[:, 3] = np.clip(raw[:, 3] * 3.0, -3.0, 3.0)
            out.append(raw)
        return out

    def predict(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[list[tuple[str, float]]]:
        """Per (text, spans): (class, score) of every span."""
        return [[(self.classes[int(np.argmax(row[:3]))], float(row[3])) for row in out]
                for out in self.outputs(items)]


def ensemble_members(path: Path = ENSEMBLE_PATH) -> tuple[list[Path], list[float] | None]:
    """(member weight files, class offsets) of the shipped ensemble; the single file without one."""
    if not path.exists():
        return [MODEL_PATH], None
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
        members = [path.parent / name for name in spec["members"]]
    except (ValueError, KeyError, TypeError) as err:
        raise ValueError(f"[M011] {path}: not a factuality ensemble file (JSON with a 'members' list): "
                         f"{err}; rebuild it with scripts/calibrate_factuality_encoder.py") from err
    return members, spec.get("class_bias")


@lru_cache(maxsize=1)
def load_factuality_encoder() -> EncoderFactuality | None:
    """The shipped model, or None when its files or the encoder package are missing."""
    from whimbrel.nlp.encoder import encoder_available

    paths, class_bias = ensemble_members()
    if not all(p.exists() for p in paths) or not encoder_available():
        return None
    return EncoderFactuality(load_encoder(), paths, class_bias)


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
