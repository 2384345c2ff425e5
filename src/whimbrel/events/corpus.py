"""The annotated event corpus (data/events/corpus/): reading it, and the label of each candidate.

`corpus.jsonl` holds one line per sentence: doc_id, source, sent_id, split (train|test), text,
context, candidates [{c, i, text, lemma, pos}], events [{c, type, mode, source_text, source_code,
target_text, target_code, modality, optional}], annotator, synthetic, and `added` (the date of the
annotation round) on sentences added after the first corpus. Sentences of the UW
factuality corpus (licence: research use as distributed) are stored without their text, with a
`ref` {file_idx, idx}; `load_corpus(shared=...)` fills them in from ../shared/eval/uw_factuality.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "events" / "corpus"
NONE = "NONE"
UW_FILE = Path("uw_factuality") / "train.jsonl"


class CorpusError(ValueError):
    """A corpus or annotation line that cannot be read; the message names the file and line."""


def detok(tokens: list[str]) -> str:
    """Tokenised text back to running text, so spaCy tokenises it as it would news."""
    out = " ".join(tokens)
    for a, b in ((" ,", ","), (" .", "."), (" 's", "'s"), (" n't", "n't"), (" ;", ";"), (" :", ":"),
                 ("( ", "("), (" )", ")"), (" ?", "?"), (" !", "!"), ("`` ", '"'), (" ''", '"'),
                 (" - ", "-"), ("$ ", "$"), (" %", "%")):
        out = out.replace(a, b)
    return out


def read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-empty line; a bad line raises CorpusError naming it."""
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: not JSON ({e.msg})") from None


def uw_texts(shared: Path) -> dict[tuple[int, int], str]:
    path = shared / "eval" / UW_FILE
    if not path.is_file():
        return {}
    return {(int(d["file_idx"]), int(d["idx"])): detok(d["text"].split()) for _, d in read_jsonl(path)}


def load_corpus(path: Path | None = None, shared: Path | None = None, split: str | None = None,
                with_refs: bool = False) -> list[dict]:
    """The corpus sentences (of one split if given). Sentences whose text is only referenced are
    filled from `shared` and left out when it does not have them (kept textless with `with_refs`)."""
    path = path or CORPUS_DIR / "corpus.jsonl"
    uw = uw_texts(shared) if shared else {}
    out = []
    for _, row in read_jsonl(path):
        if split and row["split"] != split:
            continue
        if row.get("text") is None:
            ref = row.get("ref") or {}
            text = uw.get((int(ref.get("file_idx", -1)), int(ref.get("idx", -1))))
            if text is None and not with_refs:
                continue
            row = {**row, "text": text}
        out.append(row)
    return out


def candidate_labels(row: dict) -> list[str]:
    """Per candidate of a sentence: its PLOVER type or NONE."""
    types = {e["c"]: e["type"] for e in row.get("events", [])}
    return [types.get(c["c"], NONE) for c in row["candidates"]]


def country(code: str | None) -> str | None:
    """The country part of an actor code ('USAGOV' -> 'USA', 'IGO' -> 'IGO')."""
    return code[:3] if code else None


@dataclass
class CorpusDocument:
    """A document rebuilt from its corpus sentences: one sentence a line (so the pipeline's
    sentences are the corpus's), a stored context sentence put back where the sentence before a
    corpus sentence is not itself in the corpus. `spans` holds (row, start, end) for the corpus
    sentences only."""
    doc_id: str
    text: str
    spans: list[tuple[dict, int, int]]


def corpus_documents(rows: list[dict]) -> list[CorpusDocument]:
    """The documents of `rows`, each with its sentences in order (first appearance order of docs)."""
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    out = []
    for doc_id, doc_rows in by_doc.items():
        parts, spans, at, previous = [], [], 0, None
        for row in sorted(doc_rows, key=lambda r: r["sent_id"]):
            context = row.get("context")
            if context and previous != row["sent_id"] - 1:
                parts.append(context)
                at += len(context) + 1
            spans.append((row, at, at + len(row["text"])))
            parts.append(row["text"])
            at += len(row["text"]) + 1
            previous = row["sent_id"]
        out.append(CorpusDocument(doc_id, "\n".join(parts), spans))
    return out


def sentence_at(doc: CorpusDocument, char: int) -> int | None:
    """Index into doc.spans of the corpus sentence holding character `char` (None: a context line)."""
    return next((k for k, (_, s, e) in enumerate(doc.spans) if s <= char < e), None)
