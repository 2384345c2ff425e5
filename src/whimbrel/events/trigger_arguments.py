"""The sources and targets of one trigger: the argument rules of events/arguments.py and the
fallback chain after them, in order (docs/events.md): a participle's noun, a nominal trigger's host
verb, the speaker of a demand frame, an authority's place for an agentless passive, the
context_sources rules, and last an unresolved subject located where the act happened.
`extract.build_candidates` pairs what this returns into events.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.arguments import (actors_of, noun_arguments, objects_of, phrase_actor, place_targets,
                                       subject_token, unresolved_subject, verb_arguments)
from whimbrel.events.context_sources import context_sources
from whimbrel.events.lexicon import TriggerLexicon, TriggerMatch

# Acts only an authority performs: "was detained in Ethiopia" was done by Ethiopia's authorities.
AUTHORITY_TYPES = {"COERCE", "ACCUSE"}
# Yielding with no one named to yield to (resigning, surrendering) has no target (verb_arguments).
YIELD_TYPES = {"RETREAT"}
UNRESOLVED_NOTE = "source not in the actor dictionaries"


def nominal_host(noun: Token, lexicon: TriggerLexicon) -> Token | None:
    """The verb a nominal trigger is the object of ('announced a suspension', 'began a strike');
    None when that verb is an event of its own ('dismissed an appeal')."""
    head = noun
    for _ in range(2):
        if head.dep_ not in ("dobj", "pobj", "attr", "nsubjpass", "prep") or head.head.i == head.i:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return None if lexicon.match_verb(head) is not None else head
    return None


def participle_sources(verb: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Source of a participle that modifies a noun: 'Iran issued a statement condemning X' (the
    subject of the verb that holds the noun); when the parser made the noun the root ('An Iraqi
    newspaper called on Arabs to ...' read as a reduced relative), the noun itself."""
    noun = verb.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    if noun.dep_ == "ROOT":
        return actors_of(noun, mentions)
    if verb.tag_ != "VBG":
        return []   # 'the curfew imposed in Sudan': a passive participle's noun is its patient
    head = noun
    for _ in range(3):
        if head.dep_ not in ("dobj", "pobj", "prep", "attr") or head.head.i == head.i:
            return []
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return verb_arguments(head, noun, mentions)[0]
    return []


def speaker_actors(speaker: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """Who makes a demand: the actors of the speaker phrase; its subject when the parser made a
    reduced relative the speaker ('The World Food Programme working in Sudan said ...'); a named
    organisation the dictionaries do not know ('The X Forum concluded that ...')."""
    found = actors_of(speaker, mentions)
    if not found and speaker.pos_ == "VERB":
        inner, _ = subject_token(speaker)
        found = actors_of(inner, mentions) if inner is not None else []
    if not found and speaker.pos_ == "PROPN":
        found = [phrase_actor(speaker)]
    return found


def located(actor: ActorSpan, token: Token, mentions: list[ActorSpan]) -> ActorSpan:
    """An unnamed doer with no country acts where the sentence puts the act ('Inmates rioted at a
    prison in Kenya's capital' -> KEN), else in the country the document is about, if any."""
    if actor.country:
        return actor
    place = place_targets([token] + objects_of(token), mentions)
    if not place or token.doc[place[0].start].pos_ == "PRON":   # "firing at it" aims, not places
        home = token.doc._.home_country
        return replace(actor, country=home) if home else actor
    return replace(actor, country=place[0].country)


def arguments_for(doc: Doc, token: Token, match: TriggerMatch, kind: str, speaker: Token | None,
                  mentions: list[ActorSpan], lexicon: TriggerLexicon, context: frozenset[str] = frozenset()):
    """(sources, targets, note) of one trigger, with the fallbacks documented in docs/events.md."""
    if kind == "verb":
        sources, targets = verb_arguments(token, match.noun, mentions,
                                          home_fallback=match.plover not in YIELD_TYPES)
        if not sources and token.dep_ == "acl":
            sources = participle_sources(token, mentions)
    else:
        sources, targets = noun_arguments(token, mentions)
        host = nominal_host(token, lexicon)
        if host is not None and not sources:
            sources = verb_arguments(host, token, mentions)[0]
        token = host or token
    if speaker is not None:   # "Russia said Sudan must return ...": the speaker demands
        speakers = speaker_actors(speaker, mentions)
        if speakers:
            targets = [a for a in sources if a not in speakers] or targets
            sources = speakers
    if not sources and match.plover in AUTHORITY_TYPES and agentless_passive(token):
        sources = place_targets([token] + ([match.noun] if match.noun is not None else []), mentions)
    if not sources and context:
        sources = context_sources(token, mentions, context)
    if sources:   # an unknown speaker is not located where the demanded act would happen
        unknown = any(a.kind == "unresolved" for a in sources)
        return sources, targets, UNRESOLVED_NOTE if unknown else None
    fallback = unresolved_subject(doc, token, lexicon, match.plover)
    fallback = located(fallback, token, mentions) if fallback else None
    return ([fallback] if fallback else []), targets, UNRESOLVED_NOTE


def agentless_passive(verb: Token) -> bool:
    """'Two soldiers were killed' (no 'by ...'): the event happened, its author is unstated."""
    deps = {c.dep_ for c in verb.children}
    return verb.pos_ == "VERB" and bool(deps & {"nsubjpass", "auxpass"}) and "agent" not in deps
