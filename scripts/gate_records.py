"""The gate's real short-text registers: real train sentences read on their own, scored as records.

Used by scripts/train_event_gate.py. The synthetic one-event sentences stood poorly for real
one-event records (train CV said -10 % recall at threshold 0.3, PLOVER's records lost 29 %), so the
selection also reads REAL train text the way a record is read: every real (non-synthetic) train
sentence as a document of its own, no context line, no earlier sentence (a one-sentence document of
uw / meantime / uds is read exactly as before; a VOA or ECB+ sentence loses its document, as a news
snippet has none). Registers, out of fold per draw:
- "standalone": event precision / recall of the gated lexicon on those sentences (no-event ones too);
- "records": per sentence holding >= 1 required gold event, its top event (evaluate/plover_gsr's
  order: not the content of a demand or proposal, then confidence, then first in text) is right when
  its type + source country + target country is a required gold event's; no event = wrong.
  Record precision = right / records given an event, record recall (= accuracy) = right / records;
- "records_single": the same on the one-sentence documents only (uw, meantime, uds, ECB+ singles).
A standalone sentence of fold k gets its roles from the draw's role model without fold k and its
gate probability from the gate trained without fold k (train_event_gate.py's oof_draw), so nothing
of its document is seen. Gold codes were annotated with the whole document in view, so a record
whose actor is only named earlier ("Officials" -> CHNGOV) cannot be right standalone: the register
is harder than self-contained wire leads, alike for every candidate gate.
"""
from __future__ import annotations

from collections import Counter

from whimbrel.evaluate.corpus import gold_triples
from whimbrel.evaluate.plover_gsr import content_rank
from whimbrel.modality.classify import classify_trigger
from whimbrel.modality.cues import load_cues
from whimbrel.modality.stage import proposing_act

SEPARATOR = "#"   # standalone document id = parent document id # sentence id


def standalone_rows(rows: list[dict]) -> list[dict]:
    """Every real sentence as a document of its own (no context line); `single` marks a sentence
    that was already a document of its own without context."""
    per_doc = Counter(r["doc_id"] for r in rows)
    return [{**r, "doc_id": f"{r['doc_id']}{SEPARATOR}{r['sent_id']}", "context": None,
             "single": per_doc[r["doc_id"]] == 1 and not r.get("context")}
            for r in rows if not r.get("synthetic")]


def parent(doc_id: str) -> str:
    return doc_id.rsplit(SEPARATOR, 1)[0]


_CUES = None


def modality(event) -> str:
    """An event's rule modality as the modality stage sets it (no quotes: a media attribution only
    makes an event `reported`, which the record order ignores)."""
    global _CUES
    _CUES = _CUES or load_cues()
    return proposing_act(event.trigger, classify_trigger(event.trigger), _CUES).modality


def top_triple(events: list, conf, flat: list[int], threshold: float, record_mode: bool = False):
    """The triple of a record's top event among those at or above `threshold`, in evaluate/plover_gsr's
    order (content rank, confidence, text position); None when none is. `record_mode`
    (Coder.record_mode): a record with none above the threshold keeps its most probable event.
    `events`: doc_entry's (sentence, triple, trigger char, noun char, modality), `flat` their indices."""
    def ranked(i, e):
        return content_rank(e[1][0], e[4]), -conf[i], e[2], e[1]
    kept = [ranked(i, e) for i, e in zip(flat, events) if conf[i] >= threshold]
    if not kept and record_mode and flat:
        best = max(flat, key=lambda k: conf[k])
        kept = [ranked(best, events[flat.index(best)])]
    return min(kept)[3] if kept else None


def record_outcome(row: dict, events: list, conf, flat: list[int], threshold: float) -> int | None:
    """1 right top event, 0 wrong or none, None: not a record (no required gold event)."""
    required = {t for t, optional in gold_triples(row) if not optional}
    if not required:
        return None
    top = top_triple(events, conf, flat, threshold)
    return int(top is not None and top in required)


def score_records(sentences, conf, threshold: float, single: bool = False) -> tuple[float, float, int]:
    """(record precision, record recall, records) at `threshold`; `single`: one-sentence documents only."""
    right = given = n = 0
    for row, flat, events in sentences:
        if single and not row.get("single"):
            continue
        outcome = record_outcome(row, events, conf, flat, threshold)
        if outcome is None:
            continue
        n += 1
        right += outcome
        given += any(conf[i] >= threshold for i in flat)
    return (right / given if given else 0.0), (right / n if n else 0.0), n
