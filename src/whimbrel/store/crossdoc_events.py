"""Incremental event dedup on a store: new mentions meet only the canonical events that could take them.

A mention can join a canonical event only if they share the event type and their dates agree
(dedup.events.dates_agree: one day apart for two days, one month for month values, seven days for
an undated mention's publication date). canonical_events keeps, per event, the days its mentions
cover (first_day .. last_day) and whether its date is a full day (day_dated). The candidates of a
new mention are the events of its type whose days come within BLOCK_MARGIN_DAYS of its own, plus
those the date rule cannot exclude (no days at all; an undated mention meets every event whose date
is not a full day; a mention with no day at all meets every event of its type). Only these
candidates are rebuilt from their stored mentions and rewritten, so a run costs what its new mentions
cost, and the result is the one a merge against every canonical event gives (test_crossdoc_blocking).
"""
from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta
from typing import Any

from whimbrel.dedup import events as dedup
from whimbrel.store.duckdb_store import EVENT_ORDER, EVENT_SELECT, event_record

# widest gap the date rule accepts between two days compared: an undated mention's publication date
# and the event's date (DedupSettings.undated_window_days, 7); month and year values are compared by
# prefix, and their day ranges already cover the whole month or year
BLOCK_MARGIN_DAYS = 8
CANONICAL_COLUMNS = ("canonical_event_id", "story_id", "event_type", "source_country", "target_country",
                     "dyad", "participants", '"date"', "place", "modality", "n_mentions", "n_docs",
                     "n_sources", "first_day", "last_day", "day_dated")


