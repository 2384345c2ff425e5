"""The negation test set: its labels point at real test-split candidates, and it scores."""
from types import SimpleNamespace

from whimbrel.evaluate.negation_set import corpus_negation_figures, read_labels, score_negation_set
from whimbrel.events.corpus import CORPUS_DIR, load_corpus


def test_every_label_names_a_candidate_of_a_test_split_sentence():
    rows = {(r["doc_id"], r["sent_id"]): r for r in load_corpus(split="test")}
    labels = read_labels()
    assert labels and set(labels.values()) == {"N", "O", "S"}
    for doc_id, sent_id, cand in labels:
        row = rows[(doc_id, sent_id)]
        assert row["source"] in ("voa", "ecbplus")  # sentences no factuality model trained on
        assert any(c["c"] == cand for c in row["candidates"])


def test_scoring_counts_every_negated_and_other_candidate(nlp_sm):
    labels = read_labels()
    result = score_negation_set(nlp_sm)
    assert result["negated_gold"] == sum(v == "N" for v in labels.values())
    assert result["other_gold"] == sum(v == "O" for v in labels.values())
    assert 0.0 <= result["negated_recall"] <= 1.0


def test_the_corpus_suite_reports_the_set_only_for_the_bundled_corpus(nlp_sm, tmp_path):
    coder = SimpleNamespace(nlp=nlp_sm)
    figures = corpus_negation_figures(coder, CORPUS_DIR / "corpus.jsonl")
    assert figures is not None and figures["negated_gold"] > 0 and "negated_recall" in figures
    assert corpus_negation_figures(coder, tmp_path / "corpus.jsonl") is None  # the labels name bundled rows
    assert corpus_negation_figures(SimpleNamespace(), None) is None  # a coder without a spaCy pipeline
