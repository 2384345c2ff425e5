"""The command line as a user meets it: `whimbrel run`, `export`, `demo` and `python -m whimbrel`."""
import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from whimbrel.cli import app
from whimbrel.coder import Coder
from whimbrel.store.export import FLAT_COLUMNS, RECORD_ORDER


DATA = Path(__file__).parent / "data"
SAMPLE_TEXT = DATA / "kremlin-putin-zelensky-2025-05-17.txt"
SUMMARY = re.compile(r"^done (\d+), failed (\d+), skipped as duplicate (\d+); (\d+) events -> ", re.M)
GOOD_JSONL = {"title": "Berlin talks", "date": "2025-05-18", "outlet": "Wire",
              "text": "Germany and France agreed to a new energy pact on Sunday."}
HTML_TRUNCATED = ("<html><head><title>Energy talks</title></head><body><article>"
                  "<p>Poland accused Belarus of sending migrants across the border on Monday.</p>"
                  "<p>Officials in Warsaw said the talks would contin")


@pytest.fixture(scope="module")
def coder():
    return Coder.load()


@pytest.fixture(autouse=True)
def loaded_once(coder, monkeypatch):
    """The CLI calls Coder.load(); hand it the module's coder (loading takes seconds)."""
    monkeypatch.setattr(Coder, "load", classmethod(lambda cls, *a, **k: coder))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def inputs(tmp_path):
    """A folder of good and bad inputs, and the list of paths to give `whimbrel run`."""
    news = tmp_path / "news"
    news.mkdir()
    shutil.copy(SAMPLE_TEXT, news / SAMPLE_TEXT.name)
    meta = SAMPLE_TEXT.name.replace(".txt", ".meta.json")
    shutil.copy(DATA / meta, news / meta)
    (news / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (news / "empty.txt").write_bytes(b"")
    (news / "latin1.txt").write_bytes("Caf\u00e9 talks in Paris ended.\n".encode("cp1252"))
    (news / "broken.html").write_text(HTML_TRUNCATED, encoding="utf-8")
    (news / "feed.jsonl").write_text(
        json.dumps(GOOD_JSONL) + "\n" + '{"text": "broken\n' + json.dumps({"title": "no body"}) + "\n",
        encoding="utf-8")
    return [str(news), str(tmp_path / "missing.txt")]


def summary_of(result):
    match = SUMMARY.search(result.stderr)
    assert match, result.stderr
    return tuple(int(n) for n in match.groups())


def error_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("error ")]


def counts(db):
    with duckdb.connect(str(db), read_only=True) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "events")}


def test_cli_run_reports_each_bad_input_and_codes_the_rest(runner, inputs, fresh_db):
    result = runner.invoke(app, ["run", *inputs, "--db", str(fresh_db)])
    assert result.exit_code == 0, result.output
    done, failed, duplicates, events = summary_of(result)
    assert (done, failed, duplicates) == (3, 6, 0)
    errors = error_lines(result)
    expected = [("W110", "scan.txt"), ("W111", "empty.txt"), ("W112", "latin1.txt:1"),
                ("W130", "feed.jsonl:2"), ("W132", "feed.jsonl:3"), ("W101", "missing.txt")]
    assert len(errors) == len(expected), errors
    for code, where in expected:
        assert any(f"[{code}]" in e and f"{where} : " in e for e in errors), (code, where, errors)
    assert counts(fresh_db) == {"documents": 3, "events": events}
    assert events > 0
    assert "error" not in result.stdout  # the table goes to stdout, reports to stderr
    assert "" not in result.stderr.splitlines()  # no progress-bar leftovers in a log
    assert "CONSULT" in result.stdout


def test_cli_run_twice_stores_each_document_once(runner, inputs, fresh_db):
    first = runner.invoke(app, ["run", *inputs, "--db", str(fresh_db)])
    before = counts(fresh_db)
    second = runner.invoke(app, ["run", *inputs, "--db", str(fresh_db)])
    assert second.exit_code == 0, second.output  # all duplicates is not a failure
    assert summary_of(second)[:3] == (0, 6, 3)
    assert summary_of(second)[3] == 0
    assert counts(fresh_db) == before
    assert summary_of(first)[3] == before["events"]


