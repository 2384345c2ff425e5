"""Filtered, paged reads of a store for the API and the dashboard (parameterised SQL only).

Every value from a caller is bound as a parameter; the only SQL text chosen from input is a column
or an ORDER BY expression picked from the fixed tables below by name.

>>> from whimbrel.store import Store
>>> with Store(":memory:") as store:
...     page = event_page(store, EventFilter(event_type=["AGREE"]), page=1, page_size=10)
>>> page["total"], page["events"]
(0, [])
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from whimbrel.store.duckdb_store import Store
from whimbrel.store.records import EVENT_ORDER, EVENT_SELECT, event_record, plain_value

# the event's own date when it is a day, else its document's publication date
EVENT_DAY = "coalesce(try_cast(e.\"date\" AS DATE), d.pub_date)"
FROM_EVENTS = "FROM events e LEFT JOIN documents d USING (doc_id)"
# filter field -> column compared with IN (...)
IN_COLUMNS = {
    "event_type": "e.event_type", "mode": "e.mode", "modality": "e.modality",
    "source_country": "e.source_country", "source_sector": "e.source_sector",
    "target_country": "e.target_country", "target_sector": "e.target_sector",
    "doc_id": "e.doc_id", "canonical_event_id": "e.canonical_event_id",
}
SORTS = {"date": EVENT_DAY, "pub_date": "d.pub_date", "confidence": "e.confidence",
         "type": "e.event_type", "modality": "e.modality"}


@dataclass
class EventFilter:
    """What /api/events, /api/stats and /api/export select; None or [] means no constraint."""

    event_type: list[str] = field(default_factory=list)
    mode: list[str] = field(default_factory=list)
    modality: list[str] = field(default_factory=list)
    source_country: list[str] = field(default_factory=list)
    source_sector: list[str] = field(default_factory=list)
    target_country: list[str] = field(default_factory=list)
    target_sector: list[str] = field(default_factory=list)
    doc_id: list[str] = field(default_factory=list)
    canonical_event_id: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    actor: str | None = None           # actor_id or canonical name, either side
    country: str | None = None         # source or target country
    dyad: list[str] = field(default_factory=list)  # two countries, either direction
    min_confidence: float | None = None
    date_from: str | None = None       # ISO dates, compared with EVENT_DAY
    date_to: str | None = None
    story: str | None = None
    q: str | None = None               # case-insensitive substring of the evidence sentence
    unreviewed: bool = False           # only events without a review


def has_table(store: Store, name: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()
    return row is not None


def where_clause(store: Store, flt: EventFilter) -> tuple[str, list[Any]]:
    """The filter as ` WHERE ...` over FROM_EVENTS (aliases e, d) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for name, column in IN_COLUMNS.items():
        values = getattr(flt, name)
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if flt.context:
        clauses.append("list_has_any(e.context, ?::VARCHAR[])")
        params.append(list(flt.context))
    if flt.actor:
        clauses.append("(e.source_actor_id = ? OR e.target_actor_id = ? "
                       "OR lower(e.source_name) = lower(?) OR lower(e.target_name) = lower(?))")
        params.extend([flt.actor] * 4)
    if flt.country:
        clauses.append("(e.source_country = ? OR e.target_country = ?)")
        params.extend([flt.country, flt.country])
    if len(flt.dyad) == 2:
        a, b = flt.dyad
        clauses.append("((e.source_country = ? AND e.target_country = ?) "
                       "OR (e.source_country = ? AND e.target_country = ?))")
        params.extend([a, b, b, a])
    if flt.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.date_from:
        clauses.append(f"{EVENT_DAY} >= ?::DATE")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append(f"{EVENT_DAY} <= ?::DATE")
        params.append(flt.date_to)
    if flt.story:
        if not has_table(store, "story_documents"):
            return " WHERE false", []
        clauses.append("e.doc_id IN (SELECT doc_id FROM story_documents WHERE story_id = ?)")
        params.append(flt.story)
    if flt.q:
        clauses.append("contains(lower(e.sentence), lower(?))")
        params.append(flt.q)
    if flt.unreviewed and has_table(store, "reviews"):
        clauses.append("e.event_id NOT IN (SELECT event_id FROM reviews)")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def order_clause(sort: str | None) -> str:
    """`-confidence` -> descending; unknown names are rejected by the caller (SORT_NAMES)."""
    if not sort:
        return EVENT_ORDER
    name, desc = sort.lstrip("-"), sort.startswith("-")
    return f"{SORTS[name]} {'DESC' if desc else 'ASC'} NULLS LAST, {EVENT_ORDER}"


SORT_NAMES = tuple(n for name in SORTS for n in (name, "-" + name))


def event_page(store: Store, flt: EventFilter, page: int = 1, page_size: int = 50,
               sort: str | None = None) -> dict[str, Any]:
    """One page of event records and the number of events the filter selects."""
    where, params = where_clause(store, flt)
    total = store.conn.execute(f"SELECT count(*) {FROM_EVENTS}{where}", params).fetchone()[0]
    order = order_clause(sort)
    # the page's ids are found by sorting only ids and sort keys (a deep page sorts the whole
    # selection); the full rows are then fetched for those ids alone
    rows = store.conn.execute(
        f"SELECT {EVENT_SELECT} {FROM_EVENTS} WHERE e.event_id IN "
        f"(SELECT e.event_id {FROM_EVENTS}{where} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, page_size, (page - 1) * page_size]).fetchall()
    return {"total": total, "page": page, "page_size": page_size,
            "events": [event_record(r) for r in rows]}


def iter_filtered(store: Store, flt: EventFilter, sort: str | None = None,
                  batch_size: int = 5_000) -> Iterator[dict[str, Any]]:
    """Every selected event record, fetched in batches (for streamed exports)."""
    where, params = where_clause(store, flt)
    cursor = store.conn.cursor()
    try:
        cursor.execute(f"SELECT {EVENT_SELECT} {FROM_EVENTS}{where} ORDER BY {order_clause(sort)}", params)
        while batch := cursor.fetchmany(batch_size):
            yield from (event_record(r) for r in batch)
    finally:
        cursor.close()


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event record, its canonical event, the other mentions of that event, and its reviews."""
    rows = store.conn.execute(f"SELECT {EVENT_SELECT} {FROM_EVENTS} WHERE e.event_id = ?", [event_id]).fetchall()
    if not rows:
        return None
    record = event_record(rows[0])
    cid = store.conn.execute("SELECT canonical_event_id FROM events WHERE event_id = ?", [event_id]).fetchone()[0]
    record["canonical_event_id"] = cid
    record["canonical_event"] = None
    record["other_mentions"] = []
    if cid and has_table(store, "canonical_events"):
        record["canonical_event"] = dicts(store, "SELECT * FROM canonical_events WHERE canonical_event_id = ?", [cid])[0]
        others = EventFilter(canonical_event_id=[cid])
        record["other_mentions"] = [m for m in iter_filtered(store, others) if m["event_id"] != event_id]
    record["reviews"] = reviews_of(store, event_id)
    return record


def reviews_of(store: Store, event_id: str) -> list[dict[str, Any]]:
    if not has_table(store, "reviews"):
        return []
    return dicts(store, "SELECT * FROM reviews WHERE event_id = ? ORDER BY reviewed_at", [event_id])


def dicts(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = store.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [{n: plain_value(v) for n, v in zip(names, row)} for row in cursor.fetchall()]
