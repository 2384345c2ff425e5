"""Readers for every input kind: plain text, HTML, JSON Lines, folders and globs.

`iter_documents` never raises for bad input; it yields an `IngestError` (stable
code, path, line) and goes on.
"""
from .errors import CODES, IngestError
from .folder import expand_paths, iter_documents
from .html import read_html
from .jsonl import iter_jsonl, record_to_document
from .metadata import parse_date
from .text import document_id, read_text, split_paragraphs

__all__ = [
    "CODES", "IngestError", "document_id", "expand_paths", "iter_documents", "iter_jsonl",
    "parse_date", "read_html", "read_text", "record_to_document", "split_paragraphs",
]
