"""pipe_aligned keeps every parsed Doc with its own input when a stage drops a Doc on error."""
import spacy
from spacy.language import Language

from whimbrel.nlp.extensions import record_stage_error, register_extensions
from whimbrel.nlp.pipeline import pipe_aligned


@Language.component("test_fails_on_boom")
def fails_on_boom(doc):
    if "boom" in doc.text:
        raise ValueError("this stage cannot read the word boom")
    return doc


def blank_with_failing_stage():
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fails_on_boom")
    nlp.default_error_handler = record_stage_error
    return nlp


def test_a_dropped_doc_drops_its_own_item_only():
    items = [{"id": 1, "text": "The talks began."}, {"id": 2, "text": "A boom was heard."},
             {"id": 3, "text": "Envoys met in Doha."}]
    pairs = list(pipe_aligned(blank_with_failing_stage(), items, lambda item: item["text"], batch_size=2))
    assert [(item["id"], doc.text) for item, doc in pairs] == [(1, "The talks began."), (3, "Envoys met in Doha.")]


def test_zipping_would_have_misaligned():
    """Why the helper exists: the plain pipe yields one Doc fewer, so zip pairs item 2 with Doc 3."""
    texts = ["The talks began.", "A boom was heard.", "Envoys met in Doha."]
    docs = list(blank_with_failing_stage().pipe(texts))
    assert [d.text for d in docs] == ["The talks began.", "Envoys met in Doha."]
