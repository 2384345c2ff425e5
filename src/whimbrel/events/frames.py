"""Clause frames that change what a trigger codes as (PLOVER manual §3.1, §3.8, §3.11).

Pure functions over a parsed trigger token; the lexicon types the verb, these rules type the
clause around it:
    future / willingness  "will provide aid", "is ready to withdraw"  cooperative -> AGREE
                          "would blockade Paris", "vowed to fight"      conflictual -> THREATEN
    demand modal          "said Sudan must return the helicopter"       -> REQUEST (speaker -> subject)
    military preparation  "prepared to resume shelling"               ASSAULT -> MOBILIZE
    announced decision    "announced it would suspend aid"              SANCTION/COERCE stand
Word lists are in verb_patterns.yaml (`frames:`), documented in docs/events.md.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Token

from whimbrel.events.lexicon import TriggerMatch
from whimbrel.events.lexicon_data import DATA_DIR, VERB_FILE, load_frame_words

COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"}
# Measures an authority puts in place by announcing them: "announced it would cut all aid" is the
# sanction, not a threat of one (unless a condition makes it a warning).
DECIDED_TYPES = {"SANCTION", "COERCE"}
CONDITION_MARKS = {"if", "unless"}
CONFLICT_MATERIAL = {"PROTEST", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE"}
# THREATEN mode = the content of the threat (§3.11 table 3.6), from the threatened type/mode.
THREAT_MODES = {("COERCE", "arrest"): "arrest", ("COERCE", "deport"): "expel",
                ("SANCTION", "expel"): "expel", ("COERCE", "seize"): "territory"}
THREAT_TYPE_MODES = {"PROTEST": "restrict", "COERCE": "restrict", "SANCTION": "relations",
                     "ASSAULT": "violence", "MOBILIZE": "violence"}
# REQUEST mode (§3.8 table 3.3) from the demanded type.
REQUEST_MODES = {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
                 "COOPERATE": "assist", "SUPPORT": "assist"}


@dataclass(frozen=True)
class FrameWords:
    future_aux: frozenset[str]
    willing: frozenset[str]
    vow: frozenset[str]
    demand_aux: frozenset[str]
    prepare: frozenset[str]
    decision: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_frames() -> FrameWords:
    """The frame word lists from verb_patterns.yaml, loaded once per process."""
    return FrameWords(**load_frame_words(DATA_DIR / VERB_FILE))


@dataclass(frozen=True)
class Reframe:
    match: TriggerMatch
    rule: str
    speaker: Token | None = None   # for demand modals: the subject of the governing verb


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _aux_lemmas(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")} | \
        {c.lemma_.lower() for c in tok.children if c.dep_ in ("aux", "auxpass")}


def governing_frame(tok: Token, words: FrameWords) -> str | None:
    """'future' | 'willing' | 'vow' | 'prepare' | 'demand' for the clause of a trigger."""
    if _negated(tok):
        return None
    aux = _aux_lemmas(tok)
    if aux & words.demand_aux:
        return "demand"
    if aux & words.future_aux:
        return "future"
    current = tok
    for _ in range(2):   # "is ready to X", "has sworn to X", "prepared to resume X-ing"
        to_clause = current.dep_ == "advcl" and any(c.lower_ == "to" for c in current.children)
        if (current.dep_ not in ("xcomp", "ccomp") and not to_clause) or current.head.i == current.i:
            return None
        head = current.head
        lemma = head.lemma_.lower()
        if _negated(head):
            return None
        if lemma in words.willing:
            return "willing"
        if lemma in words.vow:
            return "vow"
        if lemma in words.prepare:
            return "prepare"
        if not (_aux_lemmas(head) & words.future_aux) and head.pos_ != "VERB":
            return None
        current = head
    return None


def demand_speaker(tok: Token) -> Token | None:
    """Subject of the verb that governs a demand clause ('Russia said that Sudan must ...')."""
    if tok.dep_ not in ("ccomp", "conj") or tok.head.i == tok.i:
        return None
    return next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def announced_decision(tok: Token, words: FrameWords) -> bool:
    """'X announced it would prohibit Y': a future clause reported by a decision verb, no condition."""
    if tok.dep_ != "ccomp" or tok.head.i == tok.i or tok.head.lemma_.lower() not in words.decision:
        return False
    return not any(m.lower_ in CONDITION_MARKS for c in tok.children if c.dep_ == "advcl"
                   for m in c.children if m.dep_ == "mark")


def _as(match: TriggerMatch, plover: str, mode: str | None, rule: str) -> TriggerMatch:
    return replace(match, plover=plover, mode=mode, pattern=f"{match.pattern}; frame:{rule}")


def reframe(tok: Token, match: TriggerMatch, words: FrameWords) -> Reframe | None:
    """The clause-level type of a trigger, or None when the lexicon type stands."""
    frame = governing_frame(tok, words)
    if frame is None:
        return None
    plover = match.plover
    if frame == "demand":
        speaker = demand_speaker(tok)
        if speaker is None or plover in ("REQUEST", "THREATEN", "ACCUSE", "REJECT"):
            return None
        mode = REQUEST_MODES.get(plover, "change")
        return Reframe(_as(match, "REQUEST", mode, "demand"), "demand", speaker)
    if frame == "prepare":
        if plover == "ASSAULT":
            return Reframe(_as(match, "MOBILIZE", "weapons", "prepare"), "prepare")
        frame = "willing"
    if plover in COOPERATIVE and frame in ("future", "willing", "vow"):
        return Reframe(_as(match, "AGREE", None, frame), frame)
    if plover in DECIDED_TYPES and frame == "future" and announced_decision(tok, words):
        return None
    if plover in CONFLICT_MATERIAL:
        mode = THREAT_MODES.get((plover, match.mode or "")) or THREAT_TYPE_MODES[plover]
        return Reframe(_as(match, "THREATEN", mode, frame), frame)
    return None
