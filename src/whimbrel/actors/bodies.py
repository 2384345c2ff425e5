"""Bodies known by their seat: "the Stockholm-based Institute for Peace Studies", "a Brussels-based
trade association WindEurope". The place before "-based" is where the body sits (a place, not a
government acting); the body is an organisation of that country, and so is every later mention of
its name in the document.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from whimbrel.actors.dictionary import ActorTables
from whimbrel.actors.grammar import organisation_sector
from whimbrel.actors.mentions import ActorSpan, covered_tokens
from whimbrel.places import gazetteer


def _noun_phrase(token: Token) -> Span:
    """The name entity holding the token, else the token with the compounds in front of it."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is not None and ent.label_ in ("ORG", "FAC", "PERSON"):
        return ent
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].head.i == token.i:
        start -= 1
    return token.doc[start:token.i + 1]


def city_country(name: str) -> str | None:
    """The country of the best gazetteer match for a city name."""
    places = gazetteer.lookup(name)
    return places[0].country if places else None


def based_organisations(found: list[ActorSpan], doc, tables: ActorTables) -> list[ActorSpan]:
    """'the Stockholm-based Institute for Peace Studies', 'a Brussels-based trade association':
    the place before '-based' is where a body sits, not a government acting. The place becomes a
    place (no sector) and an organisation named after it becomes a mention of that country."""
    out = []
    for mention in found:
        based = doc[mention.end + 1] if mention.end + 1 < len(doc) else None
        if based is None or doc[mention.end].text != "-" or based.lower_ != "based" \
                or mention.how not in ("place", "country"):
            out.append(mention)
            continue
        country = mention.country or city_country(mention.text)  # Brussels stands for the EU
        mention = replace(mention, country=country, sector=None, kind="place", how="based",
                          actor_id=f"place:{country}")
        out.append(mention)
        head = based.head
        role = tables.lookup_role(head.lower_) or tables.lookup_role(head.lemma_)
        if head.i <= based.i or head.pos_ not in ("NOUN", "PROPN") or (role is not None and role.person):
            continue  # "a Brussels-based analyst": the person's grammar picks the country up
        span = _noun_phrase(head)
        if any(m.start < span.end and span.start < m.end for m in found if m is not mention):
            continue
        # "a Brussels-based trade association WindEurope": the noun before the name says what it is
        sector = organisation_sector(head, [], tables)[0] or next(
            (s for w in [head, *reversed(doc[based.i + 1:head.i])] if (s := tables.lookup_org_word(w.lower_))), None)
        out.append(ActorSpan(start=span.start, end=span.end, start_char=span.start_char,
                             end_char=span.end_char, text=span.text,
                             actor_id=f"org:{span.text.lower().replace(' ', '-')}", name=span.text,
                             country=mention.country, sector=sector, kind="organisation",
                             entity_type="ORG", how="based"))
    return sorted(out, key=lambda m: m.start)


def named_again(found: list[ActorSpan], doc: Doc) -> list[ActorSpan]:
    """'the Brussels-based trade association WindEurope ... WindEurope's chief executive X': a body
    the grammar coded once by its seat is the same body wherever its name comes again in the
    document (one name, one actor, as a person's surname is); the tagger's later name gets its code."""
    coded = {m.text.lower(): m for m in found if m.how == "based" and m.kind == "organisation"}
    taken = covered_tokens(found)
    again = []
    for ent in doc.ents:
        words = ent[:-1] if len(ent) > 1 and ent[-1].text in ("'s", "’s") else ent
        body = coded.get(words.text.lower())
        if body is not None and ent.label_ == "ORG" and not any(i in taken for i in range(ent.start, ent.end)):
            again.append(body.refer(words, how="based"))
    return sorted(found + again, key=lambda m: m.start)
