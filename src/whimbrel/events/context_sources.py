"""Sources from the text around a trigger whose own clause names no doer (session 12).

Each rule is a fallback of `trigger_arguments.arguments_for`, tried only when the argument rules found no
source, and each names the doer English grammar leaves understood:
- `gerund`: a gerund adjunct ("X retaliated by imposing tariffs", "Y resigned after meeting Z") has
  the matrix clause's subject as its understood subject (subject control of non-finite adjuncts),
  or its object when the object is an actor ("X accused Y of arming rebels": object control); a
  passive gerund ("after being freed") is left alone: its subject is the patient.
- `claimed`: "X claimed responsibility for the attack", "X took credit for attacking ...": a claim
  of responsibility asserts the claimant's agency, so the claimant is the attack's doer.
- `quoted_self`: a first-person subject ("we urged ...", "I will ...") inside a quotation is the
  quotation's speaker as the quote stage resolved it (doc._.quotes; its speaker resolution is
  reused, not repeated).
Which rules run is `extract.CONTEXT_SOURCES`: `claimed` by default; `gerund` and `quoted_self` are
measured alternatives that train cross-validation did not keep behind the precision gate
(docs/EVALUATION.md "Sources from context, session 12"; `scripts/train_event_gate.py
--context-sources` measures them).
"""
from __future__ import annotations

from spacy.tokens import Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.arguments import actors_of, subject_token

RULES = ("gerund", "claimed", "quoted_self")
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
    if token.dep_ not in ("pobj", "pcomp") or prep.lower_ != "for":
        return []
    # 'for' hangs on the noun ('responsibility for X') or, as parsers often attach it, on the verb
    verb = prep.head.head if prep.head.dep_ == "dobj" else prep.head
    claims = any(c.dep_ == "dobj" and c.lemma_.lower() in CLAIM_NOUNS for c in verb.children)
    return _subject_actors(verb, mentions) if claims and verb.lemma_.lower() in CLAIM_VERBS else []


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


def context_sources(token: Token, mentions: list[ActorSpan], rules: frozenset[str]) -> list[ActorSpan]:
    """The first source the enabled rules find for a trigger (or its nominal host) with none."""
    finders = {"gerund": lambda: gerund_controller(token, mentions), "claimed": lambda: claimant(token, mentions),
               "quoted_self": lambda: quoted_speaker(token)}
    for name in RULES:
        if name in rules:
            found = finders[name]()
            if found:
                return found
    return []
