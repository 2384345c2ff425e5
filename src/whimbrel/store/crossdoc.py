"""Cross-document step on a store: stories and canonical events, updated incrementally.

`update(store)` (called by `run_batch` after storing) clusters documents into stories, keeping the
ids of stories that exist, and merges events not yet deduplicated into canonical events: existing
canonical events are rebuilt from their stored mentions, then the new mentions join them or start
new ones. Tables: crossdoc.sql.

>>> from whimbrel.store import Store
>>> with Store(":memory:") as store:
...     update(store)
{'stories': 0, 'canonical_events': 0, 'new_mentions': 0}
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from whimbrel.dedup import events as dedup
from whimbrel.dedup.stories import DEFAULT, StoryDoc, StorySettings, cluster_stories

SCHEMA = Path(__file__).with_name("crossdoc.sql")


def ensure_schema(store: Any) -> None:
    """Create the cross-document tables; a read-only store (`whimbrel serve`) is read as it is."""
    if getattr(store, "read_only", False):
        return
    store.conn.execute(SCHEMA.read_text(encoding="utf-8"))


def update(store: Any, new_doc_ids: list[str] | None = None, settings: StorySettings = DEFAULT,
           dedup_settings: dedup.DedupSettings | None = None) -> dict[str, int]:
    """Update stories and canonical events after documents were added (`new_doc_ids` is informative)."""
    ensure_schema(store)
    story_of = update_stories(store, settings)
    new = update_events(store, story_of, dedup_settings or dedup.DedupSettings())
    count = lambda t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
    return {"stories": count("stories"), "canonical_events": count("canonical_events"), "new_mentions": new}


# -- stories ------------------------------------------------------------------------------------

def update_stories(store: Any, settings: StorySettings = DEFAULT) -> dict[str, str]:
    """Re-cluster the documents; a cluster keeps the id of the old story most of its documents had."""
    docs = store.conn.execute(
        "SELECT doc_id, text, title, pub_date FROM documents ORDER BY pub_date NULLS LAST, doc_id").fetchall()
    places = _places(store)
    labels = cluster_stories([StoryDoc(d[0], d[1], places.get(d[0], [])) for d in docs], settings)
    old = dict(store.conn.execute("SELECT doc_id, story_id FROM story_documents").fetchall())
    clusters: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        clusters.setdefault(label, []).append(i)
    story_of: dict[str, str] = {}
    used: set[str] = set()
    for members in clusters.values():
        votes = Counter(old[docs[i][0]] for i in members if docs[i][0] in old)
        keep = next((s for s, _ in votes.most_common() if s not in used), None)
        story_id = keep or "st_" + hashlib.sha256(docs[members[0]][0].encode()).hexdigest()[:16]
        used.add(story_id)
        story_of.update({docs[i][0]: story_id for i in members})
    _write_stories(store, docs, story_of)
    return story_of


def _places(store: Any) -> dict[str, list[str]]:
    rows = store.conn.execute("SELECT doc_id, json_extract_string(location, '$.name') FROM events "
                              "WHERE location IS NOT NULL").fetchall()
    out: dict[str, list[str]] = {}
    for doc_id, name in rows:
        if name:
            out.setdefault(doc_id, []).append(name)
    return out


def _write_stories(store: Any, docs: list, story_of: dict[str, str]) -> None:
    conn = store.conn
    conn.execute("DELETE FROM story_documents")
    conn.execute("DELETE FROM stories")
    if not docs:
        return
    conn.executemany("INSERT INTO story_documents VALUES (?, ?)", [[s, d] for d, s in story_of.items()])
    rows = {}
    for doc_id, text, title, pub in docs:  # docs are in date order: the first one names the story
        sid = story_of[doc_id]
        first_line = title or text.strip().split("\n", 1)[0][:120]
        row = rows.setdefault(sid, [sid, first_line, pub, pub, 0])
        row[2] = min(filter(None, (row[2], pub)), default=None)
        row[3] = max(filter(None, (row[3], pub)), default=None)
        row[4] += 1
    conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?)", list(rows.values()))


# -- canonical events ----------------------------------------------------------------------------

def update_events(store: Any, story_of: dict[str, str], settings: dedup.DedupSettings) -> int:
    """Merge events without a canonical event into canonical events; returns how many were merged."""
    assigned = dict(store.conn.execute("SELECT event_id, canonical_event_id FROM events").fetchall())
    mentions = store.events()  # export order: by publication date, document, position
    existing: dict[str, dedup.Canonical] = {}
    for m in mentions:
        cid = assigned.get(m["event_id"])
        if cid:
            canon = existing.setdefault(cid, dedup.new_canonical(m, settings))
            canon.canonical_event_id = cid
            dedup.add_mention(canon, m, settings)
    new = [m for m in mentions if not assigned.get(m["event_id"])]
    canonicals = dedup.merge(new, list(existing.values()), settings)
    by_event = {eid: c.canonical_event_id for c in canonicals for eid in c.mention_ids}
    changed = [[by_event[m["event_id"]], m["event_id"]] for m in new]
    if changed:
        store.conn.executemany("UPDATE events SET canonical_event_id = ? WHERE event_id = ?", changed)
    _write_canonical(store, canonicals, mentions, story_of)
    return len(changed)


def _write_canonical(store: Any, canonicals: list, mentions: list[dict], story_of: dict[str, str]) -> None:
    outlet = {m["event_id"]: m.get("outlet") or m["doc_id"] for m in mentions}
    doc = {m["event_id"]: m["doc_id"] for m in mentions}
    rows = []
    for c in canonicals:
        s, t = c.dyad
        stories = Counter(story_of.get(doc[e]) for e in c.mention_ids)
        rows.append([c.canonical_event_id, stories.most_common(1)[0][0], c.event_type, s, t,
                     "-".join(x or "?" for x in (s, t)), sorted(c.participants), c.date, c.place, c.modality, len(c.mention_ids),
                     len(c.doc_ids), len({outlet[e] for e in c.mention_ids})])
    store.conn.execute("DELETE FROM canonical_events")
    if rows:
        store.conn.executemany("INSERT INTO canonical_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def canonical_events(store: Any, story_id: str | None = None) -> list[dict[str, Any]]:
    """Canonical events with their mentions (evidence and outlet), in date order."""
    ensure_schema(store)
    where, params = (" WHERE story_id = ?", [story_id]) if story_id else ("", [])
    cur = store.conn.execute(f"SELECT * FROM canonical_events{where} ORDER BY \"date\" NULLS LAST", params)
    cols = [d[0] for d in cur.description]
    out = [dict(zip(cols, r)) for r in cur.fetchall()]
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
