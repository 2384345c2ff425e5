"""Features of the learned role assigner (events/roles.py): one row per (event trigger, candidate actor).

A candidate is an actor mention of the trigger's sentence, or an actor the lexicon's argument rules
chose that is not one of them (an unresolved subject phrase, a place, the counterpart remembered from
the document). What generalises across verbs is how the candidate hangs on the trigger, so most
features describe that: the dependency path from the trigger to the candidate's head (labels and
directions, truncated to three steps, hashed), the candidate's own grammatical relation (with the
preposition's word for a prepositional object; 'by' under a passive is the agent), whether the path
enters or leaves a subordinate, complement or relative clause, the trigger's voice, linear order and
distance. Then what the event is (PLOVER type, verb or noun, lexicon layer and pattern), what the
candidate is (kind, how it was found, country known), whether the lexicon's rules chose it, and
whether another candidate is the same party, and whether the event looks domestic (the candidate has
the country of the rules' source; no other country is named in the sentence). The path, with the
trigger's voice, is hashed into a few buckets; more hashed conjunctions (relation x voice, relation x
type) overfit the ~3,000 train events in cross-validation and are left out.
"""
from __future__ import annotations

import zlib

from spacy.tokens import Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.models import PLOVER_TYPES
from whimbrel.events.learned_features import KINDS, LAYERS, PREPS, one_hot, span_root

RELATIONS = ("nsubj", "nsubjpass", "dobj", "dative", "pobj", "agent", "poss", "appos", "compound", "amod",
             "conj", "attr", "nmod")
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis", "pcomp"}
HOWS = ("dictionary", "coref", "role", "title", "place", "country", "subject", "name", "ner", "context")
ORIGINS = ("mention", "lexicon", "context")   # in the sentence / only the rules' choice / remembered
PATTERN_CUES = ("cameo", "noun", "light", "frame", "joint", "participle")
PATH_STEPS = 3
BUCKETS = 128   # per hashed family
# hashed conjunctions; cross-validation keeps only those listed (scripts/train_event_roles.py)
FAMILIES = ("path",)
DENSE_WIDTH = (len(RELATIONS) + 1 + len(PREPS) + 1 + 6 + len(PLOVER_TYPES) + 1 + len(LAYERS) + 1
               + len(PATTERN_CUES) + len(KINDS) + 1 + len(HOWS) + 1 + len(ORIGINS) + 1 + 16)
WIDTH = DENSE_WIDTH + len(FAMILIES) * BUCKETS


def passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def dep_path(trigger: Token, head: Token) -> list[str]:
    """Steps from the trigger up to the lowest common ancestor ('^dep' = leave the trigger side by
    its label) and down to the candidate's head ('vdep'); ['self'] when the head is the trigger."""
    up = [trigger] + list(trigger.ancestors)
    down = [head] + list(head.ancestors)
    up_ids = {t.i: k for k, t in enumerate(up)}
    k_down = next((k for k, t in enumerate(down) if t.i in up_ids), None)
    if k_down is None:
        return ["nopath"]
    k_up = up_ids[down[k_down].i]
    steps = [f"^{t.dep_}" for t in up[:k_up]] + [f"v{t.dep_}" for t in reversed(down[:k_down])]
    return steps or ["self"]


def grammatical_relation(head: Token) -> tuple[str, str | None]:
    """The candidate head's relation; a prepositional object gives its preposition's word, and the
    object of a passive's 'by' phrase is the agent."""
    if head.dep_ == "pobj":
        if head.head.dep_ == "agent":
            return "agent", "by"
        return "pobj", head.head.lower_
    return head.dep_, None


def _hash(family: int, key: str) -> int:
    return DENSE_WIDTH + family * BUCKETS + zlib.crc32(key.encode("utf-8")) % BUCKETS


def candidate_row(trigger: Token, plover: str, layer: str | None, pattern: str, actor: ActorSpan,
                  origin: str, lexicon_role: set[str], same_party_other: bool, n_candidates: int,
                  source_country: bool = False, one_country: bool = False) -> list[float]:
    """The feature row of one candidate for one trigger (length WIDTH)."""
    doc = trigger.doc
    in_sentence = origin != "context"
    head = span_root(doc, actor) if in_sentence else trigger
    path = dep_path(trigger, head)[:PATH_STEPS] if in_sentence else ["context"]
    rel, prep = grammatical_relation(head) if in_sentence else ("context", None)
    is_passive = passive(trigger)
    voice = "pass" if is_passive else "act"
    distance = 0 if not in_sentence else (actor.start - trigger.i if actor.start > trigger.i else trigger.i - actor.end + 1)
    order = [float(in_sentence and actor.start > trigger.i), float(in_sentence and actor.start < trigger.i),
             min(abs(distance), 30) / 30, min(len(path), 8) / 8,
             float(any(s[1:] in CLAUSE_DEPS for s in path if s.startswith("v"))),   # inside a clause below
             float(any(s[1:] in CLAUSE_DEPS for s in path if s.startswith("^")))]   # trigger inside a clause
    pattern = (pattern or "").lower()
    row = one_hot(rel, RELATIONS) + one_hot(prep, PREPS) + order
    row += one_hot(plover, PLOVER_TYPES) + one_hot(layer, LAYERS) + [float(c in pattern) for c in PATTERN_CUES]
    row += one_hot(actor.kind, KINDS) + one_hot(actor.how, HOWS) + one_hot(origin, ORIGINS)
    row += [float(is_passive), float(trigger.pos_ in ("NOUN", "PROPN")), float(bool(actor.country)),
            float(actor.sector == "IGO" or actor.kind == "igo"), float(actor.is_person),
            float(actor.sector == "GOV" or actor.kind == "government"), float("source" in lexicon_role),
            float("target" in lexicon_role), float(same_party_other), min(n_candidates, 6) / 6,
            float(actor.how == "coref"), float(doc[actor.start].tag_ in ("PRP", "PRP$") if in_sentence else 0.0),
            float(rel == "poss" and head.head.i != trigger.i)]
    # domestic or not: the candidate shares the rules' source's country; no other country is named
    row += [float(source_country), float(one_country), float(source_country and one_country)]
    row += [0.0] * (len(FAMILIES) * BUCKETS)
    keys = {"path": f"{voice}|{'/'.join(path)}"}
    for family, name in enumerate(FAMILIES):
        row[_hash(family, keys[name])] = 1.0
    return row
