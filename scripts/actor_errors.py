"""Actor error analysis on the event corpus TRAIN split (issue 16): every gold event whose type
whimbrel finds on the gold trigger, with the gold and emitted source/target, as the corpus suite's
`by_trigger` measure counts them. Each document is coded whole (its corpus sentences in order, one
a line), or with `--sentence` each sentence with the one before it. Rules are chosen on the train
split; `--split test` is the once-per-shipped-change measurement (log it in docs/EVALUATION.md).

Usage: python scripts/actor_errors.py OUT.jsonl [--shared ../shared] [--synthetic] [--sentence] [--split train]
Prints source/target country accuracy (real sentences, and synthetic ones when asked for).
"""
from __future__ import annotations

import argparse
import json
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any

from whimbrel.coder import Coder
from whimbrel.evaluate.corpus import actor_country, by_trigger, coded_events, trigger_pairs
from whimbrel.events.corpus import country, load_corpus
from whimbrel.ingest import read_text


def ref(actor) -> dict | None:
    if actor is None:
        return None
    return {"text": actor.text, "country": actor_country(actor), "sector": actor.sector}


def document_events(coder: Coder, rows: list[dict]) -> list[tuple[dict, list[tuple[int, Any]]]]:
    """Per sentence, the events coded on it when its whole document is coded (trigger offsets
    relative to the sentence)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc_id"]].append(row)
    out = []
    for doc_rows in by_doc.values():
        doc_rows.sort(key=lambda r: r["sent_id"])
        starts, at = [], 0
        for row in doc_rows:
            starts.append(at)
            at += len(row["text"]) + 1
        coded = coder.code(read_text("\n".join(r["text"] for r in doc_rows), detect_title=False))
        per: list[list] = [[] for _ in doc_rows]
        for e in coded.events:
            start = e.evidence.trigger_start if e.evidence.trigger_start is not None else e.evidence.start
            k = bisect_right(starts, start) - 1
            per[k].append((start - starts[k], e))
        out += list(zip(doc_rows, per))
    return out


def analyse(coder: Coder, rows: list[dict], whole: bool) -> tuple[list, list[dict]]:
    pairs, errors = [], []
    coded = document_events(coder, rows) if whole else [(r, coded_events(coder, r)) for r in rows]
    for row, events in coded:
        found = trigger_pairs(coder, row, events)
        pairs.extend(found)
        for gold, event in found:
            if event is None or event.event_type != gold["type"]:
                continue
            src_ok = not country(gold.get("source_code")) or actor_country(event.source) == country(gold["source_code"])
            tgt_ok = actor_country(event.target) == country(gold.get("target_code"))
            if not (src_ok and tgt_ok):
                errors.append({"doc_id": row["doc_id"], "sent_id": row["sent_id"], "context": row.get("context"),
                               "text": row["text"], "type": gold["type"], "source_ok": src_ok, "target_ok": tgt_ok,
                               "gold_source": [gold.get("source_text"), gold.get("source_code")],
                               "gold_target": [gold.get("target_text"), gold.get("target_code")],
                               "source": ref(event.source), "target": ref(event.target)})
    return pairs, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--synthetic", action="store_true", help="also the synthetic train sentences")
    ap.add_argument("--sentence", action="store_true", help="sentence + the one before, not documents")
    ap.add_argument("--split", choices=("train", "test"), default="train")
    args = ap.parse_args()
    rows = load_corpus(shared=args.shared, split=args.split)
    coder = Coder.load()
    groups = {"real": [r for r in rows if not r.get("synthetic")]}
    if args.synthetic:
        groups["synthetic"] = [r for r in rows if r.get("synthetic")]
    with args.out.open("w", encoding="utf-8") as f:
        for name, part in groups.items():
            pairs, errors = analyse(coder, part, whole=not args.sentence)
            for e in errors:
                f.write(json.dumps({"group": name, **e}, ensure_ascii=False) + "\n")
            m = by_trigger(pairs)
            print(name, {k: m[k] for k in ("gold_events", "found_with_type", "source_country_accuracy",
                                            "target_country_accuracy")})


if __name__ == "__main__":
    main()
