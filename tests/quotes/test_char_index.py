"""CharIndex answers every offset question exactly as the walk over all tokens it replaces."""
import spacy

from whimbrel.quotes.extract import CharIndex, quote_marks

TEXT = ('The minister said: "We will not sign it," before leaving.\n'
        '“Talks go on” , the envoy added.  "Unclosed at the end')


def _doc():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(TEXT)


def test_lookups_equal_the_walks_they_replace():
    doc = _doc()
    index = CharIndex(doc)
    n = len(doc.text) + 2
    for a in range(-1, n):
        assert index.token_at(a) == doc[max(0, [t.idx <= a for t in doc].count(True) - 1)]
        sentence = next(k for k, s in enumerate(doc.sents) if s.start <= index.token_at(a).i < s.end)
        assert index.sentence_index(a) == sentence
        assert index.first_after(a, 4) == [t for t in doc if t.idx >= a][:4]
        assert index.last_before(a, 4) == [t for t in doc if t.idx + len(t) <= a][-4:]
        for b in range(-1, n):
            assert index.inside(a, b) == [t for t in doc if t.idx >= a and t.idx + len(t) <= b]
            assert index.starting_in(a, b) == [t for t in doc if a <= t.idx < b]


def _marks_by_walk(text):
    """quote_marks as it was written before it searched for the next mark."""
    spans, i = [], 0
    while i < len(text):
        if text[i] not in ('"', "“"):
            i += 1
            continue
        j = min((k for k in (text.find(c, i + 1) for c in ("”", '"')) if k >= 0), default=-1)
        para_end = text.find("\n", i + 1)
        para_end = len(text) if para_end < 0 else para_end
        end = j if 0 <= j <= para_end else para_end
        spans.append((i + 1, end))
        i = end + 1
    return spans


def test_quote_marks_equal_the_character_walk():
    for text in (TEXT, "", '"', 'a "b" c “d” e "f\ng" h', '““x”"', 'no marks at all'):
        assert quote_marks(text) == _marks_by_walk(text)
