"""PLOVER modes from cue words: data/events/mode_cues.yaml, first cue present wins.

Used when the lexicon entry that fired carries no mode of its own ("attacked" -> ASSAULT with
no mode; "attacked with artillery" -> 'heavy-weapons'). The cues are looked for in the trigger
and its subtree, plus the subject phrase of a verb ("a roadside bomb killed ...").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from whimbrel.events.lexicon_data import DATA_DIR, PLOVER_TYPES, LexiconError

MODE_FILE = "mode_cues.yaml"


@dataclass(frozen=True)
class ModeCue:
    mode: str
    cues: tuple[tuple[str, ...], ...]   # each cue as its words


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
            if not isinstance(e, dict) or not isinstance(e.get("mode"), str) or not e.get("cues"):
                raise LexiconError(f"{fname}: {plover} entry #{i} needs 'mode' and 'cues'")
            cues.append(ModeCue(e["mode"], tuple(tuple(str(c).lower().split()) for c in e["cues"])))
        out[plover] = tuple(cues)
    return out


@lru_cache(maxsize=1)
def load_mode_cues(path: Path | None = None) -> dict[str, tuple[ModeCue, ...]]:
    p = path or DATA_DIR / MODE_FILE
    if not p.is_file():
        raise LexiconError(f"{p.name}: file not found in {p.parent}")
    return parse_mode_cues(yaml.safe_load(p.read_text(encoding="utf-8")), p.name)


def cue_words(trigger: Token) -> set[str]:
    """Lemmas and lower-cased forms in the trigger's clause: its subtree and its subject."""
    toks = list(trigger.subtree)
    if trigger.dep_ in ("xcomp", "advcl", "conj", "ccomp"):   # "attempted to assassinate"
        toks.extend(c for c in trigger.head.children if c.dep_ in ("nsubj", "dobj"))
    return {f for t in toks for f in (t.lemma_.lower(), t.lower_)}


def mode_from_cues(plover: str, trigger: Token,
                   table: dict[str, tuple[ModeCue, ...]] | None = None) -> str | None:
    """The first mode of `plover` whose cue appears around the trigger, or None."""
    entries = (table or load_mode_cues()).get(plover, ())
    if not entries:
        return None
    words = cue_words(trigger)
    for entry in entries:
        if any(all(w in words for w in cue) for cue in entry.cues):
            return entry.mode
    return None
