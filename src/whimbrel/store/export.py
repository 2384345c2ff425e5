"""Export stored events as JSON Lines, CSV or Parquet.

JSON Lines keeps the nested event record (`Store.events()`), one object per line. CSV and Parquet
use flat columns: nested fields get dotted names (`source.country`, `evidence.sentence`), `location`
is a JSON string, and `context` is joined with ";" in CSV (a list column in Parquet).
Rows are streamed from the store, so exports do not hold the whole table in memory.
"""
from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from whimbrel.store.duckdb_store import Store, StoreError
from whimbrel.store.records import ACTOR_REF_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
NESTED = {
    "source": ACTOR_REF_FIELDS,
    "target": ACTOR_REF_FIELDS,
    "attribution": ("speaker", "kind", "quote", "speaker_country"),
    "evidence": ("sentence", "start", "end", "trigger", "trigger_start", "trigger_end"),
}
RECORD_ORDER = (
    "event_id", "doc_id", "outlet", "pub_date", "event_type", "mode", "context", "source", "target",
    "date", "date_precision", "location", "modality", "condition", "attribution", "factuality",
    "evidence", "confidence", "pattern",
)
FLAT_COLUMNS = tuple(
    col for key in RECORD_ORDER
    for col in ([f"{key}.{f}" for f in NESTED[key]] if key in NESTED else [key])
)
INT_COLUMNS = {"evidence.start", "evidence.end", "evidence.trigger_start", "evidence.trigger_end"}
PARQUET_BATCH = 10_000


def export_events(store: Store, fmt: str, out: Path | str | None, **filters: Any) -> int:
    """Write the store's events to `out` (stdout when None) as jsonl, csv or parquet.

    `filters` are passed to `Store.iter_events` (doc_id, event_type, modality, country, limit).
    Returns the number of rows written.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        raise StoreError(f"[S010] unknown export format {fmt!r}; choose one of {choices}")
    records = store.iter_events(**filters)
    if fmt == "parquet":
        if out is None:
            raise StoreError("[S011] parquet export needs an output file (--out PATH); "
                             "it cannot be written to stdout")
        return write_parquet(records, Path(out))
    writer = write_jsonl if fmt == "jsonl" else write_csv
    with open_text(out) as stream:
        return writer(records, stream)


@contextlib.contextmanager
def open_text(out: Path | str | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as stream:
        yield stream


def write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    n = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(csv_row(record))
        n += 1
    return n


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """A nested event record -> its CSV row (flat, `context` joined with ";")."""
    row = flatten(record)
    row["context"] = ";".join(row["context"])
    return row


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A nested event record -> one flat row with dotted column names (FLAT_COLUMNS).

    >>> flatten({"source": {"country": "RUS"}, "context": ["a"]})["source.country"]
    'RUS'
    """
    row: dict[str, Any] = {}
    for key in RECORD_ORDER:
        value = record.get(key)
        if key in NESTED:
            for f in NESTED[key]:
                row[f"{key}.{f}"] = value.get(f) if value else None
        elif key == "location":
            row[key] = json.dumps(value, ensure_ascii=False) if value is not None else None
        elif key == "context":
            row[key] = list(value or [])
        else:
            row[key] = value
    return row


def parquet_schema():  # -> pyarrow.Schema; pyarrow imported lazily, only exports need it
    import pyarrow as pa

    def col_type(name: str) -> Any:
        if name == "context":
            return pa.list_(pa.string())
        if name == "pub_date":
            return pa.date32()
        if name in ("confidence", "factuality"):
            return pa.float64()
        return pa.int64() if name in INT_COLUMNS else pa.string()

    return pa.schema([(name, col_type(name)) for name in FLAT_COLUMNS])


def write_parquet(records: Iterable[dict[str, Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(records, PARQUET_BATCH):
            rows = [_parquet_row(flatten(r)) for r in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n


def _parquet_row(row: dict[str, Any]) -> dict[str, Any]:
    if row["pub_date"] is not None:
        row["pub_date"] = date.fromisoformat(row["pub_date"])
    return row


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
