"""The in-Doc form of an actor mention: a token range and the actor it resolved to."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace

from whimbrel.models import ActorMention, ActorRef

PERSON_KINDS = frozenset({"person"})
# days and months are never actors nor places ('Tuesday', 'In March': March is also an English town)
CALENDAR_WORDS = frozenset(w.lower() for w in [*calendar.day_name, *calendar.month_name] if w)


@dataclass(frozen=True)
class ActorSpan:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    text: str
    actor_id: str | None
    name: str | None
    country: str | None
    sector: str | None
    kind: str  # person, government, country, organisation, media, igo, group, nationality
    entity_type: str | None
    how: str  # dictionary, place, country, role, coref ...
    gender: str | None = None
    role: str | None = None

    @property
    def is_person(self) -> bool:
        return self.kind in PERSON_KINDS

    def covers(self, token_i: int) -> bool:
        return self.start <= token_i < self.end

    def as_ref(self) -> ActorRef:
        return ActorRef(text=self.text, name=self.name, country=self.country, sector=self.sector,
                        actor_id=self.actor_id, entity_type=self.entity_type, how=self.how)

    def as_record(self, doc_id: str) -> ActorMention:
        return ActorMention(doc_id=doc_id, start=self.start_char, end=self.end_char, text=self.text,
                            actor_id=self.actor_id, name=self.name, country=self.country,
                            sector=self.sector, entity_type=self.entity_type, how=self.how)

    def refer(self, span_like, how: str) -> "ActorSpan":
        """The same actor, mentioned by another span (a pronoun, a surname, a description)."""
        return replace(self, start=span_like.start, end=span_like.end,
                       start_char=span_like.start_char, end_char=span_like.end_char,
                       text=span_like.text, how=how)


def mention_at(mentions: list[ActorSpan], token_i: int) -> ActorSpan | None:
    """The mention covering a token, the shortest if several do."""
    hits = [m for m in mentions if m.covers(token_i)]
    return min(hits, key=lambda m: m.end - m.start) if hits else None
