"""Surnames and short names within a document: one person, one code.

News names a person in full once ("Jose Ruben Zamora, founder of a newspaper") and by surname
after ("Zamora said ..."); the title or apposition that tells the person's country and sector
may come with either. Person mentions that share a surname, when the document gives that
surname only one full name, are one person: every mention takes the code of the most
informative one. Dictionary people are authoritative and never overwritten, except a bare
surname the dictionary matched to someone other than the document's full name. Two different full
names with the same surname ("David Gee", "Albert Gee") leave the bare surname alone.
"""
from __future__ import annotations

from dataclasses import replace

from whimbrel.actors.mentions import ActorSpan

POSSESSIVE = ("'s", "’s", "'", "’")
# countries whose people English news names family name first and shortens to it ("Kim Jong Un"
# -> "Kim", "Xi Jinping" -> "Xi", "Yoon Suk Yeol" -> "Yoon"); Vietnamese and Japanese names are
# shortened to their last word, as elsewhere
FAMILY_FIRST = {"CHN", "PRK", "KOR", "TWN", "HKG", "MAC"}


def _words(text: str) -> list[str]:
    for end in POSSESSIVE:
        if text.endswith(end):
            text = text[: -len(end)]
            break
    return text.replace("-", " ").lower().split()


def _informative(m: ActorSpan) -> int:
    """How much of a code the mention gives; an IGO's official has no country but a whole code
    ('IGO'), so a bare surname the document's country was guessed for does not outrank it."""
    return (m.country is not None or m.sector == "IGO") + (m.sector is not None)


def _story_default(m: ActorSpan) -> bool:
    """A country the story gave the person (`nominals.home_officials`: low confidence), not the text."""
    return m.country is not None and m.confidence == "low"


def _said(m: ActorSpan) -> bool:
    return m.country is not None and not _story_default(m)


def _with_said_country(top: ActorSpan, group: list[ActorSpan]) -> ActorSpan:
    """A country the text says of the person anywhere ('Brenner, who is Latvian') beats the story's
    default on the most informative mention: a foreigner in a story about Iran is not Iranian."""
    said = next((m for m in group if _said(m)), None)
    if said is None or not _story_default(top):
        return top
    return replace(top, country=said.country, confidence=said.level)


def _merged(top: ActorSpan, group: list[ActorSpan]) -> ActorSpan:
    """One person, one code from all their mentions: the country the text says, else the story's
    (low confidence); a sector any mention gives fills an empty one ('prominent journalist Jose
    Ruiz' then 'Ruiz', whom the story placed: the journalist is the story's person)."""
    top = _with_said_country(top, group)
    if top.how == "dictionary" or top.sector == "IGO":
        return top
    if top.sector is None:
        top = replace(top, sector=next((m.sector for m in group if m.sector and m.sector != "IGO"), None))
    if top.country is None:
        placed = next((m for m in group if m.country), None)
        top = replace(top, country=placed.country, confidence=placed.level) if placed else top
    return top


def _name_words(m: ActorSpan) -> list[str]:
    """The name as the text gives it; a dictionary person named in full by their canonical name."""
    text_words = _words(m.text)
    return _words(m.name) if m.how == "dictionary" and len(text_words) > 1 and m.name else text_words


def _guessed(m: ActorSpan, full: str) -> bool:
    """A one-word dictionary hit whose dictionary person is not the document's full name."""
    return (m.how == "dictionary" and len(_words(m.text)) == 1
            and " ".join(_words(m.name or "")) != full)


def family_name(m: ActorSpan, words: list[str]) -> str:
    return words[0] if m.country in FAMILY_FIRST and len(words) > 1 else words[-1]


def longest_names(names: set[str]) -> set[str]:
    """Full names less those that end another one: 'al bunni' and 'canos donnay' (a surname with a
    particle or a hyphen) are 'Anwar al-Bunni' and 'Sirio Canos-Donnay' shortened, not other people."""
    return {n for n in names if not any(o != n and o.endswith(" " + n) for o in names)}


def same_person_mentions(mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Mentions with the people who share one full name coded alike (how='name' when changed)."""
    people = [m for m in mentions if m.is_person and m.how in ("ner", "role", "dictionary")]
    by_surname: dict[str, list[ActorSpan]] = {}
    for m in people:
        words = _name_words(m)
        if words:
            by_surname.setdefault(family_name(m, words), []).append(m)
    best: dict[int, ActorSpan] = {}
    for group in by_surname.values():
        full_names = longest_names({" ".join(_name_words(m)) for m in group if len(_name_words(m)) > 1})
        if len(full_names) != 1:
            continue
        full = full_names.pop()
        # a dictionary hit on a bare surname ("Mahmoud") is a guess when the document's only
        # full name with that surname ("Alfatih Mahmoud") is someone the dictionary lacks
        sure = [m for m in group if not _guessed(m, full)]
        if not sure:
            continue
        top = _merged(max(sure, key=lambda m: (m.how == "dictionary", _informative(m), -m.start)), sure)
        if _informative(top) == 0:
            continue
        for m in group:
            if _guessed(m, full) or (m.how != "dictionary" and (_informative(m) < _informative(top)
                                                                or _story_default(m) and _said(top))):
                best[id(m)] = top
    return [best[id(m)].refer(m, how="name") if id(m) in best else m for m in mentions]
