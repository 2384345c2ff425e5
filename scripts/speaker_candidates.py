"""Speaker annotation batches (issue 16): every sentence of a corpus split (TEST by default) that may
report speech, with the document's text (on the document's first line), for annotators to give the speaker's code.

A sentence is a candidate when it has a quotation mark, a verb whose lemma is a reporting word
(`REPORTING`, broader than whimbrel's cue lexicon so the set does not follow whimbrel), or a
reporting phrase ("according to", "in a statement"). whimbrel's own quote output is never used.
Usage: python scripts/speaker_candidates.py OUT_DIR [--shared ../shared] [--size 40] [--split train]
       [--source voa]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from whimbrel.events.corpus import load_corpus

REPORTING = {
    "say", "tell", "state", "announce", "add", "claim", "allege", "warn", "insist", "note", "declare",
    "stress", "emphasize", "emphasise", "assert", "argue", "explain", "report", "quote", "confirm",
    "deny", "reiterate", "acknowledge", "admit", "write", "mention", "comment", "reveal", "suggest",
    "predict", "describe", "call", "ask", "urge", "demand", "reply", "respond", "tweet", "post",
    "testify", "concede", "complain", "accuse", "believe", "think", "caution", "estimate", "recall",
    "contend", "maintain", "observe", "point", "vow", "pledge", "promise", "threaten", "question",
}
PHRASES = re.compile(r"\baccording to\b|\bin a statement\b|\bstatement\b|\bspokes(?:man|woman|person)\b"
                     r"|[\"“”]", re.I)


def is_candidate(row: dict) -> bool:
    if PHRASES.search(row["text"]):
        return True
    return any(c["lemma"].lower() in REPORTING for c in row["candidates"])


def documents(shared: Path | None, split: str = "test", source: str | None = None) -> dict[str, list[dict]]:
    """The split's real sentences (of one source if given) grouped by document, in sentence order."""
    docs: dict[str, list[dict]] = defaultdict(list)
    for row in load_corpus(shared=shared, split=split):
        if row.get("synthetic") or (source and row["source"] != source):
            continue
        docs[row["doc_id"]].append(row)
    return {d: sorted(rows, key=lambda r: r["sent_id"]) for d, rows in docs.items()}


def batch_lines(docs: dict[str, list[dict]]) -> list[list[dict]]:
    """One list of lines per document (a document stays in one batch)."""
    out = []
    for doc_id, rows in sorted(docs.items()):
        doc_text = "\n".join(r["text"] for r in rows)
        lines = [{"q": f"{doc_id}#{r['sent_id']}", "doc_id": doc_id, "sent_id": r["sent_id"],
                  "source": r["source"], "text": r["text"], "doc_text": None}
                 for r in rows if is_candidate(r)]
        if lines:
            # the document's text once, on its first line, to keep batches readable
            lines[0]["doc_text"] = doc_text
            out.append(lines)
    return out


def write_batches(groups: list[list[dict]], out: Path, size: int) -> list[Path]:
    """Pack documents into batches of about `size` lines; the batch name goes on each line."""
    out.mkdir(parents=True, exist_ok=True)
    batches: list[list[dict]] = [[]]
    for group in groups:
        if batches[-1] and len(batches[-1]) + len(group) > size:
            batches.append([])
        batches[-1].extend(group)
    paths = []
    for n, lines in enumerate(batches):
        name = f"speakers_{n:03d}"
        path = out / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps({"batch": name, **line}, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--shared", type=Path, default=None, help="../shared, to include UW sentences")
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--split", choices=("test", "train"), default="test",
                    help="train: speaker gold to develop speaker rules on, never the test split")
    ap.add_argument("--source", default=None, help="only this corpus source (e.g. voa: whole stories)")
    args = ap.parse_args()
    paths = write_batches(batch_lines(documents(args.shared, args.split, args.source)), args.out, args.size)
    total = sum(1 for p in paths for _ in p.open(encoding="utf-8"))
    print(f"{len(paths)} batches, {total} candidate sentences -> {args.out}")


if __name__ == "__main__":
    main()
