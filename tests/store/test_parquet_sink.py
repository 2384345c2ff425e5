"""`--out-parquet DIR`: the stored events also as a Parquet dataset partitioned by publication month."""
from datetime import date

import duckdb

from whimbrel.batch import BatchSummary, store_stream
from whimbrel.store import Store
from whimbrel.store.parquet_sink import ParquetSink


def test_the_dataset_holds_the_stored_events_by_month(fresh_db, make_coded, tmp_path):
    sink = ParquetSink(tmp_path / "events", "run-1")
    batch = [make_coded("a", pub=date(2025, 5, 17)), make_coded("b", pub=date(2025, 6, 2)),
             make_coded("c", pub=None), make_coded("a", pub=date(2025, 5, 17))]  # the last: duplicate
    with Store(fresh_db) as store:
        store_stream(batch, store, BatchSummary(), on_stored=sink.write)
        stored = sorted((e["event_id"], e["event_type"]) for e in store.events())
    months = sorted(p.name for p in (tmp_path / "events").iterdir())
    assert months == ["pub_month=2025-05", "pub_month=2025-06", "pub_month=undated"]
    rows = duckdb.sql(f"SELECT event_id, event_type, pub_month FROM read_parquet('{tmp_path}/events/**/*.parquet', "
                      "hive_partitioning = true) ORDER BY event_id").fetchall()
    assert sorted((r[0], r[1]) for r in rows) == stored and len(rows) == sink.rows == 9
    assert {r[2] for r in rows if r[0].startswith("b:")} == {"2025-06"}
