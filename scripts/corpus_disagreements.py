"""List, per batch, the sentences where two independent annotation passes disagree, for adjudication.

Reads a corpus workspace (scripts/corpus_additions.py; annotations/<annotator>/batch_NNN.jsonl) and
writes disagreements/batch_NNN.jsonl: each sentence the two passes code differently (the type of any
candidate, NONE included; or, on a candidate both code as an event, the source or target country or
the modality), with both passes' events as `pass_a` / `pass_b` in a fixed order that does not say
which annotator wrote which. The adjudicator (annotator `adj`, docs/annotation.md) re-codes each such
sentence by the guide; scripts/build_event_corpus.py then takes the adjudicator's line.

    python scripts/corpus_disagreements.py --corpus /work/wt/corpus12
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from build_event_corpus import ADJUDICATOR, read_annotations
from corpus_candidates import h
from whimbrel.events.corpus import candidate_labels, country, read_jsonl


def differs(row: dict, a: list[dict], b: list[dict]) -> bool:
    if candidate_labels({**row, "events": a}) != candidate_labels({**row, "events": b}):
        return True
    by_b = {e["c"]: e for e in b}
    for e in a:
        other = by_b[e["c"]] if e["c"] in by_b else None
        if other is None:
            continue
        if country(e["source_code"]) != country(other["source_code"]) or \
                country(e["target_code"]) != country(other["target_code"]) or e["modality"] != other["modality"]:
            return True
    return False


def batch_disagreements(corpus: Path, batch: Path) -> list[dict]:
    sentences = {(r["doc_id"], r["sent_id"]): r for _, r in read_jsonl(batch)}
    passes = [read_annotations(d / batch.name, sentences, d.name)
              for d in sorted((corpus / "annotations").iterdir())
              if d.is_dir() and d.name != ADJUDICATOR and (d / batch.name).is_file()]
    if len(passes) < 2:
        return []
    a, b = passes[0], passes[1]
    out = []
    for key in sorted(set(a) & set(b), key=str):
        if differs(sentences[key], a[key], b[key]):
            first, second = (a[key], b[key]) if h(f"{batch.stem}{key}") % 2 else (b[key], a[key])
            out.append({**sentences[key], "pass_a": first, "pass_b": second})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/work/wt/corpus12"))
    args = ap.parse_args()
    (args.corpus / "disagreements").mkdir(exist_ok=True)
    total = {}
    for batch in sorted((args.corpus / "batches").glob("batch_*.jsonl")):
        rows = batch_disagreements(args.corpus, batch)
        if rows:
            with (args.corpus / "disagreements" / batch.name).open("w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            total[batch.stem] = len(rows)
    print(json.dumps({"batches": len(total), "sentences": sum(total.values()), "per_batch": total}, indent=1))


if __name__ == "__main__":
    main()
