"""Publication dates and sidecar metadata.

Priority for `pub_date` (and likewise `outlet`, `url`):

1. what the document itself says (JSONL ``date`` field, HTML metadata);
2. a sidecar ``NAME.meta.json`` next to the file (``a.txt`` -> ``a.meta.json``;
   ``a.txt.meta.json`` is accepted too). Keys ``date``, ``outlet``, ``url``,
   ``title``; any other key goes into ``Document.meta`` (never overwriting a
   key the reader set). ``null`` values are ignored;
3. the ``date`` / ``outlet`` arguments of `iter_documents` (the CLI's
   ``--date`` / ``--outlet``).

Dates are parsed with `datetime.date.fromisoformat`, then
`datetime.datetime.fromisoformat` (ISO timestamps), then dateparser with
relative expressions ("yesterday") disabled and day, month and year all
required. A date that cannot be parsed does not drop the document: `pub_date`
falls through to the next source and ``meta["date_error"]`` records the problem.
``meta["date_source"]`` says where the date came from
("document", "sidecar", "argument").
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

from whimbrel.models import Document

from .errors import BAD_SIDECAR, IngestError

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("date", "outlet", "url", "title")

_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}


def parse_date(value: Any) -> tuple[_dt.date | None, str | None]:
    """Return ``(date, None)`` or ``(None, reason)``. ``None``/"" give ``(None, None)``."""
    if value is None:
        return None, None
    if isinstance(value, _dt.datetime):
        return value.date(), None
    if isinstance(value, _dt.date):
        return value, None
    if not isinstance(value, str):
        return None, f"date {value!r} is not a string"
    text = value.strip()
    if not text:
        return None, None
    try:
        return _dt.date.fromisoformat(text), None
    except ValueError:
        pass
    try:
        return _dt.datetime.fromisoformat(text).date(), None
    except ValueError:
        pass
    try:
        import dateparser  # slow to import; only load it when needed
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None, f"cannot parse date {text!r}"
    try:
        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except Exception as exc:  # dateparser raises assorted errors on odd input
        return None, f"cannot parse date {text!r}: {exc}"
    if parsed is None:
        return None, f"cannot parse date {text!r}"
    return parsed.date(), None


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def sidecar_path(path: Path) -> Path | None:
    """The sidecar of `path` if one exists: ``NAME.meta.json`` or ``NAME.EXT.meta.json``."""
    path = Path(path)
    for cand in (path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)):
        if cand != path and cand.is_file():
            return cand
    return None


def read_sidecar(path: Path) -> tuple[dict[str, Any], IngestError | None]:
    """Load the sidecar of document `path`. Returns ``({}, None)`` when there is none."""
    side = sidecar_path(path)
    if side is None:
        return {}, None
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return {}, IngestError(str(side), None, BAD_SIDECAR, f"cannot read sidecar: {exc}")
    except json.JSONDecodeError as exc:
        return {}, IngestError(str(side), exc.lineno, BAD_SIDECAR,
                               f"sidecar is not valid JSON: {exc.msg} (column {exc.colno}); ignored")
    if not isinstance(data, dict):
        return {}, IngestError(str(side), None, BAD_SIDECAR,
                               f"sidecar must be a JSON object, got {type(data).__name__}; ignored")
    data = {k: v for k, v in data.items() if v is not None}
    data["_sidecar_path"] = str(side)
    return data, None


def apply_defaults(doc: Document, sidecar: dict[str, Any] | None = None,
                   date: _dt.date | None = None, outlet: str | None = None) -> Document:
    """Fill what the document itself did not say: sidecar first, then the arguments."""
    sidecar = sidecar or {}
    if doc.pub_date is not None:
        doc.meta.setdefault("date_source", "document")
    if doc.pub_date is None and "date" in sidecar:
        parsed, err = parse_date(sidecar["date"])
        if parsed is not None:
            doc.pub_date = parsed
            doc.meta["date_source"] = "sidecar"
        elif err:
            doc.meta.setdefault("date_error", f"sidecar: {err}")
    if doc.pub_date is None and date is not None:
        doc.pub_date = date.date() if isinstance(date, _dt.datetime) else date
        doc.meta["date_source"] = "argument"
    if not doc.outlet and isinstance(sidecar.get("outlet"), str) and sidecar["outlet"].strip():
        doc.outlet = sidecar["outlet"].strip()
    if not doc.outlet and outlet:
        doc.outlet = outlet
    if not doc.url and isinstance(sidecar.get("url"), str) and sidecar["url"].strip():
        doc.url = sidecar["url"].strip()
    if "_sidecar_path" in sidecar:
        doc.meta.setdefault("sidecar", sidecar["_sidecar_path"])
    for key, value in sidecar.items():
        if key in SIDECAR_FIELDS or key.startswith("_"):
            continue
        doc.meta.setdefault(key, value)
    return doc