def test_cli_run_same_document_twice_in_one_batch(runner, tmp_path, fresh_db):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Germany and France agreed to a new energy pact.\n")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                 "--db", str(fresh_db), "--no-show"])
    assert result.exit_code == 0, result.output
    assert summary_of(result)[:3] == (1, 0, 1)
    assert counts(fresh_db)["documents"] == 1
    assert result.stdout == ""


def test_cli_run_strict_fails_on_any_error(runner, inputs, fresh_db):
    result = runner.invoke(app, ["run", *inputs, "--db", str(fresh_db), "--strict", "--no-show"])
    assert result.exit_code == 1
    assert summary_of(result)[:3] == (3, 6, 0)


def test_cli_run_every_input_failing_exits_non_zero(runner, tmp_path, fresh_db):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["run", str(tmp_path / "empty.txt"), str(tmp_path / "nope"),
                                 "--db", str(fresh_db)])
    assert result.exit_code == 1
    assert summary_of(result)[:3] == (0, 2, 0)
    assert len(error_lines(result)) == 2


def test_cli_run_without_paths_is_a_usage_error(runner):
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_cli_run_bad_date_is_a_usage_error(runner, tmp_path, fresh_db):
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(fresh_db), "--date", "17/05/2025"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("folder, name", [("deep", "odd [bold] name.txt"), ("deep[", "]x.txt")])
def test_cli_run_error_lines_keep_brackets_and_do_not_wrap(runner, tmp_path, fresh_db, folder, name):
    """File names are not Rich markup ("[/]" would crash it), and a long report stays on one line."""
    path = tmp_path / ("x" * 100 + folder) / name
    path.parent.mkdir()
    path.write_bytes(b"")
    result = runner.invoke(app, ["run", str(path), "--db", str(fresh_db)])
    assert result.exit_code == 1
    assert error_lines(result) == [f"error [W111] {path} : file is empty"]


def test_cli_run_unopenable_db_is_a_clear_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Germany and France agreed to a new energy pact.\n")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--db", str(tmp_path / "no" / "x.db")])
    assert result.exit_code == 2
    assert "[S001]" in result.stderr and "x.db" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory, coder):
    """A store holding the sample article (coded once for the export tests)."""
    from whimbrel.batch import run_batch
    db = tmp_path_factory.mktemp("export") / "events.duckdb"
    summary = run_batch([SAMPLE_TEXT], db, coder=coder)
    assert summary.done == 1 and summary.events > 0
    return db, summary.events


def test_cli_export_jsonl_to_stdout(runner, coded_db):
    db, n = coded_db
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == n
    assert all(set(RECORD_ORDER) <= set(r) for r in records)
    assert f"{n} events exported" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_export_to_file(runner, coded_db, tmp_path, fmt):
    db, n = coded_db
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert set(RECORD_ORDER) <= set(rows[0])
    elif fmt == "csv":
        with out.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        assert tuple(reader.fieldnames) == FLAT_COLUMNS
    else:
        import pyarrow.parquet as pq
        table = pq.read_table(out)
        rows = table.to_pylist()
        assert tuple(table.column_names) == FLAT_COLUMNS
    assert len(rows) == n


