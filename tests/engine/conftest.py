"""Real news paragraphs for the engine tests."""
import json
import re
from importlib import resources

import pytest

from whimbrel.ingest import read_text

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _short_documents(n: int):
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


@pytest.fixture
def short_documents():
    """short_documents(n) -> n short documents (three sentences of a bundled VOA story each)."""
    return _short_documents
