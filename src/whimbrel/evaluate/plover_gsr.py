"""Score the coder on PLOVER gold-standard records: event type, source, target and mode of the top event.

Each record is one short text with one gold event. The coder's top event (highest confidence, ties ->
first in the text) is the prediction; no event counts as wrong. Source/target are right when the
predicted country equals any gold actor's country after old CAMEO codes are normalised to ISO3.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from whimbrel.evaluate import metrics
from whimbrel.evaluate.jsonl import read_jsonl
from whimbrel.models import CodedDocument, Event

CODE_TABLE = "data/evaluate/cameo_country_codes.yaml"


@lru_cache(maxsize=1)
def load_code_table() -> tuple[dict[str, str], tuple[str, ...]]:
    """The bundled old-code table: ({old: ISO3}, non-state prefixes)."""
    import yaml

    text = resources.files("whimbrel").joinpath(CODE_TABLE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    codes = {str(k).upper(): str(v).upper() for k, v in (data.get("codes") or {}).items()}
    for old, new in codes.items():
        if len(old) != 3 or len(new) != 3:
            raise ValueError(f"[E910] {CODE_TABLE}: code {old} -> {new} is not three letters to three")
    return codes, tuple(str(p).upper() for p in data.get("nonstate_prefixes") or [])


def normalise_code(code: str | None, table: tuple[dict[str, str], tuple[str, ...]] | None = None) -> str | None:
    """CAMEO-style actor code -> ISO3 country, or the whole code for non-state actors (IGOUNO).

    >>> normalise_code("JAPGOV"), normalise_code("IGOUNO"), normalise_code("usa")
    ('JPN', 'IGOUNO', 'USA')
    """
    if not code:
        return None
    codes, nonstate = table or load_code_table()
    code = code.strip().upper()
    if code[:3] in nonstate:
        return code
    return codes.get(code[:3], code[:3])


def _actors(value: Any) -> list[dict]:
    """Gold source/target -> list of actor dicts (a few records carry a stray string instead)."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [a if isinstance(a, dict) else {"code": str(a)} for a in value]
    return []


def load_records(path: str | Path, limit: int | None = None) -> list[dict]:
    """Read the JSONL gold records, with `source`/`target` always lists of actor dicts."""
    records = read_jsonl(path, limit)
    for rec in records:
        rec["source"], rec["target"] = _actors(rec.get("source")), _actors(rec.get("target"))
    return records


# The GSR records were coded with the draft PLOVER manual's mode names (openeventdata/PLOVER,
# PLOVER_Manual.tex, 2016-2018); whimbrel emits the 2021 manual's. A gold draft mode counts as
# matched by the 2021 mode that replaced it (same definition, merged or renamed).
DRAFT_MODES = {
    "demo-org": "demo", "demo-spon": "demo", "riot-org": "riot", "riot-spon": "riot",
    "strike-gen": "strike", "strike-lim": "strike", "strike-hun": "hunger",
    "assassinate": "targeted", "execute": "targeted", "confiscate": "seize", "detain": "arrest",
    "ban": "restrict", "political": "restrict", "host": "visit",
}


def same_mode(gold: str | None, pred: str | None) -> bool:
    """Gold mode (draft or 2021 name) equals the predicted 2021 mode.

    >>> same_mode("strike-hun", "hunger"), same_mode("demo-org", "riot")
    (True, False)
    """
    if not gold or not pred:
        return False
    gold, pred = gold.lower(), pred.lower()
    return gold == pred or DRAFT_MODES.get(gold) == pred


# Events that are the content of another act (a demand, a proposal) or only hypothetical are
# not the record's event when an asserted one is also coded.
MODALITY_RANK = {"requested": 1, "proposed": 1, "hypothetical": 2}


def _position(ev: Event) -> int:
    e = ev.evidence
    return e.trigger_start if e.trigger_start is not None else e.start


def top_event(coded: CodedDocument) -> Event | None:
    """The record's event: not the content of a demand or proposal when something else was
    coded, then the highest confidence (the events stage lowers embedded and unresolved-actor
    events), ties -> first in the text."""
    return top_of(coded.events)


def top_of(events: list[Event]) -> Event | None:
    """`top_event`'s choice among any events (those of one record)."""
    if not events:
        return None
    return min(events, key=lambda ev: (content_rank(ev.event_type, ev.modality), -ev.confidence, _position(ev)))


def content_rank(event_type: str, modality: str | None) -> int:
    """0 for an event in its own right; a demand's own type is the demand, not its content
    (also the gate's record register in scripts/gate_records.py)."""
    if event_type == "REQUEST" and modality == "requested":
        return 0
    return MODALITY_RANK.get(modality, 0)


