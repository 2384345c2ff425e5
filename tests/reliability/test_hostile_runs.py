"""`whimbrel run` as a hostile user drives it: every bad input is reported by name and the batch goes
on; limits warn and keep the document; a locked or read-only store is a clear error."""
import codecs
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from whimbrel import limits
from whimbrel.batch import run_batch
from whimbrel.cli import app
from whimbrel.coder import Coder
from whimbrel.store import Store

GOOD = "Germany and France agreed to a new energy pact in Berlin on Sunday, officials said."
FRENCH = ("Le président de la République a reçu hier à l'Élysée son homologue ukrainien pour évoquer "
          "la situation sur le front et les négociations en cours avec la Russie. ") * 3


@pytest.fixture(autouse=True)
def loaded_once(coder, monkeypatch):
    """The CLI calls Coder.load(); hand it the session's coder (loading takes seconds)."""
    monkeypatch.setattr(Coder, "load", classmethod(lambda cls, *a, **k: coder))


@pytest.fixture
def hostile(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "good.txt").write_text(GOOD + "\n", encoding="utf-8")
    (news / "copy.txt").write_text(GOOD + "\n", encoding="utf-8")  # a duplicate
    (news / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (news / "empty.txt").write_bytes(b"")
    (news / "bad-utf8.txt").write_bytes(b"Talks in Kyiv \xff\xfe\xfa ended " * 3 + b"\xc3\x28 there.")
    (news / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Poland accused Belarus of sending "
                                     "migrants across the border.".encode("utf-16-le"))
    (news / "feed.jsonl").write_text(json.dumps({"text": "China and India held talks in Beijing."})
                                     + '\n{"text": "broken\n', encoding="utf-8")
    (news / "french.txt").write_text(FRENCH, encoding="utf-8")
    (news / "long.txt").write_text("\n\n".join(f"Paragraph {i}. {GOOD}" for i in range(40)), encoding="utf-8")
    return news


def test_a_hostile_folder_is_reported_file_by_file_and_the_rest_stored(hostile, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_CHARS", 1_000)  # long.txt (3,700 characters) -> parts
    db = tmp_path / "events.duckdb"
    result = CliRunner().invoke(app, ["run", str(hostile), "--db", str(db), "--no-show"])
    out = result.output
    assert result.exit_code == 0, out
    for code, name in (("W110", "scan.txt"), ("W111", "empty.txt"), ("W112", "bad-utf8.txt"),
                       ("W130", "feed.jsonl:2"), ("W152", "french.txt"), ("W150", "long.txt")):
        assert any(f"[{code}] {hostile / name}" in line for line in out.splitlines()), (code, out)
    assert "Traceback" not in out
    with Store(db, read_only=True) as store:
        paths = [d["source_path"].rsplit("/", 1)[-1] for d in store.documents()]
        parts = [d for d in store.documents() if d["meta"].get("parent_doc_id")]
    # the first of two identical files is stored (folders are read in name order), the second skipped
    assert sorted(set(paths)) == ["copy.txt", "feed.jsonl", "french.txt", "long.txt", "utf16.txt"]
    assert len(parts) == 4 and "".join(d["text"] for d in sorted(parts, key=lambda d: d["meta"]["part"])) \
        == (hostile / "long.txt").read_text(encoding="utf-8")
    assert "skipped as duplicate 1" in out


def test_a_file_deleted_mid_run_is_reported_and_the_others_stored(tmp_path, coder, monkeypatch):
    news = tmp_path / "news"
    news.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (news / name).write_text(f"{GOOD} ({name})\n", encoding="utf-8")
    checked = []

    def delete_b_after_a(text):  # runs as each document is read: b.txt goes after listing, before reading
        checked.append(text)
        if len(checked) == 1:
            (news / "b.txt").unlink()
        return None
    monkeypatch.setattr(limits, "language_warning", delete_b_after_a)
    errors = []
    summary = run_batch([news], tmp_path / "e.duckdb", coder=coder, on_error=errors.append)
    assert summary.done == 2 and summary.failed == 1
    assert errors[0].startswith("[W10") and "b.txt" in errors[0]


def _hold_lock(db):
    script = ("import sys, time; from whimbrel.store import Store; s = Store(sys.argv[1]); "
              "print('locked', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_writer_gets_a_clear_lock_error(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "events.duckdb"
    holder = _hold_lock(db)
    try:
        result = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "--db", str(db)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2 and f"[S001] {db}: cannot open" in result.output and "lock" in result.output


@pytest.fixture
def read_only_disk(tmpfs):
    mount = tmpfs("2m")
    with Store(mount / "events.duckdb"):
        pass
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    return mount


def test_a_store_on_a_read_only_file_system_is_a_clear_error(read_only_disk, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    db = read_only_disk / "events.duckdb"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "--db", str(db)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{db}" in result.output and ("[S001]" in result.output or "[S005]" in result.output)
    export = CliRunner().invoke(app, ["export", "--db", str(db)])  # reading it still works
    assert export.exit_code == 0, export.output
