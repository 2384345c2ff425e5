"""Stage: event triggers -> PLOVER event candidates with source and target actors.

A verb trigger is typed by the lexicon from its lemma and dependents; a noun trigger ("talks",
"prisoner exchange") by the nominal table. Symmetric events with two coordinated parties and no
target become source/target pairs; a counterpart that the sentence leaves implicit is taken from
the dyad the document was just talking about, with lower confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from whimbrel.actors.mentions import ActorSpan
from whimbrel.events.arguments import party_key
from whimbrel.events.frames import FrameWords, demand_speaker, load_frames, reframe
from whimbrel.events.gate import gate_events, load_gate
from whimbrel.events.learned import learned_events, load_model
from whimbrel.events.lexicon import TriggerLexicon, TriggerMatch, load_lexicon
from whimbrel.events.modes import load_mode_tables, resolve_mode
from whimbrel.events.roles import RoleModel, assign, candidates, load_roles
from whimbrel.events.target_rules import target_vetoes
from whimbrel.events.trigger_arguments import UNRESOLVED_NOTE, agentless_passive, arguments_for, nominal_host
from whimbrel.nlp.extensions import register_extensions

SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
# Verbs that demand only with a directive complement: "insisted that Ukraine should agree" is a
# REQUEST, "insisting that authority lies with parliament" is a claim.
DIRECTIVE_ONLY = {"insist"}
DIRECTIVE_AUX = {"should", "must", "to", "ought"}
# Confidence: an event inside another event's clause ("urged X to support Y", "staged protests to
# demand Z") is less likely the reported act than the one governing it; an unresolved source
# is less certain than a dictionary actor.
EMBEDDED_PENALTY = 0.2
UNRESOLVED_PENALTY = 0.1
IMPLICIT_PENALTY = 0.2
IMPLICIT_NOTE = "implicit target from context"
NEEDS_COUNTERPART = {"CONSULT", "AGREE", "REQUEST", "CONCEDE", "COOPERATE", "SUPPORT"}
# What becomes of an event left with no source by the rules and the role assigner (keeps_sourceless):
# "drop" it unless an agentless passive names its victim; "roles": the rules' sourceless events reach
# the role assigner, which may find a source, else as "drop"; "passive": as "roles", and an agentless
# passive goes on with source None; "all": every such event goes on and the gate decides. Each of the
# three lowers precision over the gate's 5 CV draws (docs/EVALUATION.md, session 11): "drop" ships.
SOURCELESS = "drop"
# The rules of events/context_sources.py that look for a source outside the trigger's own clause
# when the argument rules found none. "claimed" ships (train CV, 5 draws: real precision not lower on
# 4, right events more on 3 and fewer on none); "gerund" and "quoted_self" add right events to the
# lexicon's pool but lower the gated precision (docs/EVALUATION.md, session 12): measure again with
# train_event_gate.py --context-sources.
CONTEXT_SOURCES: frozenset[str] = frozenset({"claimed"})


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
    factuality: float | None = None
    condition: str | None = None
    attribution: object | None = None
    date: object | None = None
    location: dict | None = None
    # the role assigner's probabilities of the chosen source and target (None: the lexicon's rules)
    role_scores: tuple[float, float] | None = None


def joint_type(event_type: str, sources: list[ActorSpan]) -> str:
    """MOBILIZE by forces of two countries together is a joint operation: COOPERATE (§3.14)."""
    if event_type == "MOBILIZE" and len({a.country for a in sources if a.country}) >= 2:
        return "COOPERATE"
    return event_type


def pair_up(event_type: str, sources: list[ActorSpan],
            targets: list[ActorSpan]) -> list[tuple[ActorSpan | None, ActorSpan | None]]:
    """Source/target pairs: 'Moscow and Kiev agreed' -> (Moscow, Kiev) for symmetric types."""
    if not sources:
        return [(None, t) for t in targets[:1]] or [(None, None)]
    if not targets and len(sources) >= 2 and event_type in SYMMETRIC:
        return [(sources[0], sources[1])]
    pairs = []
    for source in sources[:2]:
        target = next((t for t in targets if party_key(t) != party_key(source)), None)
        pairs.append((source, target))
    return pairs


def same_actor(a: ActorSpan | None, b: ActorSpan | None) -> bool:
    """Same actor, or the same party (country and sector): a president and his government.

    A government acting on its own opposition or military is a real dyad (UGAGOV -> UGAOPP).
    """
    return a is not None and b is not None and (
        a.actor_id == b.actor_id or party_key(a) == party_key(b))


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


def _is_auxiliary(token: Token) -> bool:
    return token.dep_ in ("aux", "auxpass") or (token.pos_ == "AUX" and token.dep_ != "ROOT"
                                                and any(c.dep_ in ("acomp", "attr") for c in token.children))


def triggers_in(doc: Doc, lexicon: TriggerLexicon,
                frames: FrameWords | None = None) -> list[tuple[Token, TriggerMatch, str]]:
    """(token, match, 'verb'|'noun'), typed in the clause's frame (events/frames.py).

    A noun already carried by a verb pattern is not repeated; a verb that only frames another
    trigger ("vowed to fight", "is ready to withdraw") is not an event of its own.
    """
    frames = frames or load_frames()
    found, carried, frame_heads = [], set(), set()
    for token in doc:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.tag_.startswith("VB")):
            if _is_auxiliary(token):
                continue
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
    framed = []
    for token, match, kind in found:
        change = reframe(token, match, frames) if kind == "verb" else None
        if change is not None and change.rule in ("willing", "vow", "prepare"):
            frame_heads.add(token.head.i)
        framed.append((token, change.match if change else match, kind))
    framed = [f for f in framed if f[0].i not in frame_heads]
    return sorted(framed, key=lambda f: f[0].i)


def _with_mode(token: Token, match: TriggerMatch) -> TriggerMatch:
    """The entry's mode checked against the cue table; a frame's mode (what is threatened or
    demanded) is already the clause's and stands."""
    if match.mode and "frame:" in match.pattern:
        return match
    mode = resolve_mode(match.plover, match.mode, match.layer, token)
    return match if mode == match.mode else replace(match, mode=mode)


