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
from whimbrel.events.target_rules import Vetoes, target_vetoes

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
        if self.coef.shape != (3, WIDTH):   # features changed since training: say so, never misread
            raise ValueError(f"[E620] {path}: {self.coef.shape[1]} role features, the code makes {WIDTH}; "
                             "retrain with scripts/train_event_roles.py")
        self.meta = json.loads(path.with_suffix(".json").read_text())
        self.role_bias = (float(self.meta["bias"][0]), float(self.meta["bias"][1]))

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
    # the rules' source's country ('The Ukrainian leader refused to call a new election': a target of
    # the source's own country when no other country is named is rarely one)
    source = {c.actor.country for c in cands if "source" in c.lexicon_role and c.actor.country}
    countries = {c.actor.country for c in cands if c.actor.country}
    rows = [candidate_row(trigger, match.plover, match.layer, match.pattern, c.actor, c.origin, c.lexicon_role,
                          parties.count(parties[k]) > 1, len(cands), c.actor.country in source,
                          len(countries) <= 1) for k, c in enumerate(cands)]
    return np.asarray(rows, dtype=np.float32).reshape(len(cands), -1 if cands else 0)


def same_actor(a: Candidate, b: Candidate) -> bool:
    """The same actor (one dictionary entry, or the same words); two actors of one country are not:
    'the police arrested a journalist' is a domestic dyad."""
    if a.actor.actor_id and a.actor.actor_id == b.actor.actor_id:
        return True
    return a.actor.text.lower() == b.actor.text.lower() and a.origin == b.origin


def choose(probs: np.ndarray, cands: list[Candidate], bias: tuple[float, float] = (0.0, 0.0),
           vetoes: Vetoes = Vetoes()) -> Assignment:
    """The most probable labelling with at most one source and one target (another actor): each
    candidate keeps 'neither' unless naming it source or target raises the joint probability
    (per candidate, log p(role) - log p(neither), plus the role's prior `bias`: an event has one
    source and usually one target among several candidates, chosen by cross-validation); 'none'
    when no candidate gains. `vetoes`: targets the grammar rules out (events/target_rules.py)."""
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    gain_s = logp[:, SOURCE] - logp[:, NEITHER] + bias[0]
    gain_t = logp[:, TARGET] - logp[:, NEITHER] + bias[1]
    best, pick = 0.0, (None, None)
    for k in range(len(cands)):
        for j in [None, *range(len(cands))]:
            if j is not None and (j == k or same_actor(cands[j], cands[k]) or not vetoes.allows(k, j)):
                continue
            gain = gain_s[k] + (gain_t[j] if j is not None else 0.0)
            if gain > best:
                best, pick = gain, (k, j)
    for j in range(len(cands)):   # a target with no source: 'Two journalists were detained'
        if gain_t[j] > best and vetoes.allows(None, j):
            best, pick = gain_t[j], (None, j)
    k, j = pick
    return Assignment(None if k is None else cands[k], None if j is None else cands[j],
                      0.0 if k is None else float(probs[k, SOURCE]), 0.0 if j is None else float(probs[j, TARGET]))


def assign(trigger: Token, events: list, mentions: list[ActorSpan], model: RoleModel) -> Assignment:
    """Source and target of the lexicon's events on one trigger (same type, several dyads)."""
    cands = candidates(trigger, events, mentions)
    if not cands:
        return Assignment(None, None, 0.0, 0.0)
    match = events[0].match
    return choose(model.proba(role_matrix(trigger, match, cands)), cands, model.role_bias,
                  target_vetoes(trigger, cands, match.plover))
