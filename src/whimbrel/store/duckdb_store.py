"""The DuckDB store: one file holding documents, actors, mentions, quotes, dates and events.

Each `CodedDocument` is written in one transaction, keyed by `doc_id` (a content hash), so adding
the same document twice stores it once.

Concurrency: DuckDB allows a single writer *process* per database file. Open the store read-write
from one process only (parallel workers should hand their records to that process, or write
Parquet partitions that are loaded afterwards). Any number of processes may open it with
`read_only=True` while no process holds it read-write. Within one process, share one `Store`.

>>> store = Store(":memory:")
>>> store.counts()["events"]
0
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from whimbrel.models import CodedDocument
from whimbrel.store import migrations
from whimbrel.store.records import (
    ACTOR_COLUMNS, ACTOR_REF_FIELDS, DATE_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS, EVENT_ORDER,
    EVENT_SELECT, MENTION_COLUMNS, QUOTE_COLUMNS, actor_row, arrow_table, document_row, event_record,
    event_row, loads, plain_value, quote_row,
)

TABLES = ("documents", "actors", "actor_mentions", "quotes", "dates", "events")


class StoreError(Exception):
    """A store that cannot be opened or used; the message names the file."""


class StoreWriteError(StoreError):
    """The store's file or journal cannot be written (disk full, read-only file system): no later
    write can succeed, so a batch stops here; every transaction before it is complete, none after."""


# how DuckDB words an I/O failure (it raises IOException, or TransactionException on commit)
_WRITE_FAILURES = ("could not write", "no space left", "read-only file system", "permission denied",
                   "could not open", "could not truncate", "could not sync", "could not fsync")


def write_failure(path: str, err: Exception) -> StoreWriteError | None:
    """A StoreWriteError [S005] when `err` is a failed write of the file or its journal, else None."""
    text = str(err).lower()
    if isinstance(err, (duckdb.IOException, OSError)) or any(w in text for w in _WRITE_FAILURES):
        return StoreWriteError(f"[S005] {path}: cannot write the store or its journal "
                               f"(disk full or read-only?): {str(err).splitlines()[0]}; "
                               "nothing of the failed transaction was written")
    return None


class Store:
    """A whimbrel DuckDB store. `path` may be ":memory:" for a throwaway store."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        try:
            self.conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(
                f"[S001] {self.path}: cannot open as a DuckDB database: {err}"
            ) from err
        try:
            if read_only:
                self._check_schema()
                migrations.check_current(self.conn, self.path)
            else:
                migrations.upgrade(self.conn, self.path)
        except migrations.MigrationError as err:
            self.close()
            raise StoreError(str(err)) from None
        except duckdb.Error as err:
            self.close()
            raise write_failure(self.path, err) or StoreError(
                f"[S012] {self.path}: cannot create or upgrade the store schema: {err}") from err

    def _check_schema(self) -> None:
        rows = self.conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        found = {r[0] for r in rows}
        missing = [t for t in TABLES if t not in found]
        if missing:
            self.close()
            raise StoreError(f"[S002] {self.path}: not a whimbrel store "
                             f"(missing tables: {', '.join(missing)})")

    def thread_view(self) -> Store:
        """This store on a new cursor, for one thread (a DuckDB connection is not thread-safe; its
        cursors are). Closing the view leaves this store open."""
        view = object.__new__(Store)
        view.path, view.read_only, view.conn = self.path, self.read_only, self.conn.cursor()
        return view

    # -- context manager ------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row is not None

    def add(self, coded: CodedDocument) -> bool:
        """Store one coded document in one transaction; False, writing nothing, if already there."""
        if self.read_only:
            raise StoreError(f"[S003] {self.path}: store opened read-only, cannot add documents")
        doc_id = coded.document.doc_id
        self.conn.begin()
        try:
            if self.has_document(doc_id):
                self.conn.rollback()
                return False
            self._insert_all(coded)
            self.conn.commit()
        except duckdb.ConstraintException as err:
            self.rollback()
            raise StoreError(f"[S004] {self.path}: document {doc_id}: {err}") from err
        except Exception as err:
            self.rollback()
            raise write_failure(self.path, err) or err
        return True

    def add_many(self, batch: list[CodedDocument]) -> list[bool]:
        """Store several coded documents in one transaction (much cheaper per document than `add`).

        Returns, per document, whether it was stored (False: already in the store or earlier in
        the batch). On any error nothing of the batch is written and the error is raised.
        """
        if self.read_only:
            raise StoreError(f"[S003] {self.path}: store opened read-only, cannot add documents")
        if not batch:
            return []
        ids = [c.document.doc_id for c in batch]
        self.conn.begin()
        try:
            marks = ", ".join("?" for _ in ids)
            stored = {r[0] for r in self.conn.execute(
                f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", ids).fetchall()}
            fresh, added = [], []
            for coded in batch:
                is_new = coded.document.doc_id not in stored
                stored.add(coded.document.doc_id)
                added.append(is_new)
                if is_new:
                    fresh.append(coded)
            self._insert_all(*fresh)
            self.conn.commit()
        except duckdb.ConstraintException as err:
            self.rollback()
            raise StoreError(f"[S004] {self.path}: documents {', '.join(ids)}: {err}") from err
        except Exception as err:
            self.rollback()
            raise write_failure(self.path, err) or err
        return added

    def rollback(self) -> None:
        """Roll back the open transaction; a commit that failed has already ended it."""
        try:
            self.conn.rollback()
        except duckdb.TransactionException:
            pass

    def _insert_all(self, *batch: CodedDocument) -> None:
        """One multi-row INSERT per table for all the given documents."""
        self._insert("documents", DOCUMENT_COLUMNS, [document_row(c) for c in batch])
        actors = {a.actor_id: a for c in reversed(batch) for a in c.actors}  # first definition wins
        self._insert("actors", ACTOR_COLUMNS, [actor_row(a) for a in actors.values()], upsert=True)
        self._insert("actor_mentions", MENTION_COLUMNS,
                     [[getattr(m, k) for k in MENTION_COLUMNS] for c in batch for m in c.mentions])
        self._insert("quotes", QUOTE_COLUMNS, [quote_row(q) for c in batch for q in c.quotes])
        self._insert("dates", DATE_COLUMNS,
                     [[c.document.doc_id, *(getattr(d, k) for k in DATE_COLUMNS[1:])]
                      for c in batch for d in c.dates])
        self._insert("events", EVENT_COLUMNS, [event_row(e) for c in batch for e in c.events])

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[list[Any]],
                upsert: bool = False) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        conflict = " ON CONFLICT DO NOTHING" if upsert else ""
        staged_rows = arrow_table(columns, rows)
        if staged_rows is not None:  # columnar hand-over: ~3x cheaper than binding every value;
            # DuckDB finds the local Arrow table by its name (a replacement scan), so nothing is
            # registered that would need removing inside an aborted transaction
            self.conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM staged_rows{conflict}")
            return
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        values = ", ".join(marks for _ in rows)
        params = [v for row in rows for v in row]
        self.conn.execute(f"INSERT INTO {table} ({names}) VALUES {values}{conflict}", params)

    # -- reading --------------------------------------------------------------------------------

    def iter_events(self, doc_id: str | None = None, event_type: str | list[str] | None = None,
                    modality: str | list[str] | None = None, country: str | None = None,
                    limit: int | None = None, batch_size: int = 10_000) -> Iterator[dict[str, Any]]:
        """Event records in export order, fetched in batches (for large exports)."""
        where, params = _event_filters(doc_id, event_type, modality, country)
        sql = (f"SELECT {EVENT_SELECT} FROM events e LEFT JOIN documents d USING (doc_id)"
               f"{where} ORDER BY {EVENT_ORDER}")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(batch_size):
                for row in batch:
                    yield event_record(row)
        finally:
            cursor.close()

    def events(self, doc_id: str | None = None, event_type: str | list[str] | None = None,
               modality: str | list[str] | None = None, country: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Event records (see `event_record`); `country` matches the source or the target."""
        return list(self.iter_events(doc_id, event_type, modality, country, limit))

    def documents(self) -> list[dict[str, Any]]:
        columns = (*DOCUMENT_COLUMNS, "ingested_at")
        rows = self._select("documents", columns, order="pub_date, doc_id")
        for row in rows:
            row["paragraphs"] = loads(row["paragraphs"])
            row["meta"] = loads(row["meta"])
        return rows

    def quotes(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Quotes as `to_plain(Quote)` dicts: the speaker nested, or None."""
        rows = self._select("quotes", QUOTE_COLUMNS, doc_id, order='doc_id, start, "end", quote_id')
        for row in rows:
            speaker = {f: row.pop(f"speaker_{f}") for f in ACTOR_REF_FIELDS}
            row["speaker"] = speaker if speaker["text"] is not None else None
        return rows

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        return self._select("actor_mentions", MENTION_COLUMNS, doc_id, order='doc_id, start, "end"')

    def actors(self) -> list[dict[str, Any]]:
        return self._select("actors", ACTOR_COLUMNS, order="actor_id")

    def dates(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        return self._select("dates", DATE_COLUMNS, doc_id, order='doc_id, start, "end"')

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def _select(self, table: str, columns: tuple[str, ...], doc_id: str | None = None,
                order: str = "") -> list[dict[str, Any]]:
        names = ", ".join(f'"{c}"' for c in columns)
        sql, params = f"SELECT {names} FROM {table}", []
        if doc_id is not None:
            sql, params = sql + " WHERE doc_id = ?", [doc_id]
        if order:
            sql += f" ORDER BY {order}"
        rows = self.conn.execute(sql, params).fetchall()
        return [{c: plain_value(v) for c, v in zip(columns, r)} for r in rows]


def _event_filters(doc_id: str | None, event_type: Any, modality: Any,
                   country: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if doc_id is not None:
        clauses.append("e.doc_id = ?")
        params.append(doc_id)
    for column, value in (("e.event_type", event_type), ("e.modality", modality)):
        if value is None:
            continue
        values = [value] if isinstance(value, str) else list(value)
        clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    if country is not None:
        clauses.append("(e.source_country = ? OR e.target_country = ?)")
        params.extend([country, country])
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
