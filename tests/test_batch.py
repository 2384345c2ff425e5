"""`run_batch` with the real Coder: a document that breaks a stage is reported and the rest go on."""
import json

import pytest

from whimbrel.batch import BatchSummary, run_batch
from whimbrel.coder import Coder
from whimbrel.store import Store

TEXTS = {
    "a.txt": "Germany and France agreed to a new energy pact on Sunday.",
    "b.txt": "Poland accused Belarus of sending migrants across the border.",
    "c.txt": "China and India held talks in Beijing on Monday.",
}
MARKER = "zebra"


@pytest.fixture(scope="module")
def coder():
    return Coder.load()


@pytest.fixture
def folder(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in TEXTS.items():
        (news / name).write_text(text + "\n", encoding="utf-8")
    return news


def stored_paths(db):
    with Store(db, read_only=True) as store:
        return sorted(d["source_path"].rsplit("/", 1)[-1] for d in store.documents())


def break_stage(coder, monkeypatch, stage="whimbrel_events"):
    """Make one stage raise on any document holding MARKER."""
    cls = type(coder.nlp.get_pipe(stage))
    original = cls.__call__

    def failing(self, doc):
        if MARKER in doc.text:
            raise RuntimeError(f"{MARKER} in the text")
        return original(self, doc)

    monkeypatch.setattr(cls, "__call__", failing)


def test_batch_codes_and_stores_every_document(coder, folder, fresh_db):
    summary = run_batch([folder], fresh_db, coder=coder)
    assert (summary.done, summary.failed, summary.duplicates) == (3, 0, 0)
    assert stored_paths(fresh_db) == ["a.txt", "b.txt", "c.txt"]
    with Store(fresh_db, read_only=True) as store:
        assert store.counts()["events"] == summary.events > 0


@pytest.mark.parametrize("stage", ["whimbrel_actors", "whimbrel_events", "whimbrel_dates"])
def test_batch_stage_failure_is_reported_and_the_batch_goes_on(coder, folder, fresh_db, monkeypatch,
                                                               stage):
    (folder / "b.txt").write_text(f"The {MARKER} accused France of lying.\n", encoding="utf-8")
    break_stage(coder, monkeypatch, stage)
    errors, coded = [], []
    summary = run_batch([folder], fresh_db, coder=coder, on_error=errors.append,
                        on_coded=coded.append)
    assert (summary.done, summary.failed, summary.duplicates) == (2, 1, 0)
    assert len(coded) == 3  # the failed document is reported, not dropped
    assert len(errors) == 1 and summary.errors == errors
    assert errors[0].startswith(f"[E500] {folder / 'b.txt'} : stage {stage} failed: RuntimeError")
    assert stored_paths(fresh_db) == ["a.txt", "c.txt"]


def test_batch_failed_document_is_coded_on_the_next_run(coder, folder, fresh_db, monkeypatch):
    (folder / "b.txt").write_text(f"The {MARKER} accused France of lying.\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        break_stage(coder, patch)
        assert run_batch([folder], fresh_db, coder=coder).failed == 1
    again = run_batch([folder], fresh_db, coder=coder)  # the stage is fixed: b.txt gets stored
    assert (again.done, again.failed, again.duplicates) == (1, 0, 2)
    assert stored_paths(fresh_db) == ["a.txt", "b.txt", "c.txt"]


def test_batch_component_that_raises_does_not_lose_the_others(coder, folder, fresh_db, monkeypatch):
    """A component outside whimbrel's error handler (as parser and ner are) breaks nlp.pipe."""
    (folder / "b.txt").write_text(f"The {MARKER} accused France of lying.\n", encoding="utf-8")
    break_stage(coder, monkeypatch)

    def raise_error(proc_name, proc, docs, error):
        raise error

    monkeypatch.setattr(coder.nlp, "default_error_handler", raise_error)
    errors = []
    summary = run_batch([folder], fresh_db, coder=coder, on_error=errors.append)
    assert (summary.done, summary.failed) == (2, 1)
    assert errors[0].startswith(f"[E500] {folder / 'b.txt'} : pipeline failed: RuntimeError")
    assert stored_paths(fresh_db) == ["a.txt", "c.txt"]


def test_batch_jsonl_stage_failure_names_the_line(coder, tmp_path, fresh_db, monkeypatch):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": t}) for t in
                              (TEXTS["a.txt"], f"The {MARKER} met France.", TEXTS["c.txt"])) + "\n")
    break_stage(coder, monkeypatch)
    errors = []
    summary = run_batch([feed], fresh_db, coder=coder, on_error=errors.append)
    assert (summary.done, summary.failed) == (2, 1)
    assert errors[0].startswith(f"[E500] {feed}:2 : stage whimbrel_events failed")


def test_batch_ingest_errors_and_duplicates_are_counted(coder, folder, fresh_db):
    (folder / "copy.txt").write_text(TEXTS["a.txt"] + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    errors = []
    first = run_batch([folder, folder / "missing.txt"], fresh_db, coder=coder, on_error=errors.append)
    assert (first.done, first.failed, first.duplicates) == (3, 2, 1)
    assert [e[:6] for e in errors] == ["[W111]", "[W101]"]
    second = run_batch([folder], fresh_db, coder=coder)
    assert (second.done, second.failed, second.duplicates) == (0, 1, 4)
    assert not second.nothing_processed


@pytest.mark.parametrize("done, failed, duplicates, nothing", [
    (0, 0, 0, True),    # no input at all
    (0, 3, 0, True),    # every input failed
    (0, 0, 2, False),   # everything already stored: not a failure
    (1, 5, 0, False),
])
def test_batch_summary_nothing_processed(done, failed, duplicates, nothing):
    summary = BatchSummary(done=done, failed=failed, duplicates=duplicates)
    assert summary.nothing_processed is nothing


def test_batch_spacy_pipe_drops_failed_docs(coder, monkeypatch):
    """Why Coder.code_many tracks documents itself: spaCy's pipe yields nothing for a failed doc."""
    break_stage(coder, monkeypatch)
    docs = [coder.nlp.make_doc(t) for t in (TEXTS["a.txt"], f"The {MARKER} met France.")]
    assert len(list(coder.nlp.pipe(docs))) == 1
