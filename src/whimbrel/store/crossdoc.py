"""Cross-document step on a store: stories and canonical events, updated incrementally.

`update(store, run_id)` (called by `run_batch` after storing) gives the documents without a story
one (crossdoc_stories) and merges the events without a canonical event into canonical events
(crossdoc_events), both through blocking indexes, so a run costs what its new documents cost. It
runs in ONE transaction that also records the run that completed it (store_info.crossdoc_run_id):
a failure leaves the tables exactly as the last complete run left them. `behind(store)` counts the
documents stored since (a crash, a failed step): `negotiation` and `export` warn about them, and
the next `whimbrel run` catches up. Tables: crossdoc.sql.

>>> from whimbrel.store import Store
>>> with Store(":memory:") as store:
...     update(store)
{'stories': 0, 'canonical_events': 0, 'new_documents': 0, 'new_mentions': 0}
"""
from __future__ import annotations

from typing import Any

from whimbrel.dedup import events as dedup
from whimbrel.dedup.stories import DEFAULT, StorySettings
from whimbrel.store.crossdoc_events import update_events
from whimbrel.store.crossdoc_stories import update_stories


def update(store: Any, run_id: str | None = None, settings: StorySettings = DEFAULT,
           dedup_settings: dedup.DedupSettings | None = None, block: bool = True) -> dict[str, int]:
    """Bring stories and canonical events up to the stored documents, in one transaction."""
    conn = store.conn
    conn.begin()
    try:
        new_docs = update_stories(conn, settings)
        new_mentions = update_events(conn, block, dedup_settings)
        if run_id is not None:
            conn.execute("INSERT OR REPLACE INTO store_info VALUES ('crossdoc_run_id', ?)", [run_id])
        conn.commit()
    except Exception:
        store.rollback()
        raise
    count = lambda t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
    return {"stories": count("stories"), "canonical_events": count("canonical_events"),
            "new_documents": new_docs, "new_mentions": new_mentions}


def behind(store: Any) -> int:
    """Documents stored after the last complete cross-article step (they have no story yet)."""
    return store.conn.execute(
        "SELECT count(*) FROM documents ANTI JOIN story_documents USING (doc_id)").fetchone()[0]


def last_run(store: Any) -> str | None:
    row = store.conn.execute("SELECT value FROM store_info WHERE key = 'crossdoc_run_id'").fetchone()
    return row[0] if row else None


def staleness_warning(store: Any) -> str | None:
    """[S008] when the cross-article tables are behind the documents, else None."""
    n = behind(store)
    if not n:
        return None
    return (f"[S008] {store.path}: the cross-article tables (stories, canonical events) are behind: "
            f"{n} stored document(s) are not in them (last complete step: run {last_run(store) or 'none'}); "
            "timelines and canonical ids miss them. `whimbrel run` with any input (even already stored) "
            "catches up")


def canonical_events(store: Any, story_id: str | None = None) -> list[dict[str, Any]]:
    """Canonical events with their mentions (evidence and outlet), in date order."""
    where, params = (" WHERE story_id = ?", [story_id]) if story_id else ("", [])
    cur = store.conn.execute(f"SELECT * FROM canonical_events{where} ORDER BY \"date\" NULLS LAST", params)
    cols = [d[0] for d in cur.description]
    blocking = {"first_day", "last_day", "words"}  # the index and merge state, not the event
    out = [{c: v for c, v in zip(cols, r) if c not in blocking} for r in cur.fetchall()]
    mentions = {}
    for m in store.events():
        mentions.setdefault(m["event_id"], m)
    ids = store.conn.execute("SELECT canonical_event_id, event_id FROM events WHERE canonical_event_id IS NOT NULL").fetchall()
    by_canon: dict[str, list] = {}
    for cid, eid in ids:
        by_canon.setdefault(cid, []).append(mentions[eid])
    for row in out:
        row["mentions"] = by_canon.get(row["canonical_event_id"], [])
    return out
