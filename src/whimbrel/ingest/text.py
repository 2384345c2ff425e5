"""Plain text (.txt, .text, .md, no extension) -> `Document`, plus shared decoding.

Text
    ``Document.text`` is the decoded text with newlines normalised to ``\\n``
    (``\\r\\n`` and ``\\r`` become ``\\n``; a leading BOM is dropped). Nothing
    else is changed, so every offset points into what the user gave us.

Title
    The first non-blank line is the title when it is (a) followed by a blank
    line and then more text, (b) at most 200 characters, (c) not ending with a
    full stop (headlines do not; one-sentence opening paragraphs do). A Markdown
    ``#`` marker is left out of the title span. When an explicit title is
    given (argument or sidecar) and the first line matches it (whitespace
    collapsed), that line is the title; otherwise ``title + "\\n\\n"`` is put in
    front of the text so that the title span still points into ``text``.
    The title line is never part of a paragraph.

Paragraphs
    The text after the title is split into blocks on blank lines. Within a
    block every line is its own paragraph, unless the block looks hard-wrapped:
    it has at least two lines, at least 60% of its lines (the last excepted)
    are 50-100 characters long, and fewer than half of them end with sentence
    punctuation (``. ! ? : ;`` possibly followed by a closing quote or
    bracket). In a hard-wrapped block the lines are joined into one paragraph
    whose span runs from the first character of its first line to the last
    character of its last line (so it contains the original ``\\n``). A line
    ends the paragraph (the next line starts a new one) when it is shorter
    than 40 characters (a heading with no blank line after it), or when it
    ends with sentence punctuation and is shorter than 85% of the block's
    longest line (the short last line of a wrapped paragraph). Spans never include surrounding whitespace.

Decoding (every file reader)
    UTF-8 (a UTF-8 BOM is accepted; UTF-16/32 with a BOM are decoded and noted
    in ``meta["encoding"]``). Anything else is an error (W112) naming the byte
    offset and line: we never guess a legacy encoding for text files. (HTML
    files may declare their charset; see html.py.)
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from whimbrel.models import Document, Span

from .errors import BINARY, EMPTY, NOT_UTF8, UNREADABLE, IngestError
from .metadata import parse_date

TITLE_MAX = 200
WRAP_MIN, WRAP_MAX = 50, 100
WRAP_BREAK = 40  # a line shorter than this ends a wrapped paragraph
_WS = re.compile(r"\s+")
_SENT_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+")
_BINARY_MAGIC = {
    b"%PDF": "a PDF file; convert it to text first",
    b"PK\x03\x04": "a ZIP/Office file; convert it to text first",
    b"\x1f\x8b": "a gzip file; decompress it first",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Office document; convert it to text first",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


# ---------------------------------------------------------------- ids, newlines

def normalise_text(text: str) -> str:
    """The form hashed by `document_id`: NFC, whitespace runs -> one space, stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def document_id(text: str) -> str:
    """sha256 of the normalised text, first 16 hex chars. Quotes are not folded."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- bytes -> str

def read_bytes(path: Path) -> bytes | IngestError:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        return IngestError(str(path), None, UNREADABLE, f"cannot read file: {exc.strerror or exc}")


def sniff_binary(data: bytes) -> str | None:
    """A reason when `data` is not text, else None."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({what})"
    head = data[:8192]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    if head:
        ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
        if ctrl / len(head) > 0.10:
            return f"binary file ({ctrl} control bytes in the first {len(head)})"
    return None


def decode_bytes(data: bytes, path: str) -> tuple[str, dict[str, Any]] | IngestError:
    """Return ``(text, meta)`` or an IngestError (binary, not UTF-8, empty).

    `meta` holds ``encoding`` when it was not plain UTF-8, and ``truncated_utf8``
    when the file ends inside a multi-byte character (a cut-off download): the
    incomplete character is dropped and the rest is kept.
    """
    notes: dict[str, Any] = {}
    if not data.strip():
        return IngestError(path, None, EMPTY, "file is empty" if not data else "file holds only whitespace")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                return IngestError(path, None, NOT_UTF8,
                                   f"invalid {enc} at byte offset {exc.start}")
            if enc != "utf-8-sig":
                notes["encoding"] = enc
            break
    else:
        why = sniff_binary(data)
        if why:
            return IngestError(path, None, BINARY, why)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(data):
                text = data[:exc.start].decode("utf-8")  # valid up to the first error
                notes["truncated_utf8"] = True
            else:
                return not_utf8_error(path, data, exc)
    if not text.strip():
        return IngestError(path, None, EMPTY, "file holds only whitespace")
    return normalise_newlines(text), notes


def not_utf8_error(path: str, data: bytes, exc: UnicodeDecodeError, base_line: int = 0,
                   base_offset: int = 0) -> IngestError:
    line = base_line + data.count(b"\n", 0, exc.start) + 1
    bad = data[exc.start:exc.start + 1].hex()
    return IngestError(
        path, line, NOT_UTF8,
        f"not valid UTF-8 at byte offset {base_offset + exc.start} (byte 0x{bad}); "
        "convert it to UTF-8, e.g. `iconv -f cp1252 -t utf-8`")


