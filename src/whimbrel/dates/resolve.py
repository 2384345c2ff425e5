"""Stage: date expressions -> dates with a precision, relative to the publication date.

dateparser is used only on an explicit expression; weekdays and relative phrases follow our own
rule: in a past clause a weekday is the most recent such day on or before publication ("on Friday"
in a Saturday article = the day before), in a future or modal clause the next one.
"""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta

import dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whimbrel.models import DateValue
from whimbrel.nlp.extensions import register_extensions

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
FUTURE_AUX = {"will", "shall", "could", "may", "might", "would", "can"}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
PARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


def clause_is_future(token: Token) -> bool:
    """True when the clause that holds the date is future or modal ('could come as soon as Monday')."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & FUTURE_AUX) or verb.tag_ == "VBG" and "going" in auxes


def resolve_weekday(weekday: int, pub: date, future: bool) -> date:
    if future:
        return pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)


def resolve_relative(text: str, pub: date, future: bool) -> tuple[str | None, str] | None:
    lower = text.lower()
    for i, name in enumerate(WEEKDAYS):
        if name in lower:
            return resolve_weekday(i, pub, future).isoformat(), "day"
    simple = {"today": (pub, "day"), "yesterday": (pub - timedelta(days=1), "day"),
              "tomorrow": (pub + timedelta(days=1), "day")}
    for word, (value, precision) in simple.items():
        if word in lower:
            return value.isoformat(), precision
    if "last year" in lower:
        return str(pub.year - 1), "year"
    if "this year" in lower:
        return str(pub.year), "year"
    if "next year" in lower:
        return str(pub.year + 1), "year"
    if "earlier this month" in lower or "this month" in lower:
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    return None


@functools.lru_cache(maxsize=8192)  # dateparser is slow and the same expressions recur
def resolve_expression(text: str, pub: date | None, future: bool) -> tuple[str | None, str]:
    """(value, precision) for one date expression."""
    if pub is not None:
        relative = resolve_relative(text, pub, future)
        if relative is not None:
            return relative
    bare = text.strip()
    if YEAR.fullmatch(bare) or re.fullmatch(r"(since|in|by|until) (1[89]\d\d|20\d\d)", bare.lower()):
        return YEAR.search(bare).group(1), "year"
    settings = dict(PARSER_SETTINGS)
    if pub is not None:
        from datetime import datetime
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    parsed = dateparser.parse(bare, languages=["en"], settings=settings)
    if parsed is None:
        return None, "none"
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", bare.replace(str(parsed.year), "")))
    if has_day or "ago" in bare.lower():
        return parsed.date().isoformat(), "day"
    if re.search(r"[A-Za-z]{3,}", bare) and not YEAR.fullmatch(bare):
        return f"{parsed.year:04d}-{parsed.month:02d}", "month"
    return str(parsed.year), "year"


def date_expression(ent: Span) -> Span:
    """Include a governing 'on'/'since'/'in' so the stored text reads as written ('on Saturday')."""
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.dep_ == "prep" and head.i == ent.start - 1:
        return ent.doc[head.i:ent.end]
    return ent


def find_dates(doc: Doc) -> list[tuple[DateValue, Token]]:
    pub = doc._.pub_date
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        expression = date_expression(ent)
        value, precision = resolve_expression(ent.text, pub, clause_is_future(ent.root))
        out.append((DateValue(text=expression.text, start=expression.start_char,
                              end=expression.end_char, value=value, precision=precision),
                    expression.root))
    return out


RANGE_WORDS = ("since", "until", "till", "by", "from")


def date_of_clause(trigger: Token, dates: list[tuple[DateValue, Token]]) -> DateValue | None:
    """The date expression attached to the trigger's clause (not one of a clause around it).

    A range boundary ("since 2022", "until May") is not the date the event happened.
    """
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    for value, root in dates:
        if value.text.lower().startswith(RANGE_WORDS):
            continue
        node = root
        for _ in range(3):
            node = node.head
            if node in (trigger, clause):
                return value
            if node.pos_ in ("VERB", "AUX"):
                break
    return None


class DateResolver:
    """spaCy component: doc._.dates = [(DateValue, root token)]; events get their clause's date."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name
        # dateparser builds its tables on its first parse (~0.09 s of CPU): once here, so forked
        # workers inherit them (a parse with `languages` given keeps no other state)
        dateparser.parse("3 March 2020", languages=["en"], settings=PARSER_SETTINGS)

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc)
        for event in doc._.events or []:
            event.date = date_of_clause(event.trigger, doc._.dates)
        return doc


@Language.factory("whimbrel_dates", assigns=["doc._.dates"], requires=["doc._.events"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    return DateResolver(nlp, name)
