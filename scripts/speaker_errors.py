"""Speaker error analysis on the event corpus TRAIN split (issue 16): per candidate sentence, the
hand speaker (text, code) and whimbrel's first quote there (its speaker's text and code, how it was
resolved), with the `speakers` suite's figures printed. Rules are chosen on the train split;
`--split test` is the once-per-shipped-change measurement (log it in docs/EVALUATION.md).

Usage: python scripts/speaker_errors.py OUT.jsonl [--split train] [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from whimbrel.coder import Coder
from whimbrel.evaluate.speakers import (SPEAKER_FILES, gold_documents, load_speaker_gold, score_speakers,
                                        sentence_quotes, speaker_code)
from whimbrel.events.corpus import country


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", default="train", choices=sorted(SPEAKER_FILES))
    ap.add_argument("--shared", type=Path, default=None)
    args = ap.parse_args()
    gold = load_speaker_gold(SPEAKER_FILES[args.split])
    coder = Coder.load()
    pairs, lines = [], []
    for rows in gold_documents(gold, args.shared, None, args.split).values():
        for row, quote in sentence_quotes(coder, rows):
            g = gold.get((row["doc_id"], row["sent_id"]))
            code = speaker_code(quote.speaker) if quote else None
            pairs.append((g, quote is not None, code))
            if g is None and quote is None:
                continue
            speaker = quote.speaker if quote else None
            lines.append({"doc_id": row["doc_id"], "sent_id": row["sent_id"], "text": row["text"],
                          "gold_quote": bool(g and g["is_quote"]), "gold_text": g and g["speaker_text"],
                          "gold_code": g and g["speaker_code"], "found": quote is not None,
                          "speaker_text": speaker.text if speaker else None, "code": code,
                          "quote": quote and {"kind": quote.kind, "cue": quote.cue, "text": quote.text[:80]},
                          "name": speaker.name if speaker else None,
                          "entity_type": speaker.entity_type if speaker else None,
                          "how": speaker.how if speaker else None,
                          "confidence": getattr(speaker, "confidence", None) if speaker else None,
                          "country_right": bool(g) and country(g["speaker_code"]) == country(code)})
    with args.out.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(json.dumps({**score_speakers(pairs), "split": args.split}))


if __name__ == "__main__":
    main()
