"""Load and validate the modality cue lexicon (`data/modality/cues.yaml`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from whimbrel.models import MODALITIES

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "modality" / "cues.yaml"

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


def parse_lexicon(raw: dict[str, Any]) -> Lexicon:
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
    )


@lru_cache(maxsize=4)
def load_cues(path: Path = CUES_PATH) -> Lexicon:
    """Read the YAML lexicon once per process (cached; the Lexicon is immutable)."""
    with open(path, encoding="utf-8") as fh:
        return parse_lexicon(yaml.safe_load(fh))
