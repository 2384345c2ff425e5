"""Actor error analysis on the event corpus TRAIN split (issue 16): every gold event whose type
whimbrel finds on the gold trigger, with the gold and emitted source/target, as the corpus suite's
`by_trigger` measure counts them. Each document is coded whole, as the corpus suite codes it
(`evaluate.corpus.coded_sentences`). Rules are chosen on the train
split; `--split test` is the once-per-shipped-change measurement (log it in docs/EVALUATION.md).

Usage: python scripts/actor_errors.py OUT.jsonl [--shared ../shared] [--synthetic] [--split train]
                                      [--mode default|lexicon|records]
Prints source/target country accuracy (real sentences, and synthetic ones when asked for). `--mode
lexicon` scores every event the lexicon finds (no gate: many more events, so actor rules show),
`records` codes as `run --records` does.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from whimbrel.coder import Coder
from whimbrel.evaluate.corpus import actor_country, by_trigger, coded_sentences, trigger_pairs
from whimbrel.events.corpus import country, load_corpus


def ref(actor) -> dict | None:
    if actor is None:
        return None
    return {"text": actor.text, "country": actor_country(actor), "sector": actor.sector}


def analyse(coder: Coder, rows: list[dict]) -> tuple[list, list[dict]]:
    pairs, errors = [], []
    for row, events in coded_sentences(coder, rows):
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
    ap.add_argument("--split", choices=("train", "test"), default="train")
    ap.add_argument("--mode", choices=("default", "lexicon", "records"), default="default")
    args = ap.parse_args()
    rows = load_corpus(shared=args.shared, split=args.split)
    coder = Coder.load(gate=args.mode != "lexicon", records=args.mode == "records")
    groups = {"real": [r for r in rows if not r.get("synthetic")]}
    if args.synthetic:
        groups["synthetic"] = [r for r in rows if r.get("synthetic")]
    with args.out.open("w", encoding="utf-8") as f:
        for name, part in groups.items():
            pairs, errors = analyse(coder, part)
            for e in errors:
                f.write(json.dumps({"group": name, **e}, ensure_ascii=False) + "\n")
            m = by_trigger(pairs)
            print(name, {k: m[k] for k in ("gold_events", "found_with_type", "source_country_accuracy",
                                            "target_country_accuracy")})


if __name__ == "__main__":
    main()
