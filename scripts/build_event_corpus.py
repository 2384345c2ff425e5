"""Merge the annotators' files into the repository's event corpus and measure their agreement.

Reads /work/wt/corpus/{batches,annotations,split.json,assignment.json} (docs/annotation.md) and
writes src/whimbrel/data/events/corpus/{corpus.jsonl,stats.json,README.md}. Each sentence takes the
adjudicator's line (`adj`, written where two passes disagree) if there is one, else the first-pass
annotator's (assignment.json; when both passes agree that is the same). Batches annotated twice give
Cohen's kappa (first vs second pass) on the type of every candidate (NONE included) and on the
source/target codes (and countries) of candidates both coded as events. Only sentences an annotator wrote are
taken (a batch in progress is partly in). Bad lines are reported (file:line: problem) and skipped.
Re-run as annotations land:

    python scripts/build_event_corpus.py --corpus /work/wt/corpus

`--extend DATE` keeps the corpus in `--out` as it is and appends the sentences of a later workspace's
documents it does not hold (scripts/corpus_additions.py), each marked `"added": DATE`; their
agreement and split rule are recorded under `additions` in stats.json:

    python scripts/build_event_corpus.py --corpus /work/wt/corpus12 --extend 2026-12-03 --shared ../shared
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from whimbrel.events.corpus import CORPUS_DIR, NONE, CorpusError, candidate_labels, country, load_corpus, read_jsonl
from whimbrel.models import MODALITIES, PLOVER_TYPES

HERE = Path(__file__).resolve().parent
README_TEMPLATE = HERE / "data" / "event_corpus_readme.md"
# UW factuality sentences: "research use, as distributed" (../shared/LICENSES.md), so the repository
# keeps a reference to them, not their text.
REFERENCE_ONLY = {"uw"}
# The adjudicator's line for a sentence where the two passes disagree replaces both.
ADJUDICATOR = "adj"


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


def clean_event(e: dict, row: dict, where: str) -> dict | None:
    """The event with its fields checked, or None (reported) when it cannot be used."""
    n = len(row["candidates"])
    if not isinstance(e.get("c"), int) or not 0 <= e["c"] < n:
        return warn(f"{where}: candidate index {e.get('c')!r} not in 0..{n - 1}; event skipped")
    if e.get("type") not in PLOVER_TYPES:
        return warn(f"{where}: type {e.get('type')!r} is not a PLOVER type; event skipped")
    modality = e.get("modality") or "asserted"
    if modality not in MODALITIES:
        return warn(f"{where}: modality {modality!r} unknown; event skipped")
    out = {"c": e["c"], "type": e["type"], "mode": e.get("mode") or "", "modality": modality,
           "optional": bool(e.get("optional", False))}
    for role in ("source", "target"):
        text, code = e.get(f"{role}_text"), e.get(f"{role}_code")
        if text and text not in row["text"] and text.lower() not in (row.get("context") or "").lower():
            warn(f"{where}: {role}_text {text!r} is not in the sentence; kept")
        out[f"{role}_text"], out[f"{role}_code"] = text or None, (code or None) and str(code).upper()
    return out


def read_annotations(path: Path, sentences: dict, annotator: str) -> dict:
    """{(doc_id, sent_id): events} of one annotator's file; bad lines are reported and skipped."""
    out = {}
    try:
        for n, a in read_jsonl(path):
            key = (a.get("doc_id"), a.get("sent_id"))
            row = sentences.get(key)
            if row is None:
                warn(f"{path}:{n}: sentence {key} is not in the batch; line skipped")
                continue
            events, seen = [], set()
            for e in a.get("events") or []:
                ev = clean_event(e, row, f"{path}:{n}") if isinstance(e, dict) else None
                if ev is not None and ev["c"] not in seen:
                    seen.add(ev["c"])
                    events.append(ev)
            out[key] = events
    except CorpusError as e:
        warn(f"{e}; the rest of {path.name} ({annotator}) skipped")
    return out


def synthetic_rows(path: Path, annotator: str) -> list[dict]:
    rows = []
    try:
        for n, a in read_jsonl(path):
            if not a.get("text") or not isinstance(a.get("candidates"), list):
                warn(f"{path}:{n}: a synthetic line needs text and candidates; skipped")
                continue
            row = {"doc_id": a.get("doc_id") or f"synthetic:{annotator}:{n}", "source": "synthetic",
                   "sent_id": a.get("sent_id", 0), "split": "train", "text": a["text"], "context": None,
                   "candidates": a["candidates"], "annotator": annotator, "synthetic": True}
            row["events"] = [ev for e in a.get("events") or []
                             if isinstance(e, dict) and (ev := clean_event(e, row, f"{path}:{n}"))]
            rows.append(row)
    except CorpusError as e:
        warn(str(e))
    return rows


