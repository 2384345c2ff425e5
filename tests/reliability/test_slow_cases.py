"""The heavy hostile cases: a 1,000,000+ character document, a 100 MB file, a 25,000-word run-on
sentence through the full coder, and kill -9 in the middle of a run."""
import json
import os
import re
import signal
import subprocess
import sys
import time
from importlib import resources

import pytest

from whimbrel import limits
from whimbrel.batch import BatchSummary, run_batch, within_limits
from whimbrel.ingest import iter_documents, read_text
from whimbrel.store import Store

GOOD = "Germany and France agreed to a new energy pact in Berlin on Sunday, officials said."


def test_a_document_over_a_million_characters_becomes_parts_spacy_can_take(coder):
    text = "\n\n".join(f"{i}. {GOOD}" for i in range(13_000))
    summary = BatchSummary()
    parts = list(within_limits([read_text(text)], summary, summary.warnings.append))
    assert len(text) > 1_000_000 and len(parts) == 12
    assert all(len(p.text) <= limits.MAX_DOCUMENT_CHARS < coder.nlp.max_length for p in parts)
    assert summary.warnings[0].startswith("[W150]") and "12 parts" in summary.warnings[0]


@pytest.mark.slow
def test_a_100_mb_text_file_is_read_and_cut_into_parts(tmp_path):
    path = tmp_path / "huge.txt"
    paragraph = (GOOD + " ") * 12 + "\n\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(paragraph * (100 * 2**20 // len(paragraph) + 1))
    summary = BatchSummary()
    count, largest = 0, 0
    for part in within_limits(iter_documents([path]), summary, summary.warnings.append):
        count, largest = count + 1, max(largest, len(part.text))
    assert path.stat().st_size > 100 * 2**20
    assert count > 1_000 and largest <= limits.MAX_DOCUMENT_CHARS
    assert summary.warnings[0].startswith(f"[W150] {path} : document split into {count} parts")


@pytest.mark.slow
def test_a_25000_word_run_on_sentence_is_coded_and_stored(coder, tmp_path):
    (tmp_path / "run-on.txt").write_text("Russia said that Ukraine and Turkey would hold talks and " * 2_500,
                                         encoding="utf-8")
    (tmp_path / "after.txt").write_text(GOOD, encoding="utf-8")
    warnings, errors = [], []
    summary = run_batch([tmp_path], tmp_path / "e.duckdb", coder=coder, on_error=errors.append,
                        on_warning=warnings.append)
    # 25,000 words are 142,500 characters: two parts (cut at a space), each cut into sentences
    assert errors == [] and summary.done == 3 and summary.events > 100
    assert any(w.startswith("[W150]") and "run-on.txt" in w for w in warnings)
    assert sum(w.startswith("[W151]") and "run-on.txt (part" in w for w in warnings) == 2


def _voa_jsonl(path, n):
    """n short documents (two sentences of the bundled VOA stories each), as JSON Lines."""
    source = resources.files("whimbrel") / "data" / "bench" / "voa_stories.jsonl"
    lines = []
    for story in map(json.loads, source.read_text(encoding="utf-8").splitlines()):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", story["text"])
        for k in range(0, len(sentences) - 1, 2):
            lines.append(json.dumps({"text": " ".join(sentences[k:k + 2]), "date": story["date"][:10]}))
    path.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")


def _tables(db):
    with Store(db, read_only=True) as store:
        return {t: store.conn.execute(f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL").fetchall()
                if t == "documents" else store.conn.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "events", "quotes", "stories", "story_documents", "canonical_events")}


@pytest.mark.slow
def test_kill_9_mid_run_then_a_rerun_gives_the_uninterrupted_store(tmp_path):
    feed = tmp_path / "feed.jsonl"
    _voa_jsonl(feed, 160)
    run = [sys.executable, "-m", "whimbrel", "run", str(feed), "--no-show", "--db"]
    subprocess.run([*run, str(tmp_path / "whole.duckdb")], check=True, capture_output=True, timeout=900)
    killed = tmp_path / "killed.duckdb"
    process = subprocess.Popen([*run, str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = killed.with_name(killed.name + ".wal")
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline and not (wal.exists() and wal.stat().st_size):
        time.sleep(0.05)  # the first batch of documents is committed: kill it in the middle
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    subprocess.run([*run, str(killed)], check=True, capture_output=True, timeout=900)
    assert _tables(killed) == _tables(tmp_path / "whole.duckdb")
