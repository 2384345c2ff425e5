"""Counts and listings of a store for the API: stats, documents, actors, stories, the actor network.

All filters go through `queries.where_clause` (bound parameters); nothing here formats a value
into SQL.
"""
from __future__ import annotations

from typing import Any

from whimbrel.store.duckdb_store import Store
from whimbrel.store.records import plain_value
from whimbrel.store.queries import (
    EVENT_DAY, FROM_EVENTS, EventFilter, dicts, has_table, iter_filtered, where_clause,
)



def stats(store: Store, flt: EventFilter, top_dyads: int = 50) -> dict[str, Any]:
    """Event counts by type, modality, month, dyad, and by week and type split asserted / not."""
    where, params = where_clause(store, flt)

    def grouped(expr: str, name: str, order: str = "n DESC", limit: str = "") -> list[dict[str, Any]]:
        sql = (f"SELECT {expr} AS {name}, count(*) AS n {FROM_EVENTS}{where} "
               f"GROUP BY 1 ORDER BY {order}{limit}")
        return [{name: plain_value(k), "n": n} for k, n in store.conn.execute(sql, params).fetchall()]

    dyad = "coalesce(e.source_country, '?') || '-' || coalesce(e.target_country, '?')"
    weeks = store.conn.execute(
        f"SELECT CAST(date_trunc('week', {EVENT_DAY}) AS DATE) AS week, e.event_type, "
        f"count(*) FILTER (WHERE e.modality IN ('asserted', 'reported')), "
        f"count(*) FILTER (WHERE e.modality IS NULL OR e.modality NOT IN ('asserted', 'reported')) "
        f"{FROM_EVENTS}{where} GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2", params).fetchall()
    return {
        "total": store.conn.execute(f"SELECT count(*) {FROM_EVENTS}{where}", params).fetchone()[0],
        "by_type": grouped("e.event_type", "event_type"),
        "by_modality": grouped("e.modality", "modality"),
        "by_month": grouped(f"strftime({EVENT_DAY}, '%Y-%m')", "month", order="1 NULLS LAST"),
        "by_dyad": grouped(dyad, "dyad", limit=f" LIMIT {int(top_dyads)}"),
        "by_week": [{"week": plain_value(w), "event_type": t, "asserted": a, "not_asserted": n}
                    for w, t, a, n in weeks],
    }


def network(store: Store, flt: EventFilter, level: str = "country", limit: int = 300) -> dict[str, Any]:
    """Nodes (countries or actors) and edges (source -> target, per event type) with event counts."""
    key = {"country": ("e.source_country", "e.target_country"),
           "actor": ("coalesce(e.source_name, e.source_text)", "coalesce(e.target_name, e.target_text)")}[level]
    where, params = where_clause(store, flt)
    extra = f"{key[0]} IS NOT NULL AND {key[1]} IS NOT NULL"
    where = f"{where} AND {extra}" if where else f" WHERE {extra}"
    rows = store.conn.execute(
        f"SELECT {key[0]}, {key[1]}, e.event_type, count(*) AS n {FROM_EVENTS}{where} "
        f"GROUP BY 1, 2, 3 ORDER BY n DESC, 1, 2, 3 LIMIT ?", [*params, limit]).fetchall()
    edges = [{"source": s, "target": t, "event_type": et, "n": n} for s, t, et, n in rows]
    weight: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            weight[end] = weight.get(end, 0) + edge["n"]
    nodes = [{"id": k, "n": n} for k, n in sorted(weight.items(), key=lambda x: (-x[1], x[0]))]
    return {"level": level, "nodes": nodes, "edges": edges}


def documents(store: Store, q: str | None, page: int, page_size: int) -> dict[str, Any]:
    """Documents (without their text) with their number of events, newest first."""
    where, params = "", []
    if q:
        where, params = " WHERE contains(lower(coalesce(d.title, '')), lower(?))", [q]
    total = store.conn.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]
    rows = dicts(store, (
        "SELECT d.doc_id, d.title, d.pub_date, d.outlet, d.url, "
        "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS n_events "
        f"FROM documents d{where} ORDER BY d.pub_date DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?"),
        [*params, page_size, (page - 1) * page_size])
    return {"total": total, "page": page, "page_size": page_size, "documents": rows}


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The document's text with the spans of its events, actor mentions, quotes and dates."""
    rows = dicts(store, "SELECT doc_id, title, title_start, title_end, pub_date, outlet, url, text "
                         "FROM documents WHERE doc_id = ?", [doc_id])
    if not rows:
        return None
    out = rows[0]
    out["events"] = list(_events_of(store, doc_id))
    out["mentions"] = store.mentions(doc_id)
    out["quotes"] = store.quotes(doc_id)
    out["dates"] = store.dates(doc_id)
    out["story_id"] = None
    if has_table(store, "story_documents"):
        story = store.conn.execute("SELECT story_id FROM story_documents WHERE doc_id = ?", [doc_id]).fetchone()
        out["story_id"] = story[0] if story else None
    return out


def _events_of(store: Store, doc_id: str):
    reviewed = set()
    if has_table(store, "reviews"):
        reviewed = {r[0] for r in store.conn.execute(
            "SELECT DISTINCT r.event_id FROM reviews r JOIN events e USING (event_id) WHERE e.doc_id = ?",
            [doc_id]).fetchall()}
    for record in iter_filtered(store, EventFilter(doc_id=[doc_id])):
        record["reviewed"] = record["event_id"] in reviewed
        yield record


def actors(store: Store, q: str | None, page: int, page_size: int) -> dict[str, Any]:
    """Actors met as source or target of events, most events first."""
    side = ("SELECT {p}_actor_id AS actor_id, coalesce({p}_name, {p}_text) AS name, {p}_country AS country, "
            "{p}_sector AS sector, {s} AS as_source FROM events WHERE {p}_text IS NOT NULL")
    both = f"{side.format(p='source', s='1')} UNION ALL {side.format(p='target', s='0')}"
    where, params = "", []
    if q:
        where, params = " WHERE contains(lower(name), lower(?)) OR country = upper(?)", [q, q]
    grouped = (f"SELECT actor_id, name, country, sector, count(*) AS n_events, sum(as_source) AS as_source "
               f"FROM ({both}){where} GROUP BY ALL")
    total = store.conn.execute(f"SELECT count(*) FROM ({grouped})", params).fetchone()[0]
    rows = dicts(store, f"{grouped} ORDER BY n_events DESC, name LIMIT ? OFFSET ?",
                  [*params, page_size, (page - 1) * page_size])
    return {"total": total, "page": page, "page_size": page_size, "actors": rows}


def stories(store: Store, page: int, page_size: int) -> dict[str, Any]:
    """Stories (clusters of documents) with their number of events, latest first."""
    if not has_table(store, "stories"):
        return {"total": 0, "page": page, "page_size": page_size, "stories": []}
    total = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    rows = dicts(store, (
        "SELECT s.story_id, s.title, s.first_date, s.last_date, s.n_docs, "
        "(SELECT count(*) FROM events e JOIN story_documents sd USING (doc_id) WHERE sd.story_id = s.story_id) "
        "AS n_events FROM stories s ORDER BY s.last_date DESC NULLS LAST, s.story_id LIMIT ? OFFSET ?"),
        [page_size, (page - 1) * page_size])
    return {"total": total, "page": page, "page_size": page_size, "stories": rows}
