"""The in-Doc form of an actor mention: a token range and the actor it resolved to."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from whimbrel.models import ActorMention, ActorRef

PERSON_KINDS = frozenset({"person"})
# days and months are never actors nor places ('Tuesday', 'In March': March is also an English town)
CALENDAR_WORDS = frozenset(w.lower() for w in [*calendar.day_name, *calendar.month_name] if w)
LEVELS = ("low", "medium", "high")


class ConfidenceTableError(ValueError):
    """data/actors/confidence.yaml is not a mapping of rule names to low / medium / high."""


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, str]:
    """how -> confidence level (data/actors/confidence.yaml)."""
    path = resources.files("whimbrel") / "data" / "actors" / "confidence.yaml"
    table = yaml.safe_load(path.read_text(encoding="utf-8"))
    bad = [k for k, v in (table.items() if isinstance(table, dict) else []) if v not in LEVELS]
    if not isinstance(table, dict) or bad:
        raise ConfidenceTableError(f"[C710] {path}: each rule needs one of {', '.join(LEVELS)}; "
                                   f"{'not a mapping' if not isinstance(table, dict) else 'bad: ' + ', '.join(bad)}")
    return table


def actor_country(ref: Any) -> str | None:
    """The country of an actor as the event corpus codes it: international organisations are IGO."""
    if ref is None:
        return None
    if getattr(ref, "sector", None) == "IGO" or getattr(ref, "kind", None) == "igo":
        return "IGO"
    return getattr(ref, "country", None) or None


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
    confidence: str | None = None  # set when the rule's own level does not hold (a story default)

    @property
    def is_person(self) -> bool:
        return self.kind in PERSON_KINDS

    @property
    def level(self) -> str:
        """How sure the country is: low when there is none (say unknown), else the rule's level
        (data/actors/confidence.yaml) or the level set on the mention."""
        if self.country is None and self.sector != "IGO":
            return "low"
        return self.confidence or confidence_table().get(self.how, "low")

    def covers(self, token_i: int) -> bool:
        return self.start <= token_i < self.end

    def as_ref(self) -> ActorRef:
        return ActorRef(text=self.text, name=self.name, country=self.country, sector=self.sector,
                        actor_id=self.actor_id, entity_type=self.entity_type, how=self.how,
                        confidence=self.level)

    def as_record(self, doc_id: str) -> ActorMention:
        return ActorMention(doc_id=doc_id, start=self.start_char, end=self.end_char, text=self.text,
                            actor_id=self.actor_id, name=self.name, country=self.country,
                            sector=self.sector, entity_type=self.entity_type, how=self.how,
                            confidence=self.level)

    def refer(self, span_like, how: str) -> "ActorSpan":
        """The same actor, mentioned by another span (a pronoun, a surname, a description): as sure
        as the antecedent, and a pronoun or description at most medium."""
        level = self.level if how != "coref" else min(self.level, "medium", key=LEVELS.index)
        return replace(self, start=span_like.start, end=span_like.end,
                       start_char=span_like.start_char, end_char=span_like.end_char,
                       text=span_like.text, how=how, confidence=level)


def head_noun(mention: ActorSpan, doc):
    """The noun a mention names: its last word, or the noun that word modifies ('Japan's foreign
    ministry' -> 'ministry', 'the Philippine government' -> 'government')."""
    last = doc[mention.end - 1]
    if last.dep_ in ("poss", "amod", "compound", "case") and last.head.i > last.i:
        return last.head
    return last


def same_head_before(token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'Japan's foreign ministry ... the ministry', 'the Philippine government ... the
    government': earlier non-person mentions whose own name or noun is the definite noun's word,
    the strongest evidence a bare 'the N' has of whom it means."""
    word = token.lemma_.lower()
    return [m for m in mentions if not m.is_person and m.end <= token.left_edge.i
            and (word in (m.name or "").lower().replace("-", " ").split()
                 or head_noun(m, token.doc).lemma_.lower() == word)]


def title_bodies(token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'a State Department spokesperson reaffirmed ... the spokesperson added': earlier bodies named
    with the title as their noun and no person's name on it ('Taliban spokesperson X' names X,
    whose own rules code 'the spokesperson')."""
    doc = token.doc
    if any(c.dep_ != "det" for c in token.children if c.i < token.i):
        return []  # "the military spokesperson": a modifier may make it another body's
    out = []
    for m in same_head_before(token, mentions):
        title = head_noun(m, doc)
        named = [title.head] if title.dep_ == "compound" else []
        named += [c for c in title.children if c.dep_ == "appos"]
        if not any(p.is_person and p.covers(w.i) for w in named for p in mentions):
            out.append(m)
    return out


def covered_tokens(mentions: list[ActorSpan]) -> set[int]:
    """The tokens some mention covers: `i in covered_tokens(ms)` is `mention_at(ms, i) is not None`
    without a scan of every mention (for loops over all of a document's tokens)."""
    return {i for m in mentions for i in range(m.start, m.end)}


def mention_at(mentions: list[ActorSpan], token_i: int) -> ActorSpan | None:
    """The mention covering a token, the shortest if several do."""
    hits = [m for m in mentions if m.covers(token_i)]
    return min(hits, key=lambda m: m.end - m.start) if hits else None
