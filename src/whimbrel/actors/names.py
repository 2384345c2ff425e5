"""Surnames and short names within a document: one person, one code.

News names a person in full once ("Jose Ruben Zamora, founder of a newspaper") and by surname
after ("Zamora said ..."); the title or apposition that tells the person's country and sector
may come with either. Person mentions that share a surname, when the document gives that
surname only one full name, are one person: every mention takes the code of the most
informative one. Dictionary people are authoritative and never overwritten. Two different full
names with the same surname ("David Gee", "Albert Gee") leave the bare surname alone.
"""
from __future__ import annotations

from whimbrel.actors.mentions import ActorSpan

POSSESSIVE = ("'s", "’s", "'", "’")


def _words(text: str) -> list[str]:
    for end in POSSESSIVE:
        if text.endswith(end):
            text = text[: -len(end)]
            break
    return text.replace("-", " ").lower().split()


def _informative(m: ActorSpan) -> int:
    return (m.country is not None) + (m.sector is not None)


def same_person_mentions(mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Mentions with the people who share one full name coded alike (how='name' when changed)."""
    people = [m for m in mentions if m.is_person and m.how in ("ner", "role", "dictionary")]
    by_surname: dict[str, list[ActorSpan]] = {}
    for m in people:
        words = _words(m.name or m.text)
        if words:
            by_surname.setdefault(words[-1], []).append(m)
    best: dict[int, ActorSpan] = {}
    for group in by_surname.values():
        full_names = {" ".join(_words(m.name or m.text)) for m in group if len(_words(m.name or m.text)) > 1}
        if len(full_names) != 1:
            continue
        top = max(group, key=lambda m: (m.how == "dictionary", _informative(m), -m.start))
        if _informative(top) == 0:
            continue
        for m in group:
            if m.how != "dictionary" and _informative(m) < _informative(top):
                best[id(m)] = top
    return [best[id(m)].refer(m, how="name") if id(m) in best else m for m in mentions]
