"""Quote and speaker extraction: the sample article and one sentence per quote shape."""
import json

import pytest

from tests.conftest import SAMPLE_GOLD, SAMPLE_TEXT
from whimbrel.quotes.extract import extract_quotes, quote_marks


def _norm(text):
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return text.strip(" ,.;:\"'\n")


def _speaker(doc, quote):
    if quote.speaker_tokens is None:
        return None
    start, end = quote.speaker_tokens
    return doc[start:end].text


def test_extract_quotes_sample_matches_gold(nlp_sm):
    doc = nlp_sm(SAMPLE_TEXT.read_text(encoding="utf-8"))
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    mentions = {a["name"]: {_norm(m) for m in a["mentions"]} for a in gold["actors"]}
    quotes = extract_quotes(doc)
    found = 0
    for g in gold["quotes"]:
        for q in quotes:
            if q.kind == g["kind"] and _norm(q.text) == _norm(g["text"]) \
                    and _norm(_speaker(doc, q) or "") in mentions[g["speaker"]]:
                found += 1
                break
    assert found >= 12, found


def test_quote_marks_pairs_straight_and_curly():
    text = 'He said "yes" and “no”.'
    assert [text[s:e] for s, e in quote_marks(text)] == ["yes", "no"]


@pytest.mark.parametrize("text,quote,cue,speaker", [
    ("“We will not retreat,” the general said.", "We will not retreat,", "said", "the general"),
    ('The minister said: "The border is closed."', "The border is closed.", "said", "The minister"),
    ("“The talks failed. We will try again,” said Foreign Minister Ana Costa.",
     "The talks failed. We will try again,", "said", "Foreign Minister Ana Costa"),
    ("The president called the vote “a farce” on Monday.", "a farce", "called", "The president"),
])
def test_extract_direct_quote_shapes(nlp_sm, text, quote, cue, speaker):
    doc = nlp_sm(text)
    direct = [q for q in extract_quotes(doc) if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert (q.text, q.cue, _speaker(doc, q)) == (quote, cue, speaker)
    assert doc.text[q.start:q.end] == q.text


def test_extract_direct_quote_broken_by_said(nlp_sm):
    doc = nlp_sm("“We are ready,” he said, “but only after the vote.”")
    direct = [q for q in extract_quotes(doc) if q.kind == "direct"]
    assert [q.text for q in direct] == ["We are ready,", "but only after the vote."]
    assert all(_speaker(doc, q) == "he" for q in direct)


@pytest.mark.parametrize("text,content,cue,speaker", [
    ("The envoy said that the army had left the town.", "the army had left the town",
     "said", "The envoy"),
    ("Reuters reported that the rebels seized the airport.", "the rebels seized the airport",
     "reported", "Reuters"),
    ("According to the agency, the rebels seized the airport.", "the rebels seized the airport",
     "According to", "the agency"),
    ("Speaking to reporters, Peskov said the talks were useful.", "the talks were useful",
     "said", "Peskov"),
    ("The army withdrew, he said, adding that the talks would resume.",
     "the talks would resume", "adding", "he"),
])
def test_extract_indirect_quote_shapes(nlp_sm, text, content, cue, speaker):
    doc = nlp_sm(text)
    matches = [q for q in extract_quotes(doc) if q.kind == "indirect" and q.text == content]
    assert matches, [q.text for q in extract_quotes(doc)]
    q = matches[0]
    assert (q.cue, _speaker(doc, q)) == (cue, speaker)
    assert q.content_root is not None and doc[q.content_root].text in content


def test_a_quote_opened_straight_and_closed_curly_ends_at_its_own_close():
    text = '"We will rebuild,” the mayor said. The river rose again. “It is over,” he said.'
    assert [text[s:e] for s, e in quote_marks(text)] == ["We will rebuild,", "It is over,"]


def test_an_inverted_name_after_a_closing_mark_is_the_speaker(nlp_sm):
    from whimbrel.quotes.extract import _inverted_speaker

    doc = nlp_sm("“It is tender,” said Kristian, who prefers it cooked as a soup.")
    cue = next(t for t in doc if t.text == "said")
    close = doc.text.index("”")
    assert _inverted_speaker(cue, close) == (cue.i + 1, cue.i + 2)
    before = nlp_sm("Leavitt called the remarks “egregious and insulting.”")
    called = next(t for t in before if t.text == "called")
    assert _inverted_speaker(called, before.text.index("”")) is None   # the cue precedes the quote


def test_speaker_is_the_subject_nearest_the_cue_when_the_parser_gives_two(nlp_sm):
    """A clause has one subject: when the parse hangs a word of the quotation on the cue as a
    second subject, the sayer is the subject next to the verb (session 16)."""
    from spacy.tokens import Doc

    from whimbrel.quotes.extract import _speaker
    words = ["“", "Bridges", "fell", ",", "”", "Mayor", "Achieng", "wrote", "."]
    heads = [7, 7, 7, 7, 7, 6, 7, 7, 7]
    deps = ["punct", "nsubj", "ccomp", "punct", "punct", "compound", "nsubj", "ROOT", "punct"]
    pos = ["PUNCT", "NOUN", "VERB", "PUNCT", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = Doc(nlp_sm.vocab, words=words, heads=heads, deps=deps, pos=pos,
              lemmas=["“", "bridge", "fall", ",", "”", "Mayor", "Achieng", "write", "."])
    assert _speaker(doc[7]) == (5, 7)
