"""Incremental event dedup on a store: new mentions meet only the canonical events that could take them.

The candidates come from the blocking index (crossdoc_blocking: type, dyad, days). A candidate is
not rebuilt from its mentions (a long-running event would cost its whole history every run): its
merge state is read back, the attributes the dedup rule compares from canonical_events (type, dyad,
participants, modality, object words) and, aggregated in SQL over its mentions, the counts of their
dates and places and their publication dates. dedup.events.merge is a fold over mentions and this is
its state, so continuing it with the new mentions gives what one merge over all mentions in
publication order gives (tests/store/test_crossdoc_blocking.py). Only the canonical events that took
a new mention are rewritten; their counts (mentions, documents, outlets) and story are recounted in
SQL. The dedup settings are those of the store: state written under other settings is not redone.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from whimbrel.dedup import events as dedup
from whimbrel.store.crossdoc_blocking import candidates, staged
from whimbrel.store.records import EVENT_ORDER, EVENT_SELECT, event_record

# what Python writes of a canonical event; story_id and the counts come from SQL (_COUNTS)
STATE_COLUMNS = ("canonical_event_id", "event_type", "source_country", "target_country", "dyad",
                 "participants", '"date"', "place", "modality", "words", "first_day", "last_day")
_OF_CANDIDATES = "e.canonical_event_id IN (SELECT canonical_event_id FROM crossdoc_candidates)"
# the dates, places and publication dates of the candidates' mentions, as dedup.events.add_mention
# counts them (a date starting with a digit; a non-empty place name)
_VALUES = f"""
SELECT e.canonical_event_id, 'date', e."date", count(*) FROM events e
WHERE {_OF_CANDIDATES} AND regexp_matches(e."date", '^[0-9]') GROUP BY ALL
UNION ALL
SELECT e.canonical_event_id, 'place', nullif(json_extract_string(e.location, '$.name'), '') AS v, count(*)
FROM events e WHERE {_OF_CANDIDATES} AND v IS NOT NULL GROUP BY ALL
UNION ALL
SELECT e.canonical_event_id, 'pub', d.pub_date::VARCHAR, count(*) FROM events e JOIN documents d USING (doc_id)
WHERE {_OF_CANDIDATES} AND d.pub_date IS NOT NULL GROUP BY ALL
"""
_OF_TOUCHED = "e.canonical_event_id IN (SELECT canonical_event_id FROM crossdoc_touched)"
# per rewritten event: its mentions, documents, outlets (a document without one counts as its own)
# and the story most of its mentions are in (ties: the smallest story id)
_COUNTS = f"""
SELECT c.*, s.story_id FROM (
  SELECT e.canonical_event_id, count(*) AS n_mentions, count(DISTINCT e.doc_id) AS n_docs,
         count(DISTINCT coalesce(nullif(d.outlet, ''), e.doc_id)) AS n_sources
  FROM events e JOIN documents d USING (doc_id) WHERE {_OF_TOUCHED} GROUP BY 1) c
JOIN (
  SELECT canonical_event_id, first(story_id ORDER BY n DESC, story_id) AS story_id FROM (
    SELECT e.canonical_event_id, s.story_id, count(*) AS n FROM events e
    LEFT JOIN story_documents s USING (doc_id) WHERE {_OF_TOUCHED} GROUP BY ALL) GROUP BY 1) s
