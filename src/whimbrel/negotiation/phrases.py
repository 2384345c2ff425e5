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
from functools import lru_cache

from whimbrel.dedup.events import object_words

_END = re.compile(r"[;.:]|,\s+(?:[\w’'.-]+\s+){0,5}(?:said|added|told)\b|\baccording to\b|,\s*adding\b")
# list commas; "and" inside a chunk is split in the parse (`split_coordination`)
_SPLIT = re.compile(r",\s*(?:and\s+)?")
# a coordinated noun phrase with its own determiner is an item of its own ("a ceasefire and the
# release of prisoners"); bare coordinated nouns share their verb ("banning troops and weapons")
_DETERMINERS = ("det", "poss")
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
    chunks = [c for chunk in _SPLIT.split(parts[1] if listed else rest) for c in split_coordination(chunk)]
    for k, chunk in enumerate(chunks):
        chunk = chunk.strip(_QUOTES + " ,")
        if strip and k == 0 and not listed:
            chunk = _LEAD[strip].sub("", chunk, count=1)
        chunk = re.sub(r"^to\s+", "", chunk)
        words = [w.strip(_QUOTES) for w in chunk.split()[:max_words]]
        words = [w for w in words if w]
        if len(words) >= 2 or (len(words) == 1 and k > 0):
            out.extend(distribute_verb(" ".join(words)))
    return out


@lru_cache(maxsize=1)
def _parser():
    import spacy

    from whimbrel.nlp.pipeline import DEFAULT_MODEL
    return spacy.load(DEFAULT_MODEL, exclude=["ner"])


def split_coordination(chunk: str) -> list[str]:
    """The chunk cut before each "and" that coordinates two items in the parse: two verb phrases
    ("to withdraw its troops and to hold elections", "withdraw troops and recognise the border") or
    two noun phrases with their own determiners ("a ceasefire and the release of prisoners")."""
    if " and " not in f" {chunk} ":
        return [chunk]
    doc = _parser()(chunk)
    cuts = []
    for cc in (t for t in doc if t.dep_ == "cc" and t.lower_ == "and"):
        conj = next((c for c in cc.head.children if c.dep_ == "conj" and c.i > cc.i), None)
        if conj is None:
            continue
        verbs = conj.pos_ in ("VERB", "AUX") and cc.head.pos_ in ("VERB", "AUX")
        phrases = conj.pos_ == "NOUN" and cc.head.pos_ == "NOUN" and \
            all(any(c.dep_ in _DETERMINERS for c in t.children) for t in (cc.head, conj))
        if verbs or phrases:
            cuts.append(cc)
    if not cuts:
        return [chunk]
    bounds = [0] + [cc.idx for cc in cuts] + [len(chunk)]
    parts = [chunk[a:b] for a, b in zip(bounds, bounds[1:])]
    return [parts[0]] + [re.sub(r"^and\s+", "", p) for p in parts[1:]]


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
