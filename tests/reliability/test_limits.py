"""Limits that keep one document from taking a batch down: long documents, run-on sentences,
time budgets, duplicate ids, non-English text."""
import time

import pytest
import spacy
from spacy.language import Language

from whimbrel.coder import Coder
from whimbrel.ingest import read_text
from whimbrel.limits import MAX_DOCUMENT_CHARS, language_warning, split_document
from whimbrel.models import Quote
from whimbrel.nlp.extensions import register_extensions
from whimbrel.nlp.sentence_limit import MAX_SENTENCE_TOKENS
from whimbrel.records import unique_ids

PARAGRAPH = "Russia and Ukraine agreed to exchange prisoners in Istanbul on Friday, officials said."


def test_a_long_document_is_split_at_paragraphs_into_parts_that_keep_every_character():
    document = read_text("\n\n".join(f"{i} {PARAGRAPH}" for i in range(5000)), detect_title=False)
    parts, note = split_document(document)
    assert len(document.text) > 4 * MAX_DOCUMENT_CHARS and len(parts) == 5
    assert "".join(p.text for p in parts) == document.text  # nothing dropped
    assert all(len(p.text) <= MAX_DOCUMENT_CHARS for p in parts)
    assert all(p.text[:1].isdigit() for p in parts)  # each part starts at a paragraph
    assert [p.meta["part"] for p in parts] == [1, 2, 3, 4, 5]
    assert len({p.doc_id for p in parts}) == 5 and parts[0].doc_id.startswith(document.doc_id)
    for part in parts:
        assert all(0 <= s.start < s.end <= len(part.text) for s in part.paragraphs)
    assert note.startswith("[W150] document split into 5 parts")


def test_a_paragraph_longer_than_the_limit_is_cut_at_whitespace():
    document = read_text("word " * 50_000, detect_title=False)  # one 250,000-character paragraph
    parts, _ = split_document(document)
    assert "".join(p.text for p in parts) == document.text
    assert all(p.text.endswith(" ") for p in parts[:-1])


def test_a_short_document_is_not_split():
    document = read_text(PARAGRAPH)
    assert split_document(document) == ([document], None)


@pytest.fixture(scope="module")
def cutter():
    import whimbrel.nlp.sentence_limit  # noqa: F401  (registers the component)
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("whimbrel_sentence_limit")
    return nlp


def test_a_25000_word_run_on_sentence_is_cut_into_pieces_the_parser_can_take(cutter):
    doc = cutter("and the minister said that talks would go on, " * 2_500)  # 25,000 words, no full stop
    starts = [t.i for t in doc if t.is_sent_start] + [len(doc)]
    assert max(b - a for a, b in zip(starts, starts[1:])) <= MAX_SENTENCE_TOKENS
    assert all(doc[i - 1].text == "," for i in starts[1:-1])  # cut after a comma where one is near
    assert doc._.warnings and doc._.warnings[0].startswith("[W151]")


def test_ordinary_sentences_are_not_cut(cutter):
    doc = cutter(" ".join([PARAGRAPH] * 200))
    assert not doc._.warnings
    assert not any(t.is_sent_start for t in doc[1:])  # nothing set: the parser decides as before


def test_repeated_ids_within_a_document_are_made_unique():
    quotes = [Quote(quote_id="q1", doc_id="d", start=0, end=5, text="x", kind="direct", cue=None,
                    speaker=None) for _ in range(3)]
    ids = [q.quote_id for q in unique_ids(quotes, "quote_id")]
    assert ids[0] == "q1" and len(set(ids)) == 3


@Language.component("test_slow_on_marker")
def _slow_on_marker(doc):
    if "slowly" in doc.text:
        end = time.monotonic() + 30
        while time.monotonic() < end:  # Python steps, so the budget's signal lands here
            pass
    return doc


def test_a_document_over_its_time_budget_is_reported_and_the_others_are_coded():
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("test_slow_on_marker")
    coder = Coder(nlp, time_budget=0.5)
    texts = ["Talks went on.", "This one runs slowly.", "Talks ended."]
    coded = list(coder.code_many(read_text(t) for t in texts))
    assert [bool(c.errors) for c in coded] == [False, True, False]
    assert coded[1].errors[0].startswith("[E501] time budget of 0.5 s exceeded")


def test_non_english_text_gets_a_language_warning_and_english_none():
    french = ("Le président de la République a reçu hier à l'Élysée son homologue ukrainien pour "
              "évoquer la situation sur le front et les négociations en cours avec la Russie, "
              "selon un communiqué publié dans la soirée par les services de la présidence. ") * 3
    russian = "Президент России провёл переговоры с делегацией Украины в Стамбуле в пятницу. " * 8
    assert language_warning(french).startswith("[W152] language not supported")
    assert language_warning(russian).startswith("[W152]")
    assert language_warning(" ".join([PARAGRAPH] * 10)) is None


def test_german_news_gets_the_language_warning_too():
    german = ("Der Bundeskanzler traf sich gestern in Berlin mit dem ukrainischen Präsidenten, um über die "
              "Lage an der Front und die laufenden Verhandlungen mit Russland zu sprechen, teilte ein "
              "Sprecher am Abend mit. ") * 3
    assert language_warning(german).startswith("[W152]")