# ---------------------------------------------------------------- structure

def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line in text[start:end], without the newline."""
    out, pos = [], start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            out.append((pos, end))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def looks_hard_wrapped(lines: list[str]) -> bool:
    """True when a block's lines are pieces of one paragraph wrapped at a fixed width."""
    if len(lines) < 2:
        return False
    inner = [ln.strip() for ln in lines[:-1]]
    in_width = sum(WRAP_MIN <= len(ln) <= WRAP_MAX for ln in inner)
    ending = sum(bool(_SENT_END.search(ln)) for ln in inner)
    return in_width >= 0.6 * len(inner) and ending < 0.5 * len(inner)


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Paragraph spans of text[start:end] (see the module docstring for the rule)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        if not block:
            return
        raw = [text[s:e] for s, e in block]
        if looks_hard_wrapped(raw):
            # a short line inside a wrapped block ends a paragraph (or is a heading)
            run_start = 0
            width = max(len(line.strip()) for line in raw)
            for i, line in enumerate(raw):
                n = len(line.strip())
                if (i == len(raw) - 1 or n < WRAP_BREAK
                        or (n < 0.85 * width and _SENT_END.search(line.rstrip()))):
                    s, e = _strip_span(text, block[run_start][0], block[i][1])
                    spans.append(Span(s, e))
                    run_start = i + 1
        else:
            for s, e in block:
                s, e = _strip_span(text, s, e)
                spans.append(Span(s, e))
        block.clear()

    for s, e in _lines(text, start, end):
        if text[s:e].strip():
            block.append((s, e))
        else:
            flush()
    flush()
    return spans


def _first_line(text: str) -> tuple[int, int, int] | None:
    """(content start, content end, index after the newline) of the first non-blank line."""
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl == -1 else nl
        if text[pos:stop].strip():
            s, e = _strip_span(text, pos, stop)
            m = _MD_HEADING.match(text, s, e)
            if m:
                s = m.end()
            return s, e, stop + 1 if nl != -1 else stop
        if nl == -1:
            break
        pos = nl + 1
    return None


def detect_title(text: str) -> tuple[Span, int] | None:
    """(title span, body start) when the first line is a headline, else None."""
    first = _first_line(text)
    if first is None:
        return None
    s, e, after = first
    line = text[s:e]
    if not line or len(line) > TITLE_MAX or not any(c.isalpha() for c in line):
        return None
    if line.endswith(".") and not line.endswith(".."):
        return None
    nl = text.find("\n", after)
    next_line = text[after:len(text) if nl == -1 else nl]
    if after >= len(text) or next_line.strip():
        return None  # not followed by a blank line
    if not text[after:].strip():
        return None  # nothing after it: the line is the whole article
    return Span(s, e), after


def read_text(text: str, *, title: str | None = None, pub_date: Any = None, outlet: str | None = None,
              url: str | None = None, source_path: str | None = None, meta: dict[str, Any] | None = None,
              detect_title: bool = True) -> Document:
    """Build a `Document` from a string (title and paragraph spans point into `text`)."""
    text = normalise_newlines(text)
    meta = dict(meta or {})
    title_span: Span | None = None
    body_start = 0
    clean_title = normalise_text(title) if title else ""
    if clean_title:
        first = _first_line(text)
        if first and normalise_text(text[first[0]:first[1]]) == clean_title:
            title_span, body_start = Span(first[0], first[1]), first[2]
        else:
            text = clean_title + "\n\n" + text
            title_span, body_start = Span(0, len(clean_title)), len(clean_title) + 2
    elif detect_title:
        found = _detect_title(text)
        if found:
            title_span, body_start = found
    paragraphs = split_paragraphs(text, body_start)
    parsed, err = parse_date(pub_date)
    if err:
        meta["date_error"] = err
    return Document(
        doc_id=document_id(text), text=text, title=title_span, paragraphs=paragraphs,
        pub_date=parsed, outlet=outlet or None, url=url or None,
        source_path=str(source_path) if source_path is not None else None, meta=meta,
    )


_detect_title = detect_title  # read_text's keyword argument shadows the function name


def read_text_file(path: Path, sidecar: dict[str, Any] | None = None) -> Document | IngestError:
    """Read one plain-text file; the sidecar may give the title."""
    data = read_bytes(path)
    if isinstance(data, IngestError):
        return data
    decoded = decode_bytes(data, str(path))
    if isinstance(decoded, IngestError):
        return decoded
    text, notes = decoded
    meta: dict[str, Any] = {"format": "text", **notes}
    side_title = (sidecar or {}).get("title")
    return read_text(text, title=side_title if isinstance(side_title, str) else None,
                     source_path=str(path), meta=meta)