def embedded_under(token: Token, trigger_ids: set[int]) -> bool:
    """True when another trigger governs this one in the tree ('urged X to support Y')."""
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.i in trigger_ids:
            return True
    return False


def build_candidates(doc: Doc, lexicon: TriggerLexicon, keep_sourceless: bool = False,
                     context: frozenset[str] | None = None) -> list[EventCandidate]:
    """The lexicon's events; one its rules find no source for is dropped, or with `keep_sourceless`
    kept with source None for the role assigner to decide (relabel). `context`: the
    context_sources rules to try first (default CONTEXT_SOURCES)."""
    context = CONTEXT_SOURCES if context is None else context
    mentions = doc._.actor_mentions or []
    memory = DyadMemory()
    out: list[EventCandidate] = []
    frames = load_frames()
    triggers = triggers_in(doc, lexicon, frames)
    hosts = {t.i: nominal_host(t, lexicon) for t, _, k in triggers if k == "noun"}
    trigger_ids = {t.i for t, _, _ in triggers} | {m.noun.i for _, m, _ in triggers if m.noun is not None} \
        | {h.i for h in hosts.values() if h is not None}
    for token, match, kind in triggers:
        speaker = demand_speaker(token) if match.pattern.endswith("frame:demand") else None
        match = _with_mode(token, match)
        sources, targets, note = arguments_for(doc, token, match, kind, speaker, mentions, lexicon, context)
        if joint_type(match.plover, sources) != match.plover:
            match = replace(match, plover="COOPERATE", mode=None, pattern=f"{match.pattern}; joint")
            targets = []   # the partner is the other force
        for source, target in pair_up(match.plover, sources, targets):
            if same_actor(source, target):
                target = None
            predicate = kind == "verb" or hosts.get(token.i) is not None
            confidence, notes = 0.8 if predicate else 0.6, []
            if target is None and match.plover in NEEDS_COUNTERPART:
                target = memory.counterpart(source)
                if target is not None:
                    confidence, notes = confidence - IMPLICIT_PENALTY, [IMPLICIT_NOTE]
            if source is None and not keep_sourceless and not (target is not None and agentless_passive(token)):
                continue  # an event nobody did is not codable; "X was attacked" names its victim
            if note:
                confidence, notes = confidence - UNRESOLVED_PENALTY, notes + [note]
            anchor = hosts.get(token.i) or token
            if embedded_under(anchor, trigger_ids - {token.i, anchor.i}):
                confidence, notes = confidence - EMBEDDED_PENALTY, notes + ["embedded under another event"]
            memory.remember(source, target)
            out.append(EventCandidate(token, match, source, target, round(confidence, 2), notes))
    return out


def keeps_sourceless(policy: str, trigger: Token, target: ActorSpan | None) -> bool:
    """Whether an event the role assigner gives no source goes on (to the gate) with source None
    (SOURCELESS policies; the guide: "'Y was arrested' (no agent): source null")."""
    if policy == "all":
        return True
    if policy == "passive":
        return agentless_passive(trigger)
    return target is not None and agentless_passive(trigger)   # "X was attacked" names its victim


