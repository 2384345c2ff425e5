"""Stage: event triggers -> PLOVER event candidates with source and target actors.

A verb trigger is typed by the lexicon from its lemma and dependents; a noun trigger ("talks",
"prisoner exchange") by the nominal table. Symmetric events with two coordinated parties and no
target become source/target pairs; a counterpart that the sentence leaves implicit is taken from
the dyad the document was just talking about, with lower confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.arguments import noun_arguments, verb_arguments
from whimbrel.events.lexicon import TriggerLexicon, TriggerMatch, load_lexicon
from whimbrel.nlp.extensions import register_extensions

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# Verbs that demand only with a directive complement: "insisted that Ukraine should agree" is a
# REQUEST, "insisting that authority lies with parliament" is a claim.
DIRECTIVE_ONLY = {"insist"}
DIRECTIVE_AUX = {"should", "must", "to", "ought"}
NEEDS_COUNTERPART = {"CONSULT", "AGREE", "REQUEST", "CONCEDE", "COOPERATE", "SUPPORT"}


@dataclass
class EventCandidate:
    trigger: Token
    match: TriggerMatch
    source: ActorSpan | None
    target: ActorSpan | None
    confidence: float
    notes: list[str] = field(default_factory=list)
    # filled by later stages
    modality: str = "asserted"
    modality_cue: str | None = None
    condition: str | None = None
    attribution: object | None = None
    date: object | None = None
    location: dict | None = None


def pair_up(event_type: str, sources: list[ActorSpan],
            targets: list[ActorSpan]) -> list[tuple[ActorSpan | None, ActorSpan | None]]:
    """Source/target pairs: 'Moscow and Kiev agreed' -> (Moscow, Kiev) for symmetric types."""
    if not sources:
        return [(None, t) for t in targets[:1]] or [(None, None)]
    if not targets and len(sources) >= 2 and event_type in SYMMETRIC:
        return [(sources[0], sources[1])]
    pairs = []
    for source in sources[:2]:
        target = next((t for t in targets if t.country != source.country or not t.country), None)
        pairs.append((source, target))
    return pairs


def same_actor(a: ActorSpan | None, b: ActorSpan | None) -> bool:
    return a is not None and b is not None and (
        a.actor_id == b.actor_id or (a.country is not None and a.country == b.country))


class DyadMemory:
    """The parties the document was last talking about, for counterparts left implicit."""

    def __init__(self):
        self.partner: dict[str, ActorSpan] = {}

    def remember(self, source: ActorSpan | None, target: ActorSpan | None) -> None:
        if source is not None and target is not None and source.country and target.country:
            self.partner[source.country] = target
            self.partner[target.country] = source

    def counterpart(self, source: ActorSpan | None) -> ActorSpan | None:
        if source is None or not source.country:
            return None
        return self.partner.get(source.country)


def is_claim(verb: Token) -> bool:
    """True for a DIRECTIVE_ONLY verb whose that-clause states a fact rather than an order."""
    if verb.lemma_ not in DIRECTIVE_ONLY:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "on" for c in verb.children):
        return False
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        auxes = {a.lower_ for a in clause.children if a.dep_ in ("aux", "auxpass")}
        subjunctive = clause.tag_ == "VB" and not auxes
        return not (auxes & DIRECTIVE_AUX or subjunctive)
    return False


def triggers_in(doc: Doc, lexicon: TriggerLexicon) -> list[tuple[Token, TriggerMatch, str]]:
    """(token, match, 'verb'|'noun'); a noun already carried by a verb pattern is not repeated."""
    found, carried = [], set()
    for token in doc:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_.startswith("VB")):
            match = lexicon.match_verb(token)
            if match is not None and not is_claim(token):
                found.append((token, match, "verb"))
                if match.noun is not None:
                    carried.add(match.noun.i)
    for token in doc:
        if token.pos_ in ("NOUN", "PROPN") and token.i not in carried:
            match = lexicon.match_noun(token)
            if match is not None:
                found.append((token, match, "noun"))
    return sorted(found, key=lambda f: f[0].i)


def build_candidates(doc: Doc, lexicon: TriggerLexicon) -> list[EventCandidate]:
    mentions = doc._.actor_mentions or []
    memory = DyadMemory()
    out: list[EventCandidate] = []
    for token, match, kind in triggers_in(doc, lexicon):
        if kind == "verb":
            sources, targets = verb_arguments(token, match.noun, mentions)
        else:
            sources, targets = noun_arguments(token, mentions)
        for source, target in pair_up(match.plover, sources, targets):
            if same_actor(source, target):
                target = None
            confidence, notes = 0.8 if kind == "verb" else 0.6, []
            if target is None and match.plover in NEEDS_COUNTERPART:
                target = memory.counterpart(source)
                if target is not None:
                    confidence, notes = confidence - 0.2, ["implicit target from context"]
            if source is None:
                continue  # an event nobody did is not codable
            memory.remember(source, target)
            out.append(EventCandidate(token, match, source, target, confidence, notes))
    return out


class EventExtractor:
    """spaCy component: doc._.events = EventCandidates, in text order."""

    def __init__(self, nlp: Language, name: str, lexicon: TriggerLexicon | None = None):
        register_extensions()
        self.name = name
        self.lexicon = lexicon or load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = build_candidates(doc, self.lexicon)
        return doc


@Language.factory("whimbrel_events", assigns=["doc._.events"], requires=["doc._.actor_mentions"])
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
