"""The event corpus reader: labels per candidate, referenced texts, bad lines named."""
import json

import pytest

from whimbrel.events.corpus import CorpusError, candidate_labels, country, detok, load_corpus

ROW = {"doc_id": "voa:1", "source": "voa", "sent_id": 0, "split": "train",
       "text": "Egypt urged Ethiopia to resume talks.", "context": None,
       "candidates": [{"c": 0, "i": 1, "text": "urged", "lemma": "urge", "pos": "VERB"},
                      {"c": 1, "i": 4, "text": "resume", "lemma": "resume", "pos": "VERB"},
                      {"c": 2, "i": 5, "text": "talks", "lemma": "talk", "pos": "NOUN"}],
       "events": [{"c": 0, "type": "REQUEST", "source_code": "EGYGOV", "target_code": "ETHGOV"}]}


def test_corpus_candidate_labels_are_none_unless_listed():
    assert candidate_labels(ROW) == ["REQUEST", "NONE", "NONE"]


def test_corpus_country_is_the_code_prefix():
    assert (country("USAGOV"), country("IGO"), country(None)) == ("USA", "IGO", None)


def test_corpus_detok_rejoins_punctuation():
    assert detok("He said , `` no '' ( twice ) .".split()) == 'He said, "no" (twice).'


def test_corpus_referenced_text_is_filled_from_shared_or_left_out(tmp_path):
    uw = {**ROW, "doc_id": "uw:7:3", "source": "uw", "text": None, "ref": {"file_idx": 7, "idx": 3}}
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (ROW, uw, {**ROW, "split": "test"})) + "\n")
    shared = tmp_path / "shared"
    (shared / "eval" / "uw_factuality").mkdir(parents=True)
    (shared / "eval" / "uw_factuality" / "train.jsonl").write_text(
        json.dumps({"text": "Iran rejected the offer .", "file_idx": 7, "idx": 3}) + "\n")
    assert len(load_corpus(path)) == 2                        # the UW line has no text without shared
    rows = load_corpus(path, shared=shared, split="train")
    assert [r["text"] for r in rows] == [ROW["text"], "Iran rejected the offer."]


def test_corpus_bad_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(ROW) + "\n{not json\n")
    with pytest.raises(CorpusError, match=r"corpus.jsonl:2"):
        load_corpus(path)


def test_corpus_documents_rebuild_each_document_one_sentence_a_line_with_missing_context():
    from whimbrel.events.corpus import corpus_documents, sentence_at
    rows = [{**ROW, "sent_id": 3, "text": "Cairo rejected it.", "context": "Addis Ababa replied."},
            {**ROW, "sent_id": 0, "text": "Talks stall", "context": None},
            {**ROW, "doc_id": "voa:2", "sent_id": 5, "text": "Kyiv agreed.", "context": None},
            {**ROW, "sent_id": 1, "text": "Egypt urged Ethiopia to resume talks.", "context": "Talks stall"}]
    first, second = corpus_documents(rows)
    assert first.doc_id == "voa:1" and second.text == "Kyiv agreed."
    # sentence 1 follows sentence 0, so its context is not repeated; sentence 3 gets its own back
    assert first.text == "Talks stall\nEgypt urged Ethiopia to resume talks.\nAddis Ababa replied.\nCairo rejected it."
    assert [(r["sent_id"], first.text[s:e]) for r, s, e in first.spans] == [
        (0, "Talks stall"), (1, "Egypt urged Ethiopia to resume talks."), (3, "Cairo rejected it.")]
    assert sentence_at(first, first.text.index("Cairo")) == 2
    assert sentence_at(first, first.text.index("Addis")) is None     # a context line is not scored
