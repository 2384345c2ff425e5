"""Speaker error analysis on the event corpus TRAIN split (issue 16): per candidate sentence, the
hand speaker (text, code) and whimbrel's first quote there (its speaker's text and code, how it was
resolved), with the `speakers` suite's figures printed. Rules are chosen on the train split;
`--split test` is the once-per-shipped-change measurement (log it in docs/EVALUATION.md).

Against memorising the train documents (session 16): a document is in the development part when
crc32(doc_id) % 4 != 0 and held aside otherwise. The figures print for all, the development 3/4
and the held 1/4 (with country precision: right country / speakers given one), but OUT holds only
the development part's lines, so the held quarter's errors are never read; `--all-lines` writes
every line. `--rescore OUT` prints the figures of a file written with `--all-lines`; `--compare OLD
OUT` counts, per part, the sentences whose speaker phrase or code differs between two such files
(how many quotes a change touches in the held quarter, without reading them).

Usage: python scripts/speaker_errors.py OUT.jsonl [--split train] [--shared ../shared] [--all-lines]
       python scripts/speaker_errors.py --rescore OUT.jsonl
       python scripts/speaker_errors.py --compare OLD.jsonl OUT.jsonl
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from train_event_roles import held_aside

from whimbrel.coder import Coder
from whimbrel.evaluate.speakers import (SPEAKER_FILES, gold_documents, load_speaker_gold, score_speakers,
                                        sentence_quotes, speaker_code)
from whimbrel.events.corpus import country


# all documents, the development 3/4 and the held 1/4 (train_event_roles.held_aside: one split for
# every train script)
PARTS = (("all", lambda d: True), ("dev 3/4", lambda d: not held_aside(d)), ("held 1/4", held_aside))


def part_figures(pairs: list[tuple[dict | None, bool, str | None]]) -> dict:
    """The suite's figures plus country precision: right country / speakers given a country."""
    figures = score_speakers(pairs)
    given = [(g, code) for g, found, code in pairs if g is not None and g["is_quote"] and found and country(code)]
    right = sum(country(g["speaker_code"]) == country(code) for g, code in given)
    keep = ("both", "speaker_country_accuracy", "speaker_code_accuracy", "gold_null_guessed")
    return {**{k: figures[k] for k in keep}, "country_given": len(given), "country_right": right,
            "country_precision": round(right / len(given), 4) if given else None}


def print_parts(pairs: list[tuple[dict | None, bool, str | None]], doc_ids: list[str]) -> None:
    """One line each for all, the development 3/4 and the held 1/4."""
    for name, keep in PARTS:
        print(json.dumps({"part": name, **part_figures([p for p, d in zip(pairs, doc_ids) if keep(d)])}))


def rescore(path: Path) -> None:
    """The figures of a file written with --all-lines (a line is a sentence with a gold line or a quote)."""
    lines = [json.loads(row) for row in path.open(encoding="utf-8")]
    pairs = [({"is_quote": line["gold_quote"], "speaker_code": line["gold_code"]}, line["found"], line["code"])
             for line in lines]
    print_parts(pairs, [line["doc_id"] for line in lines])


def compare(old: Path, new: Path) -> None:
    """Per part, how many sentences' speaker phrase or code differ between two --all-lines files."""
    def load(path: Path) -> dict:
        return {(line["doc_id"], line["sent_id"]): (line["speaker_text"], line["code"])
                for line in map(json.loads, path.open(encoding="utf-8"))}
    before, after = load(old), load(new)
    keys = set(before) | set(after)
    for name, keep in PARTS:
        changed = sum(before.get(k) != after.get(k) for k in keys if keep(k[0]))
        print(json.dumps({"part": name, "sentences_changed": changed}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", default="train", choices=sorted(SPEAKER_FILES))
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--all-lines", action="store_true", help="also write the held quarter's lines")
    ap.add_argument("--rescore", action="store_true", help="print the figures of OUT, written with --all-lines")
    ap.add_argument("--compare", type=Path, metavar="OLD", help="count the sentences OUT changes from OLD")
    args = ap.parse_args()
    if args.rescore:
        return rescore(args.out)
    if args.compare:
        return compare(args.compare, args.out)
    gold = load_speaker_gold(SPEAKER_FILES[args.split])
    coder = Coder.load()
    pairs, doc_ids, lines = [], [], []
    for rows in gold_documents(gold, args.shared, None, args.split).values():
        for row, quote in sentence_quotes(coder, rows):
            g = gold.get((row["doc_id"], row["sent_id"]))
            code = speaker_code(quote.speaker) if quote else None
            pairs.append((g, quote is not None, code))
            doc_ids.append(row["doc_id"])
            if (g is None and quote is None) or (held_aside(row["doc_id"]) and not args.all_lines):
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
    print_parts(pairs, doc_ids)


if __name__ == "__main__":
    main()
