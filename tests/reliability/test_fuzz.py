"""Fuzz: generated documents of every kind (random Unicode, bytes, news sentences mangled, run-ons,
control characters) go through ingest, the limits, the full coder and the store; nothing may raise,
hang (the time budget would say E501) or fail a stage (E500).

CI runs FUZZ_EXAMPLES (default 20) examples of 5 documents each. The long run, 2,000 examples =
10,000 documents (docs/RELIABILITY.md has its result):

    WHIMBREL_FUZZ_EXAMPLES=2000 nice .venv/bin/python -m pytest tests/reliability/test_fuzz.py -q
"""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whimbrel.batch import BatchSummary, store_stream, within_limits
from whimbrel.ingest import iter_documents
from whimbrel.store import Store

DOCS_PER_EXAMPLE = 5
FUZZ_EXAMPLES = int(os.environ.get("WHIMBREL_FUZZ_EXAMPLES", "20"))
SENTENCES = [
    "Russia and Ukraine agreed to a prisoner exchange in Istanbul on Friday.",
    "The minister said the talks would resume if the ceasefire holds.",
    "\u201cWe will not attack Kyiv,\u201d Putin told reporters, according to RIA.",
    "Poland accused Belarus of sending migrants across the border on 3 March 2024.",
    "Hamas may release the hostages next week, Qatari mediators said.",
]
words = st.sampled_from("and the said talks Russia Kyiv , . ; \u201c \u201d ( ) 2025 not would may".split())
news = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12).map(" ".join)
mangled = st.tuples(news, st.integers(0, 400), st.text(max_size=20)).map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])
run_on = st.tuples(st.lists(words, min_size=1, max_size=30), st.integers(1, 400)).map(lambda t: " ".join(t[0] * t[1]))
texts = st.one_of(st.text(max_size=2_000), news, mangled, run_on,
                  st.text(alphabet=st.characters(categories=["Cc", "Zs", "Zl", "Zp", "Po"]), max_size=300))
payloads = st.one_of(texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=2_000),
                     texts.map(lambda t: t.encode("utf-16")))
names = st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.txt"])


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(files=st.lists(st.tuples(names, payloads), min_size=DOCS_PER_EXAMPLE, max_size=DOCS_PER_EXAMPLE))
def test_generated_documents_never_crash_hang_or_break_a_stage(coder, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for k, (name, payload) in enumerate(files):
        (folder / f"{k}-{name}").write_bytes(payload)
    summary = BatchSummary()
    items = list(within_limits(iter_documents([folder]), summary, summary.warnings.append))
    documents = [d for d in items if not hasattr(d, "code")]
    with Store(":memory:") as store:
        coded = list(coder.code_many(documents))
        store_stream(coded, store, summary)
    assert len(coded) == len(documents)
    assert not [e for e in summary.errors if e.startswith(("[E500]", "[E501]", "[S0"))], summary.errors
