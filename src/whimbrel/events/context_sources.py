"""Sources from the text around a trigger whose own clause names no doer (session 12).

Each rule is a fallback of `extract.arguments_for`, tried only when the argument rules found no
source, and each names the doer English grammar leaves understood:
- `gerund`: a gerund adjunct ("X retaliated by imposing tariffs", "Y resigned after meeting Z") has
  the matrix clause's subject as its understood subject (subject control of non-finite adjuncts),
  or its object when the object is an actor ("X accused Y of arming rebels": object control); a
  passive gerund ("after being freed") is left alone: its subject is the patient.
- `claimed`: "X claimed responsibility for the attack", "X took credit for attacking ...": the
  claimant is the attack's doer (as the PLOVER GSR codes such claims).
- `quoted_self`: a first-person subject ("we urged ...", "I will ...") inside a quotation is the
  quotation's speaker as the quote stage resolved it (doc._.quotes; its speaker resolution is
  reused, not repeated).
- `infinitive`: an infinitive modifying an event noun ("its decision to ban", "the EU made the
  decision to ban") has the noun's possessor, else the subject of the verb holding the noun.
Which rules run is `extract.CONTEXT_SOURCES` (chosen by train cross-validation, docs/EVALUATION.md
"Sources from context, session 12").
"""
from __future__ import annotations

from spacy.tokens import Token

from whimbrel.actors.mentions import ActorSpan, mention_at
from whimbrel.events.arguments import actors_of, subject_token

RULES = ("gerund", "claimed", "quoted_self", "infinitive")
FIRST_PERSON = {"i", "we"}
# "claim responsibility / credit for X", "accept responsibility for X"
CLAIM_NOUNS = {"responsibility", "credit"}
CLAIM_VERBS = {"claim", "take", "accept", "assume", "admit", "bear"}


def _subject_actors(verb: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """The actors of the verb's (surface) subject, whatever the voice."""
    subject, _ = subject_token(verb)
    return actors_of(subject, mentions) if subject is not None else []


def gerund_controller(token: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'Trudeau retaliated by announcing tariffs': the subject of the clause the gerund's
    preposition attaches to; not for a passive gerund ('after being freed')."""
    if token.tag_ != "VBG" or token.dep_ != "pcomp" or token.head.dep_ != "prep":
        return []
    if any(c.dep_ in ("auxpass", "nsubj", "nsubjpass") for c in token.children):
        return []
    matrix = token.head.head
    if matrix.pos_ not in ("VERB", "AUX"):
        return []
    # object control: "accused Paris of aiding rebels", "arrested him for taking photos": the
    # object is the gerund's doer (a passive matrix moves it to the subject: "Paris was accused of")
    objects = [a for c in matrix.children if c.dep_ == "dobj" for a in actors_of(c, mentions)]
    return objects or _subject_actors(matrix, mentions)


def claimant(token: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'X claimed responsibility for the attack' / 'took credit for attacking': X."""
    prep = token.head
    if token.dep_ not in ("pobj", "pcomp") or prep.lower_ != "for" or prep.head.lemma_.lower() not in CLAIM_NOUNS:
        return []
    verb = prep.head.head
    if prep.head.dep_ != "dobj" or verb.lemma_.lower() not in CLAIM_VERBS:
        return []
    return _subject_actors(verb, mentions)


def quoted_speaker(token: Token) -> list[ActorSpan]:
    """A first-person subject inside a quotation: the quotation's resolved speaker, as a mention
    of the pronoun itself (the speaker's actor at the pronoun's place, as coreference gives 'he'),
    so the role assigner sees a subject of the trigger's clause."""
    subject, passive = subject_token(token)
    if subject is None or passive or subject.lower_ not in FIRST_PERSON:
        return []
    for quote in token.doc._.quotes or []:
        if quote.span.start <= subject.idx < quote.span.end and quote.speaker is not None:
            return [quote.speaker.refer(token.doc[subject.i:subject.i + 1], how="coref")]
    return []


def infinitive_controller(token: Token, mentions: list[ActorSpan]) -> list[ActorSpan]:
    """'its decision to ban', 'the EU made the decision to ban': the noun's possessor, else the
    subject of the verb that holds the noun; not when the noun is itself an actor ('the first
    country to recognise', a subject relative)."""
    noun = token.head
    if token.dep_ != "acl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) \
            or noun.pos_ != "NOUN" or mention_at(mentions, noun.i) is not None:
        return []
    owners = [a for c in noun.children if c.dep_ == "poss" for a in actors_of(c, mentions)]
    if owners:
        return owners
    head = noun
    for _ in range(3):   # the noun as object, or inside a prepositional phrase of the verb
        if head.dep_ not in ("dobj", "pobj", "prep", "attr") or head.head.i == head.i:
            return []
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return _subject_actors(head, mentions)
    return []


def context_sources(token: Token, mentions: list[ActorSpan], rules: frozenset[str]) -> list[ActorSpan]:
    """The first source the enabled rules find for a trigger (or its nominal host) with none."""
    finders = {"gerund": lambda: gerund_controller(token, mentions), "claimed": lambda: claimant(token, mentions),
               "quoted_self": lambda: quoted_speaker(token),
               "infinitive": lambda: infinitive_controller(token, mentions)}
    for name in RULES:
        if name in rules:
            found = finders[name]()
            if found:
                return found
    return []
