"""Paths, folders and globs -> documents: `iter_documents`.

Each argument may be

* a file: read by its extension (``.txt .text .md`` or none -> text, ``.html
  .htm`` -> HTML, ``.jsonl .ndjson`` -> JSON Lines); another extension is
  error W104, a ``*.meta.json`` sidecar is W106;
* a directory: walked recursively in sorted (deterministic) order, skipping
  hidden files and folders, sidecars and files of other types; W102 when
  nothing readable is left;
* a glob (``data/*.txt``, ``data/**/*.html``), expanded here so a quoted
  pattern works; when a path with glob characters exists literally it is taken
  literally. W103 when nothing matches.

A file reached twice (overlapping arguments) is read once. For every document
the sidecar, then the ``date``/``outlet`` arguments fill what the document
itself did not say (see metadata.py). Nothing here raises for bad input:
problems are yielded as `IngestError` and the next input goes on.
"""
from __future__ import annotations

import datetime as _dt
import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from whimbrel.models import Document

from .errors import EMPTY_DIR, MISSING_PATH, NO_GLOB_MATCH, SIDECAR_AS_DOC, UNREADABLE, UNSUPPORTED, IngestError
from .html import read_html_file
from .jsonl import iter_jsonl
from .metadata import apply_defaults, is_sidecar, read_sidecar
from .text import read_text_file

TEXT_EXTS = {".txt", ".text", ".md", ""}
HTML_EXTS = {".html", ".htm"}
JSONL_EXTS = {".jsonl", ".ndjson"}
_GLOB_CHARS = set("*?[")


def file_kind(path: Path) -> str | None:
    """"text", "html", "jsonl" or None (unsupported)."""
    ext = path.suffix.lower()
    if ext in HTML_EXTS:
        return "html"
    if ext in JSONL_EXTS:
        return "jsonl"
    if ext in TEXT_EXTS:
        return "text"
    return None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _wanted(path: Path) -> bool:
    return path.is_file() and not is_sidecar(path) and file_kind(path) is not None


def _walk(root: Path) -> tuple[list[Path], int]:
    """(readable files under root in sorted order, number of files skipped)."""
    files, skipped = [], 0
    for path in sorted(root.rglob("*")):
        if _hidden(path, root) or path.is_dir():
            continue
        if _wanted(path):
            files.append(path)
        else:
            skipped += 1
    return files, skipped


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files to read, in order, or IngestErrors for arguments that give none."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for arg in paths:
        raw = str(arg)
        path = Path(raw).expanduser()
        if path.is_dir():
            files, skipped = _walk(path)
            if not files:
                extra = f" ({skipped} file(s) of other types, hidden or sidecars skipped)" if skipped else ""
                yield IngestError(raw, None, EMPTY_DIR,
                                  "directory holds no readable .txt/.md/.html/.jsonl files" + extra)
            yield from files
        elif path.exists():
            if is_sidecar(path):
                yield IngestError(raw, None, SIDECAR_AS_DOC,
                                  "this is a sidecar metadata file; pass the document next to it instead")
            elif file_kind(path) is None:
                yield IngestError(raw, None, UNSUPPORTED,
                                  f"unsupported file type {path.suffix!r}; "
                                  "expected .txt, .text, .md, .html, .htm, .jsonl or .ndjson")
            elif not path.is_file():
                yield IngestError(raw, None, UNREADABLE, "not a regular file")
            else:
                yield path
        elif _GLOB_CHARS & set(raw):
            pattern = str(Path(raw).expanduser())
            matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True))
            files: list[Path] = []
            for m in matches:
                if m.is_dir():
                    files.extend(_walk(m)[0])
                elif _wanted(m):
                    files.append(m)
            if not files:
                yield IngestError(raw, None, NO_GLOB_MATCH,
                                  "pattern matched no readable files" if matches else "pattern matched no files")
            yield from files
        else:
            yield IngestError(raw, None, MISSING_PATH, "no such file or directory")


def read_file(path: Path, date: _dt.date | None = None,
              outlet: str | None = None) -> Iterator[Document | IngestError]:
    """Documents (or errors) of one file, with sidecar and argument defaults applied."""
    sidecar, side_err = read_sidecar(path)
    if side_err is not None:
        yield side_err
    kind = file_kind(path)
    if kind == "jsonl":
        items: Iterable[Document | IngestError] = iter_jsonl(path)
    elif kind == "html":
        items = [read_html_file(path, sidecar)]
    else:
        items = [read_text_file(path, sidecar)]
    for item in items:
        if isinstance(item, Document):
            apply_defaults(item, sidecar, date, outlet)
        yield item


def iter_documents(paths: Iterable[str | Path], date: _dt.date | None = None,
                   outlet: str | None = None) -> Iterator[Document | IngestError]:
    """Every document under `paths` (files, folders, globs), with an IngestError per problem."""
    seen: set[Path] = set()
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            key = item.resolve()
        except OSError:
            key = item.absolute()
        if key in seen:
            continue
        seen.add(key)
        try:
            yield from read_file(item, date, outlet)
        except Exception as exc:  # a reader bug must not stop the batch
            yield IngestError(str(item), None, UNREADABLE, f"unexpected {type(exc).__name__}: {exc}")
