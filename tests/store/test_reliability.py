"""The store under failure: full disk, failed cross-article step, old and new schemas, staleness."""
from datetime import date

import duckdb
import pytest

from whimbrel.batch import BatchSummary, store_stream, update_crossdoc
from whimbrel.store import Store, StoreError, StoreWriteError, crossdoc


def _stored(store, coded_docs):
    summary = BatchSummary(run_id="run-test")
    store_stream(coded_docs, store, summary)
    return summary


@pytest.fixture
def tiny_disk(tmpfs):
    """A 3 MB file system, so that the disk really fills up."""
    return tmpfs("3m")


def test_a_full_disk_gives_a_clear_error_and_keeps_every_complete_transaction(tiny_disk, make_coded):
    db = tiny_disk / "full.duckdb"
    filler = tiny_disk / "filler"
    filler.write_bytes(b"x" * 1_000_000)  # removed afterwards: room for DuckDB to open the file again
    stored = 0
    with Store(db) as store:
        with pytest.raises(StoreWriteError) as caught:
            for i in range(100_000):
                batch = [make_coded(f"doc-{i}-{k}") for k in range(16)]
                for coded in batch:
                    coded.document.text = coded.document.text + " " + "x" * 20_000
                store.add_many(batch)
                stored += 16
    assert str(caught.value).startswith(f"[S005] {db}: cannot write the store or its journal")
    assert "No space left on device" in str(caught.value)
    filler.unlink()
    with Store(db, read_only=True) as store:
        counts = store.counts()
    assert counts["documents"] == stored and counts["events"] == 3 * stored  # no half transaction


def test_a_commit_that_fails_mid_run_stops_the_batch_with_the_write_error(fresh_db, make_coded, monkeypatch):
    with Store(fresh_db) as store:
        def no_room(*args):
            raise duckdb.IOException('Could not write file "x.wal": No space left on device')
        monkeypatch.setattr(store, "_insert_all", no_room)
        with pytest.raises(StoreWriteError):
            _stored(store, [make_coded("a"), make_coded("b")])


def test_one_record_the_store_rejects_is_reported_and_the_others_stored(fresh_db, make_coded):
    bad = make_coded("bad")
    bad.events[1].date = object()  # no column type takes it
    errors = []
    with Store(fresh_db) as store:
        summary = BatchSummary()
        store_stream([make_coded("a"), bad, make_coded("c")], store, summary, errors.append)
        assert sorted(d["doc_id"] for d in store.documents()) == ["a", "c"]
    assert summary.failed == 1 and errors[0].startswith("[S006] /data/bad.txt : ")


def test_the_cross_article_step_is_one_transaction_and_names_its_run(fresh_db, make_coded, monkeypatch):
    with Store(fresh_db) as store:
        _stored(store, [make_coded("a")])
        crossdoc.update(store, "run-1")
        before = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                  for t in ("stories", "story_documents", "canonical_events")}
        _stored(store, [make_coded("b", pub=date(2025, 5, 18))])

        def broken(*args, **kwargs):
            raise RuntimeError("merge failed")
        monkeypatch.setattr("whimbrel.store.crossdoc.update_events", broken)
        errors = []
        summary = BatchSummary(run_id="run-2", doc_ids=["b"])
        update_crossdoc(store, summary, errors.append)
        assert errors[0].startswith("[S007]") and summary.crossdoc is None
        after = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in before}
        assert after == before  # the stories written before the failure were rolled back
        assert crossdoc.behind(store) == 1 and crossdoc.last_run(store) == "run-1"
        assert crossdoc.staleness_warning(store).startswith(f"[S008] {fresh_db}: the cross-article tables")
        monkeypatch.undo()
        update_crossdoc(store, BatchSummary(run_id="run-3"), errors.append)  # nothing new: catches up
        assert crossdoc.behind(store) == 0 and crossdoc.last_run(store) == "run-3"
        assert crossdoc.staleness_warning(store) is None


def test_a_rerun_with_nothing_new_does_not_touch_the_cross_article_tables(fresh_db, make_coded, monkeypatch):
    with Store(fresh_db) as store:
        _stored(store, [make_coded("a")])
        crossdoc.update(store, "run-1")
        monkeypatch.setattr(crossdoc, "update", lambda *a, **k: pytest.fail("re-clustered the store"))
        update_crossdoc(store, BatchSummary(run_id="run-2"), print)


def test_an_older_store_is_upgraded_and_a_newer_one_refused(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded("a"))
        store.conn.execute("DROP TABLE runs")
        store.conn.execute("DROP TABLE store_info")  # what the first whimbrel stores looked like
    with pytest.raises(StoreError, match=r"\[S013\] .*older .*whimbrel migrate"):
        Store(fresh_db, read_only=True)
    with Store(fresh_db) as store:  # read-write: upgraded in place, documents kept
        assert store.counts()["documents"] == 1
        store.conn.execute("UPDATE store_info SET value = '99' WHERE key = 'schema_version'")
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"\[S009\] .*newer whimbrel"):
            Store(fresh_db, read_only=read_only)
