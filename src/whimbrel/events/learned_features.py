"""Feature vectors of the learned event stage (events/learned.py), shared by training and run time.

Trigger features: the trigger's contextual vector (spaCy's tok2vec row, `doc.tensor`, computed by
the parse anyway; the MiniLM encoder was measured at about 1.2 s per news sentence on the shared
build machine, too slow for every candidate of every document), the lexicon's vote (its PLOVER type or NONE
and its layer), and the trigger's place in the parse (dependency label, tag, negation, modal and
infinitival auxiliaries, a reporting head, actor mentions among its subjects and objects).
Argument features, per (trigger, actor mention of its sentence): the mention's contextual vector,
where it stands (before/after, distance, the dependency relation and path length to the trigger),
its kind, and whether the lexicon's argument rules chose it as source/target.
"""
from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from spacy.tokens import Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.models import PLOVER_TYPES

LABELS = ("NONE",) + PLOVER_TYPES
LAYERS = ("curated", "cameo", "nominal")
DEPS = ("ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "dobj", "pobj", "nsubj",
        "nsubjpass", "amod", "compound", "attr", "appos", "csubj", "prep", "npadvmod", "parataxis", "auxpass")
TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "NN", "NNS", "NNP", "NNPS", "JJ")
MODALS = ("will", "would", "may", "might", "could", "can", "should", "must", "shall")
SUBJ = ("nsubj", "nsubjpass", "csubj")
OBJ = ("dobj", "dative", "attr", "oprd")
ARG_RELS = ("nsubj", "nsubjpass", "dobj", "dative", "poss", "compound", "amod", "agent", "appos",
            "head_nsubj", "head_dobj", "other")
PREPS = ("by", "with", "against", "to", "on", "from", "for", "of", "in", "at", "between", "into")
KINDS = ("person", "government", "country", "organisation", "media", "igo", "group", "nationality")
LEMMA_BUCKETS = 256
ARG_WIDTH = len(ARG_RELS) + 1 + len(PREPS) + 1 + len(KINDS) + 1 + 9   # argument_features' length


def one_hot(value, options: Sequence) -> list[float]:
    return [1.0 if value == o else 0.0 for o in options] + [0.0 if value in options else 1.0]


def mention_at(token: Token, mentions: list[ActorSpan]) -> ActorSpan | None:
    return next((m for m in mentions if m.covers(token.i)), None)


def span_root(doc, m: ActorSpan) -> Token:
    """The mention's syntactic head: the token of the span whose head lies outside it."""
    toks = [doc[i] for i in range(m.start, m.end)]
    return next((t for t in toks if not m.covers(t.head.i) or t.head.i == t.i), toks[-1])


def trigger_parse_features(tok: Token, mentions: list[ActorSpan], reporting: bool) -> list[float]:
    kids = list(tok.children)
    deps = {c.dep_ for c in kids}
    auxes = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    sent = tok.sent
    feats = one_hot(tok.dep_, DEPS) + one_hot(tok.tag_, TAGS)
    feats += [float(tok.pos_ in ("NOUN", "PROPN")), float("neg" in deps), float("to" in auxes),
              float(bool(auxes & set(MODALS))), float(bool(auxes & {"will", "shall"})),
              float(bool(auxes & {"may", "might", "could", "can"})), float("mark" in deps),
              float(reporting), float(tok.head.i != tok.i and tok.head.lemma_ in ("say", "tell", "add")),
              float(any(c.dep_ in SUBJ and mention_at(c, mentions) for c in kids)),
              float(any(c.dep_ in OBJ and mention_at(c, mentions) for c in kids)),
              float(any(c.dep_ in ("prep", "agent") and any(mention_at(g, mentions) for g in c.children)
                        for c in kids)),
              float(any(c.dep_ == "poss" and mention_at(c, mentions) for c in kids)),
              min(sum(1 for m in mentions if sent.start <= m.start < sent.end), 4) / 4,
              (tok.i - sent.start) / max(len(sent), 1), float(tok.i == sent.root.i)]
    return feats


def lemma_features(tok: Token) -> list[float]:
    """The trigger's lemma, hashed into LEMMA_BUCKETS (stable across runs: crc32), so the model can
    learn verbs that are never events ("say", "look") and nouns named after hosts."""
    out = [0.0] * LEMMA_BUCKETS
    out[zlib.crc32(tok.lemma_.lower().encode("utf-8")) % LEMMA_BUCKETS] = 1.0
    return out


def lexicon_features(vote: tuple[str, str] | None) -> list[float]:
    """The lexicon's (type, layer) for the token, or None when the lexicon codes nothing there."""
    plover, layer = vote if vote else ("NONE", None)
    return one_hot(plover, LABELS) + one_hot(layer, LAYERS)


def relation(trigger: Token, head: Token) -> str:
    """How a mention's head hangs on the trigger (or on the verb that governs a nominal trigger)."""
    if head.head.i == trigger.i and head.i != trigger.i:
        return head.dep_ if head.dep_ in ARG_RELS else "other"
    if head.dep_ == "pobj" and head.head.head.i == trigger.i:
        return "agent" if head.head.dep_ == "agent" else "other"
    if trigger.head.i != trigger.i and head.head.i == trigger.head.i and head.dep_ in ("nsubj", "dobj"):
        return f"head_{head.dep_}"
    return "none"


def tree_distance(a: Token, b: Token) -> int:
    up = {t.i: k for k, t in enumerate([a] + list(a.ancestors))}
    for k, t in enumerate([b] + list(b.ancestors)):
        if t.i in up:
            return up[t.i] + k
    return 20


def argument_features(trigger: Token, m: ActorSpan, lexicon_role: str | None) -> list[float]:
    doc = trigger.doc
    head = span_root(doc, m)
    prep = head.head.lower_ if head.dep_ == "pobj" else None
    distance = (m.start - trigger.i) if m.start > trigger.i else (trigger.i - m.end + 1)
    feats = one_hot(relation(trigger, head), ARG_RELS + ("none",))[:-1]
    feats += one_hot(prep, PREPS) + one_hot(m.kind, KINDS)
    feats += [float(m.start > trigger.i), min(abs(distance), 30) / 30, min(tree_distance(trigger, head), 10) / 10,
              float(bool(m.country)), float(lexicon_role == "source"), float(lexicon_role == "target"),
              float(m.how == "coref"), float(head.dep_ in SUBJ), float(head.dep_ in OBJ)]
    return feats


def span_vectors(doc, ranges: list[tuple[int, int]], dim: int) -> np.ndarray:
    """One contextual vector per token range [start, end) of `doc`: the mean of spaCy's tok2vec rows
    (doc.tensor, which the tagger and parser already computed); zeros when the doc has none."""
    out = np.zeros((len(ranges), dim), dtype=np.float32)
    tensor = doc.tensor
    if tensor is None or tensor.shape[0] != len(doc) or tensor.shape[1] != dim:
        return out
    for k, (s, e) in enumerate(ranges):
        out[k] = tensor[s:e].mean(axis=0)
    return out
