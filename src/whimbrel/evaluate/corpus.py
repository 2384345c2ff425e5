"""The `corpus` suite: whimbrel's events on the own test split of the event corpus (issue 15).

Every test document is coded whole (its corpus sentences in order, one a line; a stored context
sentence where the sentence before is not in the corpus); the events whose trigger lies in a corpus
sentence are compared with the gold events of that sentence. Sentences stored only as references
(UW) need ../shared; without it they are left out and `referenced_skipped` counts them. An emitted event is right
when a gold event of the sentence has the same type, source country and target country (none =
none); a gold event marked optional is neither missed nor counted when matched. Reported: precision,
recall, F1, the share of sentences without a gold event that get no event, and the expected
calibration error (ECE, 10 equal-width bins) of the emitted events' confidence against being right.
Both event stages are scored: the learned one (headline) and the lexicon alone (`lexicon`).

`by_trigger` compares each gold event (optional ones too: they are events, only marginal ones) with
the event emitted on its own trigger token:
how many are found with the right type, and on those the modality (accuracy, negated recall) and
the source/target country (the actor measures of issues 16 and 17, on correctly found events).
The split holds no negated gold event, so `negation_set` adds the negation test set's figures
(`evaluate.negation_set`: negated recall and precision of the rule modality on its candidates).

`records` reads the one-sentence documents that hold a required gold event (UW, MEANTIME and UDS
sentences stand alone) as PLOVER's gold records are read: the record's top event
(`plover_gsr.top_of`) is right in type when a required gold event has its type, and in full when
its type and both countries match one; no event is wrong. `records_mode` reads them again coded in
record mode (`whimbrel run --records`), as the PLOVER suite codes its records. `by_round` scores the sentences of each
annotation round apart (`first`, then each `added` date), so figures stay comparable as the split
grows.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from whimbrel.actors.mentions import actor_country
from whimbrel.evaluate.negation_set import corpus_negation_figures
from whimbrel.evaluate.plover_gsr import top_of
from whimbrel.events.corpus import corpus_documents, country, load_corpus, sentence_at
from whimbrel.ingest import read_text

Triple = tuple[str, str | None, str | None]


def gold_triples(row: dict) -> list[tuple[Triple, bool]]:
    return [((e["type"], country(e.get("source_code")), country(e.get("target_code"))), bool(e.get("optional")))
            for e in row.get("events", [])]


def match_gold(gold: list[tuple[Triple, bool]], predicted: list[Triple]) -> list[int | None]:
    """Per predicted event, in order, the index of the gold event it takes (None: none is left)."""
    free = list(range(len(gold)))
    taken: list[int | None] = []
    for p in predicted:   # required gold events first, so an optional one never takes a required hit
        k = next((g for g in free if gold[g][0] == p and not gold[g][1]), None)
        if k is None:
            k = next((g for g in free if gold[g][0] == p), None)
        if k is not None:
            free.remove(k)
        taken.append(k)
    return taken


def match_sentence(gold: list[tuple[Triple, bool]], predicted: list[Triple]) -> tuple[list[bool | None], int]:
    """Per predicted event: True (right), False (wrong) or None (matched an optional gold event);
    and the number of required gold events left unmatched."""
    taken = match_gold(gold, predicted)
    verdicts = [False if k is None else None if gold[k][1] else True for k in taken]
    return verdicts, sum(1 for g, (_, optional) in enumerate(gold) if not optional and g not in taken)


def ece(confidence: list[float], right: list[bool], bins: int = 10) -> float | None:
    if not confidence:
        return None
    c, r = np.asarray(confidence, float), np.asarray(right, float)
    idx = np.minimum((c * bins).astype(int), bins - 1)
    return round(float(sum(abs(c[idx == b].mean() - r[idx == b].mean()) * (idx == b).sum()
                           for b in range(bins) if (idx == b).any()) / len(c)), 4)


def score(sentences: list[tuple[list[tuple[Triple, bool]], list[tuple[Triple, float]]]]) -> dict[str, Any]:
    """sentences: (gold events, predicted (triple, confidence)) per sentence."""
    tp = fp = fn = 0
    neg = neg_clean = 0
    conf, right = [], []
    for gold, predicted in sentences:
        verdicts, missed = match_sentence(gold, [p for p, _ in predicted])
        tp += sum(1 for v in verdicts if v is True)
        fp += sum(1 for v in verdicts if v is False)
        fn += missed
        for v, (_, c) in zip(verdicts, predicted):
            if v is not None:
                conf.append(c)
                right.append(v)
        if not gold:
            neg += 1
            neg_clean += not predicted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": len(sentences), "event_precision": round(p, 4), "event_recall": round(r, 4),
            "event_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn,
            "none_sentences": neg, "none_sentences_no_event": round(neg_clean / neg, 4) if neg else None,
            "ece": ece(conf, right)}


def coded_sentences(coder: Any, rows: list[dict]) -> list[tuple[dict, list[tuple[int, Any]]]]:
    """Per corpus sentence, the events coded on it, each with its trigger's character offset inside
    the sentence. Each document is coded whole (its corpus sentences in order, events.corpus.
    corpus_documents), so titles, pronouns and the actors of earlier sentences count as in a run."""
    out = []
    for doc in corpus_documents(rows):
        coded = coder.code(read_text(doc.text, detect_title=False))
        per = [[] for _ in doc.spans]
        for e in coded.events:
            start = e.evidence.trigger_start if e.evidence.trigger_start is not None else e.evidence.start
            k = sentence_at(doc, start)
            if k is not None:
                per[k].append((start - doc.spans[k][1], e))
        out += [(row, events) for (row, _, _), events in zip(doc.spans, per)]
    return out


def records(coded: list[tuple[dict, list[tuple[int, Any]]]]) -> dict[str, Any]:
    """Top-event accuracy on the one-sentence documents holding a required gold event."""
    singles = {id(row) for row in single_rows([row for row, _ in coded])}
    n = typed = full = with_event = 0
    for row, events in coded:
        required = [t for t, optional in gold_triples(row) if not optional]
        if id(row) not in singles or not required:
            continue
        n += 1
        top = top_of([e for _, e in events])
        if top is None:
            continue
        with_event += 1
        typed += any(top.event_type == t[0] for t in required)
        full += triples([(0, top)])[0][0] in required
    share = lambda k: round(k / n, 4) if n else None
    return {"records": n, "with_event": share(with_event), "type_accuracy": share(typed),
            "triple_accuracy": share(full)}


def single_rows(rows: list[dict]) -> list[dict]:
    """The sentences of one-sentence documents (the documents `records` reads)."""
    per_doc: dict[str, int] = {}
    for r in rows:
        per_doc[r["doc_id"]] = per_doc.get(r["doc_id"], 0) + 1
    return [r for r in rows if per_doc[r["doc_id"]] == 1]


def by_round(scored: list[tuple[dict, tuple]]) -> dict[str, Any]:
    rounds: dict[str, list] = {}
    for row, pair in scored:
        rounds.setdefault(row.get("added") or "first", []).append(pair)
    return {name: score(pairs) for name, pairs in rounds.items()} if len(rounds) > 1 else {}


def triples(events: list[tuple[int, Any]]) -> list[tuple[Triple, float]]:
    return [((e.event_type, actor_country(e.source), actor_country(e.target)), float(e.confidence))
            for _, e in events]


def trigger_offsets(coder: Any, row: dict) -> dict[int, int]:
    """Candidate index -> character offset of its token, tokenised as the corpus was (`i` indexes
    the sentence tokenised on its own)."""
    tokens = coder.nlp.tokenizer(row["text"])
    return {c["c"]: tokens[c["i"]].idx for c in row["candidates"] if c["i"] < len(tokens)}


def by_trigger(pairs: list[tuple[dict, Any | None]]) -> dict[str, Any]:
    """pairs: (gold event, the event emitted on its trigger or None)."""
    found = [(g, e) for g, e in pairs if e is not None and e.event_type == g["type"]]
    negated = [(g, e) for g, e in found if g.get("modality") == "negated"]
    with_source = [(g, e) for g, e in found if country(g.get("source_code"))]
    share = lambda hits, n: round(hits / n, 4) if n else None
    return {
        "gold_events": len(pairs), "found_with_type": len(found),
        "type_recall": share(len(found), len(pairs)),
        "modality_accuracy": share(sum(e.modality == g.get("modality") for g, e in found), len(found)),
        "negated_gold": len(negated),
        "negated_recall": share(sum(e.modality == "negated" for _, e in negated), len(negated)),
        "source_country_accuracy": share(sum(actor_country(e.source) == country(g.get("source_code"))
                                             for g, e in with_source), len(with_source)),
        "target_country_accuracy": share(sum(actor_country(e.target) == country(g.get("target_code"))
                                             for g, e in found), len(found)),
    }


def trigger_pairs(coder: Any, row: dict, events: list[tuple[int, Any]]) -> list[tuple[dict, Any | None]]:
    offsets = trigger_offsets(coder, row)
    at = {start: e for start, e in events}
    return [(g, at.get(offsets.get(g["c"], -1))) for g in row.get("events", [])]


def _event_pipe(coder: Any) -> Any:
    nlp = getattr(coder, "nlp", None)
    return nlp.get_pipe("whimbrel_events") if nlp is not None and "whimbrel_events" in nlp.pipe_names else None


STAGES = {"lexicon": (False, False), "gate": (False, True), "learned": (True, False)}   # (use_model, use_gate)


def configured_stage(pipe: Any) -> str:
    from whimbrel.events.gate import load_gate
    from whimbrel.events.learned import load_model
    if pipe.use_model and load_model() is not None:
        return "learned"
    return "gate" if pipe.use_gate and load_gate() is not None else "lexicon"


def run_corpus(coder: Any, shared: Path | None = None, path: Path | None = None,
               limit: int | None = None) -> dict[str, Any]:
    """The suite's figures for the event stage as the coder is configured (the headline; `stage`
    names it) and, under their names, for the other stages whose model files exist (`lexicon`: the
    lexicon alone; `gate`: the lexicon behind the precision gate; `learned`: the learned type stage).
    A coder without whimbrel's event stage is scored as it is."""
    from whimbrel.events.gate import load_gate
    from whimbrel.events.learned import load_model

    rows = load_corpus(path, shared=shared, split="test")
    note = {"referenced_skipped": len(load_corpus(path, split="test", with_refs=True)) - len(rows),
            "negation_set": corpus_negation_figures(coder, path)}
    rows = rows[:limit]

    def run() -> dict[str, Any]:
        coded = coded_sentences(coder, rows)
        scored = [(r, (gold_triples(r), triples(events))) for r, events in coded]
        result = score([pair for _, pair in scored])
        result["records"] = records(coded)
        if rounds := by_round(scored):
            result["by_round"] = rounds
        if getattr(pipe, "use_gate", False) and hasattr(coder, "record_mode"):
            with coder.record_mode():   # the one-sentence records as `run --records` codes them
                result["records_mode"] = records(coded_sentences(coder, single_rows(rows)))
        if getattr(coder, "nlp", None) is not None:   # trigger offsets need the coder's tokenizer
            result["by_trigger"] = by_trigger([p for r, events in coded for p in trigger_pairs(coder, r, events)])
        return result

    pipe = _event_pipe(coder)
    if pipe is None:
        return {**run(), "split": "test", "stage": "as configured", **note}
    headline = configured_stage(pipe)
    available = {"lexicon": True, "gate": load_gate() is not None, "learned": load_model() is not None}
    saved = pipe.use_model, pipe.use_gate, pipe.use_roles
    out = {}
    try:
        for stage, (use_model, use_gate) in STAGES.items():
            if available[stage]:   # the role assigner belongs to the gated path (lexicon: its rules)
                pipe.use_model, pipe.use_gate, pipe.use_roles = use_model, use_gate, use_gate
                out[stage] = run()
    finally:
        pipe.use_model, pipe.use_gate, pipe.use_roles = saved
    return {**out.pop(headline), "split": "test", "stage": headline, **out, **note}
