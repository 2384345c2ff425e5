"""Features of the precision gate (events/gate.py): one row per event the lexicon emits.

What the gate may know about a lexicon event when it keeps or drops it: the lexicon's type, layer
and pattern (curated verb sense, CAMEO fallback, nominal, frame), the stage's own confidence and
notes (implicit counterpart, unresolved source, embedded under another event), the trigger's parse
and hashed lemma (learned_features: many false events are verbs that are never interactions), how
its source and target were found (kind, dictionary vs role vs coreference, country known, same
party) and, when the role assigner chose them (events/roles.py), its probabilities, and the
trigger's contextual vector (spaCy's tok2vec row, computed by the parse anyway;
cross-validation left it out of the shipped gate, `use_vectors` in event_gate.json, and
scripts/train_event_gate.py keeps it in the matrix to measure it again).
"""
from __future__ import annotations

import numpy as np

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.learned_features import (KINDS, LABELS, LAYERS, lemma_features, one_hot, span_vectors,
                                              trigger_parse_features)

HOWS = ("dictionary", "place", "country", "role", "coref", "agent", "based", "context", "ethnic",
        "location", "name", "ner", "title", "subject")
NOTES = ("implicit target from context", "source not in the actor dictionaries", "embedded under another event")
PATTERN_CUES = ("cameo", "noun", "light", "frame", "joint", "participle")
VECTOR_DIM = 96   # the leading columns: the trigger's tok2vec row


def actor_features(actor: ActorSpan | None) -> list[float]:
    if actor is None:
        return [1.0] + [0.0] * (len(KINDS) + 1 + len(HOWS) + 1 + 3)
    return ([0.0] + one_hot(actor.kind, KINDS) + one_hot(actor.how, HOWS)
            + [float(bool(actor.country)), float(actor.sector == "IGO" or actor.kind == "igo"),
               float(actor.is_person)])


def event_features(event, reporting_head: bool) -> list[float]:
    """The gate's features of one lexicon event (an extract.EventCandidate), without the vector."""
    tok, match = event.trigger, event.match
    mentions = tok.doc._.actor_mentions or []
    pattern = (match.pattern or "").lower()
    same = event.source is not None and event.target is not None and \
        (event.source.country, event.source.sector) == (event.target.country, event.target.sector)
    feats = one_hot(match.plover, LABELS[1:]) + one_hot(match.layer, LAYERS)
    feats += [float(c in pattern) for c in PATTERN_CUES] + [float(n in event.notes) for n in NOTES]
    feats += [float(event.confidence), float(match.noun is not None), float(same)]
    feats += actor_features(event.source) + actor_features(event.target)
    scores = getattr(event, "role_scores", None)   # how sure the role assigner is of its choice
    feats += [float(scores is not None), *(scores or (0.0, 0.0))]
    feats += trigger_parse_features(tok, mentions, reporting_head) + lemma_features(tok)
    return feats


def gate_matrix(doc, events, lexicon) -> np.ndarray:
    """One row per event: [tok2vec of the trigger | event_features]; no rows (and no columns
    beyond the vector) without events."""
    if not events:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    rows = [event_features(e, e.trigger.head.i != e.trigger.i and lexicon.is_reporting_verb(e.trigger.head))
            for e in events]
    vectors = span_vectors(doc, [(e.trigger.i, e.trigger.i + 1) for e in events], VECTOR_DIM)
    return np.hstack([vectors, np.asarray(rows, dtype=np.float32)])
