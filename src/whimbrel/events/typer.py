"""The trigger typer: NONE or one of the 16 PLOVER types for each trigger the lexicon typed
(docs/events.md, "Trigger typer").

A multinomial logistic model (data/events/event_typer.npz, written by scripts/train_event_typer.py
from the train split of the event corpus) over the trigger's MiniLM vector after the encoder's own
block 3, the lexicon's vote and parse features (events/typer_features.py). Per lexicon event it
gives P(NONE) and P(type) (the gate reads both) and relabels the event when its best PLOVER type
beats the lexicon's by the margin cross-validation chose. The block-3 states of each sentence it
reads are kept on the Doc (`LOWER_KEY`) so the factuality stage, whose tuned blocks sit on the same
three lower blocks, does not run them again. Without the file or the encoder package the events
keep the lexicon's types and the gate reads its typer columns at their train mean.
"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from whimbrel.events.learned_features import LABELS
from whimbrel.events.typer_features import parse_features, typer_matrix
from whimbrel.modality.tuned import sentence_items
from whimbrel.nlp.encoder import LOWER_KEY, encoder_available, load_encoder

TYPER_PATH = Path(__file__).resolve().parent.parent / "data" / "events" / "event_typer.npz"
INDEX = {t: i for i, t in enumerate(LABELS)}


class TyperError(ValueError):
    """[E630] the trigger typer's model file is malformed."""


class Typer:
    def __init__(self, path: Path = TYPER_PATH, encoder=None):
        try:
            with np.load(path) as data:
                self.mean, self.scale = data["mean"], data["scale"]
                self.coef, self.bias = data["coef"].astype(np.float32), data["bias"]
                meta = json.loads(str(data["meta"]))
            if tuple(meta["labels"]) != LABELS or self.coef.shape != (len(self.mean), len(LABELS)):
                raise ValueError("labels or shapes differ from this code's")
            self.margin, self.blocks = float(meta["margin"]), int(meta["blocks"])
        except (OSError, KeyError, ValueError) as err:
            raise TyperError(f"[E630] {path}: not a trigger typer ({err}); rebuild it with "
                             "scripts/trigger_vectors.py and scripts/train_event_typer.py --write") from err
        self.encoder = encoder or load_encoder()

    def probs(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.bias
        z = np.exp(z - z.max(1, keepdims=True))
        return z / z.sum(1, keepdims=True)


@lru_cache(maxsize=1)
def load_typer(path: Path = TYPER_PATH) -> Typer | None:
    return Typer(path) if path.is_file() and encoder_available() else None


def token_votes(events: list) -> dict[int, str]:
    """Per token index: the type of the first lexicon event whose trigger (or noun) it is."""
    votes: dict[int, str] = {}
    for e in events:
        for tok in (e.trigger, e.match.noun):
            if tok is not None:
                votes.setdefault(tok.i, e.match.plover)
    return votes


def event_probs(doc, events: list, votes: dict[int, str], typer: Typer) -> list[np.ndarray]:
    """Per event, the typer's probabilities of its trigger, or of its noun ("held talks") when that
    is the likelier event."""
    toks = [doc[i] for i in sorted({t.i for e in events for t in (e.trigger, e.match.noun) if t is not None})]
    items, at = sentence_items(toks)
    per_sentence = typer.encoder.lower_span_vectors(items, typer.blocks, doc.user_data.setdefault(LOWER_KEY, {}))
    vectors = np.stack([per_sentence[i][j] for i, j in at])
    p = typer.probs(typer_matrix(vectors, [votes[t.i] for t in toks], np.asarray(
        [parse_features(t) for t in toks], dtype=np.float32)))
    row = {t.i: k for k, t in enumerate(toks)}
    return [min((p[row[t.i]] for t in (e.trigger, e.match.noun) if t is not None), key=lambda q: q[0])
            for e in events]


def typed_events(doc, events: list, typer: Typer, keep: np.ndarray | None = None) -> tuple[list, np.ndarray]:
    """The events (those `keep` marks), each relabelled when the typer's best type beats the
    lexicon's by the margin, and the gate's typer columns [P(NONE), P(event's type), 1] per event.
    Votes come from all `events`; only the kept ones' sentences are encoded."""
    votes = token_votes(events)
    chosen = [e for e, k in zip(events, keep if keep is not None else [True] * len(events)) if k]
    out, cols = [], []
    for e, q in zip(chosen, event_probs(doc, chosen, votes, typer) if chosen else []):
        best = int(np.argmax(q[1:])) + 1
        if LABELS[best] != e.match.plover and q[best] - q[INDEX[e.match.plover]] >= typer.margin:
            e = replace(e, match=replace(e.match, plover=LABELS[best], mode=None, context=()),
                        notes=e.notes + [f"type from the trigger typer (lexicon: {e.match.plover})"])
        out.append(e)
        cols.append([q[0], q[INDEX[e.match.plover]], 1.0])
    return out, np.asarray(cols, dtype=np.float32).reshape(len(out), 3)
