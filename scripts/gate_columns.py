"""Columns the precision gate's cross-validation reads from out-of-fold files of the fine-tuned
encoders (scripts/train_event_gate.py --trigger-oof / --role-oof), so that no model behind a column
saw the document of the event it scores; at run time events/gate.py computes the same columns with
the shipped models.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from gate_records import parent
from trigger_items import fold_of

from whimbrel.events.corpus import corpus_documents
from whimbrel.events.trigger_encoder import FLOOR, gate_columns


def with_trigger_columns(assemble_rows, items: Path, oof: Path, key: str):
    """`assemble` with the trigger encoder's two gate columns appended, read from its out-of-fold
    class probabilities (scripts/train_trigger_encoder.py --cv; the fine-tuned model never saw the
    event's document), matched by sentence text and the trigger's or its noun's character. The few
    events on no corpus candidate take the mean of the others (fixed at the first call, so every
    fold's matrix agrees); at run time every trigger is read."""
    data = json.loads(items.read_text(encoding="utf-8"))
    probs = np.exp(np.load(oof)[key])
    at, k = {}, 0
    for it in data["items"]:
        for s, _ in it["spans"]:
            at[(it["text"], s)] = k
            k += 1
    fill = []

    def columns(sentences, n):
        out = np.full((n, 2), np.nan, dtype=np.float32)
        for row, flat, events in sentences:
            for i, e in zip(flat, events):
                rows = [probs[at[(row["text"], c)]] for c in (e[2], e[3]) if (row["text"], c) in at]
                if rows:
                    out[i] = gate_columns(rows[0], rows[1] if len(rows) > 1 else None, e[1][0], data["types"])
        if not fill:
            fill.append(np.nanmean(out, axis=0))
        return np.where(np.isnan(out), fill[0], out)

    def assemble_with(rows, cache, label):
        x, y, groups, sentences = assemble_rows(rows, cache, label)
        return np.hstack([x, columns(sentences, len(y))]), y, groups, sentences
    return assemble_with


def role_columns(p_source: float | None, p_target: float | None) -> list[float]:
    """The role tagger's four gate columns of one event (measured in session 17, not shipped): whether
    its source is read in the trigger's sentence and log P(source) there (0 when not), the same for
    its target."""
    out = []
    for p in (p_source, p_target):
        out += [0.0, 0.0] if p is None else [1.0, float(np.log(max(p, FLOOR)))]
    return out


def entry_roles(rows, cache) -> list:
    """Per lexicon event, in assemble's order: (source span, target span, trigger span) in its sentence."""
    out = []
    for d in corpus_documents(rows):
        f = cache[d.doc_id]
        by_sent: dict[int, list[int]] = {}
        for j, (k, *_) in enumerate(f["events"]):
            by_sent.setdefault(k, []).append(j)
        for k in range(len(d.spans)):
            out.extend(f["roles"][j] for j in by_sent.get(k, []))
    return out


def role_queries(rows, caches: list[dict]) -> list[dict]:
    """Every (sentence, trigger, chosen source or target span) of the lexicon events of `caches`, once,
    with the role tagger's fold of its document (a sentence read on its own: its parent's)."""
    seen, out = set(), []
    for cache in caches:
        for d in corpus_documents(rows):
            f = cache[d.doc_id]
            for (k, *_), spans in zip(f["events"], f["roles"]):
                text = d.spans[k][0]["text"]
                for span in spans[:2]:
                    key = (text, spans[2], span)
                    if span is not None and key not in seen:
                        seen.add(key)
                        out.append({"text": text, "doc_id": d.doc_id, "fold": fold_of(parent(d.doc_id)),
                                    "trigger": list(spans[2]), "spans": [list(span)]})
    return out


def with_role_columns(assemble_rows, queries: Path, answers: Path):
    """`assemble` with the role tagger's four gate columns appended (role_columns),
    read from its out-of-fold answers to `role_queries` (scripts/train_role_tagger.py --answers)."""
    asked = json.loads(queries.read_text())
    got = json.loads(answers.read_text())
    probs = {(q["text"], tuple(q["trigger"]), tuple(q["spans"][0])): (a[0] if a else None) for q, a in zip(asked, got)}

    def assemble_with(rows, cache, label):
        x, y, groups, sentences = assemble_rows(rows, cache, label)
        roles = entry_roles(rows, cache)
        assert len(roles) == len(y), "events and their role spans out of step"
        texts = [row["text"] for row, flat, _ in sentences for _ in flat]
        cols = []
        for text, (source, target, trigger) in zip(texts, roles):
            p_source = probs.get((text, tuple(trigger), tuple(source))) if source else None
            p_target = probs.get((text, tuple(trigger), tuple(target))) if target else None
            cols.append(role_columns(None if p_source is None else p_source[0],
                                     None if p_target is None else p_target[1]))
        return np.hstack([x, np.asarray(cols, dtype=np.float32).reshape(len(y), -1)]), y, groups, sentences
    return assemble_with
