"""DuckDB store of coded documents, and event exports (JSON Lines, CSV, Parquet)."""
from whimbrel.store.duckdb_store import Store, StoreError, StoreWriteError
from whimbrel.store.export import FORMATS, export_events

__all__ = ["FORMATS", "Store", "StoreError", "StoreWriteError", "export_events"]
