"""Limits that keep one document from taking a batch down, each with a warning naming it.

- A document longer than MAX_DOCUMENT_CHARS is coded as consecutive parts cut at paragraph
  boundaries (a paragraph longer than that is cut at whitespace): nothing is dropped, and every part
  is stored as a document of its own (doc_id `<doc_id>-p<k>`, meta `part`, `parts`, `parent_doc_id`).
- A sentence longer than MAX_SENTENCE_TOKENS is cut into pieces before parsing (nlp/sentence_limit.py).
- A document in which almost no word is an English function word gets a warning: whimbrel codes
  English only, and such a text yields no events (or wrong ones).

>>> from whimbrel.ingest import read_text
>>> parts, note = split_document(read_text("a" * 10 + "\\n\\n" + "b" * 10, detect_title=False), limit=15)
>>> [p.text.strip() for p in parts], note.split(" of", 1)[0]
(['aaaaaaaaaa', 'bbbbbbbbbb'], '[W150] document split into 2 parts')
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from whimbrel.models import Document, Span

# spaCy's own ceiling is 1,000,000 characters (error E088); the parser and NER need about 1 GB per
# 100,000 characters, so a part this size keeps a worker's memory bounded
MAX_DOCUMENT_CHARS = 100_000
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS_FOR_LANGUAGE = 40   # a shorter text (a headline, a list of names) is not judged
# spaCy's English stop words are 37-54% of the words of the 73 bundled VOA stories (data/bench);
# a French, a Spanish and a German news sentence (tests/reliability) score 5%, 0% and 13%
# (an, in, am ...), Russian has none
_MIN_ENGLISH_SHARE = 0.15


def split_document(document: Document, limit: int = MAX_DOCUMENT_CHARS) -> tuple[list[Document], str | None]:
    """The document, or its parts when longer than `limit`, and the warning to report (or None)."""
    if len(document.text) <= limit:
        return [document], None
    cuts = list(_cut_points(document, limit))
    parts = [_part(document, start, end, k, len(cuts)) for k, (start, end) in enumerate(cuts, 1)]
    note = (f"[W150] document split into {len(parts)} parts of at most {limit:,} characters "
            f"({len(document.text):,} characters; stored as {parts[0].doc_id} .. {parts[-1].doc_id})")
    return parts, note


def _cut_points(document: Document, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each part: whole paragraphs while they fit (a part ends where the next
    paragraph starts), a long paragraph cut at whitespace."""
    bounds = sorted({p.start for p in document.paragraphs if p.start > 0} | {len(document.text)})
    start = 0
    while start < len(document.text):
        fitting = [b for b in bounds if start < b <= start + limit]
        end = fitting[-1] if fitting else _whitespace_cut(document.text, start, limit)
        yield start, end
        start = end


def _whitespace_cut(text: str, start: int, limit: int) -> int:
    space = text.rfind(" ", start + limit // 2, start + limit)
    return space + 1 if space != -1 else start + limit


def _part(document: Document, start: int, end: int, k: int, n: int) -> Document:
    inside = [Span(max(p.start, start) - start, min(p.end, end) - start)
              for p in document.paragraphs if p.start < end and p.end > start]
    title = document.title if document.title and document.title.end <= end and k == 1 else None
    meta = {**document.meta, "part": k, "parts": n, "parent_doc_id": document.doc_id,
            "part_start": start}
    return replace(document, doc_id=f"{document.doc_id}-p{k}", text=document.text[start:end],
                   title=title, paragraphs=inside, meta=meta)


def language_warning(text: str) -> str | None:
    """A warning when the text is long enough to judge and is not English."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _WORD.findall(text[:20_000])
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return None
    share = sum(w.lower() in STOP_WORDS for w in words) / len(words)
    if share >= _MIN_ENGLISH_SHARE:
        return None
    return (f"[W152] language not supported: {share:.0%} of the words are English function words "
            "(English news has 37-54%); whimbrel codes English only, expect no events")
