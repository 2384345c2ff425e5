"""Typed records shared by every stage: plain dataclasses, no spaCy objects.

Offsets (`start`, `end`) are always character offsets into `Document.text`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MODALITIES = (
    "asserted", "negated", "possible", "conditional", "intended",
    "requested", "proposed", "reported", "hypothetical",
)

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class Span:
    """A character range of the document text."""

    start: int
    end: int


@dataclass
class Document:
    """One ingested article. `text` is the original text; title and paragraphs are spans of it."""

    doc_id: str
    text: str
    title: Span | None = None
    paragraphs: list[Span] = field(default_factory=list)
    pub_date: date | None = None
    outlet: str | None = None
    url: str | None = None
    source_path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def title_text(self) -> str | None:
        return self.text[self.title.start:self.title.end] if self.title else None


@dataclass
class Actor:
    """A canonical actor: a person, an organisation or a country's government."""

    actor_id: str
    name: str
    country: str | None
    sector: str | None
    role: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str | None = None  # which dictionary or rule produced it


@dataclass
class ActorRef:
    """An actor as it appears in one event or quote: the text and what it resolved to."""

    text: str
    name: str | None
    country: str | None
    sector: str | None
    actor_id: str | None = None
    entity_type: str | None = None  # PERSON, ORG, GPE, NORP ...
    how: str | None = None  # what placed it: dictionary, title, role, employer, city, home, coref ...
    confidence: str | None = None  # high / medium / low: how sure the country is (actors.mentions)


@dataclass
class ActorMention:
    doc_id: str
    start: int
    end: int
    text: str
    actor_id: str | None
    name: str | None
    country: str | None
    sector: str | None
    entity_type: str | None
    how: str  # dictionary, role, metonymy, coref, nationality ...
    confidence: str | None = None  # high / medium / low: how sure the country is (actors.mentions)


@dataclass
class Evidence:
    sentence: str
    start: int  # sentence start in the document text
    end: int
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass
class Attribution:
    speaker: str | None
    kind: str  # direct, indirect, media
    quote: str | None = None
    speaker_country: str | None = None


@dataclass
class Quote:
    quote_id: str
    doc_id: str
    start: int
    end: int
    text: str
    kind: str  # direct | indirect
    cue: str | None
    speaker: ActorRef | None


@dataclass
class DateValue:
    text: str
    start: int
    end: int
    value: str | None  # ISO date, "YYYY-MM", "YYYY", or "before:YYYY-MM-DD"
    precision: str  # day, month, year, before, none


@dataclass
class Event:
    event_id: str
    doc_id: str
    event_type: str
    source: ActorRef | None
    target: ActorRef | None
    evidence: Evidence
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str = "none"
    location: dict[str, Any] | None = None
    modality: str = "asserted"
    condition: str | None = None
    attribution: Attribution | None = None
    factuality: float | None = None  # -3 (did not happen) .. 3 (happened), from the factuality model
    confidence: float = 0.5
    pattern: str | None = None  # which lexicon entry fired, for audit

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)


@dataclass
class CodedDocument:
    """Everything the pipeline found in one document."""

    document: Document
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # stage failures; the document is not stored
    warnings: list[str] = field(default_factory=list)  # what a limit cut; the document is stored


def to_plain(obj: Any) -> Any:
    """Dataclasses, dates and lists -> JSON-ready dicts, lists and strings."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj
