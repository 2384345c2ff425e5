"""The learned event stage: for every candidate trigger, NONE or one of the 16 PLOVER types; for
each actor mention of its sentence, source, target or neither (docs/events.md, "Learned stage").

Candidates are the corpus's (data/events/corpus/): every verb and every event noun of the model's
noun list. The lexicon's events are one feature (their type, layer and argument choices) and the
whole answer when the model files (data/events/event_model.{npz,json}) are missing. Confidence is
the calibrated probability of the predicted type (isotonic, fitted on cross-validated predictions of
the corpus's train split); an event is emitted when it reaches the threshold chosen for precision
by cross-validation, or the user's floor (`whimbrel run --min-confidence`). The stage is off
unless the pipeline is built with `learned=True` (`whimbrel run --learned`, `Coder.load(learned=True)`):
on the corpus it trades most of the lexicon's recall for precision (docs/EVALUATION.md). Both are
stage settings, not environment variables, so processes and Ray actors get them with the loader.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.learned_features import (ARG_WIDTH, LABELS, argument_features, lemma_features, lexicon_features,
                                              span_vectors, trigger_parse_features)
from whimbrel.events.lexicon import TriggerLexicon, TriggerMatch
from whimbrel.events.modes import mode_from_cues

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "events" / "event_model.npz"
VECTOR_DIM = 96   # spaCy en_core_web_sm tok2vec width: the leading columns of both matrices


@dataclass
class Emitted:
    """One learned event, before extract.py wraps it as an EventCandidate."""
    trigger: Token
    match: TriggerMatch
    source: ActorSpan | None
    target: ActorSpan | None
    confidence: float


def candidate_tokens(doc: Doc, nouns: frozenset[str]) -> list[Token]:
    """Every verb and every noun of the event-noun list, as scripts/corpus_candidates.py lists them."""
    return [t for t in doc if t.pos_ == "VERB" or
            (t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in nouns or t.lower_ in nouns))]


def lexicon_votes(events) -> tuple[dict[int, tuple[str, str]], dict[tuple[int, int], str]]:
    """The lexicon's type per token (its own event, else the event whose verb carries it: "held
    talks"), and its argument choice per (trigger token, mention start)."""
    votes, roles = {}, {}
    for ev in events:
        votes.setdefault(ev.trigger.i, (ev.match.plover, ev.match.layer))
        for role, actor in (("source", ev.source), ("target", ev.target)):
            if actor is not None:
                roles.setdefault((ev.trigger.i, actor.start), role)
                if ev.match.noun is not None:
                    roles.setdefault((ev.match.noun.i, actor.start), role)
    for ev in events:
        if ev.match.noun is not None:
            votes.setdefault(ev.match.noun.i, (ev.match.plover, ev.match.layer))
    return votes, roles


