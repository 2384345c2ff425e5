"""The learned role assigner: who is the source and who the target of each event the lexicon finds.

For every trigger the lexicon types, every candidate actor (the actor mentions of its sentence, and
the actors the lexicon's argument rules chose that are not among them: an unresolved subject
phrase, a place, the counterpart remembered from the document) is scored neither / source / target
by a multinomial logistic model over events/role_features.py (NumPy inference; weights in
data/events/event_roles.{npz,json}, trained and cross-validated by scripts/train_event_roles.py).
The source is the candidate most likely a source, the target the most likely target of another
party; each only if its score beats 'neither' for that candidate, else none. The lexicon's rules
are one feature and the whole answer when the model files are missing (docs/events.md, "Roles").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.role_features import WIDTH, candidate_row

ROLES_PATH = Path(__file__).resolve().parent.parent / "data" / "events" / "event_roles.npz"
NEITHER, SOURCE, TARGET = 0, 1, 2


@dataclass
class Candidate:
    actor: ActorSpan
    origin: str            # mention (of the sentence) | lexicon (the rules' own actor) | context
    lexicon_role: set[str]


@dataclass
class Assignment:
    source: Candidate | None
    target: Candidate | None
    source_p: float
    target_p: float


class RoleModel:
    def __init__(self, path: Path = ROLES_PATH):
        with np.load(path) as data:
            self.mean, self.scale = data["mean"].astype(np.float32), data["scale"].astype(np.float32)
            self.coef, self.bias = data["coef"].astype(np.float32), data["bias"].astype(np.float32)
        self.meta = json.loads(path.with_suffix(".json").read_text())

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.bias
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def load_roles(path: Path = ROLES_PATH) -> RoleModel | None:
    return RoleModel(path) if path.is_file() and path.with_suffix(".json").is_file() else None


def party(actor: ActorSpan) -> tuple:
    """Country and sector, or the actor id (an IGO) or the words when there is no country."""
    return (actor.country, actor.sector) if actor.country else (actor.actor_id or actor.text, None)


def candidates(trigger: Token, events: list, mentions: list[ActorSpan]) -> list[Candidate]:
    """The trigger's sentence's actor mentions (not the trigger's own words), then the lexicon's
    actors for this trigger that are not among them; each with the roles the lexicon gave it."""
    sent = trigger.sent
    out = [Candidate(m, "mention", set()) for m in mentions
           if sent.start <= m.start < sent.end and not m.covers(trigger.i)]
    at = {(c.actor.start, c.actor.end): c for c in out}
    for event in events:
        for role, actor in (("source", event.source), ("target", event.target)):
            if actor is None:
                continue
            known = at.get((actor.start, actor.end))
            if known is None:
                origin = "lexicon" if sent.start <= actor.start < sent.end else "context"
                known = at[(actor.start, actor.end)] = Candidate(actor, origin, set())
                out.append(known)
            known.lexicon_role.add(role)
    return out


def role_matrix(trigger: Token, match, cands: list[Candidate]) -> np.ndarray:
    parties = [party(c.actor) for c in cands]
    rows = [candidate_row(trigger, match.plover, match.layer, match.pattern, c.actor, c.origin, c.lexicon_role,
                          parties.count(parties[k]) > 1, len(cands)) for k, c in enumerate(cands)]
    return np.asarray(rows, dtype=np.float32).reshape(len(cands), WIDTH)


def choose(probs: np.ndarray, cands: list[Candidate]) -> Assignment:
    """The most likely source, then the most likely target of another party; each only when its
    role beats 'neither' for that candidate."""
    source = target = None
    sp = tp = 0.0
    if len(cands):
        k = int(np.argmax(probs[:, SOURCE]))
        if probs[k, SOURCE] > probs[k, NEITHER]:
            source, sp = cands[k], float(probs[k, SOURCE])
        for j in (int(j) for j in np.argsort(-probs[:, TARGET])):
            if probs[j, TARGET] <= probs[j, NEITHER]:
                break
            if source is None or (j != k and party(cands[j].actor) != party(source.actor)):
                target, tp = cands[j], float(probs[j, TARGET])
                break
    return Assignment(source, target, sp, tp)


def assign(trigger: Token, events: list, mentions: list[ActorSpan], model: RoleModel) -> Assignment:
    """Source and target of the lexicon's events on one trigger (same type, several dyads)."""
    cands = candidates(trigger, events, mentions)
    if not cands:
        return Assignment(None, None, 0.0, 0.0)
    return choose(model.proba(role_matrix(trigger, events[0].match, cands)), cands)
