"""Local and Ray runs of the same 200 documents give identical events (a local Ray, two actors)."""
import json
import re
from importlib import resources

import pytest

from whimbrel.engine import code_documents
from whimbrel.ingest import read_text

pytest.importorskip("ray", reason="the Ray extra: bash scripts/setup.sh --test")


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def short_documents(n: int = 200):
    """n short documents: the bundled VOA stories cut into runs of three sentences, dated like them."""
    path = resources.files("whimbrel") / "data" / "bench" / "voa_stories.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        sentences = SENTENCE_END.split(story["text"])
        for k in range(0, len(sentences), 3):
            if len(out) < n:
                out.append(read_text(" ".join(sentences[k:k + 3]), pub_date=story["date"][:10],
                                     outlet="VOA", detect_title=False))
    return out


@pytest.mark.slow
def test_local_and_ray_runs_of_the_same_200_documents_give_identical_events(coder):
    documents = short_documents()
    assert len(documents) == 200
    local = list(code_documents(documents, coder))
    on_ray = list(code_documents(documents, coder, n_process=2, batch_size=8, engine="ray"))
    assert [c.document.doc_id for c in on_ray] == [d.doc_id for d in documents]  # input order
    assert not any(c.errors for c in on_ray)
    events = lambda coded: [[e.to_dict() for e in c.events] for c in coded]  # noqa: E731
    assert events(on_ray) == events(local)
    assert sum(map(len, events(local))) > 50  # real news paragraphs: events to compare