def kappa(a: list, b: list) -> float | None:
    if not a or len(set(a) | set(b)) < 2:
        return None
    return round(float(cohen_kappa_score(a, b)), 3)


def agreement(pairs: list[tuple[dict, list, list]]) -> dict:
    """Kappa on types over all candidates, and on codes where both annotators coded an event."""
    ta, tb, codes = [], [], {"source": ([], []), "target": ([], []), "source_country": ([], []),
                             "target_country": ([], [])}
    for row, ea, eb in pairs:
        la, lb = candidate_labels({**row, "events": ea}), candidate_labels({**row, "events": eb})
        ta += la
        tb += lb
        by_a, by_b = {e["c"]: e for e in ea}, {e["c"]: e for e in eb}
        for c in set(by_a) & set(by_b):
            for role in ("source", "target"):
                x, y = by_a[c][f"{role}_code"], by_b[c][f"{role}_code"]
                codes[role][0].append(x or "-")
                codes[role][1].append(y or "-")
                codes[f"{role}_country"][0].append(country(x) or "-")
                codes[f"{role}_country"][1].append(country(y) or "-")
    out = {"candidates": len(ta), "type_kappa": kappa(ta, tb),
           "type_agreement": round(sum(x == y for x, y in zip(ta, tb)) / len(ta), 3) if ta else None,
           "event_vs_none_kappa": kappa([x != NONE for x in ta], [y != NONE for y in tb]),
           "both_event": len(codes["source"][0])}
    for key, (x, y) in codes.items():
        out[f"{key}_kappa"] = kappa(x, y)
        out[f"{key}_agreement"] = round(sum(p == q for p, q in zip(x, y)) / len(x), 3) if x else None
    return out


def pass_order(batch: str, names: list[str], assignment: dict[str, list[str]]) -> list[str]:
    """The annotators of a batch, first-pass ones (assignment.json) first, each group sorted."""
    first = sorted(n for n in names if batch in assignment.get(n, []))
    return first + sorted(n for n in names if n not in first)


def build(corpus: Path) -> tuple[list[dict], dict]:
    split = json.loads((corpus / "split.json").read_text())
    test = set(split["test"])
    assign_path = corpus / "assignment.json"
    assignment = json.loads(assign_path.read_text()) if assign_path.is_file() else {}
    ann_dirs = sorted(p for p in (corpus / "annotations").iterdir() if p.is_dir())
    rows, pairs, annotators, adjudicated = [], [], Counter(), 0
    for batch in sorted((corpus / "batches").glob("batch_*.jsonl")):
        sentences = {(r["doc_id"], r["sent_id"]): r for _, r in read_jsonl(batch)}
        done = {d.name: read_annotations(d / batch.name, sentences, d.name)
                for d in ann_dirs if (d / batch.name).is_file()}
        adj = done.pop(ADJUDICATOR, {})
        order = [n for n in pass_order(batch.stem, list(done), assignment) if done[n]]
        if not order:
            continue
        merged: dict = {}
        for name in order:   # the first pass wins a sentence; the adjudicator wins over both
            for key, events in done[name].items():
                merged.setdefault(key, (name, events))
        merged.update({key: (ADJUDICATOR, events) for key, events in adj.items() if key in merged})
        adjudicated += sum(1 for key in adj if key in merged)
        for key, (name, events) in merged.items():
            row = dict(sentences[key], split="test" if key[0] in test else "train", events=events,
                       annotator=name, synthetic=False)
            if row["source"] in REFERENCE_ONLY:
                _, file_idx, idx = row["doc_id"].split(":")
                row.update(text=None, context=None, ref={"file_idx": int(file_idx), "idx": int(idx)})
            rows.append(row)
            annotators[name] += 1
        if len(order) >= 2:   # agreement: first vs second pass, independent of the adjudication
            a, b = done[order[0]], done[order[1]]
            pairs += [(sentences[k], a[k], b[k]) for k in sorted(set(a) & set(b), key=str)]
    for d in ann_dirs:
        if (d / "synthetic.jsonl").is_file():
            rows += synthetic_rows(d / "synthetic.jsonl", d.name)
    return rows, {"annotators": dict(annotators), "adjudicated_sentences": adjudicated,
                  "agreement": agreement(pairs)}


