"""Stage: find actor mentions and resolve them to canonical actors.

Order of evidence, strongest first: curated and Phoenix names (dated), seats of power used as
governments ("the Kremlin", "Kiev"), country names and demonyms, then people the dictionaries do not
know, coded from the role words around them ("Kremlin spokesman Dmitry Peskov" -> RUS GOV).
Pronouns, surnames and descriptions are left to `actors.coref`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whimbrel.actors.dictionary import ActorEntry, ActorTables, load_tables
from whimbrel.actors.ethnic import ethnic_groups
from whimbrel.actors.bodies import based_organisations, named_again
from whimbrel.actors.grammar import is_person_title, modifiers_of, role_person
from whimbrel.actors.nominals import document_country, home_officials, titled_nominals, untagged_people
from whimbrel.actors.groups import context_groups, placed_courts, resolve_groups
from whimbrel.actors.mentions import CALENDAR_WORDS, ActorSpan, covered_tokens
from whimbrel.nlp.extensions import register_extensions
from whimbrel.places import gazetteer

STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP"}
LEADING_WORDS = {"the"}
KIND_ENTITY_TYPE = {"person": "PERSON", "government": "GPE", "country": "GPE",
                    "nationality": "NORP", "media": "ORG", "igo": "ORG", "organisation": "ORG",
                    "group": "ORG"}


def entry_span(span: Span, entry: ActorEntry, how: str, kind: str | None = None) -> ActorSpan:
    kind = kind or entry.kind
    return ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                     end_char=span.end_char, text=span.text, actor_id=entry.actor_id,
                     name=entry.name, country=entry.country, sector=entry.sector, kind=kind,
                     entity_type=KIND_ENTITY_TYPE.get(kind, "ORG"), how=how,
                     gender=entry.gender, role=entry.role)


def country_span(span: Span, iso3: str, tables: ActorTables) -> ActorSpan:
    """A country name or demonym: the country's government is the default actor."""
    name = tables.country_name(iso3) if hasattr(tables, "country_name") else iso3
    is_adjective = span[-1].pos_ == "ADJ" or span[-1].tag_ in ("JJ", "NNPS") or span.root.ent_type_ == "NORP"
    # "Young Kenyans", "thousands of Kenyans": a described plural demonym is people, not the
    # state; a bare one ("Kenyans and Ugandans agreed") is a side
    last = span[-1]
    described = any(c.dep_ in ("amod", "compound", "nummod") and c.i < span.start for c in last.children) \
        or (last.head.lower_ == "of" and last.dep_ == "pobj")
    people = last.tag_ in ("NNS", "NNPS") and last.lower_.endswith("s") and described
    sector = "CVL" if people else "GOV"
    return ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                     end_char=span.end_char, text=span.text, actor_id=f"{sector.lower()}:{iso3}",
                     name=name, country=iso3, sector=sector,
                     kind="nationality" if is_adjective else "country",
                     entity_type="NORP" if is_adjective else "GPE", how="country")


# "on", "for", "and": bodies named with them ("Council on Foreign Relations", "Center for Strategic and
# International Studies"); a run that is no name falls back to its shorter parts
NAME_JOINERS = {"'s", "’s", "of", "de", "al", "bin", "-", ".", "'", "’", "on", "for", "and"}


def name_part(token: Token) -> bool:
    """A word that can sit inside a name: capitalised, a joiner ("of", "'s", "-"), an elided
    French particle before a capital ("Quai d'Orsay", "Cote d'Ivoire") or the lower-case syllable
    of a hyphenated given name ("Lai Ching-te", "Kim Soo-min")."""
    return capitalised(token) or token.lower_ in NAME_JOINERS or name_syllable(token)


def name_syllable(token: Token) -> bool:
    return (token.i >= 2 and token.is_alpha and token.is_lower and token.pos_ == "PROPN"
            and token.nbor(-1).text == "-"
            and token.nbor(-1).whitespace_ == "" and token.nbor(-2).text[:1].isupper()
            and token.nbor(-2).whitespace_ == "")


def capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or (token.text[:2].lower() in ("d'", "l'") and token.text[2:3].isupper())


def name_run(doc: Doc, start: int, end: int, longest: int) -> int:
    """How many tokens from `start` can form a name (an optional leading "the", then name parts)."""
    i = start + 1 if doc[start].lower_ in LEADING_WORDS else start
    if i >= end or not (doc[i].text[:1].isupper() or lower_particle(doc, i, end)):
        return 0
    while i < end and i - start < longest and name_part(doc[i]):
        i += 1
    return i - start


