"""DuckDB store of coded documents, and event exports (JSON Lines, CSV, Parquet)."""
from whimbrel.store.duckdb_store import Store, StoreError, StoreWriteError
from whimbrel.store.export import FORMATS, export_events
from whimbrel.store.queries import EventFilter
from whimbrel.store.reviews import export_reviews

__all__ = ["FORMATS", "EventFilter", "Store", "StoreError", "StoreWriteError", "export_events", "export_reviews"]
