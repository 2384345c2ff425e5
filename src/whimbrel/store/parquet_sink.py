"""`whimbrel run --out-parquet DIR`: the events of every stored batch also go to a Parquet dataset,
partitioned by publication month (DIR/pub_month=2025-05/<run>-00001.parquet; `undated` when the
document has no date), in the flat columns of `whimbrel export --format parquet`.

For corpora one DuckDB file should not hold as a table to query: DuckDB (and so anything built on
it) reads the dataset as one table, partitions pruned by month:

    SELECT * FROM read_parquet('DIR/**/*.parquet', hive_partitioning = true) WHERE pub_month = '2025-05'
"""
from __future__ import annotations

from pathlib import Path

from whimbrel.models import CodedDocument
from whimbrel.store.export import _parquet_row, flatten, parquet_schema


class ParquetSink:
    """Appends each batch's events as one file per publication month; files are never rewritten."""

    def __init__(self, root: str | Path, run_id: str):
        self.root = Path(root)
        self.run_id = run_id
        self.files = 0
        self.rows = 0

    def write(self, batch: list[CodedDocument]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        months: dict[str, list[dict]] = {}
        for coded in batch:
            doc = coded.document
            month = doc.pub_date.isoformat()[:7] if doc.pub_date else "undated"
            extra = {"outlet": doc.outlet, "pub_date": doc.pub_date.isoformat() if doc.pub_date else None}
            months.setdefault(month, []).extend(
                _parquet_row(flatten({**e.to_dict(), **extra})) for e in coded.events)
        for month, rows in months.items():
            if not rows:
                continue
            folder = self.root / f"pub_month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            self.files += 1
            pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()),
                           folder / f"{self.run_id}-{self.files:05d}.parquet")
            self.rows += len(rows)