def relabel(doc: Doc, events: list[EventCandidate], model: RoleModel, policy: str = "drop") -> list[EventCandidate]:
    """One event per trigger with the role assigner's source and target (events/roles.py); the
    lexicon's confidence and notes follow the new actors. An event left with no source goes on as
    `policy` says (keeps_sourceless)."""
    groups: dict[int, list[EventCandidate]] = {}
    for event in events:
        groups.setdefault(event.trigger.i, []).append(event)
    mentions = doc._.actor_mentions or []
    out = []
    for group in groups.values():
        first = group[0]
        chosen = assign(first.trigger, group, mentions, model)
        source = chosen.source.actor if chosen.source else None
        target = chosen.target.actor if chosen.target else None
        if source is None and not keeps_sourceless(policy, first.trigger, target):
            continue
        notes = [n for n in first.notes if n not in (IMPLICIT_NOTE, UNRESOLVED_NOTE)]
        confidence = first.confidence + (IMPLICIT_PENALTY if IMPLICIT_NOTE in first.notes else 0) \
            + (UNRESOLVED_PENALTY if UNRESOLVED_NOTE in first.notes else 0)
        if chosen.target is not None and chosen.target.origin == "context":
            confidence, notes = confidence - IMPLICIT_PENALTY, [IMPLICIT_NOTE] + notes
        if source is not None and source.kind == "unresolved":
            confidence, notes = confidence - UNRESOLVED_PENALTY, notes + [UNRESOLVED_NOTE]
        out.append(replace(first, source=source, target=target, confidence=round(confidence, 2), notes=notes,
                           role_scores=(round(chosen.source_p, 3), round(chosen.target_p, 3))))
    return out


def veto_rule_targets(doc: Doc, events: list[EventCandidate]) -> list[EventCandidate]:
    """The lexicon's own roles (no role assigner): a target events/target_rules.py rules out is
    none, as the role assigner leaves it."""
    mentions = doc._.actor_mentions or []
    out = []
    for event in events:
        if event.target is not None:
            cands = candidates(event.trigger, [event], mentions)
            at = {(c.actor.start, c.actor.end): k for k, c in enumerate(cands)}
            source = at.get((event.source.start, event.source.end)) if event.source is not None else None
            target = at.get((event.target.start, event.target.end))
            vetoes = target_vetoes(event.trigger, cands, event.match.plover)
            if target is not None and not vetoes.allows(source, target):
                event = replace(event, target=None)
        out.append(event)
    return out


class EventExtractor:
    """spaCy component: doc._.events = EventCandidates, in text order."""

    def __init__(self, nlp: Language, name: str, lexicon: TriggerLexicon | None = None,
                 learned: bool = False, min_confidence: float | None = None, gate: bool = True,
                 roles: bool = True, records: bool = False):
        register_extensions()
        self.name = name
        self.lexicon = lexicon or load_lexicon()
        self.use_model = learned   # the learned type stage decides (needs its model files)
        self.use_gate = gate       # else the precision gate filters the lexicon's events
        self.min_confidence = min_confidence
        self.records = records     # record mode: a document below the floor keeps its most probable event
        self.use_roles = roles     # the role assigner re-decides the lexicon's actors (events/roles.py)
        self.roles_model: RoleModel | None = None   # else the shipped one (training sets its own)
        self.sourceless = SOURCELESS   # with the role assigner only (training sets its own to measure)
        self.context_sources = CONTEXT_SOURCES   # training sets its own to measure
        # the lexicon alone drops targets the grammar rules out (training reads the rules' own choice)
        self.veto_targets = True
        self._preload()

    def _preload(self) -> None:
        """The tables the first document would read (each cached per process), read now: forked
        workers inherit them instead of each reading its own (~0.15 s of CPU per worker)."""
        load_frames(), load_mode_tables()
        if self.use_model:
            load_model()
        elif self.use_roles and self.roles_model is None:
            load_roles()
        if self.use_gate and not self.use_model:
            load_gate()

    def __call__(self, doc: Doc) -> Doc:
        model = load_model() if self.use_model else None
        roles = (self.roles_model or load_roles()) if self.use_roles and model is None else None
        events = build_candidates(doc, self.lexicon, keep_sourceless=roles is not None and self.sourceless != "drop",
                                  context=self.context_sources)
        if model is not None:   # the learned stage decides; the lexicon's events are its features
            events = [EventCandidate(e.trigger, e.match, e.source, e.target, e.confidence, ["learned stage"])
                      for e in learned_events(doc, events, self.lexicon, model, self.min_confidence)]
            doc._.events = events
            return doc
        if roles is not None:
            events = relabel(doc, events, roles, self.sourceless)
        elif self.veto_targets:
            events = veto_rule_targets(doc, events)
        if self.use_gate and (gate := load_gate()) is not None:
            events = gate_events(doc, events, self.lexicon, gate, self.min_confidence, keep_top=self.records)
        doc._.events = events
        return doc


@Language.factory("whimbrel_events", assigns=["doc._.events"], requires=["doc._.actor_mentions"],
                  default_config={"learned": False, "min_confidence": None, "gate": True, "records": False})
def make_event_extractor(nlp: Language, name: str, learned: bool, min_confidence: float | None,
                         gate: bool, records: bool) -> EventExtractor:
    # --lexicon-only is the lexicon alone: its own argument rules, no gate
    return EventExtractor(nlp, name, learned=learned, min_confidence=min_confidence, gate=gate, roles=gate,
                          records=records)
