"""Stage: sentence boundaries at line breaks, so a headline or a paragraph never runs into the next.

Runs before the parser; the parser respects sentence starts that are already set.
"""
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("whimbrel_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Mark the first token after any newline as a sentence start."""
    after_break = False
    for token in doc:
        has_break = "\n" in token.text or "\n" in token.whitespace_
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if has_break:
            after_break = True
        elif token.i > 0 and not token.is_space:
            after_break = False
    return doc
