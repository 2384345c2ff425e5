"""Stage: sentence boundaries at line breaks, so a headline or a paragraph never runs into the next.

Runs before the parser; the parser respects sentence starts that are already set.
"""
import re
from bisect import bisect_left

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAK = re.compile(r"\n\s*")


@Language.component("whimbrel_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Mark the first token after any line break as a sentence start."""
    text = doc.text   # Doc.text joins every token's text again on each access
    if "\n" not in text:
        return doc
    starts = doc.to_array([IDX]).tolist()  # token start offsets, without building Token objects
    for match in LINE_BREAK.finditer(text):
        i = bisect_left(starts, match.end())
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc
