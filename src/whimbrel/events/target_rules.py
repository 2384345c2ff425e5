"""Where a candidate actor cannot be an event's target (issue 16 item 4: say unknown rather than guess).

The learned role assigner (events/roles.py) scores every actor of the sentence; these rules take a
candidate out of the target's choice where the grammar says it names no party the act is aimed at.
Each was read off the out-of-fold target errors of the train split (docs/EVALUATION.md, "Targets,
session 14") and kept only where it removed few right targets:
- a word inside the source's own noun phrase names the source ("Opposition lawmakers denounced",
  "Libyan leader Moammar Gadhafi agreed"), not a second party;
- a capital that modifies another noun names a thing, not its government ("the Doha agreement",
  "the Washington summit", "the Copenhagen Charter");
- the patient of a nominalised act the event is about is not the event's target: "called for
  Zamora's release" asks someone (unnamed) to release Zamora, "condemned Mhlanga's arrest" accuses
  the arresters; unless the event is that act itself ("ordered the release of X": X is released);
- a candidate buried deep below the trigger (six or more dependency steps to its noun phrase's
  head: "attacking a military vehicle securing a convoy for a company operated by China") is part
  of a description, not an argument of the event.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from whimbrel.actors.dictionary import load_tables
from whimbrel.actors.groups import agent_sector
from whimbrel.events.arguments import PATIENT_NOUNS, sources_are_agents
from whimbrel.events.learned_features import span_root
from whimbrel.events.lexicon import load_lexicon
from whimbrel.events.role_features import dep_path

# relations that keep a word inside its head's noun phrase
NP_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "appos", "npadvmod", "nummod"})
# a capital as one of these modifies the noun it names ("the Doha agreement")
NAMING_DEPS = frozenset({"compound", "amod", "det", "nmod"})
# prepositions that attach what an act is about to its trigger ("called for X", "talk of X")
ABOUT_PREPS = frozenset({"for", "of", "on", "about", "over", "against"})
# dependency steps from the trigger to a candidate's noun phrase beyond which it is no argument
MAX_STEPS = 6


@dataclass(frozen=True)
class Vetoes:
    """Candidate indices never to name as target, and (source, target) index pairs not to name together."""
    never: frozenset[int] = field(default_factory=frozenset)
    pairs: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def allows(self, source: int | None, target: int) -> bool:
        return target not in self.never and (source, target) not in self.pairs


def inside(word: Token, top: Token, deps: frozenset[str] = NP_DEPS) -> bool:
    """`word` hangs below `top` through noun-phrase relations only (not `top` itself)."""
    if word.i == top.i:
        return False
    while word.i != top.i:   # up through modifiers until `top`, or out of its phrase
        if word.dep_ not in deps or word.head.i == word.i:
            return False
        word = word.head
    return True


def naming_capital(head: Token, k: int, cands: list, trigger: Token) -> bool:
    """A capital standing for its government (candidate k) that modifies a noun neither a group of
    people nor another candidate ("the Accra authorities", "Kremlin officials" stay a party)."""
    noun = head.head
    if cands[k].actor.how != "place" or head.dep_ not in NAMING_DEPS or noun.i in (trigger.i, head.i):
        return False
    return agent_sector(noun, load_tables()) is None and \
        not any(j != k and c.origin != "context" and c.actor.covers(noun.i) for j, c in enumerate(cands))


def about_nouns(trigger: Token) -> list[Token]:
    """What the act is about: the trigger's direct object and the objects of ABOUT_PREPS."""
    out = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in ABOUT_PREPS:
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def doer_of(noun: Token, word: Token) -> bool:
    """`word` is the doer of the nominalised act `noun`: its 'by' phrase, or its possessor when an
    'of' object names the patient ("the government's release of prisoners")."""
    if word.dep_ == "poss" and word.head.i == noun.i:
        return sources_are_agents(noun)
    while word.i != noun.i and word.head.i != word.i:
        if word.dep_ == "pobj" and word.head.lower_ == "by" and word.head.head.i == noun.i:
            return True
        word = word.head
    return False


def patient_of_act(head: Token, trigger: Token, plover: str) -> bool:
    """The candidate is the patient of a nominalised act (PATIENT_NOUNS) the event is about, and
    the event is not that act itself."""
    for noun in about_nouns(trigger):
        if noun.i == head.i or not noun.left_edge.i <= head.i <= noun.right_edge.i:
            continue
        if noun.lemma_.lower() not in PATIENT_NOUNS or doer_of(noun, head):
            continue
        own = load_lexicon().match_noun(noun)
        if own is None or own.plover != plover:
            return True
    return False


def steps_to_phrase(trigger: Token, head: Token) -> int:
    """Dependency steps from the trigger to the noun phrase holding `head` (its own modifiers'
    steps not counted: "Saudi terrorist Osama bin Laden" is as near as "Osama bin Laden")."""
    path = dep_path(trigger, head)
    while path and path[-1].startswith("v") and path[-1][1:] in NAMING_DEPS:
        path = path[:-1]
    return len(path)


def target_vetoes(trigger: Token, cands: list, plover: str) -> Vetoes:
    """The rules of the module docstring for the candidates (events/roles.Candidate) of one trigger."""
    doc = trigger.doc
    heads = {k: span_root(doc, c.actor) for k, c in enumerate(cands) if c.origin != "context"}
    never = {k for k, h in heads.items()
             if naming_capital(h, k, cands, trigger) or patient_of_act(h, trigger, plover)
             or steps_to_phrase(trigger, h) >= MAX_STEPS}
    pairs = {(s, t) for s, hs in heads.items() for t, ht in heads.items() if s != t and inside(ht, hs)}
    return Vetoes(frozenset(never), frozenset(pairs))
