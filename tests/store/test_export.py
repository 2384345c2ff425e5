"""Exports: JSON Lines keeps the nested record; CSV and Parquet use flat dotted columns."""
import csv
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from whimbrel.store import Store, StoreError, export_events
from whimbrel.store.export import FLAT_COLUMNS, flatten


@pytest.fixture
def store(fresh_db, make_coded):
    with Store(fresh_db) as store:
        store.add(make_coded("doc-a", pub=date(2025, 5, 17)))
        store.add(make_coded("doc-b", pub=date(2025, 5, 16), outlet="reuters.com", n_events=2))
        yield store


def test_export_jsonl_file_is_the_event_records(store, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export_events(store, "jsonl", out) == 5
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == store.events()
    assert [json.loads(line)["doc_id"] for line in lines] == ["doc-b"] * 2 + ["doc-a"] * 3


def test_export_jsonl_stdout(store, capsys):
    assert export_events(store, "jsonl", None) == 5
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0])["outlet"] == "reuters.com"


def test_export_csv_file_flattens_nested_fields(store, tmp_path):
    out = tmp_path / "events.csv"
    assert export_events(store, "csv", out) == 5
    with open(out, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == FLAT_COLUMNS
    assault = next(r for r in rows if r["event_id"] == "doc-a:e1")
    assert assault["source.country"] == "RUS"
    assert assault["target.text"] == "Kyiv"
    assert assault["context"] == "military;territory"
    assert assault["attribution.kind"] == "indirect"
    assert assault["evidence.trigger"] == "attack"
    assert json.loads(assault["location"])["name"] == "Kyiv"
    assert float(assault["confidence"]) == 0.8125
    consult = next(r for r in rows if r["event_id"] == "doc-a:e0")
    assert consult["source.text"] == "" and consult["context"] == ""


def test_export_csv_stdout(store, capsys):
    assert export_events(store, "csv", None) == 5
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == list(FLAT_COLUMNS)
    assert len(lines) == 6


def test_export_parquet_file(store, tmp_path):
    out = tmp_path / "events.parquet"
    assert export_events(store, "parquet", out) == 5
    table = pq.read_table(out)
    assert table.column_names == list(FLAT_COLUMNS)
    rows = table.to_pylist()
    assert rows == [_parquet_expected(flatten(e)) for e in store.events()]
    assault = next(r for r in rows if r["event_id"] == "doc-a:e1")
    assert assault["context"] == ["military", "territory"]
    assert assault["pub_date"] == date(2025, 5, 17)
    assert assault["evidence.trigger_start"] == 50


def _parquet_expected(row):
    row["pub_date"] = date.fromisoformat(row["pub_date"])
    return row


def test_export_parquet_empty_store_writes_schema(fresh_db, tmp_path):
    out = tmp_path / "empty.parquet"
    with Store(fresh_db) as store:
        assert export_events(store, "parquet", out) == 0
    assert pq.read_table(out).column_names == list(FLAT_COLUMNS)


def test_export_parquet_to_stdout_is_an_error(store):
    with pytest.raises(StoreError, match=r"parquet.*--out"):
        export_events(store, "parquet", None)


def test_export_unknown_format_is_an_error(store, tmp_path):
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        export_events(store, "xml", tmp_path / "x.xml")


def test_export_filters_are_passed_to_the_store(store, tmp_path):
    out = tmp_path / "assault.jsonl"
    assert export_events(store, "jsonl", out, event_type="ASSAULT") == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["event_type"] for r in records} == {"ASSAULT"}


def test_export_from_read_only_store(fresh_db, make_coded, tmp_path):
    with Store(fresh_db) as store:
        store.add(make_coded())
    with Store(fresh_db, read_only=True) as store:
        assert export_events(store, "csv", tmp_path / "ro.csv") == 3


@pytest.mark.parametrize("key", ["source", "target", "attribution"])
def test_export_flatten_none_nested_gives_empty_columns(key):
    row = flatten({key: None, "context": []})
    assert all(v is None for k, v in row.items() if k.startswith(key + "."))
