"""Store: lossless round trip, idempotent adds, filters, read-only use, clear errors."""
from datetime import date

import duckdb
import pytest

from whimbrel.models import to_plain
from whimbrel.store import Store, StoreError


def test_store_creates_empty_tables(fresh_db):
    with Store(fresh_db) as store:
        assert store.counts() == {
            "documents": 0, "actors": 0, "actor_mentions": 0, "quotes": 0, "dates": 0, "events": 0,
        }


def test_store_schema_is_idempotent(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded())
    with Store(fresh_db) as store:  # reopening re-runs schema.sql on an existing store
        assert store.counts()["events"] == 3


def test_store_events_round_trip_lossless(fresh_db, make_coded, expected_events):
    coded = make_coded()
    with Store(fresh_db) as store:
        assert store.add(coded) is True
        assert store.events() == expected_events(coded)
        assert store.events(doc_id="doc-a") == expected_events(coded)


def test_store_events_round_trip_survives_reopen(fresh_db, make_coded, expected_events):
    coded = make_coded()
    with Store(fresh_db) as store:
        store.add(coded)
    with Store(fresh_db, read_only=True) as store:
        assert store.events() == expected_events(coded)


def test_store_event_record_has_export_fields(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded())
        first = store.events(event_type="ASSAULT")[0]
    assert set(first) == {
        "event_id", "doc_id", "event_type", "mode", "context", "source", "target", "date",
        "date_precision", "location", "modality", "condition", "attribution", "factuality", "evidence",
        "confidence", "pattern", "outlet", "pub_date",
    }
    assert first["evidence"]["trigger"] == "attack"
    assert first["attribution"] == {
        "speaker": "Russia", "kind": "indirect", "quote": None, "speaker_country": "RUS",
    }


def test_store_same_document_twice_is_stored_once(fresh_db, make_coded):
    with Store(fresh_db) as store:
        assert store.add(make_coded()) is True
        before = store.counts()
        assert store.add(make_coded()) is False
        assert store.counts() == before
        assert before["documents"] == 1 and before["events"] == 3


def test_store_two_documents(fresh_db, make_coded, expected_events):
    a = make_coded("doc-a", pub=date(2025, 5, 17))
    b = make_coded("doc-b", pub=date(2025, 5, 16), outlet="reuters.com", n_events=2)
    with Store(fresh_db) as store:
        assert store.add(a) and store.add(b)
        counts = store.counts()
        assert counts["documents"] == 2
        assert counts["events"] == 5
        assert counts["actors"] == 2  # the same actors are stored once
        assert counts["actor_mentions"] == 4 and counts["quotes"] == 4 and counts["dates"] == 2
        # export order: by pub_date first, so doc-b (earlier) comes first
        assert store.events() == expected_events(b) + expected_events(a)
        assert store.has_document("doc-b") and not store.has_document("doc-c")


@pytest.mark.parametrize(("filters", "expected_ids"), [
    ({"event_type": "ASSAULT"}, ["doc-a:e1"]),
    ({"event_type": ["ASSAULT", "CONSULT"]}, ["doc-a:e0", "doc-a:e1"]),
    ({"modality": "conditional"}, ["doc-a:e2"]),
    ({"country": "UKR"}, ["doc-a:e1", "doc-a:e2"]),  # target of e1, source of e2
    ({"country": "TUR", "modality": "negated"}, []),
    ({"limit": 2}, ["doc-a:e0", "doc-a:e1"]),
    ({"doc_id": "nope"}, []),
])
def test_store_events_filters(fresh_db, make_coded, filters, expected_ids):
    with Store(fresh_db) as store:
        store.add(make_coded())
        assert [e["event_id"] for e in store.events(**filters)] == expected_ids


def test_store_documents(fresh_db, make_coded):
    coded = make_coded()
    with Store(fresh_db) as store:
        store.add(coded)
        [doc] = store.documents()
    assert doc["doc_id"] == "doc-a"
    assert doc["title"] == "Putin and Zelensky talk."
    assert (doc["title_start"], doc["title_end"]) == (0, 24)
    assert doc["paragraphs"] == [[25, len(coded.document.text)]]
    assert doc["pub_date"] == "2025-05-17"
    assert doc["text"] == coded.document.text
    assert doc["meta"] == {"lang": "en", "tags": ["a", "b"]}
    assert doc["ingested_at"]  # set by the store


