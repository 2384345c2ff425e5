"""Analysts' reviews of events: stored in the `reviews` table, exported as event training records.

The export (docs/schema.md, "Review records") uses the field names of the PLOVER gold records the
event evaluation reads (`id`, `text`, `date`, `event`, `mode`, `source`, `target`), so
`whimbrel.evaluate.plover_gsr.load_records` reads it as it is; the trigger offsets, the coded
values and the review itself ride along for a trainer that wants them.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from whimbrel.models import MODALITIES, PLOVER_TYPES
from whimbrel.store.duckdb_store import Store, StoreError
from whimbrel.store.records import plain_value
from whimbrel.store.export import open_text, write_jsonl
from whimbrel.store.queries import dicts, has_table

VERDICTS = ("right", "wrong")
CORRECTABLE = ("event_type", "mode", "source_country", "source_sector", "target_country",
               "target_sector", "modality")
REVIEW_COLUMNS = ("review_id", "event_id", "verdict", *CORRECTABLE, "note", "reviewer", "reviewed_at")


def add_review(store: Store, event_id: str, verdict: str, reviewer: str,
               corrections: dict[str, str | None] | None = None, note: str | None = None) -> dict[str, Any]:
    """Store one verdict on an event; returns the stored review. Raises StoreError on bad input."""
    if store.read_only:
        raise StoreError(f"[S020] {store.path}: store opened read-only, cannot store a review")
    if verdict not in VERDICTS:
        raise StoreError(f"[S021] verdict {verdict!r}: choose one of {', '.join(VERDICTS)}")
    corrections = {k: v for k, v in (corrections or {}).items() if v not in (None, "")}
    unknown = set(corrections) - set(CORRECTABLE)
    if unknown:
        raise StoreError(f"[S022] cannot correct {', '.join(sorted(unknown))}; correctable: {', '.join(CORRECTABLE)}")
    if corrections.get("event_type") not in (None, *PLOVER_TYPES):
        raise StoreError(f"[S023] event type {corrections['event_type']!r} is not a PLOVER type")
    if corrections.get("modality") not in (None, *MODALITIES):
        raise StoreError(f"[S024] modality {corrections['modality']!r} is not one of {', '.join(MODALITIES)}")
    if store.conn.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone() is None:
        raise StoreError(f"[S025] {store.path}: no event {event_id!r}")
    row = {"review_id": uuid.uuid4().hex, "event_id": event_id, "verdict": verdict,
           **{k: corrections.get(k) for k in CORRECTABLE}, "note": note or None, "reviewer": reviewer,
           "reviewed_at": datetime.now(timezone.utc).replace(tzinfo=None)}
    names = ", ".join(REVIEW_COLUMNS)
    store.conn.execute(f"INSERT INTO reviews ({names}) VALUES ({', '.join('?' for _ in REVIEW_COLUMNS)})",
                       [row[c] for c in REVIEW_COLUMNS])
    return {k: plain_value(v) for k, v in row.items()}


# the latest review of each event, with the coded event and its document's date
LATEST = """
SELECT r.*, e.doc_id, e.event_type AS coded_type, e.mode AS coded_mode, e.modality AS coded_modality,
       e.source_country AS coded_source_country, e.source_sector AS coded_source_sector,
       e.target_country AS coded_target_country, e.target_sector AS coded_target_sector,
       e.sentence, e.sentence_start, e."trigger", e.trigger_start, e.trigger_end, d.pub_date
FROM reviews r JOIN events e USING (event_id) LEFT JOIN documents d USING (doc_id)
QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY r.reviewed_at DESC, r.review_id) = 1
ORDER BY r.reviewed_at, r.review_id
"""


def training_records(store: Store) -> list[dict[str, Any]]:
    """One record per reviewed event (its latest review), in review order."""
    cursor = store.conn.execute(LATEST)
    names = [d[0] for d in cursor.description]
    return [training_record(dict(zip(names, row))) for row in cursor.fetchall()]


def training_record(row: dict[str, Any]) -> dict[str, Any]:
    """A joined review row -> the exported record (see the module docstring)."""
    coded = {k: row[f"coded_{k}"] for k in ("type", "mode", "modality", "source_country", "source_sector",
                                            "target_country", "target_sector")}
    label = {"type": row["event_type"] or coded["type"], "mode": row["mode"] or coded["mode"],
             "modality": row["modality"] or coded["modality"]}
    for side in ("source", "target"):
        for part in ("country", "sector"):
            label[f"{side}_{part}"] = row[f"{side}_{part}"] or coded[f"{side}_{part}"]
    corrected = [k for k in CORRECTABLE if row[k] is not None]
    # "wrong" with nothing corrected: no event of this kind belongs here (a negative example)
    negative = row["verdict"] == "wrong" and not corrected
    base = row["sentence_start"] or 0
    return {
        "id": row["review_id"],
        "text": row["sentence"],
        "date": plain_value(row["pub_date"]),
        "event": None if negative else label["type"],
        "mode": None if negative else label["mode"],
        "modality": None if negative else label["modality"],
        "source": [] if negative else _actor(label["source_country"], label["source_sector"]),
        "target": [] if negative else _actor(label["target_country"], label["target_sector"]),
        "trigger": {"text": row["trigger"],
                    "start": None if row["trigger_start"] is None else row["trigger_start"] - base,
                    "end": None if row["trigger_end"] is None else row["trigger_end"] - base},
        "verdict": row["verdict"],
        "corrected": corrected,
        "coded": {"event": coded["type"], "mode": coded["mode"], "modality": coded["modality"],
                  "source": _actor(coded["source_country"], coded["source_sector"]),
                  "target": _actor(coded["target_country"], coded["target_sector"])},
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "reviewer": row["reviewer"],
        "reviewed_at": plain_value(row["reviewed_at"]),
        "note": row["note"],
    }


def _actor(country: str | None, sector: str | None) -> list[dict[str, str]]:
    """The gold records' actor list: [{"code": "RUSGOV"}], or [] when there is no actor."""
    if not country and not sector:
        return []
    return [{"code": f"{country or ''}{sector or ''}"}]


def export_reviews(store: Store, out: Path | str | None) -> int:
    """Write the training records as JSON Lines to `out` (stdout when None); returns how many."""
    records = training_records(store) if has_table(store, "reviews") else []
    with open_text(out) as stream:
        return write_jsonl(records, stream)


def review_page(store: Store, event_id: str | None, page: int, page_size: int) -> dict[str, Any]:
    """Stored reviews, newest first, optionally of one event."""
    if not has_table(store, "reviews"):
        return {"total": 0, "page": page, "page_size": page_size, "reviews": []}
    where, params = (" WHERE event_id = ?", [event_id]) if event_id else ("", [])
    total = store.conn.execute(f"SELECT count(*) FROM reviews{where}", params).fetchone()[0]
    rows = dicts(store, f"SELECT * FROM reviews{where} ORDER BY reviewed_at DESC, review_id LIMIT ? OFFSET ?",
                 [*params, page_size, (page - 1) * page_size])
    return {"total": total, "page": page, "page_size": page_size, "reviews": rows}
