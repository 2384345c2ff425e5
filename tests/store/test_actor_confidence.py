"""The store keeps each actor's how and confidence (schema version 4, session 8)."""
import duckdb

from whimbrel.models import ActorMention, ActorRef
from whimbrel.store import Store


def test_store_keeps_confidence_and_a_version_3_store_gains_the_columns(fresh_db, make_coded):
    coded = make_coded("doc-c")
    coded.mentions.append(ActorMention("doc-c", 0, 5, "Putin", None, None, "RUS", "GOV", "PERSON",
                                       "ner", confidence="low"))
    coded.quotes[0].speaker = ActorRef("Russia", "Russia", "RUS", "GOV", how="country", confidence="high")
    with Store(fresh_db) as store:
        for table, column in (("actor_mentions", "confidence"), ("quotes", "speaker_confidence")):
            store.conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        store.conn.execute("UPDATE store_info SET value = '3' WHERE key = 'schema_version'")
    with Store(fresh_db) as store:   # reopened for writing: upgraded to version 4
        store.add(coded)
        assert {m["confidence"] for m in store.mentions("doc-c")} >= {"low"}
        assert store.quotes("doc-c")[0]["speaker"]["confidence"] == "high"
    columns = {r[0] for r in duckdb.connect(str(fresh_db), read_only=True).execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'").fetchall()}
    assert {"source_how", "source_confidence", "target_how", "target_confidence"} <= columns