def test_store_quotes_mentions_dates_round_trip(fresh_db, make_coded):
    coded = make_coded()
    with Store(fresh_db) as store:
        store.add(coded)
        assert store.quotes() == [to_plain(q) for q in coded.quotes]
        assert store.quotes(doc_id="other") == []
        assert store.mentions("doc-a") == [to_plain(m) for m in coded.mentions]
        assert store.dates() == [{"doc_id": "doc-a", **to_plain(d)} for d in coded.dates]
        assert store.actors()[0]["valid_from"] == "2000-05-07"


def test_store_document_without_date_or_events(fresh_db, make_coded):
    coded = make_coded(pub=None, n_events=0)
    coded.document.title = None
    with Store(fresh_db) as store:
        assert store.add(coded)
        assert store.events() == []
        assert store.documents()[0]["pub_date"] is None
        assert store.documents()[0]["title"] is None


def test_store_failed_add_writes_nothing(fresh_db, make_coded):
    a = make_coded("doc-a")
    clash = make_coded("doc-b")
    clash.events[1].event_id = "doc-a:e1"  # duplicate primary key in the events table
    with Store(fresh_db) as store:
        store.add(a)
        before = store.counts()
        with pytest.raises(StoreError, match=r"\[S004\].*doc-b"):
            store.add(clash)
        assert store.counts() == before
        assert not store.has_document("doc-b")


def test_store_read_only_can_read_not_write(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded())
    with Store(fresh_db, read_only=True) as store:
        assert store.counts()["events"] == 3
        assert store.has_document("doc-a")
        with pytest.raises(StoreError, match="read-only"):
            store.add(make_coded("doc-b"))


def test_store_not_a_duckdb_file_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 50)
    with pytest.raises(StoreError, match=r"\[S001\]") as info:
        Store(path)
    assert str(path) in str(info.value)


def test_store_read_only_missing_file_is_a_clear_error(tmp_path):
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as info:
        Store(path, read_only=True)
    assert str(path) in str(info.value)


def test_store_read_only_foreign_database_is_a_clear_error(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match=r"\[S002\].*not a whimbrel store"):
        Store(path, read_only=True)


def test_store_add_many_is_one_transaction_and_skips_duplicates(fresh_db, make_coded):
    first, second = make_coded("doc-a"), make_coded("doc-b")
    with Store(fresh_db) as store:
        assert store.add_many([first, second, first]) == [True, True, False]
        assert store.add_many([second]) == [False]
        assert store.counts()["documents"] == 2


def test_a_store_made_before_the_factuality_column_gains_it(fresh_db, make_coded):
    import duckdb
    with Store(fresh_db) as store:
        store.conn.execute("ALTER TABLE events DROP COLUMN factuality")
        store.conn.execute("UPDATE store_info SET value = '1' WHERE key = 'schema_version'")
    with Store(fresh_db) as store:  # a version-1 store reopened for writing: the column is added back
        store.add(make_coded())
        assert all(e["factuality"] is None or -3 <= e["factuality"] <= 3 for e in store.events())
    assert "factuality" in {r[0] for r in duckdb.connect(str(fresh_db), read_only=True).execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'").fetchall()}


def test_store_insert_stages_rows_as_arrow_and_falls_back_on_mixed_types(fresh_db):
    from whimbrel.store.records import arrow_table

    assert arrow_table(("a", "b"), [[1, None], [2, "x"]]).num_rows == 2
    assert arrow_table(("a",), [[1], ["x"]]) is None  # no single Arrow type: bound value by value
    with Store(fresh_db) as store:
        store.conn.execute("CREATE TABLE scratch (a VARCHAR, b INTEGER)")
        store._insert("scratch", ("a", "b"), [["x", 1], [None, None]])
        store._insert("scratch", ("a", "b"), [[1, 2], ["y", 3]])
        rows = store.conn.execute("SELECT a, b FROM scratch ORDER BY b NULLS FIRST").fetchall()
    assert rows == [(None, None), ("x", 1), ("1", 2), ("y", 3)]