def sentence_mentions(tok: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    sent = tok.sent
    return [m for m in mentions if sent.start <= m.start < sent.end and not m.covers(tok.i)]


def features(doc: Doc, toks: list[Token], events, lexicon: TriggerLexicon, use_vectors: bool):
    """(trigger matrix, per trigger its mentions, per trigger the mention vectors, lexicon roles)."""
    mentions = doc._.actor_mentions or []
    votes, roles = lexicon_votes(events)
    per_tok = [sentence_mentions(t, mentions) for t in toks]
    tvec = mvec = None
    if use_vectors and toks:
        ranges = [(t.i, t.i + 1) for t in toks] + [(m.start, m.end) for ms in per_tok for m in ms]
        vecs = span_vectors(doc, ranges, VECTOR_DIM)
        tvec, mvec = vecs[:len(toks)], vecs[len(toks):]
    rows = []
    for k, t in enumerate(toks):
        head_reporting = t.head.i != t.i and lexicon.is_reporting_verb(t.head)
        rows.append(lexicon_features(votes.get(t.i)) + trigger_parse_features(t, mentions, head_reporting)
                    + lemma_features(t))
    x = np.asarray(rows, dtype=np.float32).reshape(len(toks), -1)
    if tvec is not None:
        x = np.hstack([tvec, x])
    m_vectors, start = [], 0
    for ms in per_tok:
        m_vectors.append(mvec[start:start + len(ms)] if mvec is not None else None)
        start += len(ms)
    return x, per_tok, m_vectors, roles


def argument_matrix(tok: Token, ms: list[ActorSpan], vectors, roles) -> np.ndarray:
    rows = [argument_features(tok, m, roles.get((tok.i, m.start))) for m in ms]
    x = np.asarray(rows, dtype=np.float32).reshape(len(ms), ARG_WIDTH)
    return np.hstack([vectors.reshape(len(ms), VECTOR_DIM), x]) if vectors is not None else x


class Linear:
    """A multinomial logistic regression stored as arrays (standardised inputs)."""

    def __init__(self, arrays: dict, prefix: str):
        self.mean, self.scale = arrays[f"{prefix}_mean"], arrays[f"{prefix}_scale"]
        self.coef, self.bias = arrays[f"{prefix}_coef"], arrays[f"{prefix}_bias"]

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


class EventModel:
    def __init__(self, path: Path = MODEL_PATH):
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        self.meta = json.loads(path.with_suffix(".json").read_text())
        self.types, self.args = Linear(arrays, "type"), Linear(arrays, "arg")
        self.calib_x, self.calib_y = arrays["calib_x"], arrays["calib_y"]
        self.nouns = frozenset(self.meta["nouns"])
        self.use_vectors = bool(self.meta["use_vectors"])
        self.arg_use_vectors = bool(self.meta["arg_use_vectors"])
        self.threshold = float(self.meta["threshold"])
        self.arg_threshold = float(self.meta["arg_threshold"])

    def calibrate(self, p: np.ndarray) -> np.ndarray:
        return np.interp(p, self.calib_x, self.calib_y)


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> EventModel | None:
    return EventModel(path) if path.is_file() and path.with_suffix(".json").is_file() else None


def choose_arguments(probs: np.ndarray, parties: list, threshold: float) -> tuple[int | None, int | None]:
    """Indexes of the most likely source, then of the most likely target of another party."""
    source = target = None
    if len(parties):
        k = int(np.argmax(probs[:, 1]))
        if probs[k, 1] >= threshold:
            source = k
        for j in (int(j) for j in np.argsort(-probs[:, 2])):
            if probs[j, 2] >= threshold and j != source and (source is None or parties[j] != parties[source]):
                target = j
                break
    return source, target


def learned_events(doc: Doc, events, lexicon: TriggerLexicon, model: EventModel,
                   min_confidence: float | None = None) -> list[Emitted]:
    """The events the model emits on `doc`, in text order; `events` are the lexicon's;
    `min_confidence` replaces the model's own threshold (chosen for precision) when given."""
    toks = candidate_tokens(doc, model.nouns)
    if not toks:
        return []
    vectors = model.use_vectors or model.arg_use_vectors
    x, per_tok, m_vectors, roles = features(doc, toks, events, lexicon, vectors)
    probs = model.types.proba(x if model.use_vectors or not vectors else x[:, VECTOR_DIM:])
    by_token = {ev.trigger.i: ev for ev in events}
    floor = model.threshold if min_confidence is None else min_confidence
    out = []
    for k, tok in enumerate(toks):
        label = int(np.argmax(probs[k]))
        if LABELS[label] == "NONE":
            continue
        confidence = float(model.calibrate(probs[k, label]))
        if confidence < floor:
            continue
        plover = LABELS[label]
        lex = by_token.get(tok.i)
        if lex is not None and lex.match.plover == plover:
            match = TriggerMatch(plover, lex.match.mode, lex.match.context, f"learned; {lex.match.pattern}",
                                 "learned", lex.match.noun)
        else:
            match = TriggerMatch(plover, mode_from_cues(plover, tok), (), "learned", "learned", None)
        ms = per_tok[k]
        a = argument_matrix(tok, ms, m_vectors[k] if model.arg_use_vectors else None, roles)
        src, tgt = choose_arguments(model.args.proba(a) if len(ms) else np.zeros((0, 3)),
                                    [(m.country, m.sector) for m in ms], model.arg_threshold)
        out.append(Emitted(tok, match, None if src is None else ms[src], None if tgt is None else ms[tgt],
                           round(confidence, 3)))
    return out
