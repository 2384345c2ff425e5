"""The reviews table and its training export, on hand-built documents."""
import json

import pytest

from whimbrel.store import Store, StoreError
from whimbrel.store.reviews import add_review, export_reviews, training_records


@pytest.fixture
def store(make_coded):
    with Store(":memory:") as s:
        s.add(make_coded())
        yield s


def test_wrong_with_nothing_corrected_is_a_negative_example(store):
    add_review(store, "doc-a:e1", "wrong", "ann")
    (record,) = training_records(store)
    assert record["event"] is None and record["source"] == [] and record["target"] == []
    assert record["coded"] == {"event": "ASSAULT", "mode": "aerial", "modality": "negated",
                               "source": [{"code": "RUSGOV"}], "target": [{"code": "UKRGOV"}]}
    assert record["text"][record["trigger"]["start"]:record["trigger"]["end"]] == "attack"
    assert record["date"] == "2025-05-17" and record["reviewer"] == "ann"


def test_the_latest_review_of_an_event_is_exported(store, tmp_path):
    add_review(store, "doc-a:e2", "wrong", "ann", {"event_type": "CONSULT"})
    add_review(store, "doc-a:e2", "right", "bob")
    (record,) = training_records(store)
    assert (record["verdict"], record["event"], record["reviewer"]) == ("right", "REQUEST", "bob")
    out = tmp_path / "r.jsonl"
    assert export_reviews(store, out) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == record["id"]


@pytest.mark.parametrize("args,code", [
    (("doc-a:e1", "maybe", "ann"), "S021"),
    (("doc-a:e1", "wrong", "ann", {"confidence": "1"}), "S022"),
    (("doc-a:e1", "wrong", "ann", {"event_type": "DANCE"}), "S023"),
    (("doc-a:e1", "wrong", "ann", {"modality": "likely"}), "S024"),
    (("doc-a:e9", "right", "ann"), "S025"),
])
def test_bad_reviews_are_refused_with_their_code(store, args, code):
    with pytest.raises(StoreError, match=code):
        add_review(store, *args)
    assert training_records(store) == []


def test_a_read_only_store_takes_no_review(tmp_path, make_coded):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.add(make_coded())
    with Store(path, read_only=True) as s, pytest.raises(StoreError, match="S020"):
        add_review(s, "doc-a:e1", "right", "ann")

