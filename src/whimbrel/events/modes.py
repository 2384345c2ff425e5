"""PLOVER modes from cue words: data/events/mode_cues.yaml, first cue present wins.

Used when the lexicon entry that fired carries no mode of its own ("attacked" -> ASSAULT with
no mode; "attacked with artillery" -> 'heavy-weapons'). The cues are looked for in the trigger
and its subtree, plus the subject phrase of a governing verb ("attempted to assassinate ...");
`object_cues` only in the trigger's object ("killed the rebel commander" is targeted, "a rebel
commander said they killed ..." is not).

An entry's own mode is checked too (`resolve_mode`): a mode the 2021 tables do not have for the
type is repaired (`repairs`, e.g. CAMEO 1712 'destroy property' came over as ASSAULT 'seize') or
dropped; a CAMEO-layer mode comes from a coarse block table, so a cue beats it; a curated
ASSAULT mode yields to a cue for a more specific weapon ("tanks fired at" -> heavy-weapons).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from whimbrel.events.lexicon_data import DATA_DIR, PLOVER_TYPES, LexiconError

MODE_FILE = "mode_cues.yaml"
OBJECT_DEPS = ("dobj", "nsubjpass", "obj", "dative")


@dataclass(frozen=True)
class ModeCue:
    mode: str
    cues: tuple[tuple[str, ...], ...]   # each cue as its words
    object_cues: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ModeTables:
    cues: dict[str, tuple[ModeCue, ...]]
    extra: dict[str, frozenset[str]]          # valid 2021 modes that have no cue words
    repairs: dict[str, dict[str, str]]        # type -> {entry mode: 2021 mode}
    specific_first: frozenset[str]            # types whose cue order beats an entry's mode

    def valid(self, plover: str) -> frozenset[str] | None:
        if plover not in self.cues:
            return None
        return frozenset(c.mode for c in self.cues[plover]) | self.extra.get(plover, frozenset())


def _words(values) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(c).lower().split()) for c in values or ())


def parse_mode_cues(raw: dict, fname: str = MODE_FILE) -> dict[str, tuple[ModeCue, ...]]:
    """Validate the YAML mapping {PLOVER type: [{mode, cues}]}; raises LexiconError."""
    table = raw.get("modes") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise LexiconError(f"{fname}: top level needs a 'modes' mapping")
    out: dict[str, tuple[ModeCue, ...]] = {}
    for plover, entries in table.items():
        if plover not in PLOVER_TYPES:
            raise LexiconError(f"{fname}: unknown PLOVER type {plover!r}")
        cues = []
        for i, e in enumerate(entries or []):
            if not isinstance(e, dict) or not isinstance(e.get("mode"), str) \
                    or not (e.get("cues") or e.get("object_cues")):
                raise LexiconError(f"{fname}: {plover} entry #{i} needs 'mode' and 'cues'")
            cues.append(ModeCue(e["mode"], _words(e.get("cues")), _words(e.get("object_cues"))))
        out[plover] = tuple(cues)
    return out


def parse_mode_tables(raw: dict, fname: str = MODE_FILE) -> ModeTables:
    """The cue table plus `extra_modes`, `repairs` and `specific_first`; raises LexiconError."""
    cues = parse_mode_cues(raw, fname)
    sections = {k: raw.get(k) or {} for k in ("extra_modes", "repairs")}
    for key, section in sections.items():
        if not isinstance(section, dict) or set(section) - PLOVER_TYPES:
            raise LexiconError(f"{fname}: '{key}' must map PLOVER types, got {sorted(section)}")
    extra = {k: frozenset(str(m) for m in v) for k, v in sections["extra_modes"].items()}
    repairs = {k: {str(a): str(b) for a, b in v.items()} for k, v in sections["repairs"].items()}
    specific = frozenset(raw.get("specific_first") or ())
    if specific - PLOVER_TYPES:
        raise LexiconError(f"{fname}: specific_first: unknown type(s) {sorted(specific - PLOVER_TYPES)}")
    return ModeTables(cues, extra, repairs, specific)


@lru_cache(maxsize=1)
def load_mode_tables(path: Path | None = None) -> ModeTables:
    p = path or DATA_DIR / MODE_FILE
    if not p.is_file():
        raise LexiconError(f"{p.name}: file not found in {p.parent}")
    return parse_mode_tables(yaml.safe_load(p.read_text(encoding="utf-8")), p.name)


def load_mode_cues(path: Path | None = None) -> dict[str, tuple[ModeCue, ...]]:
    return load_mode_tables(path).cues


def _forms(tokens) -> set[str]:
    return {f for t in tokens for f in (t.lemma_.lower(), t.lower_)}


def cue_words(trigger: Token) -> set[str]:
    """Lemmas and lower-cased forms in the trigger's clause: its subtree and, for a complement of
    another verb ("attempted to assassinate"), that verb's subject and object heads. A reported
    clause (ccomp) does not borrow its reporter's words, nor a verb its conjunct's ("kidnapped
    ... and set off bombs")."""
    conjuncts = {t.i for c in trigger.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                 for t in c.subtree}
    toks = [t for t in trigger.subtree if t.i not in conjuncts]
    if trigger.dep_ in ("xcomp", "advcl", "conj"):
        toks.extend(c for c in trigger.head.children if c.dep_ in ("nsubj", "dobj"))
    return _forms(toks)


def object_words(trigger: Token) -> set[str]:
    """Words of the trigger's object phrase (the victim of an attack, the thing banned)."""
    return _forms(t for c in trigger.children if c.dep_ in OBJECT_DEPS for t in c.subtree)


def _first_cue(entries: tuple[ModeCue, ...], words: set[str], objects: set[str]) -> int | None:
    for i, entry in enumerate(entries):
        if any(all(w in words for w in cue) for cue in entry.cues) or \
                any(all(w in objects for w in cue) for cue in entry.object_cues):
            return i
    return None


def mode_from_cues(plover: str, trigger: Token,
                   table: dict[str, tuple[ModeCue, ...]] | None = None) -> str | None:
    """The first mode of `plover` whose cue appears around the trigger, or None."""
    entries = (table or load_mode_cues()).get(plover, ())
    if not entries:
        return None
    i = _first_cue(entries, cue_words(trigger), object_words(trigger))
    return entries[i].mode if i is not None else None


def resolve_mode(plover: str, entry_mode: str | None, layer: str, trigger: Token,
                 tables: ModeTables | None = None) -> str | None:
    """The event's mode from the lexicon entry's mode and the cue table (see module doc)."""
    tables = tables or load_mode_tables()
    mode = entry_mode or None
    if mode:
        mode = tables.repairs.get(plover, {}).get(mode, mode)
        valid = tables.valid(plover)
        if valid is not None and mode not in valid:
            mode = None
    entries = tables.cues.get(plover, ())
    if not entries:
        return mode
    objects = object_words(trigger)
    if mode and layer == "cameo":   # the words the CAMEO pattern matched: verb and object
        i = _first_cue(entries, _forms([trigger]) | objects, objects)
        return entries[i].mode if i is not None else mode
    i = _first_cue(entries, cue_words(trigger), objects)
    cue = entries[i].mode if i is not None else None
    if not mode or not cue:
        return mode or cue
    order = [e.mode for e in entries]
    if plover in tables.specific_first and (mode not in order or i < order.index(mode)):
        own = _first_cue(entries[order.index(mode):order.index(mode) + 1], _forms([trigger]), set()) \
            if mode in order else None
        return mode if own is not None else cue   # "shelled" names its weapon; "fired at" does not
    return mode
