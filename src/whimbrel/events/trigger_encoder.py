"""The fine-tuned MiniLM reading of a trigger word (`data/events/trigger_encoder.npz`): NONE or a type.

MiniLM's top blocks and a 17-way head (NONE + the 16 PLOVER types) fine-tuned on the candidate
triggers of the event corpus's train split (scripts/trigger_items.py, scripts/train_trigger_encoder.py):
per token, class probabilities from the mean of its word pieces after the last block, read in its
spaCy sentence as `nlp.encoder.Encoder.span_vectors` reads a span. The precision gate reads two of
them per lexicon event (`gate_columns`): how probable the lexicon's type is on the trigger (or on its
event noun, "held talks"), and how probable any event is there. The lexicon still proposes the
events; this model only helps the gate keep or drop them. Lower blocks run in onnxruntime, the tuned
ones in NumPy; no PyTorch.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from whimbrel.nlp.encoder import encoder_available, load_encoder, load_tuned, sentence_items

TRIGGER_PATH = Path(__file__).resolve().parent.parent / "data" / "events" / "trigger_encoder.npz"
FLOOR = 1e-4   # log of a probability below this reads as the floor (the training script's too)


class TriggerModelError(ValueError):
    """[E630] the trigger encoder file is malformed."""


class TriggerEncoder:
    """probabilities(tokens) -> [n, 17] (meta["types"] order, NONE first)."""

    def __init__(self, path: Path = TRIGGER_PATH, encoder=None):
        self.encoder = encoder or load_encoder()
        try:
            self.meta, arrays, self.stack = load_tuned(self.encoder, path)
            self.types = list(self.meta["types"])
            self.weight = np.ascontiguousarray(arrays["head.weight"].T, dtype=np.float32)
            self.bias = arrays["head.bias"].astype(np.float32)
        except (OSError, KeyError, ValueError) as err:
            raise TriggerModelError(f"[E630] {path}: not a trigger encoder ({err}); rebuild it with "
                                    "scripts/train_trigger_encoder.py") from err
        if self.types[0] != "NONE" or self.weight.shape[1] != len(self.types):
            raise TriggerModelError(f"[E630] {path}: its head does not give NONE first and one column per type")

    def probabilities(self, tokens: Sequence[Token]) -> np.ndarray:
        if not tokens:
            return np.zeros((0, len(self.types)), dtype=np.float32)
        items, at = sentence_items(tokens)
        vectors = self.encoder.span_vectors_stacks(items, [self.stack])[0]
        logits = np.stack([vectors[i][j] for i, j in at]) @ self.weight + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def load_trigger_encoder(path: Path = TRIGGER_PATH) -> TriggerEncoder | None:
    return TriggerEncoder(path) if path.is_file() and encoder_available() else None


def gate_columns(trigger: np.ndarray, noun: np.ndarray | None, plover: str, types: Sequence[str]) -> list[float]:
    """The gate's two columns of one event from the class probabilities of its trigger and of its
    event noun (None without one): log P(the event's type) and log P(any event), each the larger of
    the two words'."""
    rows = [trigger] if noun is None else [trigger, noun]
    p_type = max(float(r[types.index(plover)]) for r in rows)
    p_event = max(1.0 - float(r[0]) for r in rows)
    return [float(np.log(max(p_type, FLOOR))), float(np.log(max(p_event, FLOOR)))]


def event_columns(events: list, model: TriggerEncoder) -> np.ndarray:
    """[n events, 2] gate columns: each event's trigger and event noun read by the model once."""
    tokens, seen = [], {}
    for e in events:
        for tok in (e.trigger, e.match.noun):
            if tok is not None and tok.i not in seen:
                seen[tok.i] = len(tokens)
                tokens.append(tok)
    p = model.probabilities(tokens)
    return np.asarray([gate_columns(p[seen[e.trigger.i]], None if e.match.noun is None else p[seen[e.match.noun.i]],
                                    e.match.plover, model.types) for e in events], dtype=np.float32)
