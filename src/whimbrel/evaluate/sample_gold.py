"""Score one coded document against a hand gold file (events, must-nots, quotes, actors, dates, places).

Event matching follows the reference scorer `shared/tools/score_gold.py` line for line: an event
matches a gold event when its evidence sentence contains one of `evidence_contains`, its type is the
gold type or an accepted alternative, and its source/target countries equal the gold's (either
direction for symmetric events); `with_modality` also requires the modality.
"""
from __future__ import annotations

import json
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whimbrel.models import CodedDocument

_PUNCT = string.punctuation + "\u2018\u2019\u201c\u201d\u2026\u2013\u2014\u00ab\u00bb "
_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


# --- the reference scorer's rules (keep in step with shared/tools/score_gold.py) -----------------

def country(actor: Any) -> str | None:
    if not actor:
        return None
    if isinstance(actor, str):
        return actor[:3]
    return actor.get("country") or (actor.get("code") or "")[:3] or None


def _name(actor: Any) -> str | None:
    return actor.get("name") if isinstance(actor, dict) else None


def _dyad_ok(ev: dict, src: str | None, tgt: str | None, symmetric: bool) -> bool:
    s, t = country(ev.get("source")), country(ev.get("target"))
    if (s, t) == (src, tgt):
        return True
    return symmetric and (t, s) == (src, tgt)


def evidence_text(ev: dict, doc_text: str | None = None) -> str:
    e = ev.get("evidence") or {}
    if e.get("sentence"):
        return e["sentence"]
    if doc_text is not None and isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
        return doc_text[e["start"]:e["end"]]
    return ""


def matches(ev: dict, g: dict, with_modality: bool = False, doc_text: str | None = None) -> bool:
    """Does exported event `ev` match gold event `g`?"""
    alts = g.get("alternatives", {})
    ev_text = " ".join(evidence_text(ev, doc_text).split())
    if not any(c in ev_text for c in g.get("evidence_contains", [""])):
        return False
    if ev.get("event_type") not in [g["type"]] + alts.get("type", []):
        return False
    src = g["source"][:3] if g.get("source") else None
    tgt = g["target"][:3] if g.get("target") else None
    if not _dyad_ok(ev, src, tgt, g.get("symmetric", False)):
        return False
    if with_modality and ev.get("modality") not in [g["modality"]] + alts.get("modality", []):
        return False
    return True


def _actor_text_hit(ev: dict, check: dict) -> bool:
    texts = [ev.get(k) or {} for k in ("source", "target")]
    return any(isinstance(x, dict) and x.get("text") == check["actor_text"] and
               (x.get("entity_type") == check["entity_type"] or
                x.get("sector") in ("CVL", "PER", None) and x.get("country") is None)
               for x in texts)


def _mention_text_hit(ev: dict, check: dict) -> bool:
    texts = [ev.get(k) or {} for k in ("source", "target")]
    return any(isinstance(x, dict) and check["mention_text"] in (x.get("text") or "") and
               x.get("name") and x.get("name") != check["resolved_name_not"] for x in texts)


def _hits_check(ev: dict, check: dict) -> bool:
    if "type" in check and ev.get("event_type") != check["type"]:
        return False
    if "modality" in check and ev.get("modality", "asserted") != check["modality"]:
        return False
    if "source_country" in check and country(ev.get("source")) != check["source_country"]:
        return False
    if "dyad" in check:
        a, b = check["dyad"]
        if {country(ev.get("source")), country(ev.get("target"))} != {a, b}:
            return False
    if "source_name" in check:
        names = {_name(ev.get("source")), _name(ev.get("target"))}
        if not {check["source_name"], check["target_name"]} <= names:
            return False
    if "actor_text" in check and not _actor_text_hit(ev, check):
        return False
    if "mention_text" in check and not _mention_text_hit(ev, check):
        return False
    return True


def must_not_hit(events: Sequence[dict], check: dict) -> list:
    """Event ids of the events that break one must-not check."""
    return [ev.get("event_id") for ev in events if _hits_check(ev, check)]


def score_events(events: Sequence[dict], gold: dict, *, doc_text: str | None = None) -> dict[str, Any]:
    """Required events found (with and without modality), must-not hits and a per-event result."""
    per_event: dict[str, dict[str, Any]] = {}
    for g in gold.get("events", []):
        hit = [ev.get("event_id") for ev in events if matches(ev, g, False, doc_text)]
        hit_mod = [ev.get("event_id") for ev in events if matches(ev, g, True, doc_text)]
        per_event[g["id"]] = {"found": bool(hit), "found_with_modality": bool(hit_mod),
                              "optional": bool(g.get("optional")), "matched": hit}
    required = [k for k, v in per_event.items() if not v["optional"]]
    mn = {m["what"]: must_not_hit(events, m["check"]) for m in gold.get("must_not", [])}
    return {
        "events_emitted": len(events),
        "required_found": sum(per_event[k]["found"] for k in required),
        "required_found_with_modality": sum(per_event[k]["found_with_modality"] for k in required),
        "required_total": len(required),
        "missing": [k for k in required if not per_event[k]["found"]],
        "must_not_hits": sum(1 for v in mn.values() if v),
        "must_not_detail": {k: v for k, v in mn.items() if v},
        "per_event": per_event,
    }


