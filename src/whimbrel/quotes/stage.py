"""Stage: quotes with their speakers resolved to actors (through the document's coreference)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from whimbrel.actors.mentions import ActorSpan, mention_at
from whimbrel.nlp.extensions import register_extensions
from whimbrel.quotes.extract import QuoteSpan, extract_quotes


@dataclass
class ResolvedQuote:
    span: QuoteSpan
    speaker: ActorSpan | None
    speaker_text: str | None


def speaker_of(doc: Doc, quote: QuoteSpan, mentions: list[ActorSpan]) -> tuple[ActorSpan | None, str | None]:
    """The actor of the speaker expression: its root token's mention, else any mention inside it."""
    if quote.speaker_tokens is None:
        return None, None
    start, end = quote.speaker_tokens
    phrase = doc[start:end]
    mention = mention_at(mentions, phrase.root.i)
    if mention is None:
        inside = [m for m in mentions if start <= m.start and m.end <= end and m.kind != "nationality"]
        people = [m for m in inside if m.is_person]
        mention = (people or inside or [None])[-1]
    return mention, phrase.text


class QuoteFinder:
    """spaCy component: doc._.quotes = ResolvedQuotes in text order."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actor_mentions or []
        resolved = []
        for quote in extract_quotes(doc):
            speaker, text = speaker_of(doc, quote, mentions)
            resolved.append(ResolvedQuote(quote, speaker, text))
        doc._.quotes = resolved
        return doc


@Language.factory("whimbrel_quotes", assigns=["doc._.quotes"], requires=["doc._.actor_mentions"])
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)
