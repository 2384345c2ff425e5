"""Doc annotations -> plain records (no spaCy objects leave this module)."""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from whimbrel.events.extract import EventCandidate
from whimbrel.actors.mentions import ActorSpan
from whimbrel.models import Actor, CodedDocument, Document, Event, Evidence, Quote


def stable_id(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def unique_ids(records: list, attribute: str) -> list:
    """Ids unique within the document by construction: the k-th repeat of an id (two quotes of one
    span, two events of one trigger and dyad) gets stable_id(id, k), the first keeps its id."""
    seen: set[str] = set()
    for record in records:
        base, k = getattr(record, attribute), 1
        while getattr(record, attribute) in seen:
            setattr(record, attribute, stable_id(base, k))
            k += 1
        seen.add(getattr(record, attribute))
    return records


def event_record(doc_id: str, candidate: EventCandidate) -> Event:
    trigger, sent = candidate.trigger, candidate.trigger.sent
    source = candidate.source.as_ref() if candidate.source else None
    target = candidate.target.as_ref() if candidate.target else None
    date = candidate.date
    return Event(
        event_id=stable_id(doc_id, trigger.idx, candidate.match.plover,
                           source and source.actor_id, target and target.actor_id),
        doc_id=doc_id, event_type=candidate.match.plover, source=source, target=target,
        evidence=Evidence(sentence=sent.text.strip(), start=sent.start_char, end=sent.end_char,
                          trigger=trigger.text, trigger_start=trigger.idx,
                          trigger_end=trigger.idx + len(trigger.text)),
        mode=candidate.match.mode or None, context=list(candidate.match.context),
        date=date.value if date else None, date_precision=date.precision if date else "none",
        location=candidate.location, modality=candidate.modality, condition=candidate.condition,
        attribution=candidate.attribution, factuality=candidate.factuality, confidence=round(candidate.confidence, 2),
        pattern="; ".join([candidate.match.pattern] + candidate.notes),
    )


def quote_records(doc_id: str, doc: Doc) -> list[Quote]:
    out = []
    for quote in doc._.quotes or []:
        span = quote.span
        speaker = quote.speaker.as_ref() if quote.speaker else None
        if speaker is not None and quote.speaker_text:
            speaker.text = quote.speaker_text
        out.append(Quote(quote_id=stable_id(doc_id, span.start, span.end), doc_id=doc_id,
                         start=span.start, end=span.end, text=span.text, kind=span.kind,
                         cue=span.cue, speaker=speaker))
    return out


def actor_records(mentions: list[ActorSpan]) -> list[Actor]:
    """One Actor per resolved actor_id mentioned in the document (the store upserts them)."""
    actors: dict[str, Actor] = {}
    for m in mentions:
        if m.actor_id and m.actor_id not in actors and m.kind != "nationality":
            actors[m.actor_id] = Actor(actor_id=m.actor_id, name=m.name or m.text, country=m.country,
                                       sector=m.sector, role=m.role, source=m.how)
    return list(actors.values())


def coded_document(document: Document, doc: Doc) -> CodedDocument:
    doc_id = document.doc_id
    return CodedDocument(
        document=document,
        mentions=[m.as_record(doc_id) for m in doc._.actor_mentions or []],
        events=unique_ids([event_record(doc_id, c) for c in doc._.events or []], "event_id"),
        quotes=unique_ids(quote_records(doc_id, doc), "quote_id"),
        dates=[value for value, _root in doc._.dates or []],
        actors=actor_records(doc._.actor_mentions or []),
        errors=list(doc._.errors or []),
        warnings=list(doc._.warnings or []),
    )
