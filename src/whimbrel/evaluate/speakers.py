"""The `speakers` suite (issue 16): whimbrel's quote speakers on the event corpus's test split,
against the hand speaker gold (data/events/corpus/speakers.jsonl). The train split has its own
gold (speakers_train.jsonl) for developing rules: `run_speakers(..., split="train")`.

The gold holds one line per candidate sentence of a test document (a sentence with a quotation
mark or a reporting word; scripts/speaker_candidates.py): `is_quote`, `speaker_text`,
`speaker_code` (ISO3 + sector, `IGO`, or null). A test sentence that was no candidate is no quote.
Only documents the gold covers are scored. Each test document is coded whole (`document_text`:
a VOA story as its title and one paragraph, other sources one sentence a line). A sentence holds a
whimbrel quote when a quote's text overlaps it; its speaker is the first such quote's speaker.
Reported: quote recall and precision over sentences, and on sentences both call a quote the
speaker's country accuracy (null = null: a country where the gold has none is an error; IGO is its
own country) and code accuracy (country and sector; police and intelligence count as GOV, as the
annotation guide codes them); also the country accuracy on gold-coded speakers only and how many
gold-null speakers whimbrel gave a country.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from whimbrel.events.corpus import CORPUS_DIR, CorpusError, country, load_corpus, read_jsonl
from whimbrel.ingest import read_text

SPEAKER_FILES = {"test": CORPUS_DIR / "speakers.jsonl", "train": CORPUS_DIR / "speakers_train.jsonl"}
SPEAKER_FILE = SPEAKER_FILES["test"]
GOLD_FIELDS = ("doc_id", "sent_id", "is_quote", "speaker_text", "speaker_code")
GUIDE_SECTOR = {"COP": "GOV", "SPY": "GOV"}


def load_speaker_gold(path: Path | None = None) -> dict[tuple[str, int], dict]:
    """(doc_id, sent_id) -> gold line; a line without the fields raises [C701] naming file and line."""
    path = path or SPEAKER_FILE
    gold = {}
    for n, row in read_jsonl(path):
        missing = [f for f in GOLD_FIELDS if f not in row]
        if missing or not isinstance(row["is_quote"], bool):
            raise CorpusError(f"[C701] {path}:{n}: speaker gold line needs {', '.join(GOLD_FIELDS)} "
                              f"(is_quote true/false); missing {missing or ['a boolean is_quote']}")
        gold[(row["doc_id"], int(row["sent_id"]))] = row
    return gold


def speaker_code(ref: Any) -> str | None:
    """An ActorRef as the guide codes it: 'IGO', or country + sector (sector mapped, may be '')."""
    if ref is None:
        return None
    if getattr(ref, "sector", None) == "IGO":
        return "IGO"
    if not ref.country:
        return None
    return ref.country + GUIDE_SECTOR.get(ref.sector or "", ref.sector or "")


def document_text(rows: list[dict]) -> tuple[str, list[tuple[int, int]]]:
    """The document's text and each sentence's character span. A VOA story is whole and one
    paragraph in its source: its title stands on its own line and its sentences are joined by a
    space, so a quotation that runs over two sentences pairs its marks as in the article; the
    other sources hold separate sentences, one a line."""
    whole = all(r["source"] == "voa" for r in rows) and [r["sent_id"] for r in rows] == list(range(len(rows)))
    parts, spans, at = [], [], 0
    for k, row in enumerate(rows):
        if k:
            parts.append(" " if whole and k > 1 else "\n")
            at += 1
        spans.append((at, at + len(row["text"])))
        parts.append(row["text"])
        at += len(row["text"])
    return "".join(parts), spans


def sentence_quotes(coder: Any, rows: list[dict]) -> list[tuple[dict, Any]]:
    """Per sentence of one document: (row, the first whimbrel quote overlapping it, or None)."""
    rows = sorted(rows, key=lambda r: r["sent_id"])
    text, spans = document_text(rows)
    coded = coder.code(read_text(text, detect_title=False))
    return [(row, next((q for q in coded.quotes if q.start < end and q.end > start), None))
            for row, (start, end) in zip(rows, spans)]


def sentence_speakers(coder: Any, rows: list[dict]) -> list[tuple[dict, bool, str | None]]:
    """Per sentence of one document: (row, whimbrel has a quote there, its speaker's code)."""
    return [(row, quote is not None, speaker_code(quote.speaker) if quote else None)
            for row, quote in sentence_quotes(coder, rows)]


def score_speakers(pairs: list[tuple[dict | None, bool, str | None]]) -> dict[str, Any]:
    """pairs: (gold line or None for a non-candidate sentence, whimbrel quote?, whimbrel code)."""
    gold_quotes = [(g, found, code) for g, found, code in pairs if g is not None and g["is_quote"]]
    both = [(g, code) for g, found, code in gold_quotes if found]
    found_total = sum(1 for _, found, _ in pairs if found)
    coded = [(g, code) for g, code in both if g["speaker_code"]]
    share = lambda hits, n: round(hits / n, 4) if n else None
    return {
        "sentences": len(pairs), "gold_quotes": len(gold_quotes), "whimbrel_quotes": found_total,
        "both": len(both),
        "quote_recall": share(len(both), len(gold_quotes)),
        "quote_precision": share(len(both), found_total),
        "speaker_country_accuracy": share(sum(country(g["speaker_code"]) == country(code) for g, code in both),
                                          len(both)),
        "speaker_code_accuracy": share(sum((g["speaker_code"] or None) == code for g, code in both), len(both)),
        "gold_speakers_with_code": sum(1 for g, _ in both if g["speaker_code"]),
        # the other way to count "say unknown rather than guess": accuracy on the speakers the gold
        # codes only, and how often whimbrel gives a country where the gold has none
        "speaker_country_accuracy_gold_coded": share(
            sum(country(g["speaker_code"]) == country(code) for g, code in coded), len(coded)),
        "gold_null_speakers": len(both) - len(coded),
        "gold_null_guessed": sum(1 for g, code in both if not g["speaker_code"] and code),
    }


def gold_documents(gold: dict[tuple[str, int], dict], shared: Path | None, path: Path | None,
                   split: str) -> dict[str, list[dict]]:
    """The split's sentences of the documents the gold covers, by document."""
    annotated = {doc_id for doc_id, _ in gold}
    docs: dict[str, list[dict]] = {}
    for row in load_corpus(path, shared=shared, split=split):
        if row["doc_id"] in annotated:   # a document nobody annotated is not a document without quotes
            docs.setdefault(row["doc_id"], []).append(row)
    return docs


def run_speakers(coder: Any, shared: Path | None = None, path: Path | None = None,
                 gold_path: Path | None = None, limit: int | None = None, split: str = "test") -> dict[str, Any]:
    """The suite's figures on a split, test by default (documents whose text is only referenced need
    `shared`); the gold is the split's bundled file unless `gold_path` is given."""
    gold = load_speaker_gold(gold_path or SPEAKER_FILES[split])
    docs = gold_documents(gold, shared, path, split)
    pairs = []
    for rows in list(docs.values())[:limit]:
        for row, found, code in sentence_speakers(coder, rows):
            pairs.append((gold.get((row["doc_id"], row["sent_id"])), found, code))
    return {**score_speakers(pairs), "split": split, "documents": min(len(docs), limit or len(docs))}
