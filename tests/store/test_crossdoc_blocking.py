"""The incremental cross-article step: its blocking index finds every canonical event a new mention
can join (the tables equal an unblocked merge and a full rebuild), its work does not grow with the
events far from the new documents in time, and a migrated store gets the same blocking days."""
import shutil
from datetime import date, timedelta

from whimbrel.batch import BatchSummary, store_stream
from whimbrel.dedup.events import days_of
from whimbrel.models import ActorRef
from whimbrel.store import Store, crossdoc

START = date(2025, 3, 1)
CANONICAL = 'SELECT canonical_event_id, n_mentions, n_docs, "date", first_day, last_day FROM canonical_events ORDER BY ALL'
EVERYTHING = ('SELECT canonical_event_id, story_id, event_type, dyad, participants, "date", place, modality, '
              'n_mentions, n_docs, n_sources, first_day, last_day, words FROM canonical_events ORDER BY ALL')


def _party(country):
    return ActorRef(country, None, country, "GOV") if country else None


def _doc(make_coded, k: int, dateless: bool = False):
    """Document k, published k // 2 days after START; its attack dated in one of the ways news
    dates events (that day, its month, its year, not at all, an old day) and aimed at one of three
    targets; its talks held by one of four dyads, some of them a meeting of three in Istanbul."""
    pub = START + timedelta(days=k // 2)
    coded = make_coded(f"d{k:03d}", pub=None if dateless and k % 7 == 3 else pub)
    talks, attack = coded.events[0], coded.events[1]
    attack.date = [pub.isoformat(), pub.isoformat()[:7], str(pub.year), None, "2003-12-24"][k % 5]
    attack.target = _party(["UKR", None, "POL"][k % 3])
    talks.source, talks.target = map(_party, [(None, None), ("RUS", "TUR"), ("UKR", "TUR"), (None, "UKR")][k % 4])
    talks.date = (START + timedelta(days=k // 4)).isoformat() if k % 4 else None  # one day for k = 4j+1..3
    talks.location = {"name": "Istanbul"} if k % 4 else None
    return coded


def _store(store, coded_docs):
    store_stream(coded_docs, store, BatchSummary(run_id="run-test"))


def _chunked(path, docs, block=True, step=5):
    with Store(path) as store:
        for start in range(0, len(docs), step):
            _store(store, docs[start:start + step])
            crossdoc.update(store, f"run-{start}", block=block)
        return store.conn.execute(CANONICAL).fetchall()


def test_blocking_gives_the_merge_against_every_canonical_event(tmp_path, make_coded):
    """Documents half a day apart over two months, some without a publication date, added five at
    a time: the blocked step writes the tables the unblocked merge writes."""
    docs = [_doc(make_coded, k, dateless=True) for k in range(120)]
    blocked = _chunked(tmp_path / "blocked.duckdb", docs)
    assert blocked == _chunked(tmp_path / "every.duckdb", docs, block=False)
    assert len(blocked) > 20


def test_the_incremental_step_gives_a_full_rebuild(tmp_path, make_coded):
    """Documents arriving in publication order, five per run, give the canonical events of one
    run over all of them."""
    docs = [_doc(make_coded, k) for k in range(120)]
    assert _chunked(tmp_path / "incremental.duckdb", docs) == _chunked(tmp_path / "rebuilt.duckdb", docs, step=120)


def test_a_meeting_coded_as_another_dyad_in_a_later_run_is_found(fresh_db, make_coded):
    """Talks of Russia and Turkey, then, in the next run, of Ukraine and Turkey the same day and
    place: no dyad in common, one meeting of three (dedup.events.same_meeting)."""
    with Store(fresh_db) as store:
        for k, dyad in enumerate([("RUS", "TUR"), ("UKR", "TUR")]):
            coded = make_coded(f"talks-{k}", n_events=1)
            talks = coded.events[0]
            talks.source, talks.target = map(_party, dyad)
            talks.date, talks.location = "2025-05-16", {"name": "Istanbul"}
            _store(store, [coded])
            crossdoc.update(store, f"run-{k}")
        rows = store.conn.execute("SELECT participants, n_mentions FROM canonical_events").fetchall()
    assert rows == [(["RUS", "TUR", "UKR"], 2)]


def _candidates_of_new_documents(path, make_coded, old: int) -> int:
    """How many canonical events the step rebuilds for 4 new documents after `old` older ones (their
    attacks dated to the day, the year, not at all and an old day: a month date would meet the
    events of a month, how much of it the store holds depends on where the new ones fall; `old`
    is a multiple of 60 so that the new ones are dated, aimed and held alike)."""
    with Store(path) as store:
        _store(store, [_doc(make_coded, k) for k in range(old)])
        crossdoc.update(store, "before")
        _store(store, [_doc(make_coded, k) for k in range(old, old + 5) if k % 5 != 1])
        crossdoc.update(store, "measured")
        return store.conn.execute("SELECT count(*) FROM crossdoc_candidates").fetchone()[0]


def test_the_work_of_a_run_does_not_grow_with_events_far_from_it(tmp_path, make_coded):
    """Three times as many stored documents, all far in time from the new ones: the same
    candidates (the events a run rebuilds), so the same work."""
    small = _candidates_of_new_documents(tmp_path / "small.duckdb", make_coded, old=120)
    large = _candidates_of_new_documents(tmp_path / "large.duckdb", make_coded, old=360)
    assert small == large and small > 0


def test_a_migrated_store_gets_the_blocking_days_and_merges_as_a_current_one(tmp_path, make_coded):
    docs = [_doc(make_coded, k, dateless=True) for k in range(60)]
    current, migrated = tmp_path / "current.duckdb", tmp_path / "migrated.duckdb"
    with Store(current) as store:
        _store(store, docs[:30])
        crossdoc.update(store, "run-1")
        written = store.conn.execute(CANONICAL).fetchall()
    shutil.copy(current, migrated)
    with Store(migrated) as store:  # what a version-2 store looked like (upgraded from version 1: no days)
        store.conn.execute("ALTER TABLE canonical_events DROP COLUMN words")
        store.conn.execute("ALTER TABLE canonical_events ADD COLUMN day_dated BOOLEAN")
        store.conn.execute("UPDATE canonical_events SET first_day = NULL, last_day = NULL")
        store.conn.execute("UPDATE store_info SET value = '2' WHERE key = 'schema_version'")
    tables = []
    for path in (current, migrated):
        with Store(path) as store:
            if path == migrated:
                assert store.conn.execute(CANONICAL).fetchall() == written
            _store(store, docs[30:])
            crossdoc.update(store, "run-2")
            tables.append(store.conn.execute(EVERYTHING).fetchall())
            columns = [r[0] for r in store.conn.execute("DESCRIBE canonical_events").fetchall()]
    assert tables[0] == tables[1] and "day_dated" not in columns
    assert any(r[3] and len(r[3]) == 7 for r in written) and any(r[3] is None and r[4] for r in written)


def test_the_days_a_date_value_covers():
    assert days_of("2025-02") == (date(2025, 2, 1), date(2025, 2, 28))
    assert days_of("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert days_of("2025-05-17") == (date(2025, 5, 17), date(2025, 5, 17))
    assert days_of("before:2025-01-02") is None and days_of("2025-13") is None
