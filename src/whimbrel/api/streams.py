"""Streamed exports for /api/export: the same records and columns as `whimbrel export`.

JSON Lines and CSV go out in chunks as rows are fetched. Parquet needs its footer written last, so
it is written in row groups to a temporary file (whimbrel.store.export.write_parquet), then sent in
chunks and deleted.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whimbrel.store import EventFilter, Store
from whimbrel.store.export import FLAT_COLUMNS, csv_row, write_parquet
from whimbrel.store.queries import iter_filtered

CONTENT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
                 "parquet": "application/vnd.apache.parquet"}
ROWS_PER_CHUNK = 500
BYTES_PER_CHUNK = 1 << 16


def stream_export(store: Store, flt: EventFilter, fmt: str, sort: str | None) -> Iterator[bytes]:
    """Chunks of the export file; reads through its own cursor, opened when streaming starts."""
    view = store.thread_view()
    try:
        records = iter_filtered(view, flt, sort)
        if fmt == "parquet":
            yield from _parquet_chunks(records)
        else:
            yield from _text_chunks(records, fmt)
    finally:
        view.close()


def _text_chunks(records: Iterable[dict[str, Any]], fmt: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(buffer, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        writer.writeheader()
    for n, record in enumerate(records, 1):
        if writer is None:
            buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            writer.writerow(csv_row(record))
        if n % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _parquet_chunks(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    handle, name = tempfile.mkstemp(prefix="whimbrel-export-", suffix=".parquet")
    os.close(handle)
    path = Path(name)
    try:
        write_parquet(records, path)
        with open(path, "rb") as stream:
            while chunk := stream.read(BYTES_PER_CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)
