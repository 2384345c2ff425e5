"""name_spans cuts candidate names from the document's text: the same spans as building each one."""
from whimbrel.places.gazetteer import load_gazetteer
from whimbrel.places.resolve import MAX_NAME_TOKENS, NOT_PLACE_ENTS, is_name, name_spans

TEXTS = ["Talks in Istanbul, Turkey, and later in the Strait of Hormuz ended; New York-based "
         "diplomats flew to Abu Dhabi and on to Kursk region.",
         "The West Bank and Gaza. Paris, Texas is not Paris. Mr. Jordan met officials in Chad on Monday.",
         ""]


def by_span(doc, gazetteer):
    """name_spans as written before: each candidate built as a Span."""
    out, i = [], 0
    while i < len(doc):
        hit = None
        if doc[i].text[:1].isupper() and doc[i].ent_type_ not in NOT_PLACE_ENTS:
            for n in range(min(MAX_NAME_TOKENS, len(doc) - i), 0, -1):
                span = doc[i:i + n]
                if span[-1].is_alpha and span.text in gazetteer and is_name(span, gazetteer):
                    hit = span
                    break
        if hit is not None:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


def test_name_spans_equal_the_span_by_span_scan(nlp_sm):
    gazetteer = load_gazetteer()
    for text in TEXTS:
        doc = nlp_sm(text)
        found = list(name_spans(doc, gazetteer))
        assert [(s.start, s.end) for s in found] == [(s.start, s.end) for s in by_span(doc, gazetteer)]
    assert [s.text for s in name_spans(nlp_sm(TEXTS[0]), gazetteer)][:2] == ["Istanbul", "Turkey"]
