"""Incremental stories on a store: new documents are clustered with the stored documents near them
in time, and join the story most of their cluster's stored documents belong to (or start one).

Stored documents never change story. The neighbours are the documents published within
STORY_WINDOW_DAYS of the new ones (undated new documents: the most recently stored undated ones), at
most MAX_NEIGHBOURS, so the cost of a run follows its new documents, not the store.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from whimbrel.dedup.stories import DEFAULT, StoryDoc, StorySettings, cluster_stories

STORY_WINDOW_DAYS = 14
MAX_NEIGHBOURS = 2_000
_DOC_COLUMNS = "d.doc_id, d.text, d.title, d.pub_date"


def update_stories(conn: Any, settings: StorySettings = DEFAULT) -> int:
    """Give every document without a story one; returns how many documents got one."""
    new = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d ANTI JOIN story_documents s USING (doc_id) "
                       "ORDER BY d.pub_date NULLS LAST, d.doc_id").fetchall()
    if not new:
        return 0
    near = _neighbours(conn, new)
    docs = near + new
    places = _places(conn, [d[0] for d in docs])
    labels = cluster_stories([StoryDoc(d[0], d[1], places.get(d[0], [])) for d in docs], settings)
    old = dict(conn.execute("SELECT doc_id, story_id FROM story_documents WHERE doc_id IN "
                            "(SELECT doc_id FROM crossdoc_near)").fetchall())
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    rows = []
    for indices in members.values():
        fresh = [docs[i][0] for i in indices if i >= len(near)]
        if not fresh:
            continue
        votes = Counter(old[docs[i][0]] for i in indices if i < len(near) and docs[i][0] in old)
        story = votes.most_common(1)[0][0] if votes else "st_" + hashlib.sha256(fresh[0].encode()).hexdigest()[:16]
        rows += [[story, doc_id] for doc_id in fresh]
    conn.executemany("INSERT INTO story_documents VALUES (?, ?)", rows)
    _rewrite_stories(conn, sorted({r[0] for r in rows}))
    return len(rows)


def _neighbours(conn: Any, new: list) -> list:
    """Stored documents with a story published near the new ones (the time-window block)."""
    conn.execute("CREATE OR REPLACE TEMP TABLE crossdoc_near (doc_id VARCHAR)")
    dated = [d[3] for d in new if d[3] is not None]
    if dated:
        conn.execute(
            "INSERT INTO crossdoc_near SELECT doc_id FROM story_documents JOIN documents USING (doc_id) "
            "WHERE pub_date BETWEEN ?::DATE - ?::INTEGER AND ?::DATE + ?::INTEGER "
            "ORDER BY abs(datediff('day', pub_date, ?::DATE)) LIMIT ?",
            [min(dated), STORY_WINDOW_DAYS, max(dated), STORY_WINDOW_DAYS, min(dated), MAX_NEIGHBOURS])
    if len(dated) < len(new):
        conn.execute(
            "INSERT INTO crossdoc_near SELECT doc_id FROM story_documents JOIN documents USING (doc_id) "
            "WHERE pub_date IS NULL ORDER BY ingested_at DESC, doc_id LIMIT ?", [MAX_NEIGHBOURS])
    return conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d SEMI JOIN crossdoc_near n USING (doc_id) "
                        "ORDER BY d.pub_date NULLS LAST, d.doc_id").fetchall()


def _places(conn: Any, doc_ids: list[str]) -> dict[str, list[str]]:
    if not doc_ids:
        return {}
    rows = conn.execute("SELECT doc_id, json_extract_string(location, '$.name') FROM events "
                        f"WHERE location IS NOT NULL AND doc_id IN ({', '.join('?' for _ in doc_ids)})",
                        doc_ids).fetchall()
    out: dict[str, list[str]] = {}
    for doc_id, name in rows:
        if name:
            out.setdefault(doc_id, []).append(name)
    return out


def _rewrite_stories(conn: Any, story_ids: list[str]) -> None:
    """Recount the touched stories; the earliest document (then the smallest id) names a story.
    The counts read two columns of the story's documents; only the naming documents' text is read."""
    if not story_ids:
        return
    marks = ", ".join("?" for _ in story_ids)
    rows = conn.execute(
        "SELECT s.story_id, arg_min(d.doc_id, coalesce(d.pub_date, DATE '9999-12-31')::VARCHAR || d.doc_id), "
        "min(d.pub_date), max(d.pub_date), count(*) FROM story_documents s JOIN documents d USING (doc_id) "
        f"WHERE s.story_id IN ({marks}) GROUP BY s.story_id", story_ids).fetchall()
    namers = [r[1] for r in rows]
    titles = dict(conn.execute(
        "SELECT doc_id, coalesce(title, left(split_part(trim(text, ' ' || chr(9) || chr(10) || chr(13)), "
        f"chr(10), 1), 120)) FROM documents WHERE doc_id IN ({', '.join('?' for _ in namers)})", namers).fetchall())
    conn.execute(f"DELETE FROM stories WHERE story_id IN ({marks})", story_ids)
    conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                     [[story, titles[namer], first, last, n] for story, namer, first, last, n in rows])
