"""Stage: place mentions -> gazetteer places; each event gets the place of its own clause.

A capitalised name the gazetteer knows is a place when spaCy tags it GPE/LOC/FAC or when it
stands in a locative frame ("in/at/near X", "X-based", "the X talks"); the same name as the
subject of a verb ("Moscow agreed") is an actor (metonymy) and is left to the actor stage.
Ambiguous names go to the document's countries (actor mentions and unambiguous places).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, IS_ALPHA, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.nlp.extensions import register_extensions
from whimbrel.places.gazetteer import Gazetteer, Place, load_gazetteer, normalise

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "within"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Entities that a capitalised place-like word is not ("May", "Independence Day").
NOT_PLACE_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP",
                  "EVENT", "LAW", "WORK_OF_ART"}
# "in the Turkish city of Istanbul": the place is the object of "of".
GENERIC_PLACE_NOUNS = {"city", "town", "capital", "village", "port", "region", "province",
                       "district", "oblast", "area", "resort", "settlement", "island"}
# Verbs whose subject or object noun trigger happens where the verb says ("talks took place in X").
SETTING_VERBS = {"hold", "host", "take", "begin", "start", "open", "resume", "continue", "end",
                 "conclude", "stage", "convene", "reconvene", "organise", "organize"}
# Material actions happen where their object is ("struck targets in Kharkiv"); statements
# about an object do not ("condemned the attack in Kherson").
MATERIAL = {"ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT"}
MAX_NAME_TOKENS = 5
NAME_PARTICLES = {"of", "the", "el", "al", "de", "du", "la", "-", "'s"}


@dataclass(frozen=True)
class PlaceMention:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    text: str
    place: Place
    frame: str  # locative, based, compound, entity

    def covers(self, token_i: int) -> bool:
        return self.start <= token_i < self.end

    def as_location(self) -> dict[str, Any]:
        p = self.place
        return {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
                "feature": p.feature, "geonameid": p.geonameid, "text": self.text,
                "start": self.start_char, "end": self.end_char}


def locative_frame(span: Span) -> str | None:
    """How the sentence uses the span as a place, or None when it does not."""
    root, doc = span.root, span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "based":
        return "based"
    node = root
    while node.dep_ in ("appos", "conj") and node.head.i != node.i:  # "in Istanbul, Turkey"
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
        return "locative"
    if node.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in GENERIC_PLACE_NOUNS:
        generic = head.head
        if generic.dep_ == "pobj" and generic.head.lower_ in LOCATIVE_PREPS:
            return "locative"
    if root.dep_ in ("compound", "nmod") and root.head.pos_ == "NOUN":
        return "compound"
    return None


def is_name(span: Span, gazetteer: Gazetteer) -> bool:
    """Capitalised words and particles ("Strait of Hormuz"); a lowercase word only in a curated
    name ("Kursk region"), so "the Texas city" is not Texas City."""
    if all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES for t in span):
        return True
    return any(p.curated for p in gazetteer.lookup(span.text))


def name_spans(doc: Doc, gazetteer: Gazetteer):
    """Greedy longest capitalised spans whose text the gazetteer knows, left to right.

    A candidate's text is cut from the document's text by the tokens' offsets (what Span.text
    gives), so no Span is built for the many candidates the gazetteer does not know."""
    text = doc.text
    rows = doc.to_array([IDX, LENGTH, IS_ALPHA]).tolist()
    i = 0
    while i < len(rows):
        hit = None
        start = rows[i][0]
        if text[start:start + 1].isupper() and doc[i].ent_type_ not in NOT_PLACE_ENTS:
            for n in range(min(MAX_NAME_TOKENS, len(rows) - i), 0, -1):
                last_start, last_length, last_alpha = rows[i + n - 1]
                if last_alpha and text[start:last_start + last_length] in gazetteer \
                        and is_name(doc[i:i + n], gazetteer):
                    hit = doc[i:i + n]
                    break
        if hit is not None:
            yield hit
            i = hit.end
        else:
            i += 1


def actor_over(span: Span, mentions: list[ActorSpan]) -> ActorSpan | None:
    return next((m for m in mentions if m.start < span.end and span.start < m.end), None)


def pick(span: Span, candidates: list[Place], actor: ActorSpan | None) -> Place | None:
    """The candidate for this span, or None when the name only collides with an actor's name.

    An alternate name shared with an actor ("White House" is a GeoNames alternate of Casablanca,
    "Hamas" of Hamm) counts only when the place lies in the actor's country.
    """
    if span.text.isupper() and len(span.text) <= 4:  # "UN" is not Un, India; "US" is a country
        candidates = [c for c in candidates if c.feature == "country"]
    if actor is None or not candidates:
        return candidates[0] if candidates else None
    key = normalise(span.text)
    if normalise(candidates[0].name) == key or candidates[0].curated:
        return candidates[0]  # the place's own name: the document's countries decide
    own = [c for c in candidates if c.country and c.country == actor.country]
    return own[0] if own else None


def document_countries(mentions: list[ActorSpan], spans: list[Span],
                       gazetteer: Gazetteer) -> set[str]:
    """Countries of the actor mentions and of the names that are places in one country only.

    An actor found by its place name ("Paris" -> the French government) is left out: its
    country is a guess from the very name being resolved, not evidence about the document.
    """
    countries = {m.country for m in mentions if m.country and m.how != "place"}
    for span in spans:
        found = {p.country for p in gazetteer.lookup(span.text) if p.country}
        if len(found) == 1:
            countries |= found
    return countries


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Place mentions in text order; actor uses of a place name ("Moscow agreed") are skipped."""
    mentions = doc._.actor_mentions or []
    accepted = []
    for span in name_spans(doc, gazetteer):
        frame = locative_frame(span)
        is_entity = any(t.ent_type_ in PLACE_ENTS for t in span)
        actor = actor_over(span, mentions)
        if frame is None and (actor is not None or not is_entity):
            continue  # an actor named by its place, or a capitalised word that is not a place
        if frame == "compound" and actor is not None:
            continue  # "the Ukraine talks": the country is a party, not the venue
        accepted.append((span, frame or "entity", actor))
    prefer = document_countries(mentions, [s for s, _, _ in accepted], gazetteer)
    out = []
    for span, frame, actor in accepted:
        place = pick(span, gazetteer.lookup(span.text, prefer), actor)
        if place is not None:
            out.append(PlaceMention(span.start, span.end, span.start_char, span.end_char,
                                    span.text, place, frame))
    return out


