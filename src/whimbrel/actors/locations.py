"""Places standing in for an actor: "imposed a curfew in Cizre", "a bombing near Samarra".

The PLOVER GSR codes the country of the place an act is aimed at or happens in as its target when
the sentence names no other ("lifted a state of emergency in West Darfur"), and the country of an
unnamed attacker's place as its source ("a roadside bombing near Samarra killed ..."). These pure
helpers turn such a place phrase into an ActorSpan of kind "location": a country and no sector,
so a government acting inside its own country keeps the place as a distinct target. They are
used only as a last resort by `events.arguments`, never as mentions of their own.
"""
from __future__ import annotations

from spacy.tokens import Token

from whimbrel.actors.mentions import CALENDAR_WORDS, ActorSpan, mention_at
from whimbrel.places.gazetteer import load_gazetteer

LOCATIVE_PREPS = ("in", "into", "at", "near", "inside", "outside", "across", "throughout", "around")
GENERIC_PLACE_NOUNS = {"city", "town", "capital", "village", "port", "region", "province", "district",
                       "area", "state", "territory", "camp", "jail", "prison", "border", "outskirts",
                       "suburb", "suburbs", "neighbourhood", "neighborhood", "country", "part"}
# words around a place name that the gazetteer does not carry: "West Darfur State", "western Cambodia"
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
              "central", "northeastern", "northwestern", "southeastern", "southwestern", "northeast",
              "northwest", "southeast", "southwest", "upper", "lower"}
PLACE_SUFFIXES = {"state", "province", "region", "district", "governorate", "oblast", "county"}
PROVINCE_SUFFIXES = {"province", "governorate", "oblast"}  # first-level subdivisions (ISO 3166-2)
COUNTRY_KINDS = ("country", "government", "nationality")


def _location(tokens: list[Token], country: str) -> ActorSpan:
    doc = tokens[0].doc
    span = doc[tokens[0].i:tokens[-1].i + 1]
    return ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                     end_char=span.end_char, text=span.text, actor_id=f"place:{country}",
                     name=None, country=country, sector=None, kind="location", entity_type="GPE",
                     how="location")


def gazetteer_country(words: list[Token], prefer: set[str]) -> str | None:
    """The country of a capitalised place name, trying it without directions and suffixes."""
    words = [w for w in words if not w.is_punct and w.lower_ not in ("the", "'s")]
    while words and words[0].lower_ in DIRECTIONS:
        words = words[1:]
    province = bool(words) and words[-1].lower_ in PROVINCE_SUFFIXES
    while words and words[-1].lower_ in PLACE_SUFFIXES:
        words = words[:-1]
    if not words or not all(w.text[:1].isupper() for w in words) \
            or any(w.lower_ in CALENDAR_WORDS or w.ent_type_ in ("DATE", "TIME") for w in words):
        return None
    gazetteer = load_gazetteer()
    for start in range(len(words)):  # "West Darfur" -> "Darfur"
        places = gazetteer.lookup(" ".join(w.text for w in words[start:]), prefer_countries=prefer)
        regions = [p for p in places if p.feature == "admin1"]
        if province or len({p.country for p in regions}) == 1:
            # "Kandahar province" is the province, not a town of that name elsewhere; and a region's
            # name alone ("Ontario's premier") names that region before a namesake town abroad
            places = regions or places
        if places and places[0].country:
            if len({p.country for p in places[:3]}) > 1 and places[0].country not in prefer:
                return None  # "Trinidad" is a town in three countries: too ambiguous alone
            return places[0].country
        if words[start].lower_ not in DIRECTIONS:
            break
    return None


def place_phrase(obj: Token, mentions: list[ActorSpan], prefer: set[str], depth: int = 0) -> ActorSpan | None:
    """The location a prepositional object names: a country or capital mention, a gazetteer place
    ('Jericho', 'West Darfur State'), 'the town of X', 'the capital Kabul', 'a village in X'."""
    words = [c for c in obj.children if c.dep_ in ("compound", "amod", "poss") and c.i < obj.i] + [obj]
    words.sort(key=lambda t: t.i)
    for word in words:
        mention = mention_at(mentions, word.i)
        if mention is not None and mention.country and mention.kind in COUNTRY_KINDS:
            return _location([word], mention.country)
    if obj.pos_ == "PROPN" or (obj.lower_ in PLACE_SUFFIXES and len(words) > 1):  # "Punjab province"
        country = gazetteer_country(words, prefer)
        if country:
            return _location(words, country)
    if depth >= 2:
        return None
    for child in obj.children:
        nested = child.dep_ == "appos" or (child.dep_ == "prep" and (
            child.lower_ in LOCATIVE_PREPS or (child.lower_ == "of" and obj.lower_ in GENERIC_PLACE_NOUNS)))
        inner = [child] if child.dep_ == "appos" else [c for c in child.children if c.dep_ == "pobj"]
        for token in inner if nested else []:
            found = place_phrase(token, mentions, prefer, depth + 1)
            if found is not None:
                return found
    return None


def locative_place(anchor: Token, mentions: list[ActorSpan],
                   preps: tuple[str, ...] = LOCATIVE_PREPS) -> ActorSpan | None:
    """The place of an 'in/at/near X' phrase on the anchor ('demonstrated in Serbia'); other
    `preps` for a home ('a journalist from Toronto') or a seat ('the government of Punjab')."""
    prefer = {m.country for m in mentions if m.country}
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                found = place_phrase(obj, mentions, prefer)
                if found is not None:
                    return found
    return None
