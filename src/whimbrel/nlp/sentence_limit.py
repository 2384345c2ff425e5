"""Stage: cut run-on sentences before the parser, so one 25,000-word "sentence" cannot take minutes
and gigabytes (or a batch) down.

A stretch of more than MAX_SENTENCE_TOKENS tokens with no sentence start already set (line breaks,
whimbrel_paragraphs) and no full stop, question or exclamation mark gets a sentence start at its last
comma, semicolon or colon within the final CUT_WINDOW tokens, else at the limit itself. The parser
respects sentence starts that are already set. The doc gets a [W151] warning saying how many cuts.
"""
from spacy.attrs import IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# The longest sentence the parser finds in the 73 bundled VOA stories (data/bench) is 80 tokens;
# 250 leaves real news untouched and keeps the parse of a run-on text linear in its length
MAX_SENTENCE_TOKENS = 250
CUT_WINDOW = 50
_ENDS = {".", "!", "?"}
_SOFT = {",", ";", ":"}


@Language.component("whimbrel_sentence_limit")
def limit_sentences(doc: Doc) -> Doc:
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return doc
    cuts = long_sentence_cuts(doc)
    for i in cuts:
        doc[i].is_sent_start = True
    if cuts:
        doc._.warnings = (doc._.warnings or []) + [
            f"[W151] {len(cuts)} sentence cut(s): runs of more than {MAX_SENTENCE_TOKENS} tokens without "
            "a sentence end were cut at a comma or at the limit (events across a cut are lost)"]
    return doc


def long_sentence_cuts(doc: Doc) -> list[int]:
    """Token indices where a new sentence must start so that no run exceeds the limit."""
    starts = doc.to_array([SENT_START]).tolist()  # 1 start, -1 not, 0 not yet known
    orth = [t.text for t in doc]
    punct = doc.to_array([IS_PUNCT]).tolist()
    cuts, run_start, soft = [], 0, None
    for i in range(len(doc)):
        if starts[i] == 1 or (i > 0 and orth[i - 1] in _ENDS):
            run_start, soft = i, None
        if punct[i] and orth[i] in _SOFT:
            soft = i + 1
        if i - run_start >= MAX_SENTENCE_TOKENS:
            cut = soft if soft is not None and soft > i - CUT_WINDOW and soft > run_start else i
            cuts.append(cut)
            run_start, soft = cut, None
    return cuts
