"""JSON Lines (.jsonl, .ndjson) -> one `Document` per line.

Fields: ``id``, ``title``, ``text``, ``date``, ``url``, ``outlet``. Any other
field goes into ``Document.meta``; ``id`` goes into ``meta["source_id"]`` and
the line number into ``meta["line"]`` (``Document.doc_id`` is always the hash
of the text, see `document_id`).

``Document.text`` is ``title + "\\n\\n" + body`` where body is the ``text`` field
(newlines normalised, outer whitespace stripped; if its first line repeats the
title, that line is dropped). Paragraphs are split from the body with the
plain-text rule (text.py). Without a ``title`` field there is no title: the
body's first line is not guessed to be a headline.

Each line is independent: a line that is not JSON (W130), not an object (W131),
has no usable ``text`` (W132), has a wrongly typed field (W133) or is not
UTF-8 (W112) yields an IngestError with the file and line number, and the other
lines go on. Blank lines are skipped.
"""
from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whimbrel.models import Document, Span

from .errors import (BINARY, EMPTY, JSONL_BAD_FIELD, JSONL_BAD_JSON, JSONL_NO_TEXT, JSONL_NOT_OBJECT,
                     UNREADABLE, IngestError)
from .metadata import parse_date
from .text import (document_id, normalise_newlines, normalise_text, not_utf8_error, sniff_binary,
                   split_paragraphs)

FIELDS = ("id", "title", "text", "date", "url", "outlet")
_TEXT_ALIASES = ("body", "content", "article", "maintext", "full_text", "story")


def record_to_document(record: dict[str, Any], path: str = "<jsonl>", line: int | None = None
                       ) -> Document | IngestError:
    """Turn one decoded JSON object into a Document (or an IngestError for that line)."""
    body = record.get("text")
    if body is None or (isinstance(body, str) and not body.strip()):
        alias = next((a for a in _TEXT_ALIASES if isinstance(record.get(a), str)), None)
        hint = f"; found {alias!r}: rename it to 'text'" if alias else ""
        what = "is empty" if isinstance(body, str) else "is missing"
        return IngestError(path, line, JSONL_NO_TEXT, f"field 'text' {what}{hint}")
    if not isinstance(body, str):
        return IngestError(path, line, JSONL_BAD_FIELD,
                           f"field 'text' must be a string, got {type(body).__name__}")
    for key in ("title", "url", "outlet"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return IngestError(path, line, JSONL_BAD_FIELD,
                               f"field {key!r} must be a string, got {type(value).__name__}")
    meta: dict[str, Any] = {"format": "jsonl"}
    if line is not None:
        meta["line"] = line
    if record.get("id") is not None:
        meta["source_id"] = record["id"] if isinstance(record["id"], str) else json.dumps(record["id"])
    for key, value in record.items():
        if key not in FIELDS:
            meta.setdefault(key, value)

    title = normalise_text(record.get("title") or "")
    body = normalise_newlines(body).strip()
    if title:
        first, _, rest = body.partition("\n")
        if normalise_text(first.lstrip("# ")) == title and rest.strip():
            body = rest.strip()
        text = title + "\n\n" + body
        title_span: Span | None = Span(0, len(title))
        offset = len(title) + 2
    else:
        text, title_span, offset = body, None, 0
    paragraphs = split_paragraphs(text, offset)

    pub_date, err = parse_date(record.get("date"))
    if err:
        meta["date_error"] = err
    return Document(doc_id=document_id(text), text=text, title=title_span, paragraphs=paragraphs,
                    pub_date=pub_date, outlet=normalise_text(record.get("outlet") or "") or None,
                    url=(record.get("url") or "").strip() or None, source_path=path, meta=meta)


def iter_jsonl(path: Path) -> Iterator[Document | IngestError]:
    """Documents of a JSONL file, one per non-blank line; bad lines become IngestErrors."""
    spath = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield IngestError(spath, None, UNREADABLE, f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        head = fh.read(8192)
        why = sniff_binary(head)
        if why:
            yield IngestError(spath, None, BINARY, why)
            return
        fh.seek(0)
        offset = 0
        seen_any = False
        for lineno, raw in enumerate(fh, start=1):
            start, offset = offset, offset + len(raw)
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if not raw.strip():
                continue
            seen_any = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield not_utf8_error(spath, raw, exc, base_line=lineno - 1, base_offset=start)
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield IngestError(spath, lineno, JSONL_BAD_JSON,
                                  f"invalid JSON: {exc.msg} (column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield IngestError(spath, lineno, JSONL_NOT_OBJECT,
                                  f"expected a JSON object, got {type(record).__name__}")
                continue
            yield record_to_document(record, spath, lineno)
        if not seen_any:
            yield IngestError(spath, None, EMPTY, "file is empty" if offset == 0 else "file holds only whitespace")