def lower_particle(doc: Doc, i: int, end: int) -> bool:
    """'al-Qaeda', 'el-Sisi': a lower-case Arabic article joined by a hyphen to a capital."""
    return (doc[i].lower_ in ("al", "el", "ad", "ash", "as", "an", "ar") and i + 2 < end
            and doc[i + 1].text == "-" and doc[i + 2].text[:1].isupper())


def looks_like_name(span: Span) -> bool:
    """Capitalised words only (after an optional "the"): keeps "us" from meaning the USA."""
    words = [t for t in span if not (t.i == span.start and t.lower_ in LEADING_WORDS)]
    if not words or any(t.is_punct and t.text not in ".-'’" for t in words):
        return False
    return all(name_part(t) for t in words) and (capitalised(words[-1]) or name_syllable(words[-1]))


def lookup(span: Span, tables: ActorTables, on: date | None) -> ActorSpan | None:
    text = span.text
    place = tables.lookup_place_actor(text)
    if place is not None:
        return entry_span(span, place, "place", kind="government")
    iso3 = tables.lookup_country(text)
    if iso3 is not None:
        return country_span(span, iso3, tables)
    entry = tables.lookup_name(text, on=on)
    if entry is not None:
        return entry_span(span, entry, "dictionary")
    return None


def inside_longer_name(span: Span, hit: ActorSpan, tables: ActorTables) -> bool:
    """'Hassan' in 'Omar Hassan al-Bashir', 'Abdullah' in 'Abdullah Ocalan': a dictionary name
    that is only the first or middle part of a person's name is someone else's name; a city
    that starts one ('Paris Hilton') is not its government, nor a country inside a person's
    name ('Jordan Chad'); a name that ends a longer one ('Congress Party' in 'the National
    Congress Party') is not that body."""
    if hit.how in ("country", "place") and (part_of_person_name(span) or inside_feature_name(span)):
        return True
    if hit.how == "place" and span.doc[span.start].ent_iob_ == "I" \
            and span.doc[span.start].ent_type_ in ("ORG", "FAC"):
        return True  # "the University of Khartoum": a city in a body's name is no government
    if hit.how not in ("dictionary", "place"):
        return False
    if ends_longer_name(span, hit, tables):
        return True
    if span.end >= len(span.doc):
        return False
    following = span.doc[span.end]
    labels = ("PERSON",) if hit.how == "dictionary" else ("PERSON", "ORG", "FAC")
    return following.ent_type_ in labels and following.ent_iob_ == "I" and (
        following.text[:1].isupper() or lower_particle(span.doc, span.end, len(span.doc)))  # "Anwar al-Bunni"


def ends_longer_name(span: Span, hit: ActorSpan, tables: ActorTables) -> bool:
    """The span starts inside a tagged name whose previous word is a capitalised name word (not
    a title, 'The' or a country word), or another state's country word ('the Kenyan Justice
    Department' is not the US one)."""
    if span.start == 0 or span.doc[span.start].ent_iob_ != "I":
        return False
    prev = span.doc[span.start - 1]
    country = tables.lookup_country(prev.text)
    if country is not None:
        return hit.country is not None and country != hit.country
    return capitalised(prev) and prev.lower_ not in LEADING_WORDS and tables.lookup_role(prev.text) is None


def inside_feature_name(span: Span) -> bool:
    """'the Gulf of Guinea', 'the Sea of Japan': a country at the end of a geographic feature's
    name (a LOC entity that starts before it) names the feature, not the state."""
    doc = span.doc
    if span.start == 0 or doc[span.start].ent_iob_ != "I" or doc[span.start].ent_type_ != "LOC":
        return False
    ent = next((e for e in doc.ents if e.start < span.start < e.end), None)
    return ent is not None and ent.label_ == "LOC"