def counts(rows: list[dict]) -> dict:
    by = {"type": Counter(), "source": Counter(), "split": Counter(), "sentences_by_split": Counter()}
    none_sentences = Counter()
    for r in rows:
        labels = candidate_labels(r)
        by["type"].update(labels)
        by["source"].update([r["source"]] * len(labels))
        by["split"].update([r["split"]] * len(labels))
        by["sentences_by_split"][r["split"]] += 1
        if all(x == NONE for x in labels):
            none_sentences[r["split"]] += 1
    out = {k: dict(sorted(v.items())) for k, v in by.items()}
    out["none_sentences_by_split"] = dict(none_sentences)
    out["candidates"] = sum(by["type"].values())
    out["documents"] = len({r["doc_id"] for r in rows})
    return out


def normalised(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def workspace_texts(corpus: Path, rows: list[dict]) -> list[str | None]:
    """The text of each row as its batch has it (rows of referenced sources carry none)."""
    texts = {}
    for batch in (corpus / "batches").glob("batch_*.jsonl"):
        texts.update({(r["doc_id"], r["sent_id"]): r["text"] for _, r in read_jsonl(batch)})
    return [texts.get((r["doc_id"], r["sent_id"])) for r in rows]


def extend(rows: list[dict], meta: dict, corpus: Path, out: Path, added: str,
           shared: Path | None = None) -> tuple[list[dict], dict]:
    """The corpus in `out` with the workspace's sentences of documents it lacks appended (marked
    `added`), less sentences whose text the corpus (or an earlier added sentence) already holds;
    their agreement is kept apart from the original double annotation's. `shared` fills the
    referenced (UW) texts of the corpus for that comparison."""
    old_stats = json.loads((out / "stats.json").read_text())
    old = [row for _, row in read_jsonl(out / "corpus.jsonl")]
    have = {r["doc_id"] for r in old}
    new = [dict(r, added=added) for r in rows if r["doc_id"] not in have]
    seen = {normalised(r["text"]) for r in load_corpus(out / "corpus.jsonl", shared=shared)}
    kept = []
    for r, text in zip(new, workspace_texts(corpus, new)):
        if normalised(text) not in seen:   # the same sentence under another id would cross the split
            seen.add(normalised(text))
            kept.append(r)
    meta["duplicates_dropped"] = len(new) - len(kept)
    new = kept
    annotators = Counter(old_stats["annotators"]) + Counter(r["annotator"] for r in new)
    rules = old_stats["split_rule"] if isinstance(old_stats["split_rule"], list) else [old_stats["split_rule"]]
    rule = json.loads((corpus / "split.json").read_text())["rule"]
    additions = dict(old_stats.get("additions", {}))
    additions[added] = {"sentences": len(new), "documents": len({r["doc_id"] for r in new}),
                        "duplicates_dropped": meta["duplicates_dropped"], "adjudicated_sentences":
                        sum(r["annotator"] == ADJUDICATOR for r in new),
                        "annotators": dict(Counter(r["annotator"] for r in new)),
                        "agreement": meta["agreement"], "split_rule": rule}
    return old + new, {"annotators": dict(annotators), "adjudicated_sentences": old_stats["adjudicated_sentences"],
                       "agreement": old_stats["agreement"], "additions": additions,
                       "split_rule": rules + [rule] if rule not in rules else rules}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/work/wt/corpus"))
    ap.add_argument("--out", type=Path, default=CORPUS_DIR)
    ap.add_argument("--extend", metavar="DATE", default=None,
                    help="append the workspace's new documents to the corpus in --out, marked added=DATE")
    ap.add_argument("--shared", type=Path, default=None,
                    help="../shared, to compare added sentences with the corpus's referenced (UW) texts")
    args = ap.parse_args()
    rows, meta = build(args.corpus)
    if args.extend:
        rows, meta = extend(rows, meta, args.corpus, args.out, args.extend, args.shared)
    else:
        meta["split_rule"] = json.loads((args.corpus / "split.json").read_text())["rule"]
    stats = {**counts(rows), **meta}
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    table = "\n".join(f"| {t} | {n} |" for t, n in sorted(stats["type"].items(), key=lambda x: -x[1]))
    summary = {k: stats[k] for k in ("candidates", "documents", "source", "split", "sentences_by_split",
                                     "none_sentences_by_split", "annotators", "adjudicated_sentences")}
    readme = README_TEMPLATE.read_text().replace("{table}", table)
    readme = readme.replace("{stats}", json.dumps(summary, indent=1))
    readme = readme.replace("{additions}", json.dumps(stats.get("additions", {}), indent=1))
    (args.out / "README.md").write_text(readme.replace("{agreement}", json.dumps(stats["agreement"], indent=1)))
    print(json.dumps({k: stats.get(k) for k in ("candidates", "documents", "split", "annotators",
                                                "adjudicated_sentences", "agreement", "additions")}, indent=1))


if __name__ == "__main__":
    main()
