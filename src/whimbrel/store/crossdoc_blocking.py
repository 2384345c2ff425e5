"""The blocking index of the incremental event step: which canonical events a new mention may join.

A mention joins a canonical event only if the two share the event type, their dyads agree (or, for
a meeting, they share a participant) and their dates agree (whimbrel.dedup.events.score). Each
canonical event stores its days (canonical_events.first_day .. last_day: those its date covers, or
for an undated event its mentions' publication dates). Each new mention probes with the days of its
date and of its anchor (see `probes`). Per event type and dyad the probes are merged into a few
day ranges, and the candidates are the events whose days come within the date rule's widest window
of such a range and whose dyad can agree with it, plus those no day bounds (NULL days: an event
with an unreadable date; a NULL range: a mention with neither date nor publication date).
A superset of the events `score` accepts, so blocking never changes what merges
(tests/store/test_crossdoc_blocking.py), and near in time and dyad, so its size follows the new
mentions and the feed's density, not the store's size.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from whimbrel.dedup import events as dedup

_SYMMETRIC = ", ".join(f"'{t}'" for t in sorted(dedup.SYMMETRIC))
# the dyad rule (dedup.events.dyads_agree: equal where both are known, one source at least), or a
# participant in common for the types of multilateral meetings (dedup.events.same_meeting)
_DYADS_AGREE = (
    "((coalesce(c.source_country = b.source, true) AND coalesce(c.target_country = b.target, true) "
    "AND (b.source IS NOT NULL OR c.source_country IS NOT NULL)) "
    f"OR (c.event_type IN ({_SYMMETRIC}) AND list_has_any(c.participants, b.participants)))"
)
_DAYS_AGREE = (
    "(b.lo IS NULL OR c.first_day IS NULL OR (c.first_day - $margin <= b.hi "
    "AND c.last_day + $margin >= b.lo AND c.last_day - c.first_day >= b.min_days))"
)


def candidates(conn: Any, new: list[dict], settings: dedup.DedupSettings) -> None:
    """Table crossdoc_candidates: the canonical events that may take one of the new mentions."""
    import pyarrow as pa

    rows = blocks_of(new)
    types = {"event_type": pa.string(), "source": pa.string(), "target": pa.string(),
             "participants": pa.list_(pa.string()), "lo": pa.date32(), "hi": pa.date32(), "min_days": pa.int32()}
    staged(conn, "crossdoc_blocks", {name: [r[k] for r in rows] for k, name in enumerate(types)}, types)
    conn.execute(
        "CREATE OR REPLACE TEMP TABLE crossdoc_candidates AS "
        "SELECT DISTINCT c.canonical_event_id FROM canonical_events c JOIN crossdoc_blocks b "
        f"ON c.event_type = b.event_type WHERE {_DAYS_AGREE} AND {_DYADS_AGREE}",
        {"margin": max(settings.undated_window_days, settings.dated_window_days)})


def staged(conn: Any, name: str, columns: dict[str, list], types: dict[str, Any] | None = None) -> None:
    """A temporary table from Python lists in one columnar hand-over (executemany binds row by row:
    seconds for thousands of rows); `types`: the Arrow type of columns that may hold only NULLs."""
    import pyarrow as pa

    types = types or {}
    rows = pa.table({c: pa.array(v, type=types.get(c)) for c, v in columns.items()})  # noqa: F841  (read by name below)
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM rows")


def probes(mention: dict) -> list[tuple[date, date, int]] | None:
    """The days a canonical event's days must come near for the mention to join it, and how many
    days they must span at least: those of its date, and its anchor for an undated event (its day,
    else its publication date); None when no day bounds it (no date and no publication date, or
    a date no day can be read from). A year date joins only the events dated that year (months
    and days compare by their first 7 characters), so its probe asks for a year's span."""
    value = mention.get("date") or ""
    pub = dedup.days_of(str(mention.get("pub_date") or ""))
    if not value[:1].isdigit():
        return [(*pub, 0)] if pub else None
    span = dedup.days_of(value)
    if span is None or (span[0] != span[1] and pub is None):
        return None
    if span[0] == span[1]:
        return [(*span, 0)]
    return [(*span, 364 if len(value) == 4 else 0), (*pub, 0)]


def blocks_of(new: list[dict]) -> list[list]:
    """Per event type, dyad and least span, the union of the new mentions' probes (merged, so a
    run of consecutive days is one range; one NULL range when a mention has none)."""
    spans: dict[tuple, list[tuple[date, date]]] = {}
    anywhere: set[tuple] = set()
    for m in new:
        found = probes(m)
        key = (m["event_type"], *dedup.dyad(m))
        if found is None:
            anywhere.add(key)
        for lo, hi, least in found or []:
            spans.setdefault((*key, least), []).append((lo, hi))
    rows: list[list] = [[*key, sorted(x for x in key[1:] if x), None, None, 0] for key in sorted(anywhere, key=str)]
    for (*key, least), ranges in spans.items():
        if tuple(key) in anywhere:
            continue
        merged: list[list[date]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        rows += [[*key, sorted(x for x in key[1:] if x), lo, hi, least] for lo, hi in merged]
    return rows
