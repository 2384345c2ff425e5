"""Local and Ray runs of the same 200 documents give identical events (a local Ray, two actors)."""
import pytest

from whimbrel.engine import code_documents

pytest.importorskip("ray", reason="the Ray extra: bash scripts/setup.sh --test")


@pytest.mark.slow
def test_local_and_ray_runs_of_the_same_200_documents_give_identical_events(coder, short_documents):
    documents = short_documents(200)
    assert len(documents) == 200
    local = list(code_documents(documents, coder))
    on_ray = list(code_documents(documents, coder, n_process=2, batch_size=8, engine="ray"))
    assert [c.document.doc_id for c in on_ray] == [d.doc_id for d in documents]  # input order
    assert not any(c.errors for c in on_ray)
    events = lambda coded: [[e.to_dict() for e in c.events] for c in coded]  # noqa: E731
    assert events(on_ray) == events(local)
    assert sum(map(len, events(local))) > 50  # real news paragraphs: events to compare
