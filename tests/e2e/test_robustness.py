"""Any text at all: the coder never raises, and every offset it returns points into the text."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = st.sampled_from(["Moscow", "Kiev", "agreed", "not", "could", "talks", "with", "the", "US",
                         "“", "”", "\n", "\n\n", ",", ".", "said", "he", "Putin", "if", "on",
                         "Friday", "attacked", "Hamas", "Israel", "in", "Gaza", "-", "'s"])
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_robustness_any_text_codes_without_error(coder, text):
    if not text.strip():
        return
    coded = coder.code_text(text, pub_date=date(2025, 5, 17))
    doc_text = coded.document.text
    assert not coded.errors
    for event in coded.events:
        ev = event.evidence
        assert 0 <= ev.start <= ev.trigger_start < ev.trigger_end <= ev.end <= len(doc_text)
        assert doc_text[ev.trigger_start:ev.trigger_end] == ev.trigger
    for mention in coded.mentions:
        assert doc_text[mention.start:mention.end] == mention.text
    for quote in coded.quotes:
        assert 0 <= quote.start <= quote.end <= len(doc_text)
