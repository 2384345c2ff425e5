"""Ingest errors: one record per problem, each with a stable code and the path.

`iter_documents` never raises for bad input; it yields an `IngestError` and goes
on with the next file (or the next line of a JSONL file).

Codes (stable; add new ones, never renumber; registered in whimbrel/errors.py with every other code):

====  =====================================================================
W101  path does not exist
W102  directory holds no readable input files
W103  glob pattern matched no files
W104  unsupported file type (explicitly named file)
W105  file cannot be read (permissions, I/O error)
W106  sidecar ``*.meta.json`` given as a document
W110  binary file (NUL bytes, a known binary signature, or mostly non-text)
W111  empty file (or only whitespace)
W112  not valid UTF-8 (message names the byte offset)
W120  HTML with no extractable text
W130  JSONL line is not valid JSON
W131  JSONL line is not a JSON object
W132  JSONL record has no usable ``text`` field
W133  JSONL field has the wrong type
W140  sidecar ``*.meta.json`` is unreadable or not a JSON object
====  =====================================================================
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from whimbrel.errors import in_range

# the registry (whimbrel/errors.py) holds the meanings; W15x are the limits' warnings, not ingest's
CODES: dict[str, str] = {code: text for code, text in in_range("W1").items() if code < "W150"}

MISSING_PATH = "W101"
EMPTY_DIR = "W102"
NO_GLOB_MATCH = "W103"
UNSUPPORTED = "W104"
UNREADABLE = "W105"
SIDECAR_AS_DOC = "W106"
BINARY = "W110"
EMPTY = "W111"
NOT_UTF8 = "W112"
HTML_NO_TEXT = "W120"
JSONL_BAD_JSON = "W130"
JSONL_NOT_OBJECT = "W131"
JSONL_NO_TEXT = "W132"
JSONL_BAD_FIELD = "W133"
BAD_SIDECAR = "W140"

_WS = re.compile(r"\s+")


@dataclass
class IngestError:
    """One input problem. `str()` gives one clear line: ``[W130] data/a.jsonl:3 : message``."""

    path: str
    line: int | None
    code: str
    message: str

    def __post_init__(self) -> None:
        self.path = str(self.path)
        # keep the report on one line whatever the underlying exception said
        self.message = _WS.sub(" ", str(self.message)).strip()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"[{self.code}] {where} : {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}
