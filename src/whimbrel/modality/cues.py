"""Load and validate the modality cue lexicon (`data/modality/cues.yaml`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from whimbrel.models import MODALITIES

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "cues.yaml"
MEDIA_OUTLETS_PATH = Path(__file__).resolve().parent.parent / "data" / "actors" / "media_outlets.yaml"

# Relations by which a complement hangs off its governor when a cue entry gives no `deps`.
DEFAULT_DEPS = ("xcomp", "ccomp", "dobj", "prep", "acl", "acomp", "pcomp", "attr")


@dataclass(frozen=True)
class Governor:
    """A complement-taking predicate: `cls` applies to its complement."""

    lemma: str
    cls: str
    deps: tuple[str, ...] = DEFAULT_DEPS
    other_subject: str | None = None


@dataclass(frozen=True)
class Lexicon:
    aux: dict[str, str]
    neg_deps: frozenset[str]
    neg_advmod: frozenset[str]
    neg_det: frozenset[str]
    not_only_next: frozenset[str]
    yet_to: frozenset[str]
    adverbs: dict[str, str]
    modifiers: dict[str, str]
    governors: dict[str, Governor]
    reporting_verbs: frozenset[str]
    media_sources: frozenset[str]
    passive_reporting: frozenset[str]
    conditional_phrases: tuple[tuple[str, ...], ...]  # token tuples, longest first
    support_verbs: frozenset[str]
    quote_verbs: frozenset[str] = frozenset()
    presupposing_preps: frozenset[str] = frozenset()
    presupposing_compounds: frozenset[str] = frozenset()
    cancelling: frozenset[str] = frozenset()
    others_acts: frozenset[str] = frozenset()
    inverted_conditions: dict[str, str] = field(default_factory=dict)
    media_names: re.Pattern | None = None   # outlet names, case-sensitive, whole words


class CueError(ValueError):
    """[M001] a cue lexicon entry is malformed."""


def _check_class(where: str, cls: Any) -> str:
    if cls not in MODALITIES:
        raise CueError(f"[M001] {CUES_PATH.name} {where}: unknown modality {cls!r}")
    return cls


def _class_map(raw: dict[str, Any], section: str) -> dict[str, str]:
    return {str(k).lower(): _check_class(f"{section}.{k}", v) for k, v in (raw.get(section) or {}).items()}


def _governors(raw: dict[str, Any]) -> dict[str, Governor]:
    out = {}
    for lemma, entry in (raw.get("governors") or {}).items():
        if not isinstance(entry, dict) or "class" not in entry:
            raise CueError(f"[M001] {CUES_PATH.name} governors.{lemma}: needs a `class`")
        other = entry.get("other_subject")
        out[str(lemma)] = Governor(
            lemma=str(lemma),
            cls=_check_class(f"governors.{lemma}", entry["class"]),
            deps=tuple(entry.get("deps") or DEFAULT_DEPS),
            other_subject=_check_class(f"governors.{lemma}", other) if other else None,
        )
    return out


def _lower_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


def media_name_pattern(outlets: list[dict[str, Any]]) -> re.Pattern | None:
    """One pattern for every outlet name and alias, longest first, as whole words."""
    names = {str(n) for o in outlets for n in [o.get("name"), *(o.get("aliases") or [])] if n}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def parse_lexicon(raw: dict[str, Any], media_names: re.Pattern | None = None) -> Lexicon:
    """Validate a parsed YAML mapping and build the lexicon."""
    neg = raw.get("negation") or {}
    phrases = sorted((tuple(p.lower().split()) for p in raw.get("conditional_phrases") or []),
                     key=len, reverse=True)
    return Lexicon(
        aux=_class_map(raw, "aux"),
        neg_deps=_lower_set(neg.get("neg_deps")),
        neg_advmod=_lower_set(neg.get("advmod")),
        neg_det=_lower_set(neg.get("det")),
        not_only_next=_lower_set(neg.get("not_only_next")),
        yet_to=_lower_set(neg.get("yet_to")),
        adverbs=_class_map(raw, "adverbs"),
        modifiers=_class_map(raw, "modifiers"),
        governors=_governors(raw),
        reporting_verbs=_lower_set(raw.get("reporting_verbs")),
        media_sources=_lower_set(raw.get("media_sources")),
        passive_reporting=_lower_set(raw.get("passive_reporting")),
        conditional_phrases=tuple(phrases),
        support_verbs=_lower_set(raw.get("support_verbs")),
        quote_verbs=_lower_set(raw.get("quote_verbs")),
        presupposing_preps=_lower_set(raw.get("presupposing_preps")),
        presupposing_compounds=_lower_set(raw.get("presupposing_compounds")),
        cancelling=_lower_set(raw.get("cancelling_governors")),
        others_acts=_lower_set(raw.get("others_acts")),
        inverted_conditions=_class_map(raw, "inverted_conditions"),
        media_names=media_names,
    )


@lru_cache(maxsize=4)
def load_cues(path: Path = CUES_PATH) -> Lexicon:
    """Read the YAML lexicon once per process (cached; the Lexicon is immutable)."""
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    with open(MEDIA_OUTLETS_PATH, encoding="utf-8") as fh:
        outlets = yaml.safe_load(fh) or []
    return parse_lexicon(raw, media_name_pattern(outlets))
