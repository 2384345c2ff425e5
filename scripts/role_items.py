"""Export the event corpus's TRAIN gold events for the role tagger fine-tuning (whimbrel's venv).

    nice -n 10 .venv/bin/python scripts/role_items.py --shared ../shared --out /tmp/s17/role_items.json

Reads only the train split of data/events/corpus. Per corpus sentence holding a gold event (not
optional): its text, doc_id, CV fold (trigger_items.fold_of: the trigger encoder's folds) and, per
event, the character span of its trigger token and of every occurrence of its source and target
words in the sentence (the annotators' `source_text` / `target_text`; an actor named outside the
sentence gives no span). scripts/train_role_tagger.py learns, per word piece and trigger, whether
the piece is in the trigger's source, its target or neither.
"""
from __future__ import annotations

import json
from pathlib import Path

from train_event_roles import text_spans
from trigger_items import fold_of, tokenizer, train_rows

from whimbrel.events.corpus import NONE


def event_items(row: dict, tokens) -> list[dict]:
    """The sentence's gold events with their trigger, source and target character spans."""
    by_c = {c["c"]: c for c in row["candidates"]}
    out = []
    for g in row.get("events", []):
        cand = by_c.get(g["c"])
        if g["type"] == NONE or g.get("optional") or cand is None or cand["i"] >= len(tokens) \
                or tokens[cand["i"]].text != cand["text"]:
            continue
        tok = tokens[cand["i"]]
        out.append({"trigger": (tok.idx, tok.idx + len(tok.text)),
                    "source": text_spans(row["text"], g.get("source_text"), 0),
                    "target": text_spans(row["text"], g.get("target_text"), 0)})
    return out


def main() -> None:
    args, rows = train_rows(__doc__)
    rows = [r for r in rows if r.get("events")]
    nlp = tokenizer()
    items = []
    for row, tokens in zip(rows, nlp.pipe(r["text"] for r in rows)):
        events = event_items(row, tokens)
        if events:
            items.append({"text": row["text"], "doc_id": row["doc_id"], "synthetic": bool(row.get("synthetic")),
                          "fold": fold_of(row["doc_id"]), "events": events})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"items": items}), encoding="utf-8")
    n = sum(len(it["events"]) for it in items)
    print(f"{len(items)} sentences, {n} events, with a source span {sum(bool(e['source']) for it in items for e in it['events'])}"
          f", with a target span {sum(bool(e['target']) for it in items for e in it['events'])}")


if __name__ == "__main__":
    main()