def test_cli_export_parquet_needs_out(runner, coded_db):
    result = runner.invoke(app, ["export", "--db", str(coded_db[0]), "--format", "parquet"])
    assert result.exit_code == 2
    assert "[S011]" in result.stderr and "--out" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "[S010]"),
    (["--out", "/nonexistent-dir/events.jsonl"], "[E302]"),
])
def test_cli_export_bad_format_or_out_is_a_clear_error(runner, coded_db, args, message):
    result = runner.invoke(app, ["export", "--db", str(coded_db[0]), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_export_missing_db_is_a_clear_error(runner, tmp_path):
    missing = tmp_path / "nope.duckdb"
    result = runner.invoke(app, ["export", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"[E301] {missing}: no such database" in result.stderr
    assert not missing.exists()


def test_cli_demo_prints_events_and_writes_the_db(runner, fresh_db):
    result = runner.invoke(app, ["demo", "--db", str(fresh_db)])
    assert result.exit_code == 0, result.output
    assert "kremlin-putin-zelensky-2025-05-17.txt:" in result.stdout
    assert "CONSULT" in result.stdout
    assert summary_of(result)[0] == 1
    with duckdb.connect(str(fresh_db), read_only=True) as conn:
        rows = conn.execute("SELECT event_type, modality FROM events").fetchall()
    # what is printed is stored (which sample events the default stage keeps is the sample
    # suite's business: docs/EVALUATION.md)
    assert rows and all(f"{t}" in result.stdout for t, _ in rows)
    assert "CONSULT" in {t for t, _ in rows}
    again = runner.invoke(app, ["demo", "--db", str(fresh_db)])  # rerun: same table, no duplicate
    assert again.exit_code == 0, again.output
    assert summary_of(again)[:3] == (0, 0, 1)
    assert again.stdout == result.stdout


def test_cli_demo_unwritable_db_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "no" / "demo.duckdb")])
    assert result.exit_code == 2
    assert "[S001]" in result.stderr and "demo.duckdb" in result.stderr


def test_cli_python_m_whimbrel_help():
    result = subprocess.run([sys.executable, "-m", "whimbrel", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for verb in ("run", "demo", "export"):
        assert verb in result.stdout


def test_cli_eval_json_on_the_bundled_sample_only(tmp_path):
    """`whimbrel eval --json` with an empty data folder scores the bundled sample; the other suites are null."""
    import json
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "whimbrel", "eval", "--data", str(tmp_path), "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert figures["sample"]["required_total"] == 15 and figures["sample"]["must_not_hits"] == 0
    assert figures["plover_gsr"] is None and figures["ecbplus"] is None


def test_cli_bench_json_on_a_tiny_corpus(tmp_path):
    import json
    import subprocess
    import sys
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"text": "Moscow and Kiev agreed to a prisoner exchange on Friday."}) + "\n")
    result = subprocess.run([sys.executable, "-m", "whimbrel", "bench", "--corpus", str(corpus),
                             "--docs", "3", "--engines", "local:1", "--json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["docs"] == 3 and figures["words"] > 0 and figures["factuality"] == "features"
    # words/s are rounded to 0.1 in the output and the ratio to 0.01 from the unrounded values
    assert abs(figures["ratio"] - figures["whimbrel_words_per_s"] / figures["bare_words_per_s"]) <= 0.0051
    [row] = figures["engines"]
    assert (row["engine"], row["workers"], row["docs"]) == ("local", 1, 3)
    assert row["words_per_s"] > 0 and 0 <= row["crossdoc_share"] < 1 and row["speedup"] == 1.0
    assert row["steady_words_per_s"] is None  # 3 documents: no more than one round of batches


def test_cli_bench_rejects_an_unknown_factuality_model_before_loading(runner):
    result = runner.invoke(app, ["bench", "--factuality", "bert"])
    assert result.exit_code == 2
    assert "[M010]" in result.stderr and "--factuality" in result.stderr


def events_of(db):
    with duckdb.connect(str(db), read_only=True) as conn:
        return sorted(conn.execute("SELECT doc_id, event_type, source_country, target_country, modality, "
                                   "trigger_start FROM events").fetchall(), key=str)


def test_cli_run_two_processes_store_what_one_process_stores(runner, inputs, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert runner.invoke(app, ["run", *inputs, "--db", str(one), "--no-show"]).exit_code == 0
    assert runner.invoke(app, ["run", *inputs, "--db", str(two), "--no-show", "--processes", "2"]).exit_code == 0
    assert events_of(one) == events_of(two) and events_of(one)


def test_cli_run_missing_actor_file_is_a_clear_error(runner, inputs, fresh_db, tmp_path):
    result = runner.invoke(app, ["run", *inputs, "--db", str(fresh_db), "--actors", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "[A000]" in result.stderr and "nope.yaml" in result.stderr
