"""BERT uncased WordPiece tokenisation with character offsets into the original text.

Follows the BERT basic tokenizer (drop control characters, split on whitespace and on every
punctuation character, pad CJK ideographs, lower-case, strip accents) and then greedy
longest-match-first WordPiece over `vocab.txt`. Each piece keeps the [start, end) character
offsets of the text it came from, so pieces can be pooled back onto spaCy tokens.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_WORD_CHARS = 100


@dataclass(frozen=True)
class Pieces:
    """WordPiece ids of one text (without [CLS]/[SEP]) and their character offsets."""

    ids: list[int]
    offsets: list[tuple[int, int]]


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B81F or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _normalise(ch: str) -> str:
    """Lower-case and strip accents (NFD, drop combining marks)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def basic_words(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) of every basic-tokenizer word of `text`."""
    words: list[tuple[str, int, int]] = []
    buf: list[str] = []
    start = last = 0

    def flush(end: int) -> None:
        if buf:
            words.append(("".join(buf), start, end))
            buf.clear()

    for i, ch in enumerate(text):
        if ch == "\x00" or ch == "\ufffd" or _is_control(ch):
            continue
        if ch.isspace():
            flush(last)
            continue
        if _is_punctuation(ch) or _is_cjk(ch):
            flush(last)
            norm = _normalise(ch)
            if norm:
                words.append((norm, i, i + 1))
            continue
        norm = _normalise(ch)
        if not norm:
            continue
        if not buf:
            start = i
        buf.append(norm)
        last = i + 1
    flush(last)
    return words


class WordPiece:
    """Greedy longest-match-first WordPiece over a BERT vocabulary file."""

    def __init__(self, vocab_path: Path | None = None, *, lines: list[str] | None = None, unk: str = "[UNK]",
                 cls: str = "[CLS]", sep: str = "[SEP]", pad: str = "[PAD]"):
        if lines is None:
            with open(vocab_path, encoding="utf-8") as fh:  # type: ignore[arg-type]
                lines = fh.read().split("\n")
        if lines and not lines[-1]:
            lines = lines[:-1]  # the file's final newline
        self.vocab = {line: i for i, line in enumerate(lines)}
        self.unk, self.cls, self.sep, self.pad = (self.vocab[t] for t in (unk, cls, sep, pad))
        self.texts = {i: (p[2:] if p.startswith("##") else p) for p, i in self.vocab.items()}

    def word_pieces(self, word: str) -> list[int] | None:
        """Pieces of one word, or None when it cannot be covered (it becomes [UNK])."""
        if len(word) > MAX_WORD_CHARS:
            return None
        out, pos = [], 0
        while pos < len(word):
            end = len(word)
            while end > pos:
                piece = word[pos:end] if pos == 0 else "##" + word[pos:end]
                if piece in self.vocab:
                    out.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return None
            pos = end
        return out

    def tokenize(self, text: str) -> Pieces:
        ids: list[int] = []
        offsets: list[tuple[int, int]] = []
        for word, start, end in basic_words(text):
            pieces = self.word_pieces(word)
            if pieces is None:
                ids.append(self.unk)
                offsets.append((start, end))
                continue
            # A piece's offsets: its share of the word, exact when normalising kept the word's
            # length; otherwise (a combining accent in the text is dropped) every piece gets the whole word.
            exact, pos = len(word) == end - start, 0
            for pid in pieces:
                length = len(self.texts[pid])
                offsets.append((start + pos, start + pos + length) if exact else (start, end))
                pos += length
                ids.append(pid)
        return Pieces(ids, offsets)