def days_of(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value covers: a day, a month (YYYY-MM) or a year (YYYY); else None."""
    if not value or not value[:4].isdigit():
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def mention_days(mention: dict) -> tuple[date, date] | None:
    spans = [s for s in (days_of(mention.get("date")), days_of(str(mention.get("pub_date") or ""))) if s]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def update_events(conn: Any, block: bool = True, settings: dedup.DedupSettings | None = None) -> int:
    """Merge the mentions without a canonical event; returns how many were merged. `block=False`
    takes every canonical event as a candidate (the reference the blocking is tested against)."""
    settings = settings or dedup.DedupSettings()
    new = _mentions(conn, "e.canonical_event_id IS NULL", [])
    if not new:
        return 0
    if block:
        _candidates(conn, new)
    old = _mentions(conn, "e.canonical_event_id IN (SELECT canonical_event_id FROM crossdoc_candidates)"
                    if block else "e.canonical_event_id IS NOT NULL", [])
    existing: dict[str, dedup.Canonical] = {}
    for m in old:  # export order, as a merge against every canonical event would see them
        canon = existing.setdefault(m["canonical_event_id"], dedup.new_canonical(m, settings))
        canon.canonical_event_id = m["canonical_event_id"]
        dedup.add_mention(canon, m, settings)
    canonicals = dedup.merge(new, list(existing.values()), settings)
    by_event = {eid: c.canonical_event_id for c in canonicals for eid in c.mention_ids}
    staged(conn, "crossdoc_assigned", {"event_id": [m["event_id"] for m in new],
                                       "canonical_event_id": [by_event[m["event_id"]] for m in new]})
    conn.execute("UPDATE events SET canonical_event_id = a.canonical_event_id FROM crossdoc_assigned a "
                 "WHERE events.event_id = a.event_id")
    _write_canonical(conn, canonicals, old + new)
    return len(new)


def _mentions(conn: Any, where: str, params: list) -> list[dict]:
    sql = (f"SELECT {EVENT_SELECT}, e.canonical_event_id FROM events e LEFT JOIN documents d USING (doc_id) "
           f"WHERE {where} ORDER BY {EVENT_ORDER}")
    out = []
    for row in conn.execute(sql, params).fetchall():
        record = event_record(row[:-1])
        record["canonical_event_id"] = row[-1]
        out.append(record)
    return out


def staged(conn: Any, name: str, columns: dict[str, list]) -> None:
    """A temporary table from Python lists in one columnar hand-over (executemany binds row by row:
    seconds for thousands of rows)."""
    import pyarrow as pa

    rows = pa.table({c: pa.array(v) for c, v in columns.items()})  # noqa: F841  (read by name below)
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM rows")


def _candidates(conn: Any, new: list[dict]) -> None:
    """Table crossdoc_candidates: the canonical events that may take one of the new mentions (the
    blocking index lookup)."""
    conn.execute("CREATE OR REPLACE TEMP TABLE crossdoc_blocks (event_type VARCHAR, lo DATE, hi DATE, "
                 "undated BOOLEAN, anywhere BOOLEAN)")
    conn.executemany("INSERT INTO crossdoc_blocks VALUES (?, ?, ?, ?, ?)", blocks_of(new))
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE crossdoc_candidates AS "
        "SELECT DISTINCT c.canonical_event_id FROM canonical_events c JOIN crossdoc_blocks b "
        "ON c.event_type = b.event_type WHERE b.anywhere OR c.first_day IS NULL "
        "OR (b.undated AND NOT coalesce(c.day_dated, false)) "
        "OR (c.first_day <= b.hi AND c.last_day >= b.lo)")


def blocks_of(new: list[dict]) -> list[list]:
    """Per event type, the union of the new mentions' day ranges widened by the margin (merged, so
    a run of consecutive days is one range), and whether one of them is undated or has no day:
    a handful of rows, so the lookup joins each canonical event with few ranges."""
    margin = timedelta(days=BLOCK_MARGIN_DAYS)
    spans: dict[str, list[tuple[date, date]]] = {}
    undated: dict[str, bool] = {}
    anywhere: dict[str, bool] = {}
    for m in new:
        kind, days = m["event_type"], mention_days(m)
        undated[kind] = undated.get(kind, False) or not (m.get("date") or "")[:1].isdigit()
        anywhere[kind] = anywhere.get(kind, False) or days is None
        if days is not None:
            spans.setdefault(kind, []).append((days[0] - margin, days[1] + margin))
    rows = []
    for kind in undated:
        merged: list[list[date]] = []
        for lo, hi in sorted(spans.get(kind, [])):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        rows += [[kind, lo, hi, undated[kind], anywhere[kind]] for lo, hi in merged or [[None, None]]]
    return rows


def _write_canonical(conn: Any, canonicals: list[dedup.Canonical], mentions: list[dict]) -> None:
    """Rewrite the canonical events this run touched (the candidates and the new ones)."""
    by_id = {m["event_id"]: m for m in mentions}
    docs = sorted({m["doc_id"] for m in mentions})
    story_of = dict(conn.execute("SELECT doc_id, story_id FROM story_documents WHERE doc_id IN "
                                 f"({', '.join('?' for _ in docs)})", docs).fetchall()) if docs else {}
    rows = [_canonical_row(c, by_id, story_of) for c in canonicals]
    names = [c.strip('"') for c in CANONICAL_COLUMNS]
    staged(conn, "crossdoc_touched", {name: [r[k] for r in rows] for k, name in enumerate(names)})
    conn.execute("DELETE FROM canonical_events WHERE canonical_event_id IN "
                 "(SELECT canonical_event_id FROM crossdoc_touched)")
    columns = ", ".join(CANONICAL_COLUMNS)
    conn.execute(f"INSERT INTO canonical_events ({columns}) SELECT {columns} FROM crossdoc_touched")


def _canonical_row(c: dedup.Canonical, by_id: dict[str, dict], story_of: dict[str, str]) -> list:
    mentions = [by_id[e] for e in c.mention_ids]
    s, t = c.dyad
    stories = Counter(story_of.get(m["doc_id"]) for m in mentions)
    spans = [d for d in map(mention_days, mentions) if d]
    return [c.canonical_event_id, stories.most_common(1)[0][0], c.event_type, s, t,
            "-".join(x or "?" for x in (s, t)), sorted(c.participants), c.date, c.place, c.modality,
            len(c.mention_ids), len(c.doc_ids), len({m.get("outlet") or m["doc_id"] for m in mentions}),
            min((d[0] for d in spans), default=None), max((d[1] for d in spans), default=None),
            bool(c.date and len(c.date) == 10)]