USING (canonical_event_id)
"""


def update_events(conn: Any, block: bool = True, settings: dedup.DedupSettings | None = None) -> int:
    """Merge the mentions without a canonical event; returns how many were merged. `block=False`
    takes every canonical event as a candidate (the reference the blocking is tested against)."""
    settings = settings or dedup.DedupSettings()
    new = _mentions(conn, "e.canonical_event_id IS NULL")
    if not new:
        return 0
    if block:
        candidates(conn, new, settings)
    else:
        conn.execute("CREATE OR REPLACE TEMP TABLE crossdoc_candidates AS SELECT canonical_event_id FROM canonical_events")
    canonicals = dedup.merge(new, stored_canonicals(conn, settings), settings)
    touched = [c for c in canonicals if c.mention_ids]  # a stored state lists this run's mentions only
    by_event = {eid: c.canonical_event_id for c in touched for eid in c.mention_ids}
    staged(conn, "crossdoc_assigned", {"event_id": [m["event_id"] for m in new],
                                       "canonical_event_id": [by_event[m["event_id"]] for m in new]})
    conn.execute("UPDATE events SET canonical_event_id = a.canonical_event_id FROM crossdoc_assigned a "
                 "WHERE events.event_id = a.event_id")
    _write_canonical(conn, touched)
    return len(new)


def stored_canonicals(conn: Any, settings: dedup.DedupSettings) -> list[dedup.Canonical]:
    """The merge state of the candidates (table crossdoc_candidates), in id order."""
    rows = conn.execute(
        "SELECT canonical_event_id, event_type, source_country, target_country, participants, modality, "
        "words FROM canonical_events SEMI JOIN crossdoc_candidates USING (canonical_event_id) "
        "ORDER BY canonical_event_id").fetchall()
    found: dict[str, dedup.Canonical] = {}
    for cid, kind, source, target, participants, modality, words in rows:
        modality = modality or "asserted"
        found[cid] = dedup.Canonical(cid, kind, (source, target), dedup.MODALITY_CLASS.get(modality, "fact"),
                                     modality, words=set(words or ()), participants=set(participants or ()))
    _backfill_words(conn, [found[r[0]] for r in rows if r[-1] is None], settings)
    for cid, kind, value, n in conn.execute(_VALUES).fetchall():
        canon = found[cid]
        if kind == "pub":
            canon.pub_dates += [value] * n
        else:
            (canon.dates if kind == "date" else canon.places)[value] += n
    return list(found.values())


def _backfill_words(conn: Any, missing: list[dedup.Canonical], settings: dedup.DedupSettings) -> None:
    """Object words for events written before they were stored (schema 3): from their mentions,
    once, written back."""
    if not missing:
        return
    by_id = {c.canonical_event_id: c for c in missing}
    staged(conn, "crossdoc_unworded", {"canonical_event_id": list(by_id)})
    for m in _mentions(conn, "e.canonical_event_id IN (SELECT canonical_event_id FROM crossdoc_unworded)"):
        by_id[m["canonical_event_id"]].words |= dedup.object_words(m, settings.object_window)
    staged(conn, "crossdoc_unworded", {"canonical_event_id": list(by_id),
                                       "words": [sorted(c.words) for c in by_id.values()]})
    conn.execute("UPDATE canonical_events SET words = u.words FROM crossdoc_unworded u "
                 "WHERE canonical_events.canonical_event_id = u.canonical_event_id")


def _mentions(conn: Any, where: str) -> list[dict]:
    sql = (f"SELECT {EVENT_SELECT}, e.canonical_event_id FROM events e LEFT JOIN documents d USING (doc_id) "
           f"WHERE {where} ORDER BY {EVENT_ORDER}")
    out = []
    for row in conn.execute(sql).fetchall():
        record = event_record(row[:-1])
        record["canonical_event_id"] = row[-1]
        out.append(record)
    return out


def _write_canonical(conn: Any, touched: list[dedup.Canonical]) -> None:
    """Rewrite the canonical events that took a new mention, with their counts and story."""
    rows = [_state_row(c) for c in touched]
    names = [c.strip('"') for c in STATE_COLUMNS]
    staged(conn, "crossdoc_touched", {name: [r[k] for r in rows] for k, name in enumerate(names)})
    conn.execute("DELETE FROM canonical_events WHERE canonical_event_id IN "
                 "(SELECT canonical_event_id FROM crossdoc_touched)")
    columns = ", ".join((*STATE_COLUMNS, "n_mentions", "n_docs", "n_sources", "story_id"))
    conn.execute(f"INSERT INTO canonical_events ({columns}) SELECT t.*, n.n_mentions, n.n_docs, n.n_sources, "
                 f"n.story_id FROM crossdoc_touched t JOIN ({_COUNTS}) n USING (canonical_event_id)")


def _state_row(c: dedup.Canonical) -> list:
    s, t = c.dyad
    return [c.canonical_event_id, c.event_type, s, t, "-".join(x or "?" for x in (s, t)),
            sorted(c.participants), c.date, c.place, c.modality, sorted(c.words), *(event_days(c) or (None, None))]


def event_days(c: dedup.Canonical) -> tuple[date, date] | None:
    """The blocking days of a canonical event (crossdoc_blocking; migrations.FILL_DAYS computes
    the same in SQL)."""
    if c.date:
        return c.span
    return (min(c.pub_days), max(c.pub_days)) if c.pub_days else None
