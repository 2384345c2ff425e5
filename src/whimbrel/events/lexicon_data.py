"""Loading and validation of the event trigger data files (used by lexicon.py).

Files (in whimbrel/data/events/):
    verb_patterns.yaml     curated verb senses / verb+object patterns, light & reporting verbs
    nominal_triggers.yaml  nouns that are events on their own (with compound modifiers)
    cameo_verbs.jsonl      fallback layer converted from PETRARCH CAMEO.2.0 (scripts/convert_cameo.py)
Any malformed entry raises LexiconError naming the file and the entry.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from whimbrel import models

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"
VERB_FILE = "verb_patterns.yaml"
NOUN_FILE = "nominal_triggers.yaml"
CAMEO_FILE = "cameo_verbs.jsonl"
SYN_FILE = "cameo_synonyms.json"

PLOVER_TYPES = frozenset(models.PLOVER_TYPES)   # as a set: the data files are checked against it
SLOTS = ("obj", "comp")


class LexiconError(ValueError):
    """A data file of the trigger lexicon is missing or malformed."""


@dataclass(frozen=True)
class VerbEntry:
    verb: str                           # lemma
    particles: tuple[str, ...]          # "pull out" -> ("out",)
    after: tuple[str, ...]              # alternative object lemmas (may be multi-word)
    prep: str | None
    slot: str
    plover: str | None
    mode: str
    context: tuple[str, ...]
    pid: str
    index: int

    @property
    def score(self) -> int:
        return 2 * len(self.particles) + (3 if self.after else 0) + (2 if self.prep else 0)


@dataclass(frozen=True)
class NounEntry:
    noun: str
    modifiers: tuple[str, ...]
    prep: str | None
    pobj: tuple[str, ...]
    governor: tuple[str, ...]           # the noun's head word, e.g. "on" in "went on strike"
    plover: str | None
    mode: str
    context: tuple[str, ...]
    pid: str
    index: int

    @property
    def score(self) -> int:
        return (2 if self.modifiers else 0) + (1 if self.prep else 0) + (1 if self.pobj else 0) \
            + (2 if self.governor else 0)


@dataclass(frozen=True)
class CameoEntry:
    verb: str
    before: tuple[str, ...]
    groups: tuple[tuple[str | None, tuple[str, ...]], ...]   # (prep, words)
    plover: str | None
    mode: str
    context: tuple[str, ...]
    pid: str
    default: bool

    @property
    def score(self) -> int:
        return len(self.before) + sum(1 + len(w) for _, w in self.groups)


def _fail(fname: str, where: str, msg: str) -> LexiconError:
    return LexiconError(f"{fname}: entry {where}: {msg}")


def _str_list(value, fname: str, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(fname, where, f"'{field}' must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip().lower() for v in value)


def _common(raw: dict, fname: str, where: str) -> tuple[str | None, str, tuple[str, ...]]:
    if "plover" not in raw:
        raise _fail(fname, where, "missing 'plover'")
    plover = raw["plover"]
    if plover is not None and plover not in PLOVER_TYPES:
        raise _fail(fname, where, f"unknown PLOVER type {plover!r}")
    mode = raw.get("mode") or ""
    if not isinstance(mode, str):
        raise _fail(fname, where, f"'mode' must be a string, got {mode!r}")
    return plover, mode.strip(), _str_list(raw.get("context") or [], fname, where, "context")


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise LexiconError(f"{path.name}: file not found in {path.parent}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: top level must be a mapping")
    return data


COMMON_FIELDS = {"plover", "mode", "context", "note", "provenance"}


def _raw_entries(data: dict, fname: str, key: str, head: str, fields: set[str]):
    """(index, entry, head word, where) of each entry of the list `key`, after the checks every
    lexicon entry shares: a non-empty list of mappings, a non-empty `head`, no unknown field."""
    raw_entries = data.get(key)
    if not isinstance(raw_entries, list) or not raw_entries:
        raise LexiconError(f"{fname}: '{key}' must be a non-empty list")
    for i, raw in enumerate(raw_entries):
        if not isinstance(raw, dict):
            raise _fail(fname, f"#{i}", f"must be a mapping, got {raw!r}")
        word = raw.get(head)
        if not isinstance(word, str) or not word.strip():
            raise _fail(fname, f"#{i}", f"missing or empty '{head}'")
        where = f"#{i} ({word})"
        unknown = set(raw) - {head} - fields - COMMON_FIELDS
        if unknown:
            raise _fail(fname, where, f"unknown field(s) {sorted(unknown)}")
        yield i, raw, word, where


def load_verb_file(path: Path):
    """-> (entries, light_verbs, reporting_verbs, quantifier_nouns)"""
    fname = path.name
    data = _read_yaml(path)
    entries: list[VerbEntry] = []
    for i, raw, verb, where in _raw_entries(data, fname, "patterns", "verb", {"after", "prep", "slot"}):
        words = verb.lower().split()
        after = _str_list(raw.get("after"), fname, where, "after")
        prep = raw.get("prep")
        if prep is not None and (not isinstance(prep, str) or not prep.strip()):
            raise _fail(fname, where, f"'prep' must be a string or null, got {prep!r}")
        slot = raw.get("slot") or "obj"
        if slot not in SLOTS:
            raise _fail(fname, where, f"'slot' must be one of {SLOTS}, got {slot!r}")
        plover, mode, context = _common(raw, fname, where)
        pid = f"{fname}:{'+'.join([verb.replace(' ', '_')] + ([prep] if prep else []) + ([after[0]] if after else []))}"
        entries.append(VerbEntry(words[0], tuple(words[1:]), after,
                                 prep.lower().strip() if prep else None, slot,
                                 plover, mode, context, pid, i))
    lists = []
    for key in ("light_verbs", "reporting_verbs", "quantifier_nouns"):
        lists.append(frozenset(_str_list(data.get(key) or [], fname, key, key)))
    return (entries, *lists)


def load_noun_file(path: Path) -> list[NounEntry]:
    fname = path.name
    data = _read_yaml(path)
    entries: list[NounEntry] = []
    for i, raw, noun, where in _raw_entries(data, fname, "nominals", "noun",
                                            {"modifiers", "prep", "pobj", "governor"}):
        mods = _str_list(raw.get("modifiers"), fname, where, "modifiers")
        pobj = _str_list(raw.get("pobj"), fname, where, "pobj")
        governor = _str_list(raw.get("governor"), fname, where, "governor")
        prep = raw.get("prep")
        if prep is not None and not isinstance(prep, str):
            raise _fail(fname, where, f"'prep' must be a string or null, got {prep!r}")
        if pobj and not prep:
            raise _fail(fname, where, "'pobj' needs 'prep'")
        plover, mode, context = _common(raw, fname, where)
        pid = f"{fname}:{'+'.join(([governor[0]] if governor else []) + ([mods[0]] if mods else []) + [noun] + ([prep] if prep else []) + ([pobj[0]] if pobj else []))}"
        entries.append(NounEntry(noun.lower().strip(), mods, prep.lower() if prep else None,
                                 pobj, governor, plover, mode, context, pid, i))
    return entries


def load_cameo_file(path: Path, syn_path: Path) -> tuple[list[CameoEntry], dict[str, tuple[str, ...]]]:
    fname = path.name
    if not path.is_file():
        raise LexiconError(f"{fname}: file not found in {path.parent}")
    synonyms: dict[str, tuple[str, ...]] = {}
    if syn_path.is_file():
        try:
            sets = json.loads(syn_path.read_text(encoding="utf-8"))["sets"]
            synonyms = {k.upper(): tuple(v) for k, v in sets.items()}
        except (ValueError, KeyError, AttributeError) as exc:
            raise LexiconError(f"{syn_path.name}: malformed synonym file: {exc}") from exc
    entries: list[CameoEntry] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"line {lineno}"
            try:
                raw = json.loads(line)
                verb = raw["verb"]
                groups = tuple((g["prep"], tuple(g["words"])) for g in raw.get("groups", []))
                before = tuple(raw.get("before", []))
                origin = raw["origin"]
            except (ValueError, KeyError, TypeError) as exc:
                raise _fail(fname, where, f"malformed: {exc}") from exc
            if not isinstance(verb, str) or not verb:
                raise _fail(fname, where, "missing 'verb'")
            plover, mode, context = _common(raw, fname, where)
            pid = f"{fname}:{origin.rsplit(':', 1)[-1]}"
            entries.append(CameoEntry(verb, before, groups, plover, mode, context, pid,
                                      raw.get("kind") == "verb_default"))
    return entries, synonyms


FRAME_KEYS = ("future_aux", "willing", "vow", "demand_aux", "prepare", "decision")


def load_frame_words(path: Path) -> dict[str, frozenset[str]]:
    """The `frames:` section of verb_patterns.yaml: word lists for events/frames.py."""
    raw = _read_yaml(path).get("frames")
    if not isinstance(raw, dict):
        raise LexiconError(f"{path.name}: 'frames' must be a mapping of word lists")
    unknown = set(raw) - set(FRAME_KEYS)
    if unknown:
        raise LexiconError(f"{path.name}: frames: unknown key(s) {sorted(unknown)}")
    return {k: frozenset(_str_list(raw.get(k) or [], path.name, f"frames.{k}", k)) for k in FRAME_KEYS}
