"""Event trigger lexicon: spaCy token -> PLOVER event type (+ mode, context).

Three layers, loaded once from whimbrel/data/events/ (see lexicon_data.py):
    curated  verb_patterns.yaml     hand-reviewed verb senses and verb+object patterns
    nominal  nominal_triggers.yaml  event nouns ("talks", "prisoner exchange", "airstrikes")
    cameo    cameo_verbs.jsonl      PETRARCH CAMEO.2.0 fallback (block codes are unreliable)

match_verb(verb): curated (most specific entry wins) -> light verb + nominal object ->
cameo patterns -> cameo verb default. Reporting verbs (say, tell, ...) only match specific
curated verb+object entries ("announce sanctions"); otherwise None. Entries whose PLOVER
type is null (CAMEO 01x/02x statements, or curated "no event" entries) return None.
match_noun(noun): nominal triggers, modifiers (compound/amod/poss/nmod) and prep children
matter; a noun used as a compound modifier of another noun returns None.
Roles (actor/recipient, passive swaps) and future/negation modes are the caller's job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from .lexicon_data import (
    CAMEO_FILE, DATA_DIR, NOUN_FILE, PLOVER_TYPES, SYN_FILE, VERB_FILE,
    CameoEntry, LexiconError, NounEntry, VerbEntry,
    load_cameo_file, load_noun_file, load_verb_file,
)

__all__ = ["TriggerMatch", "TriggerLexicon", "LexiconError", "PLOVER_TYPES",
           "REPORTING_VERBS", "load_lexicon", "is_reporting_verb"]

PARTICLE_DEPS = {"prt", "compound:prt", "advmod", "prep"}
OBJ_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative", "obj"}
COMP_DEPS = {"xcomp", "ccomp", "acomp", "oprd", "advcl"}
PREP_DEPS = {"prep", "agent", "dative"}
MOD_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod", "nummod"}
# Heads that only carry their compound's meaning: "ended mediation efforts" = "ended mediation".
GENERIC_HEADS = {"effort", "process", "operation", "programme", "program", "delivery",
                 "shipment", "activity", "mission", "work", "campaign"}


@dataclass(frozen=True)
class TriggerMatch:
    plover: str
    mode: str | None
    context: tuple[str, ...]
    pattern: str          # e.g. "verb_patterns.yaml:hold+talks", "cameo_verbs.jsonl:5617"
    layer: str            # "curated", "cameo", "nominal"
    noun: Token | None    # object token that carried the meaning (light verbs, verb+object)


def _forms(tok: Token) -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


def _conj_expand(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _phrase_match(alt: str, tok: Token) -> bool:
    """alt ('talks', 'phone call', 'prisoners of war') against an object token."""
    words = alt.split()
    if len(words) == 1:
        if alt in _forms(tok):
            return True
        return tok.lemma_.lower() in GENERIC_HEADS and any(
            alt in _forms(c) for c in tok.children if c.dep_ == "compound")
    if words[-1] in _forms(tok):
        mods = {f for c in tok.children if c.dep_ in MOD_DEPS for f in _forms(c)}
        if all(w in mods for w in words[:-1]):
            return True
    sub = list(tok.subtree)
    for seq in (" ".join(t.lower_ for t in sub), " ".join(t.lemma_.lower() for t in sub)):
        if re.search(rf"(^| ){re.escape(alt)}( |$)", seq) and tok.i >= sub[0].i:
            return True
    return False


class TriggerLexicon:
    def __init__(self, verbs: list[VerbEntry], light: frozenset[str], reporting: frozenset[str],
                 quantifiers: frozenset[str], nouns: list[NounEntry],
                 cameo: list[CameoEntry], synonyms: dict[str, tuple[str, ...]]):
        self.light_verbs = light
        self.reporting_verbs = reporting
        self.quantifier_nouns = quantifiers
        self._verbs: dict[str, list[VerbEntry]] = {}
        for e in verbs:
            self._verbs.setdefault(e.verb, []).append(e)
        self._nouns: dict[str, list[NounEntry]] = {}
        for n in nouns:
            self._nouns.setdefault(n.noun, []).append(n)
        self._cameo: dict[str, list[CameoEntry]] = {}
        for c in cameo:
            self._cameo.setdefault(c.verb, []).append(c)
        self._synonyms = synonyms

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "TriggerLexicon":
        d = Path(data_dir) if data_dir else DATA_DIR
        verbs, light, reporting, quant = load_verb_file(d / VERB_FILE)
        nouns = load_noun_file(d / NOUN_FILE)
        cameo, syn = load_cameo_file(d / CAMEO_FILE, d / SYN_FILE)
        return cls(verbs, light, reporting, quant, nouns, cameo, syn)

    # ------------------------------------------------------------------ helpers
    def verb_lemma(self, tok: Token) -> str:
        """The token's lemma, repaired when the lemmatiser missed a past form ('staged' -> 'stag')."""
        lemma = tok.lemma_.lower()
        if lemma in self._verbs or lemma in self._cameo or not tok.tag_ in ("VBD", "VBN"):
            return lemma
        form = tok.lower_
        for cand in (form[:-1], form[:-2], form[:-3]):
            if form.endswith("ed") and (cand in self._verbs or cand in self._cameo):
                return cand
        return lemma

    def is_reporting_verb(self, tok: Token) -> bool:
        lemma = self.verb_lemma(tok)
        if tok.lower_ == "according":
            return any(c.lower_ == "to" for c in tok.children)
        if lemma in self.reporting_verbs:
            return True
        parts = {f"{lemma} {c.lower_}" for c in tok.children if c.dep_ in PARTICLE_DEPS}
        return bool(parts & self.reporting_verbs)

    def _objects(self, verb: Token) -> list[Token]:
        objs = [c for c in verb.children if c.dep_ in OBJ_DEPS]
        out: list[Token] = []
        for o in _conj_expand(objs):
            out.append(o)
            if o.lemma_.lower() in self.quantifier_nouns:   # "a list of conditions"
                for p in o.children:
                    if p.dep_ == "prep" and p.lower_ == "of":
                        out.extend(_conj_expand([c for c in p.children if c.dep_ == "pobj"]))
        return out

    def _prep_objects(self, verb: Token, prep: str) -> list[Token] | None:
        preps = [c for c in verb.children if c.dep_ in PREP_DEPS and c.lower_ == prep]
        if not preps:
            return None
        objs = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp")]
        out = _conj_expand(objs)
        for o in list(out):
            if o.lemma_.lower() in self.quantifier_nouns:
                out.extend(g for p in o.children if p.lower_ == "of" for g in p.children
                           if g.dep_ == "pobj")
        return out

    @staticmethod
    def _comp_tokens(verb: Token) -> list[Token]:
        heads = [c for c in verb.children if c.dep_ in COMP_DEPS]
        return heads + [g for h in heads for g in h.children if g.dep_ not in ("punct", "det")]

    # ------------------------------------------------------------------ verbs
    def _curated(self, verb: Token, specific_only: bool) -> tuple[VerbEntry, Token | None] | None:
        entries = self._verbs.get(self.verb_lemma(verb)) or self._verbs.get(verb.lower_) or []
        kids = {c.lower_ for c in verb.children if c.dep_ in PARTICLE_DEPS}
        has_prt = any(c.dep_ in ("prt", "compound:prt") for c in verb.children)
        best: tuple[VerbEntry, Token | None] | None = None
        for e in entries:
            if specific_only and not (e.after or e.prep):
                continue
            if any(p not in kids for p in e.particles):
                continue
            if has_prt and not e.particles and not (e.after or e.prep):
                continue   # "called up reservists" must not fall back to bare "call"
            noun: Token | None = None
            if e.prep:
                cands = self._prep_objects(verb, e.prep)
                if cands is None:
                    continue
            elif e.slot == "comp":
                cands = self._comp_tokens(verb)
            else:
                cands = self._objects(verb)
            if e.after:
                noun = next((t for t in cands if any(_phrase_match(a, t) for a in e.after)), None)
                if noun is None:
                    continue
            if best is None or e.score > best[0].score:
                best = (e, noun)
        return best

    def _cameo_match(self, verb: Token, allow_default: bool) -> CameoEntry | None:
        entries = self._cameo.get(self.verb_lemma(verb)) or []
        if not entries:
            return None
        if all(e.default for e in entries):   # half the lemmas: no entry reads the verb's words
            return entries[0] if allow_default else None
        after_toks = [t for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass", "punct")
                      for t in c.subtree]
        subj_toks = [t for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                     for t in c.subtree]
        after_forms = {f for t in after_toks for f in _forms(t)}
        subj_forms = {f for t in subj_toks for f in _forms(t)}
        prep_forms: dict[str, set[str] | None] = {}   # prep -> words of its phrases, None if absent
        best: CameoEntry | None = None
        for e in entries:
            if e.default:
                if allow_default and best is None:
                    best = e
                continue
            if not all(self._word_in(w, subj_forms) for w in e.before):
                continue
            ok = True
            for prep, words in e.groups:
                if prep:
                    if prep not in prep_forms:   # the same few preps recur over a lemma's entries
                        pps = [t for t in after_toks if t.dep_ in PREP_DEPS and t.lower_ == prep]
                        prep_forms[prep] = {f for p in pps for t in p.subtree for f in _forms(t)} if pps else None
                    sub = prep_forms[prep]
                    ok = sub is not None and all(self._word_in(w, sub) for w in words)
                else:
                    ok = all(self._word_in(w, after_forms) for w in words)
                if not ok:
                    break
            if ok and (best is None or best.default or e.score > best.score):
                best = e
        return best

    def _word_in(self, word: str, forms: set[str]) -> bool:
        if word.startswith("&"):
            return any(self._word_in(s, forms) for s in self._synonyms.get(word, ()))
        return all(w in forms for w in word.split())

    def match_verb(self, verb: Token) -> TriggerMatch | None:
        """Type a verb token from its lemma and dependents; None if it is not an event."""
        reporting = self.is_reporting_verb(verb)
        hit = self._curated(verb, specific_only=reporting)
        if hit is not None:
            e, noun = hit
            if e.plover is None:
                return None
            return TriggerMatch(e.plover, e.mode or None, e.context, e.pid, "curated", noun)
        if reporting:
            return None
        lemma = self.verb_lemma(verb)
        kids = [c.lower_ for c in verb.children if c.dep_ in PARTICLE_DEPS]
        light = lemma in self.light_verbs or any(f"{lemma} {k}" in self.light_verbs for k in kids)
        if light:
            cands = list(self._objects(verb))
            for c in verb.children:
                if c.dep_ in PREP_DEPS:
                    cands.extend(_conj_expand([g for g in c.children if g.dep_ == "pobj"]))
            for obj in cands:
                m = self.match_noun(obj, _as_object=True)
                if m is not None:
                    return TriggerMatch(m.plover, m.mode, m.context,
                                        f"{VERB_FILE}:light:{lemma}+{m.pattern.split(':', 1)[1]}",
                                        "curated", obj)
        c = self._cameo_match(verb, allow_default=not light)
        if c is None or c.plover is None:
            return None
        return TriggerMatch(c.plover, c.mode or None, c.context, c.pid, "cameo", None)

    # ------------------------------------------------------------------ nouns
    def match_noun(self, noun: Token, _as_object: bool = False) -> TriggerMatch | None:
        """Type an event noun ("talks", "prisoner exchange", "ceasefire proposals")."""
        if not _as_object and noun.dep_ == "compound" and noun.head.i != noun.i \
                and noun.head.pos_ in ("NOUN", "PROPN"):
            return None   # "ceasefire" in "ceasefire proposals": the head is the event
        entries = self._nouns.get(noun.lemma_.lower()) or self._nouns.get(noun.lower_) or []
        if not entries:
            return None
        mods = {f for c in noun.children if c.dep_ in MOD_DEPS for f in _forms(c)}
        preps = {}
        for c in noun.children:
            if c.dep_ == "prep":
                preps.setdefault(c.lower_, set()).update(
                    f for g in c.children if g.dep_ == "pobj" for t in _conj_expand([g])
                    for f in _forms(t))
        best: NounEntry | None = None
        for e in entries:
            if e.modifiers and not any(m in mods for m in e.modifiers):
                continue
            if e.prep and e.prep not in preps:
                continue
            if e.pobj and not any(p in preps[e.prep] for p in e.pobj):
                continue
            if e.governor and noun.head.lower_ not in e.governor:
                continue
            if best is None or e.score > best.score:
                best = e
        if best is None or best.plover is None:
            return None
        return TriggerMatch(best.plover, best.mode or None, best.context, best.pid, "nominal",
                            None)


@lru_cache(maxsize=1)
def load_lexicon() -> TriggerLexicon:
    """The lexicon from the packaged data files, loaded once per process."""
    return TriggerLexicon.load()


def _reporting_from_data() -> frozenset[str]:
    try:
        return load_verb_file(DATA_DIR / VERB_FILE)[2]
    except LexiconError:
        return frozenset()


REPORTING_VERBS: frozenset[str] = _reporting_from_data()


def is_reporting_verb(token: Token) -> bool:
    """True for say/tell-type verbs (and "according to") whose complement carries the event."""
    return load_lexicon().is_reporting_verb(token)