# --- quotes, actors, dates, places ---------------------------------------------------------------

def _norm(text: str | None) -> str:
    return " ".join((text or "").translate(_QUOTE_CHARS).split())


def _strip(text: str | None) -> str:
    return _norm(text).strip(_PUNCT)


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and _norm(a).casefold() == _norm(b).casefold()


def quote_found(gold_quote: dict, quotes: Sequence[dict]) -> bool:
    """A coded quote contains (or equals) the gold text, modulo surrounding punctuation, same speaker."""
    want = _strip(gold_quote["text"])
    for q in quotes:
        speaker = q.get("speaker") or {}
        if want and want in _strip(q.get("text")) and _same_name(speaker.get("name"), gold_quote["speaker"]):
            return True
    return False


def actor_result(gold_actor: dict, mentions: Sequence[dict]) -> dict[str, bool]:
    """Was the gold actor resolved by name, and with the right country and sector?"""
    named = [m for m in mentions if _same_name(m.get("name"), gold_actor["name"])]
    ok = [m for m in named if m.get("country") == gold_actor.get("country")
          and m.get("sector") == gold_actor.get("sector")]
    return {"name_found": bool(named), "found": bool(ok)}


def date_found(gold_date: dict, dates: Sequence[dict]) -> bool:
    """A coded date whose text overlaps the gold text (either contains the other) has the gold value."""
    want = _strip(gold_date["text"]).casefold()
    for d in dates:
        got = _strip(d.get("text")).casefold()
        if got and (want in got or got in want) and d.get("value") == gold_date.get("value"):
            return True
    return False


def place_found(gold_place: dict, places: Sequence[dict]) -> bool:
    """An event location (or a coded place) names the gold place, in the gold country when both say."""
    for p in places:
        names = {_norm(p.get(k)).casefold() for k in ("name", "text") if p.get(k)}
        if not names & {_norm(gold_place.get(k)).casefold() for k in ("name", "text") if gold_place.get(k)}:
            continue
        if p.get("country") and gold_place.get("country") and p["country"] != gold_place["country"]:
            continue
        return True
    return False


def _places_of(coded: CodedDocument, events: Sequence[dict]) -> list[dict]:
    places = [ev["location"] for ev in events if isinstance(ev.get("location"), dict)]
    extra = getattr(coded, "places", None) or []  # a future CodedDocument.places
    return places + [p if isinstance(p, dict) else _plain(p) for p in extra]


def _plain(obj: Any) -> dict:
    from whimbrel.models import to_plain

    return to_plain(obj)


def score_sample(coded: CodedDocument, gold: dict) -> dict[str, Any]:
    """Everything `score_events` gives, plus quotes, actors, dates and places found."""
    events = [ev.to_dict() for ev in coded.events]
    result = score_events(events, gold, doc_text=coded.document.text)
    result.update(score_extras(coded, gold, events))
    return result


def score_extras(coded: CodedDocument, gold: dict, events: Sequence[dict] | None = None) -> dict[str, Any]:
    """Quotes, actors, dates and places of the gold that the coded document has."""
    events = [ev.to_dict() for ev in coded.events] if events is None else events
    quotes = [_plain(q) for q in coded.quotes]
    mentions = [_plain(m) for m in coded.mentions]
    dates = [_plain(d) for d in coded.dates]
    places = _places_of(coded, events)
    actors = {a["name"]: actor_result(a, mentions) for a in gold.get("actors", [])}
    q_found = [quote_found(q, quotes) for q in gold.get("quotes", [])]
    d_found = [date_found(d, dates) for d in gold.get("dates", [])]
    p_found = [place_found(p, places) for p in gold.get("places", [])]
    return {
        "quotes_found": sum(q_found), "quotes_total": len(q_found),
        "quotes_missing": [q["text"][:60] for q, ok in zip(gold.get("quotes", []), q_found) if not ok],
        "actors_found": sum(a["found"] for a in actors.values()),
        "actors_name_found": sum(a["name_found"] for a in actors.values()),
        "actors_total": len(actors),
        "actors_missing": [k for k, v in actors.items() if not v["found"]],
        "dates_found": sum(d_found), "dates_total": len(d_found),
        "places_found": sum(p_found), "places_total": len(p_found),
    }

