"""Features of the trigger typer (events/typer.py), shared by training and run time.

Per candidate trigger: its MiniLM contextual vector (the mean of its word pieces after the encoder's
own block 3, which the factuality stage runs anyway), the lexicon's vote (its PLOVER type or NONE)
and a few parse features of the token (dependency label, tag, negation, modal and infinitival
auxiliaries, subject and object present).
"""
from __future__ import annotations

import numpy as np
from spacy.tokens import Token

from whimbrel.events.learned_features import DEPS, LABELS, MODALS, OBJ, SUBJ, TAGS, one_hot


def parse_features(tok: Token) -> list[float]:
    kids = list(tok.children)
    deps = {c.dep_ for c in kids}
    auxes = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    return one_hot(tok.dep_, DEPS) + one_hot(tok.tag_, TAGS) + [
        float(tok.pos_ in ("NOUN", "PROPN")), float("neg" in deps), float("to" in auxes),
        float(bool(auxes & set(MODALS))), float(bool(deps & set(SUBJ))), float(bool(deps & set(OBJ))),
        float(tok.head.i == tok.i)]


def typer_matrix(vectors: np.ndarray, votes: list[str | None], parse: np.ndarray) -> np.ndarray:
    """One row per candidate: [vector | vote one-hot over NONE + 16 types | parse features]."""
    vote = np.asarray([one_hot(v or "NONE", LABELS)[:len(LABELS)] for v in votes], dtype=np.float32)
    return np.hstack([vectors.astype(np.float32), vote.reshape(len(votes), len(LABELS)),
                      parse.reshape(len(votes), -1)])


TYPER_COLUMNS = 3   # what the gate reads of the typer per event: P(NONE), P(the event's type), typer ran
