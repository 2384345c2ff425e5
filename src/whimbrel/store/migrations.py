"""The store's schema version and the steps that upgrade an older store.

`store_info.schema_version` says which schema a store has. Opening a store read-write upgrades it
in one transaction (schema.sql and crossdoc.sql create what is missing, MIGRATIONS alter what
exists); read-only it must already be current. A store from a newer whimbrel is refused [S009].

Versions: 0 = no store_info table (the first stores); 1 = store_info, events.factuality;
2 = the runs table, the cross-article tables and their run id; 3 = canonical_events' blocking days
(first_day .. last_day) are the days a new mention must come near (see crossdoc_events), filled for
every stored canonical event; their object words are stored (words); day_dated and the
event_type index are gone.
"""
from __future__ import annotations

from pathlib import Path

SCHEMA_VERSION = 4
SCHEMA_FILES = (Path(__file__).with_name("schema.sql"), Path(__file__).with_name("crossdoc.sql"))
# the days crossdoc_events.event_days gives, in SQL: those of a day, month or year date (an
# unreadable date: NULL, a candidate of every new mention), else the mentions' publication dates
_DATE_DAYS = ("CASE WHEN regexp_full_match(\"date\", '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN try_cast(\"date\" AS DATE) "
              "WHEN regexp_full_match(\"date\", '\\d{{4}}-\\d{{2}}') THEN {month} "
              "WHEN regexp_full_match(\"date\", '\\d{{4}}') THEN try_cast(\"date\" || '{year}' AS DATE) END")
FILL_DAYS = (
    "UPDATE canonical_events SET first_day = "
    + _DATE_DAYS.format(month="try_cast(\"date\" || '-01' AS DATE)", year="-01-01")
    + ", last_day = " + _DATE_DAYS.format(month="last_day(try_cast(\"date\" || '-01' AS DATE))", year="-12-31")
    + " WHERE \"date\" IS NOT NULL",
    "UPDATE canonical_events SET first_day = p.lo, last_day = p.hi FROM (SELECT e.canonical_event_id, "
    "min(d.pub_date) AS lo, max(d.pub_date) AS hi FROM events e JOIN documents d USING (doc_id) "
    "WHERE e.canonical_event_id IS NOT NULL GROUP BY 1) p "
    "WHERE canonical_events.canonical_event_id = p.canonical_event_id AND canonical_events.\"date\" IS NULL",
)
# statements that take a store from version k to k + 1 (after the schema files created new tables)
MIGRATIONS: dict[int, tuple[str, ...]] = {
    0: ("ALTER TABLE events ADD COLUMN IF NOT EXISTS factuality DOUBLE",),
    # version 2: the runs table (schema.sql makes it) and the blocking columns of canonical_events
    # (and factuality again: version-1 stores made before that column existed lack it)
    1: ("ALTER TABLE events ADD COLUMN IF NOT EXISTS factuality DOUBLE",
        "ALTER TABLE canonical_events ADD COLUMN IF NOT EXISTS first_day DATE",
        "ALTER TABLE canonical_events ADD COLUMN IF NOT EXISTS last_day DATE",
        ),
    # version 3: the blocking days of every stored canonical event from its date or, undated, its
    # mentions' publication dates (what crossdoc_events.event_days writes); version-2 stores
    # upgraded from version 1 had none, and NULL days made an event a candidate of every run
    2: ("DROP INDEX IF EXISTS canonical_events_type",  # an index blocks DROP COLUMN in DuckDB
        "ALTER TABLE canonical_events DROP COLUMN IF EXISTS day_dated",
        # NULL words: crossdoc_events reads them from the mentions the first time it needs them
        "ALTER TABLE canonical_events ADD COLUMN IF NOT EXISTS words VARCHAR[]",
        *FILL_DAYS),
    # version 4 (session 8): how each actor was placed and how sure its country is; stored rows
    # from before keep NULL (unknown)
    3: tuple(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} VARCHAR" for table, column in (
        ("actor_mentions", "confidence"), ("quotes", "speaker_how"), ("quotes", "speaker_confidence"),
        ("events", "source_how"), ("events", "source_confidence"),
        ("events", "target_how"), ("events", "target_confidence"))),
}


class MigrationError(Exception):
    """A store this whimbrel cannot use as it is; the message names the file and what to do."""


def stored_version(conn) -> int | None:
    """The store's schema version; None for an empty database (a new store)."""
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "store_info" not in tables:
        return 0 if "documents" in tables else None
    row = conn.execute("SELECT value FROM store_info WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0 if "documents" in tables else None
    return int(row[0])


def upgrade(conn, path: str) -> int:
    """Create or upgrade the schema in one transaction; returns the version the store had."""
    version = stored_version(conn)
    refuse_newer(version, path)
    conn.begin()
    try:
        for schema in SCHEMA_FILES:
            conn.execute(schema.read_text(encoding="utf-8"))
        for step in range(version or 0, SCHEMA_VERSION) if version is not None else ():
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO store_info VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return SCHEMA_VERSION if version is None else version


def check_current(conn, path: str) -> None:
    """For a read-only store: refuse a newer or an older schema with what to do."""
    version = stored_version(conn)
    refuse_newer(version, path)
    if version is not None and version < SCHEMA_VERSION:
        raise MigrationError(
            f"[S013] {path}: store schema version {version} is older than this whimbrel's "
            f"{SCHEMA_VERSION}; upgrade it once with `whimbrel migrate --db {path}`")


def refuse_newer(version: int | None, path: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise MigrationError(
            f"[S009] {path}: store schema version {version} was written by a newer whimbrel "
            f"(this one reads versions up to {SCHEMA_VERSION}); upgrade whimbrel to use it")