def part_of_person_name(span: Span) -> bool:
    """'Jordan' and 'Chad' in 'Jordan Chad, an aide': a place word inside a longer person name
    the tagger found is part of the name, unless it is a possessive ("Ukraine's Zelensky")."""
    doc = span.doc
    if doc[span.start].ent_type_ != "PERSON" or (span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s")):
        return False
    ent = next((e for e in doc.ents if e.start <= span.start and span.end <= e.end), None)
    return ent is not None and ent.label_ == "PERSON" and len(ent) > len(span)


def scan_dictionary(doc: Doc, tables: ActorTables, on: date | None) -> list[ActorSpan]:
    """Greedy longest match of dictionary names over each sentence's tokens."""
    found: list[ActorSpan] = []
    longest = max(1, tables.max_name_tokens)
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            hit = None
            # only capitalised runs can be names: this keeps the scan linear in practice
            for n in range(name_run(doc, i, sent.end, longest), 0, -1):
                span = doc[i:i + n]
                if looks_like_name(span):
                    hit = lookup(span, tables, on)
                    if hit is not None and inside_longer_name(span, hit, tables):
                        hit = None
                    if hit is not None:
                        break
            if hit is not None:
                found.append(hit)
                i = hit.end
            else:
                i += 1
    return found


def unknown_people(doc: Doc, found: list[ActorSpan], tables: ActorTables) -> list[ActorSpan]:
    taken = covered_tokens(found)
    people = []
    names = [e for e in doc.ents if e.label_ == "PERSON"] + untagged_people(doc, tables)
    for ent in names:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if not_a_name(ent):
            continue
        person = role_person(ent, found, tables)
        if person is None:
            person = ActorSpan(start=ent.start, end=ent.end, start_char=ent.start_char,
                               end_char=ent.end_char, text=ent.text,
                               actor_id=f"person:{ent.text.lower().replace(' ', '-')}",
                               name=ent.text, country=None, sector=None, kind="person",
                               entity_type="PERSON", how="ner")
        people.append(person)
    return people


def not_a_name(ent: Span) -> bool:
    """A day, a month or a number the tagger called a person ('Tuesday', 'May 5') is no actor."""
    words = [t for t in ent if not t.is_punct]
    return not words or all(t.lower_ in CALENDAR_WORDS or t.like_num for t in words)


def igo_officials(found: list[ActorSpan], doc: Doc, tables: ActorTables) -> list[ActorSpan]:
    """'U.N. mediator Diego Cordovez': a known person introduced in an IGO role speaks for the
    IGO, not for his own country (no country word may stand beside the IGO)."""
    out = []
    for mention in found:
        if mention.is_person and mention.how == "dictionary" and mention.sector != "IGO":
            words = [w for w in modifiers_of(doc[mention.end - 1]) if not mention.covers(w.i)]
            around = [m for w in words for m in found if m.covers(w.i)]
            titled = any(is_person_title(w, tables) for w in words)
            if titled and any(m.sector == "IGO" and not m.country for m in around) \
                    and not any(m.country for m in around):
                mention = replace(mention, country=None, sector="IGO", how="role")
        out.append(mention)
    return out


def namesake_cities(found: list[ActorSpan]) -> list[ActorSpan]:
    """A capital standing for its government is the namesake city of the one country the
    document names when it never names the capital's own country; that city is a place, not a
    government. Only a namesake that is one of its country's largest cities counts (not Paris,
    Texas; not London, Ontario)."""
    named = {m.country for m in found if m.country and m.how != "place"}
    out = []
    for mention in found:
        if mention.how == "place" and mention.country and mention.country not in named:
            own_name = gazetteer.normalise(mention.text)   # not an old alternate ("White House")
            others = {p.country for p in gazetteer.lookup(mention.text) if p.country in named
                      and gazetteer.normalise(p.name) == own_name and gazetteer.major_city(p)}
            if len(others) == 1:
                country = others.pop()
                mention = replace(mention, country=country, sector=None, actor_id=f"place:{country}")
        out.append(mention)
    return out


def find_mentions(doc: Doc, tables: ActorTables) -> list[ActorSpan]:
    on = doc._.pub_date
    found = named_again(based_organisations(namesake_cities(scan_dictionary(doc, tables, on)), doc, tables), doc)
    found = ethnic_groups(resolve_groups(found, doc, tables), doc, tables)
    found = sorted(found + titled_nominals(found, doc, tables), key=lambda m: m.start)
    home = document_country(found)
    doc._.home_country = home
    found += context_groups(found, doc, tables, home)
    found = placed_courts(igo_officials(found, doc, tables) + unknown_people(doc, found, tables), tables)
    return sorted(home_officials(found, home), key=lambda m: m.start)


class ActorResolver:
    """spaCy component: doc._.actor_mentions = resolved ActorSpans (before coreference)."""

    def __init__(self, nlp: Language, name: str, tables: ActorTables | None = None):
        register_extensions()
        self.name = name
        self.tables = tables or load_tables()
        gazetteer.preload()   # namesake_cities reads the city populations

    def __call__(self, doc: Doc) -> Doc:
        doc._.actor_mentions = find_mentions(doc, self.tables)
        return doc


@Language.factory("whimbrel_actors", assigns=["doc._.actor_mentions"], requires=["token.dep"],
                  default_config={"actor_files": []})
def make_actor_resolver(nlp: Language, name: str, actor_files: list[str]) -> ActorResolver:
    """`actor_files`: the user's own office_holders-format YAML files (`whimbrel run --actors`)."""
    tables = ActorTables.load([Path(f) for f in actor_files]) if actor_files else None
    return ActorResolver(nlp, name, tables)
