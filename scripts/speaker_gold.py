"""Speaker gold for the event corpus (issue 16): annotators' answer lines -> the bundled
`data/events/corpus/speakers.jsonl` (test split), with agreement figures in `speakers_stats.json`;
with `--name speakers_train`, the train split's gold `speakers_train.jsonl` (for developing rules).

Answers: ANSWERS/<annotator>/speakers_NNN.jsonl, one line per batch line (README of the batches).
A candidate takes the adjudicator's line (annotator ids starting with 'adj') when there is one,
else the first annotator's in the order given (--order, default: sorted ids). Candidates with two
or more independent (non-adjudicator) answers give the agreement: Cohen's kappa on is_quote, and on
quotes both call quotes the share with the same speaker country and the same code.
Usage: python scripts/speaker_gold.py BATCHES ANSWERS [--order sp1,sp2] [--out DIR] [--name speakers_train]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from whimbrel.events.corpus import CORPUS_DIR, read_jsonl

CODE = re.compile(r"^(IGO|[A-Z]{3}([A-Z]{3})?)$")


def read_batches(folder: Path) -> dict[str, dict]:
    return {row["q"]: row for path in sorted(folder.glob("speakers_*.jsonl")) for _, row in read_jsonl(path)}


def check(answer: dict, batch_line: dict | None, where: str) -> list[str]:
    """Problems of one answer line (empty when it is usable)."""
    if batch_line is None:
        return [f"{where}: unknown candidate {answer.get('q')!r}"]
    if not isinstance(answer.get("is_quote"), bool):
        return [f"{where}: is_quote is not true/false"]
    problems = []
    code, text = answer.get("speaker_code"), answer.get("speaker_text")
    if code is not None and not (isinstance(code, str) and CODE.match(code)):
        problems.append(f"{where}: bad speaker_code {code!r}")
    if text is not None and text not in batch_line["text"]:
        problems.append(f"{where}: speaker_text {text!r} is not in the sentence")
    return problems


def read_answers(folder: Path, batches: dict[str, dict]) -> tuple[dict[str, dict[str, dict]], list[str]]:
    """q -> annotator -> answer; and every problem found (bad lines are left out)."""
    answers: dict[str, dict[str, dict]] = defaultdict(dict)
    problems: list[str] = []
    for path in sorted(folder.glob("*/speakers_*.jsonl")):
        annotator = path.parent.name
        for n, row in read_jsonl(path):
            found = check(row, batches.get(row.get("q")), f"{path}:{n}")
            problems += found
            if not found:
                if not row["is_quote"]:
                    row = {**row, "speaker_text": None, "speaker_code": None}
                answers[row["q"]][annotator] = row
    return answers, problems


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return round((observed - expected) / (1 - expected), 4) if expected < 1 else 1.0


def agreement(answers: dict[str, dict[str, dict]], order: list[str]) -> dict:
    """First two independent answers per candidate, in `order`."""
    pairs = []
    for by in answers.values():
        independent = [by[a] for a in order if a in by and not a.startswith("adj")]
        if len(independent) >= 2:
            pairs.append((independent[0], independent[1]))
    both = [(a, b) for a, b in pairs if a["is_quote"] and b["is_quote"]]
    same = lambda f: round(sum(f(a) == f(b) for a, b in both) / len(both), 4) if both else None
    return {"double_annotated": len(pairs), "is_quote_kappa": kappa([(a["is_quote"], b["is_quote"]) for a, b in pairs]),
            "quotes_both": len(both),
            "speaker_country_agreement": same(lambda r: (r["speaker_code"] or "")[:3] or None),
            "speaker_code_agreement": same(lambda r: r["speaker_code"])}


def gold_lines(batches: dict[str, dict], answers: dict[str, dict[str, dict]], order: list[str]) -> list[dict]:
    out = []
    for q, line in batches.items():
        by = answers.get(q, {})
        chosen = next((by[a] for a in sorted(by) if a.startswith("adj")), None) \
            or next((by[a] for a in order if a in by), None)
        if chosen is None:
            continue
        out.append({"doc_id": line["doc_id"], "sent_id": line["sent_id"], "is_quote": chosen["is_quote"],
                    "speaker_text": chosen["speaker_text"], "speaker_code": chosen["speaker_code"],
                    "annotator": next(a for a, r in by.items() if r is chosen)})
    return sorted(out, key=lambda r: (r["doc_id"], r["sent_id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batches", type=Path)
    ap.add_argument("answers", type=Path)
    ap.add_argument("--order", default=None, help="annotator ids, first pass first (default: sorted)")
    ap.add_argument("--out", type=Path, default=CORPUS_DIR)
    ap.add_argument("--name", default="speakers", help="file stem: NAME.jsonl and NAME_stats.json")
    args = ap.parse_args()
    batches = read_batches(args.batches)
    answers, problems = read_answers(args.answers, batches)
    for p in problems:
        print(f"[C702] {p}", file=sys.stderr)
    annotators = sorted({a for by in answers.values() for a in by})
    order = args.order.split(",") if args.order else annotators
    lines = gold_lines(batches, answers, order + [a for a in annotators if a not in order])
    with (args.out / f"{args.name}.jsonl").open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    stats = {"candidates": len(batches), "annotated": len(lines), "quotes": sum(r["is_quote"] for r in lines),
             "quotes_with_code": sum(bool(r["is_quote"] and r["speaker_code"]) for r in lines),
             "documents": len({r["doc_id"] for r in lines}), "annotators": annotators,
             "problems": len(problems), **agreement(answers, order)}
    (args.out / f"{args.name}_stats.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
