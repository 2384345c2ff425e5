"""Incremental event dedup on a store: new mentions meet only the canonical events that could take them.

A mention can join a canonical event only if they share the event type and their dates agree
(dedup.events.dates_agree). canonical_events keeps, per event, the days a new mention's date or
publication date must come near for that (first_day .. last_day): the days its date covers (a day,
a month, a year), or, for an undated event, its mentions' publication dates. A new mention probes
the days of its date and its anchor (publication date); its candidates are the events of its type
whose days come within the widest window of the date rule of a probe, plus those the rule cannot
bound (an event with no readable day; every event of its type for a mention with neither date nor
publication date). Only these candidates are rebuilt from their stored mentions and rewritten, so a
run costs what its new mentions and the events near them in time cost, not the store, and the
result is the one a merge against every canonical event gives (tests/store/test_crossdoc_blocking).
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from whimbrel.dedup import events as dedup
from whimbrel.store.crossdoc_blocking import candidates
from whimbrel.store.records import EVENT_ORDER, EVENT_SELECT, event_record

CANONICAL_COLUMNS = ("canonical_event_id", "story_id", "event_type", "source_country", "target_country",
                     "dyad", "participants", '"date"', "place", "modality", "n_mentions", "n_docs",
                     "n_sources", "first_day", "last_day")


def update_events(conn: Any, block: bool = True, settings: dedup.DedupSettings | None = None) -> int:
    """Merge the mentions without a canonical event; returns how many were merged. `block=False`
    takes every canonical event as a candidate (the reference the blocking is tested against)."""
    settings = settings or dedup.DedupSettings()
    new = _mentions(conn, "e.canonical_event_id IS NULL", [])
    if not new:
        return 0
    if block:
        candidates(conn, new, settings)
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
    days = event_days(c)
    return [c.canonical_event_id, stories.most_common(1)[0][0], c.event_type, s, t,
            "-".join(x or "?" for x in (s, t)), sorted(c.participants), c.date, c.place, c.modality,
            len(c.mention_ids), len(c.doc_ids), len({m.get("outlet") or m["doc_id"] for m in mentions}),
            *(days or (None, None))]


def event_days(c: dedup.Canonical) -> tuple[date, date] | None:
    """The blocking days of a canonical event (see the module's docstring; migrations.FILL_DAYS
    computes the same in SQL)."""
    if c.date:
        return c.span
    return (min(c.pub_days), max(c.pub_days)) if c.pub_days else None