def prediction(ev: Event | None) -> dict[str, Any] | None:
    """The parts of the top event that are scored."""
    if ev is None:
        return None
    s, t = ev.source, ev.target
    return {"event_type": ev.event_type, "mode": ev.mode,
            "source_country": s.country if s else None, "source_sector": s.sector if s else None,
            "target_country": t.country if t else None, "target_sector": t.sector if t else None}


def actor_right(pred_country: str | None, gold_actors: Sequence[dict], pred_sector: str | None = None) -> bool:
    """Predicted country equals any gold actor's (normalised); empty gold wants no actor."""
    if not gold_actors:
        return pred_country is None
    got = normalise_code(pred_country)
    for actor in gold_actors:
        want = normalise_code(actor.get("code"))
        if want is None:
            continue
        if got == want:
            return True
        # a bare non-state gold code ("IGO") accepts any code under it, or that sector with no country
        if len(want) == 3 and want in load_code_table()[1]:
            if (got or "").startswith(want) or (got is None and (pred_sector or "").upper() == want):
                return True
    return False


def target_right(record: dict, p: dict | None) -> bool:
    """Gold target matched; or a compound source with no target ("(SRC/TAR: A) and (SRC/TAR: B)
    agreed") coded as the symmetric pair A -> B, which says the same thing."""
    country, sector = (p["target_country"], p.get("target_sector")) if p else (None, None)
    if actor_right(country, record["target"], sector):
        return True
    compound = not record["target"] and len(record["source"]) >= 2
    return bool(compound and p and country and normalise_code(country) != normalise_code(p["source_country"])
                and actor_right(country, record["source"], sector))


def score_records(records: Sequence[dict], predictions: Sequence[dict | None]) -> dict[str, Any]:
    """Accuracy, macro-F1 and confusion of event types; source/target/mode accuracy."""
    if len(records) != len(predictions):
        raise ValueError(f"[E911] {len(records)} records but {len(predictions)} predictions")
    gold_types = [r["event"] for r in records]
    pred_types = [p["event_type"] if p else None for p in predictions]
    src_ok = [p is not None and actor_right(p["source_country"], r["source"], p.get("source_sector"))
              for r, p in zip(records, predictions)]
    tgt_ok = [target_right(r, p) for r, p in zip(records, predictions)]
    with_mode = [(r["mode"], p["mode"] if p else None) for r, p in zip(records, predictions) if r.get("mode")]
    mode_exact = sum(g == p for g, p in with_mode)
    n = len(records)
    return {
        "n": n,
        "events_predicted": sum(p is not None for p in predictions),
        "event_type_accuracy": metrics.accuracy(gold_types, pred_types),
        "macro_f1": metrics.macro_f1(gold_types, pred_types),
        "source_accuracy": sum(src_ok) / n if n else 0.0,
        "target_accuracy": sum(tgt_ok) / n if n else 0.0,
        "mode_n": len(with_mode),
        "mode_accuracy": sum(same_mode(g, p) for g, p in with_mode) / len(with_mode) if with_mode else None,
        "mode_accuracy_exact_names": mode_exact / len(with_mode) if with_mode else None,
        "per_class": metrics.per_class_prf(gold_types, pred_types),
        "confusion": metrics.confusion_matrix(gold_types, pred_types),
    }


def _documents(records: Iterable[dict]):
    from whimbrel.ingest import read_text

    for rec in records:
        pub = date.fromisoformat(rec["date"]) if rec.get("date") else None
        doc = read_text(rec["text"], pub_date=pub, detect_title=False)
        doc.meta["gold_id"] = rec.get("id")
        yield doc


DEFAULT_MODE_KEYS = ("events_predicted", "event_type_accuracy", "macro_f1", "source_accuracy",
                     "target_accuracy", "mode_accuracy")


def run_plover_gsr(path: str | Path, coder: Any, *, limit: int | None = None, n_process: int = 1) -> dict[str, Any]:
    """Code every record's text (pub_date = record date) and score the top events. The records
    each report an event, so they are coded in record mode (`whimbrel run --records`: a record
    whose events all fall below the gate's threshold keeps its most probable one), the headline;
    `default_mode` has the same figures as `whimbrel run` codes without the flag."""
    records = load_records(path, limit)
    from whimbrel.engine import code_documents

    def scored() -> dict[str, Any]:
        coded = list(code_documents(_documents(records), coder, n_process))
        return score_records(records, [prediction(top_event(c)) for c in coded])

    default = scored()
    if not hasattr(coder, "record_mode"):   # a stand-in coder has no modes
        return {**default, "file": str(path)}
    with coder.record_mode():
        result = scored()
    result["mode"] = "records"
    result["default_mode"] = {k: default[k] for k in DEFAULT_MODE_KEYS}
    result["file"] = str(path)
    return result