def place_at(places: list[PlaceMention], token: Token) -> PlaceMention | None:
    """The place a locative object names: the token itself, or X in 'the city of X'."""
    hit = next((p for p in places if p.covers(token.i)), None)
    if hit is None and token.lower_ in GENERIC_PLACE_NOUNS:
        for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (c for c in of.children if c.dep_ == "pobj"):
                hit = hit or next((p for p in places if p.covers(obj.i)), None)
    return hit


def locative_child(anchor: Token, places: list[PlaceMention]) -> PlaceMention | None:
    """The place of an 'in/at/near X' phrase that depends directly on the anchor."""
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    hit = place_at(places, obj)
                    if hit is not None and hit.frame == "locative":
                        return hit
    return None


def compound_place(noun: Token, places: list[PlaceMention]) -> PlaceMention | None:
    """'the Istanbul talks': a place name compounded with the event noun."""
    for child in noun.children:
        if child.dep_ in ("compound", "nmod"):
            hit = next((p for p in places if p.covers(child.i)), None)
            if hit is not None and hit.frame in ("compound", "entity"):
                return hit
    return None


def anchors(event) -> list[Token]:
    """The tokens of the event's own clause that a locative phrase may hang from, best first."""
    trigger, noun = event.trigger, event.match.noun
    out = [trigger]
    if noun is not None and noun is not trigger:
        out.append(noun)
    if trigger.pos_ in ("NOUN", "PROPN"):
        head = trigger.head
        if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") and head.lemma_ in SETTING_VERBS:
            out.append(head)  # "talks took place in Istanbul", "hosted talks in Istanbul"
        out += [c for c in trigger.children if c.dep_ == "acl"]  # "talks held in Istanbul"
    elif event.match.plover in MATERIAL:
        out += [c for c in trigger.children if c.dep_ == "dobj"]
    # a hyphenated modifier can carry the phrase: "a Turkish-mediated meeting in Istanbul"
    for token in list(out[1:]) + ([trigger] if trigger.pos_ == "NOUN" else []):
        out += [c for c in token.children if c.dep_ == "amod" and c.pos_ == "VERB"]
    return out


def location_of(event, places: list[PlaceMention]) -> dict[str, Any] | None:
    nominals = [t for t in (event.trigger, event.match.noun)
                if t is not None and t.pos_ in ("NOUN", "PROPN")]
    for anchor in anchors(event):
        hit = locative_child(anchor, places)
        if hit is not None:
            return hit.as_location()
    for noun in nominals:
        hit = compound_place(noun, places)
        if hit is not None:
            return hit.as_location()
    return None


class PlaceResolver:
    """spaCy component: doc._.places = PlaceMentions; events get their clause's location."""

    def __init__(self, nlp: Language, name: str, gazetteer: Gazetteer | None = None):
        register_extensions()
        self.name = name
        self.gazetteer = gazetteer or load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = find_places(doc, self.gazetteer)
        for event in doc._.events or []:
            event.location = location_of(event, doc._.places)
        return doc


@Language.factory("whimbrel_places", assigns=["doc._.places"], requires=["doc._.events"])
def make_place_resolver(nlp: Language, name: str) -> PlaceResolver:
    return PlaceResolver(nlp, name)
