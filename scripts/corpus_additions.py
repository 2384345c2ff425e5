"""Write annotation batches that extend the event corpus with real news it does not hold yet.

The corpus of session 6 (scripts/corpus_candidates.py) took every VOA sentence and a sample of the
other sources' train files. This script offers the rest: the UW newswire train sentences (one
sentence standing alone, the register of one-event records), the lead sentences of ECB+ train
documents (the sentences that state a story's event), MEANTIME train sentences and, as web-text
hard negatives, UDS-IH2 train sentences, none of them
in `corpus.jsonl` yet. Train files only; never a dev file. Sentences that name a place, nation,
organisation or person (spaCy's entity recogniser) are preferred, since a political interaction
needs actors, and a share without one is kept as hard negatives. whimbrel's own event predictions
are not written: annotators must not be biased by them.

The split of an added document is fixed here, before any annotation or model, by its own hash:
test when int(sha1('whimbrel-split' + doc_id)[:12], 16) % 100 < TEST_SHARE (22).

    python scripts/corpus_additions.py --shared ../shared --out /work/wt/corpus12
    python scripts/corpus_additions.py --shared ../shared --out /work/wt/corpus12 --uw 1000 --ecbplus 300 --meantime 0
    python scripts/corpus_additions.py --shared ../shared --out /work/wt/corpus12 --uw 1000 --ecbplus 300 --meantime 100 --uds 400

A second run on the same `--out` is a further round: it skips every document already offered and
numbers its batches after the last one.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from corpus_candidates import (BATCH_SENTENCES, HERE, LEXICON, TEST_SHARE, add_candidates, group_docs, h,
                               raw_documents, sentences)
from whimbrel.events.corpus import CORPUS_DIR, read_jsonl
from whimbrel.nlp.pipeline import load_base

SOURCES = ("uw", "ecbplus", "meantime", "uds")
ACTOR_ENTITIES = {"GPE", "NORP", "ORG", "PERSON"}
LEAD_SENTENCES = 3        # ECB+: a story's event is stated in its first sentences
WITHOUT_ENTITY_SHARE = 0.2
DOUBLE_BATCHES = 2        # batches given to a second annotator, for agreement on the additions
SPLIT_RULE = (f"added documents: test when int(sha1('whimbrel-split' + doc_id)[:12], 16) % 100 < {TEST_SHARE}")


def existing_documents(corpus: Path, out: Path) -> set[str]:
    """Documents of the corpus and of batches already written to `out` (a later round adds to them)."""
    have = {row["doc_id"] for _, row in read_jsonl(corpus / "corpus.jsonl")}
    for batch in sorted((out / "batches").glob("batch_*.jsonl")):
        have |= {row["doc_id"] for _, row in read_jsonl(batch)}
    return have


def pick(rows: list[dict], budget: int, seed: str) -> list[dict]:
    """Up to `budget` sentences: those with an actor entity first, a share without one."""
    rows = sorted(rows, key=lambda r: h(seed + r["doc_id"] + str(r["sent_id"])))
    with_actor = [r for r in rows if r["has_actor"]]
    without = [r for r in rows if not r["has_actor"]]
    n_without = min(len(without), int(budget * WITHOUT_ENTITY_SHARE))
    return with_actor[:budget - n_without] + without[:n_without]


def mark_actors(nlp, rows: list[dict]) -> None:
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=64)):
        row["has_actor"] = any(e.label_ in ACTOR_ENTITIES for e in doc.ents)


def write(out: Path, picked: list[dict]) -> dict:
    docs = group_docs(picked)
    order = sorted(docs, key=lambda d: h("additions-order" + d))
    batches: list[list[dict]] = [[]]
    for d in order:
        if len(batches[-1]) >= BATCH_SENTENCES:
            batches.append([])
        batches[-1].extend(docs[d])
    (out / "batches").mkdir(parents=True, exist_ok=True)
    first = len(list((out / "batches").glob("batch_*.jsonl"))) + 1
    for b, rows in enumerate(batches, first):
        with (out / "batches" / f"batch_{b:03d}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                r = {k: v for k, v in r.items() if k != "has_actor"}
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    test = sorted(d for d in docs if h("whimbrel-split" + d) % 100 < TEST_SHARE)
    split = {"rule": SPLIT_RULE, "test": [], "train": []}
    if (out / "split.json").is_file():
        split = json.loads((out / "split.json").read_text())
    split["test"] = sorted(set(split["test"]) | set(test))
    split["train"] = sorted(set(split["train"]) | (set(docs) - set(test)))
    (out / "split.json").write_text(json.dumps(split, indent=1) + "\n")
    double = []
    if first == 1:   # the first round only: a later round adds no double batches
        double = sorted(f"batch_{b:03d}" for b in sorted(range(1, len(batches) + 1),
                                                           key=lambda b: h(f"additions-double{b:03d}"))[:DOUBLE_BATCHES])
        (out / "double.json").write_text(json.dumps({"batches": double}, indent=1) + "\n")
    by_src: dict[str, int] = {}
    for r in picked:
        by_src[r["source"]] = by_src.get(r["source"], 0) + 1
    return {"batches": len(batches), "sentences": len(picked), "documents": len(docs),
            "test_documents": len(test), "sentences_by_source": by_src,
            "candidates": sum(len(r["candidates"]) for r in picked), "double": double}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    ap.add_argument("--out", type=Path, default=Path("/work/wt/corpus12"))
    ap.add_argument("--uw", type=int, default=1100, help="UW sentences to offer")
    ap.add_argument("--ecbplus", type=int, default=300, help="ECB+ lead sentences to offer")
    ap.add_argument("--meantime", type=int, default=100, help="MEANTIME sentences to offer")
    ap.add_argument("--uds", type=int, default=0, help="UDS-IH2 (web text) sentences to offer")
    args = ap.parse_args()
    have = existing_documents(args.corpus, args.out)
    docs = [d for d in raw_documents(args.shared) if d["source"] in SOURCES
            and d["doc_id"] not in have]
    nlp = load_base()
    rows = sentences(nlp, docs)
    rows = [r for r in rows if r["source"] != "ecbplus" or r["sent_id"] < LEAD_SENTENCES]
    cues = yaml.safe_load((HERE / "data" / "corpus_cues.yaml").read_text())
    lex = yaml.safe_load(LEXICON.read_text())
    add_candidates(nlp, rows, {e["noun"] for e in lex["nominals"]} | set(cues["event_nouns"]))
    rows = [r for r in rows if r["candidates"]]
    mark_actors(nlp, rows)
    picked = []
    for src in SOURCES:
        picked += pick([r for r in rows if r["source"] == src], getattr(args, src), src)
    print(json.dumps(write(args.out, picked), indent=1))


if __name__ == "__main__":
    main()
