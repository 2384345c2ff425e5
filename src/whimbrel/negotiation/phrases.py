"""What an item is about, as short phrases: the clauses after a trigger, one per coordinated thing.

>>> clauses("agreed to exchange their ceasefire proposals and to discuss a follow-up meeting, he said")
['exchange their ceasefire proposals', 'discuss a follow-up meeting']
>>> clauses("set out a list of conditions including neutral status, banning foreign troops")
['neutral status', 'banning foreign troops']
>>> clauses("set out conditions including banning foreign troops and nuclear weapons from its territory")
['banning foreign troops from its territory', 'banning nuclear weapons from its territory']
>>> same_thing("exchange their ceasefire proposals", "exchange the list of ceasefire terms")
True
>>> same_thing("exchange their ceasefire proposals", "a major prisoner exchange")
False
"""
from __future__ import annotations

import re

from whimbrel.dedup.events import object_words

_END = re.compile(r"[;.:]|,\s+(?:[\w’'.-]+\s+){0,5}(?:said|added|told)\b|\baccording to\b|,\s*adding\b")
# list commas, "including", and "and" before a new infinitive or gerund complement
_SPLIT = re.compile(r",\s*(?:and\s+)?|\band (?=to |de-facto |recogni|ban|withdraw)")
_CONTAINER = re.compile(r"\bincluding\b|\bsuch as\b")
# the trigger and its particle: "agreed to / on / that" (what was agreed), "demanded that" (what was asked)
_LEAD = {"agree": re.compile(r"^[\w-]+\s+(?:to|on|upon|that)\s+", re.I),
         "that": re.compile(r"^[\w-]+\s+that\s+", re.I)}
_QUOTES = " “”\"'‘’"
MAX_WORDS = 14
# a gerund over two short coordinated objects, with an optional shared tail: "banning X and Y from Z"
_SHARED_VERB = re.compile(r"^(\w+ing)\s+((?:[\w-]+\s+){0,2}[\w-]+)\s+and\s+((?:[\w-]+\s+){0,2}?[\w-]+)"
                          r"((?:\s+(?:from|in|on|to)\s+.*)?)$")


def clauses(text: str, strip: str | None = "agree", max_words: int = MAX_WORDS) -> list[str]:
    """The coordinated things a clause starting at a trigger names, in order.

    A container phrase before "including" ("set out a list of conditions including ...") is dropped
    when the list after it is there. `strip`: "agree" drops the trigger and its particle ("agreed
    to"), "that" only a trigger before "that" ("demanded that"), None keeps it ("refused to ...").
    """
    rest = _END.split(text)[0]
    parts = _CONTAINER.split(rest, maxsplit=1)
    listed = len(parts) == 2 and parts[1].strip()
    out: list[str] = []
    for k, chunk in enumerate(_SPLIT.split(parts[1] if listed else rest)):
        chunk = chunk.strip(_QUOTES + " ,")
        if strip and k == 0 and not listed:
            chunk = _LEAD[strip].sub("", chunk, count=1)
        chunk = re.sub(r"^to\s+", "", chunk)
        words = [w.strip(_QUOTES) for w in chunk.split()[:max_words]]
        words = [w for w in words if w]
        if len(words) >= 2 or (len(words) == 1 and k > 0):
            out.extend(distribute_verb(" ".join(words)))
    return out


def distribute_verb(chunk: str) -> list[str]:
    """One item per coordinated object of a gerund: "banning X and Y from Z" names two things."""
    m = _SHARED_VERB.match(chunk)
    if not m or any(w.endswith("ing") for w in m.group(3).split()):
        return [chunk]
    verb, first, second, tail = m.groups()
    return [f"{verb} {first}{tail}", f"{verb} {second}{tail}"]


def drop_contained(items: list[str]) -> list[str]:
    """Items without those that contain another item ("insisted that X" when "X" is there)."""
    norm = [re.sub(r"[^\w\s]", "", x.lower()).strip() for x in items]
    return [x for x, n in zip(items, norm) if not any(o != n and o and o in n for o in norm)]


def stems(text: str) -> set[str]:
    return object_words({"evidence": {"sentence": text, "start": 0}}, window=12)


def same_thing(a: str, b: str) -> bool:
    """Two phrases name the same thing: at least two shared content stems and Jaccard >= 0.25."""
    x, y = stems(a), stems(b)
    return len(x & y) >= 2 and len(x & y) / len(x | y) >= 0.25
