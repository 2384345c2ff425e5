"""A Ray actor that dies mid-run (its process exits): the documents of its batches are reported
[E505], the other actors' batches are stored, and a rerun stores exactly the reported ones, so
nothing is lost and nothing stored twice."""
import os
import sys
from pathlib import Path

import pytest

from whimbrel.batch import run_batch
from whimbrel.store import Store

ray = pytest.importorskip("ray", reason="the Ray extra: bash scripts/setup.sh --test")

POISON = "The poisoned wire story."


class DyingCoder:
    """The real coder, except that the process coding the poisoned document exits on the spot
    the first time (a marker file remembers it): what an out-of-memory kill or a segfault does."""

    def __init__(self, coder, marker: str):
        self.coder, self.marker = coder, marker

    def code_many(self, documents, batch_size):
        if any(POISON in d.text for d in documents) and not os.path.exists(self.marker):
            Path(self.marker).touch()
            os._exit(1)
        return self.coder.code_many(documents, batch_size)


class DyingLoader:
    def __init__(self, loader, marker: str):
        self.loader, self.marker = loader, marker

    def __call__(self):
        return DyingCoder(self.loader(), self.marker)


class DyingOnRay:
    """What run_batch needs of a coder on the Ray engine: a loader its actors call."""

    def __init__(self, coder, marker: str):
        self.coder, self.marker = coder, marker

    def loader(self):
        return DyingLoader(self.coder.loader(), self.marker)


@pytest.mark.slow
def test_a_ray_actor_that_dies_mid_run_loses_nothing_and_stores_nothing_twice(coder, short_documents, tmp_path):
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the actors cannot import tests/
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "000-poison.txt").write_text(f"{POISON} Russia and Ukraine held talks in Istanbul.\n")
    for k, doc in enumerate(short_documents(63)):
        (inputs / f"{k + 1:03d}.txt").write_text(doc.text + "\n")
    db, errors = tmp_path / "store.duckdb", []
    dying = DyingOnRay(coder, str(tmp_path / "died"))

    first = run_batch([inputs], db, coder=dying, engine="ray", n_process=2, on_error=errors.append)
    assert (tmp_path / "died").exists()  # the actor did die
    assert errors and all(e.startswith("[E505] ") and " : Ray worker failed: " in e for e in errors)
    assert any("000-poison.txt" in e for e in errors)
    assert first.failed == len(errors) and first.done + first.failed == 64
    assert first.done >= 32  # the other actor's batches (16 documents each) went on

    again = run_batch([inputs], db, coder=dying, engine="ray", n_process=2, on_error=errors.append)
    assert again.failed == 0 and again.done == first.failed and again.duplicates == first.done
    with Store(db, read_only=True) as store:
        ids = [d["doc_id"] for d in store.documents()]
        event_ids = [e["event_id"] for e in store.events()]
    assert len(ids) == len(set(ids)) == 64
    assert len(event_ids) == len(set(event_ids)) > 0
