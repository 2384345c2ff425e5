"""Records <-> rows of the DuckDB store: the columns of each table (schema.sql) and the
conversions between whimbrel's records (models.py) and table rows, both ways."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from whimbrel.models import ActorRef, CodedDocument, Event, Quote, to_plain

ACTOR_REF_FIELDS = ("text", "name", "country", "sector", "actor_id", "entity_type", "how", "confidence")
EVENT_COLUMNS = (
    "event_id", "doc_id", "event_type", "mode", "context",
    *(f"source_{f}" for f in ACTOR_REF_FIELDS),
    *(f"target_{f}" for f in ACTOR_REF_FIELDS),
    "date", "date_precision", "location", "modality", "condition", "attribution", "factuality",
    "sentence", "sentence_start", "sentence_end", "trigger", "trigger_start", "trigger_end",
    "confidence", "pattern",
)
DOCUMENT_COLUMNS = (
    "doc_id", "title", "title_start", "title_end", "paragraphs", "pub_date", "outlet", "url",
    "source_path", "text", "meta",
)
ACTOR_COLUMNS = (
    "actor_id", "name", "country", "sector", "role", "valid_from", "valid_to", "source",
)
MENTION_COLUMNS = (
    "doc_id", "start", "end", "text", "actor_id", "name", "country", "sector", "entity_type", "how",
    "confidence",
)
QUOTE_COLUMNS = (
    "quote_id", "doc_id", "start", "end", "text", "kind", "cue",
    *(f"speaker_{f}" for f in ACTOR_REF_FIELDS),
)
DATE_COLUMNS = ("doc_id", "start", "end", "text", "value", "precision")
# the export record: the event's own fields plus two fields of its document
EVENT_SELECT = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS) + ", d.outlet, d.pub_date"
EVENT_ORDER = (
    "d.pub_date NULLS LAST, e.doc_id, e.sentence_start NULLS LAST, "
    "e.trigger_start NULLS LAST, e.event_id"
)


def document_row(coded: CodedDocument) -> list[Any]:
    doc = coded.document
    title = doc.title
    return [
        doc.doc_id, doc.title_text, title.start if title else None, title.end if title else None,
        dumps([[p.start, p.end] for p in doc.paragraphs]), doc.pub_date, doc.outlet, doc.url,
        doc.source_path, doc.text, dumps(doc.meta),
    ]


def actor_row(actor: Any) -> list[Any]:
    return [getattr(actor, c) for c in ACTOR_COLUMNS]


def quote_row(quote: Quote) -> list[Any]:
    head = [quote.quote_id, quote.doc_id, quote.start, quote.end, quote.text, quote.kind, quote.cue]
    return head + _actor_ref_values(quote.speaker)


def event_row(event: Event) -> list[Any]:
    ev = event.evidence
    return [
        event.event_id, event.doc_id, event.event_type, event.mode, list(event.context),
        *_actor_ref_values(event.source), *_actor_ref_values(event.target),
        event.date, event.date_precision, dumps(event.location), event.modality, event.condition,
        dumps(event.attribution), event.factuality, ev.sentence, ev.start, ev.end, ev.trigger, ev.trigger_start,
        ev.trigger_end, event.confidence, event.pattern,
    ]


def event_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A row of EVENT_SELECT -> the nested event record of `Event.to_dict()` + outlet, pub_date."""
    flat = dict(zip((*EVENT_COLUMNS, "outlet", "pub_date"), row))
    return {
        "event_id": flat["event_id"],
        "doc_id": flat["doc_id"],
        "event_type": flat["event_type"],
        "mode": flat["mode"],
        "context": list(flat["context"] or []),
        "source": _actor_ref_dict(flat, "source"),
        "target": _actor_ref_dict(flat, "target"),
        "date": flat["date"],
        "date_precision": flat["date_precision"],
        "location": loads(flat["location"]),
        "modality": flat["modality"],
        "condition": flat["condition"],
        "attribution": loads(flat["attribution"]),
        "factuality": flat["factuality"],
        "evidence": {
            "sentence": flat["sentence"],
            "start": flat["sentence_start"],
            "end": flat["sentence_end"],
            "trigger": flat["trigger"], "trigger_start": flat["trigger_start"],
            "trigger_end": flat["trigger_end"],
        },
        "confidence": flat["confidence"],
        "pattern": flat["pattern"],
        "outlet": flat["outlet"],
        "pub_date": plain_value(flat["pub_date"]),
    }


def _actor_ref_values(ref: ActorRef | None) -> list[Any]:
    return [getattr(ref, f) if ref is not None else None for f in ACTOR_REF_FIELDS]


def _actor_ref_dict(flat: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    # ActorRef.text is required, so a NULL text means the whole reference was None
    if flat[f"{prefix}_text"] is None:
        return None
    return {f: flat[f"{prefix}_{f}"] for f in ACTOR_REF_FIELDS}


def dumps(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(to_plain(value), ensure_ascii=False, default=str)


def loads(value: str | None) -> Any:
    return json.loads(value) if value is not None else None


def plain_value(value: Any) -> Any:
    """DuckDB dates and timestamps -> ISO strings, like `to_plain`."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def arrow_table(columns: tuple[str, ...], rows: list[list[Any]]):
    """The rows as an Arrow table, or None when a column's values have no single Arrow type (the
    caller then binds them one by one)."""
    import pyarrow as pa

    try:
        return pa.table({c: pa.array([row[k] for row in rows]) for k, c in enumerate(columns)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
