"""`negotiation_timeline(store, ["RUS", "UKR"])`: the negotiation between parties, item by item.

Each canonical event (whimbrel.store.crossdoc) touching the parties becomes one item of a kind
(KINDS, data: type and modality -> kind); mentions repeated across articles are already one
canonical event, so an item lists every source. Statuses: a demand said to be earlier
("initially", "had demanded") is `earlier`, and `dropped` when its author later conceded; a demand
the other side agreed to is `met`; a proposal the other side accepted is `accepted by X`.
"""
from __future__ import annotations

import re
from typing import Any

from whimbrel.negotiation.disputes import dispute_items
from whimbrel.negotiation.phrases import clauses, drop_contained, same_thing

# (event type or "*", modality class) -> kind; first match wins
KINDS = (
    ("*", "conditional", "condition"),
    ("*", "proposed", "proposal"),
    ("CONSULT", "fact", "meeting"),
    ("AGREE", "fact", "agreement"),
    ("REQUEST", "fact", "demand"),
    ("REQUEST", "requested", "demand"),
    ("ACCUSE", "fact", "dispute"),
    ("REJECT", "fact", "dispute"),
    ("PROTEST", "fact", "dispute"),
    ("THREATEN", "fact", "dispute"),
)
MODALITY_CLASS = {"asserted": "fact", "reported": "fact", "conditional": "conditional", "proposed": "proposed",
                  "requested": "requested"}
EARLIER = re.compile(r"\b(initially|earlier|had demanded|previously|originally)\b", re.I)
MEDIATION = re.compile(r"mediat|host|broker", re.I)
FORMAT_WORDS = (("direct", "direct"), ("face-to-face", "direct"), ("delegation", "delegations"),
                ("summit", "summit"), ("video", "video call"), ("phone", "phone call"))
DURATION = re.compile(r"\b(\w+)[- ]hours?\b", re.I)
# modalities of an event that is asked for, offered or planned: what its clause names did not happen
NOT_HAPPENED = {"requested", "proposed", "conditional", "intended", "possible", "hypothetical"}
EMBED_GAP = 40  # characters between such a trigger and a meeting trigger in its clause
# what of the trigger phrase an item drops: "agreed to X" -> X, "demanded that X" -> X, "refused to X" kept
STRIP = {"agreement": "agree", "proposal": "that", "demand": "that", "condition": "that"}
SECTIONS = ("meetings", "agreements", "demands", "proposals", "conditions", "disputes")


def kind_of(event_type: str, modality: str) -> str | None:
    cls = MODALITY_CLASS.get(modality)
    for etype, mclass, kind in KINDS:
        if etype in ("*", event_type) and mclass == cls:
            return kind
    return None


def negotiation_timeline(store: Any, parties: list[str]) -> dict[str, Any]:
    """Meetings, agreements, demands, proposals, conditions and disputes among `parties` (ISO3)."""
    from whimbrel.store import crossdoc

    parties = [p.upper() for p in parties]
    out: dict[str, Any] = {"parties": parties, "mediators": [], "outside": [], **{s: [] for s in SECTIONS}}
    events = crossdoc.canonical_events(store)
    embedded = _embedded_mentions(events)
    for canon in events:
        kind = kind_of(canon["event_type"], canon["modality"])
        if kind is None or not _involves(canon, parties, kind):
            continue
        if kind == "agreement" and _is_acceptance(canon):
            continue  # an acceptance changes a proposal's status (below); it is no agreement of its own
        if kind == "meeting":  # "Trump insisted Ukraine agree to [the talks]" is no evidence of talks
            canon = {**canon, "mentions": [m for m in canon["mentions"] if m["event_id"] not in embedded]}
            if not canon["mentions"]:
                continue
        out[kind + "s"].append(item(canon, kind, parties))
    for section in ("demands", "proposals"):
        out[section] = _combine(out[section])
    out["agreements"] = _split_agreements(out["agreements"])
    out["disputes"] = dispute_items(events, parties, out["disputes"])
    # "Russia set out conditions including Ukraine agreeing to ..." : what is agreed there is demanded
    demanded = {(e["doc_id"], e["start"]) for d in out["demands"] for e in d["evidence"]}
    out["agreements"] = [a for a in out["agreements"]
                         if not all((e["doc_id"], e["start"]) in demanded for e in a["evidence"])]
    _statuses(out, events)
    out["mediators"] = sorted({m for x in out["meetings"] for m in x["mediators"]})
    out["outside"] = sorted({c for x in out["demands"] for c in (x["by"], x["of"]) if c and c not in parties})
    return out


def _involves(canon: dict, parties: list[str], kind: str) -> bool:
    touched = set(canon.get("participants") or []) | {canon["source_country"], canon["target_country"]}
    if kind in ("meeting", "agreement"):
        return set(parties) <= touched
    return bool(touched & set(parties))


def item(canon: dict, kind: str, parties: list[str]) -> dict[str, Any]:
    """One timeline item: who, of whom, what, when, where, how sure, and the evidence of every mention."""
    mentions = canon["mentions"]
    first = mentions[0]
    sentences = " ".join(m["evidence"]["sentence"] for m in mentions)
    out: dict[str, Any] = {
        "kind": kind, "date": canon["date"], "place": canon["place"], "by": canon["source_country"],
        "of": canon["target_country"], "items": _items(mentions, STRIP.get(kind)), "modality": canon["modality"],
        "status": "earlier" if EARLIER.search(_before_trigger(first)) else None,
        "sources": sorted({m.get("outlet") or m["doc_id"] for m in mentions}),
        "said_by": sorted({(m.get("attribution") or {}).get("speaker") for m in mentions} - {None}),
        "canonical_event_id": canon["canonical_event_id"],
        "evidence": [{"outlet": m.get("outlet"), "doc_id": m["doc_id"], "sentence": m["evidence"]["sentence"],
                      "start": m["evidence"]["start"], "end": m["evidence"]["end"]} for m in mentions],
    }
    if kind == "meeting":
        others = sorted(set(canon.get("participants") or []) - set(parties))
        out["mediators"] = others if MEDIATION.search(sentences) else []
        out["format"] = ", ".join(dict.fromkeys(f for w, f in FORMAT_WORDS if w in sentences.lower())) or None
        duration = DURATION.search(sentences)
        out["duration"] = f"{duration.group(1)} hours" if duration else None
    if kind == "condition":
        out["condition"] = " / ".join(dict.fromkeys(m["condition"] for m in mentions if m.get("condition"))) or None
        out["for"] = canon["event_type"] + " " + "-".join(filter(None, (first["source"] or {}).get("name") and
                                                                 [(first["source"] or {}).get("name"),
                                                                  (first["target"] or {}).get("name")] or []))
        speaker = next((m["attribution"].get("speaker_country") for m in mentions if m.get("attribution")), None)
        out["by"] = speaker or out["by"]
    return out


def _before_trigger(mention: dict, width: int = 20) -> str:
    ev = mention["evidence"]
    rel = (ev.get("trigger_start") or ev["start"]) - ev["start"]
    return ev["sentence"][max(rel - width, 0):rel]


def _items(mentions: list[dict], strip: str | None = "agree") -> list[str]:
    """What was agreed, demanded, proposed: the coordinated clauses after each trigger."""
    seen: dict[str, None] = {}
    for m in mentions:
        ev = m["evidence"]
        rel = (ev.get("trigger_start") or ev["start"]) - ev["start"]
        for part in clauses(ev["sentence"][rel:], strip):
            seen.setdefault(part, None)
    return drop_contained(list(seen))


def _embedded_mentions(events: list[dict]) -> set[str]:
    """Ids of mentions whose trigger sits in the clause of an asked-for, offered or planned event."""
    by_sentence: dict[tuple, list[dict]] = {}
    for canon in events:
        for m in canon["mentions"]:
            by_sentence.setdefault((m["doc_id"], m["evidence"]["start"]), []).append(m)
    out = set()
    for mentions in by_sentence.values():
        heads = [h for h in mentions if h["modality"] in NOT_HAPPENED or h["event_type"] == "REQUEST"]
        for m in mentions:
            t = m["evidence"].get("trigger_start") or 0
            if any(h is not m and 0 <= t - (h["evidence"].get("trigger_end") or t + 1) <= EMBED_GAP for h in heads):
                out.add(m["event_id"])
    return out


def _split_agreements(items: list[dict]) -> list[dict]:
    """One agreement per thing agreed: coordinated complements of one AGREE are separate agreements,
    and phrasings of one thing across events ("exchange ceasefire proposals" / "exchange the list of
    ceasefire terms") are one agreement with several sources."""
    out: list[dict] = []
    for agreement in items:
        for phrase in agreement["items"] or [""]:
            same = next((o for o in out if phrase and any(same_thing(phrase, x) for x in o["items"])), None)
            if same is None:
                out.append({**agreement, "items": [phrase] if phrase else [],
                            "evidence": list(agreement["evidence"])})
                continue
            same["items"] += [phrase] if phrase not in same["items"] else []
            same["sources"] = sorted(set(same["sources"]) | set(agreement["sources"]))
            same["said_by"] = sorted(set(same["said_by"]) | set(agreement["said_by"]))
            same["evidence"] += [e for e in agreement["evidence"] if e not in same["evidence"]]
    return out


def _is_acceptance(canon: dict) -> bool:
    return any("accept" in (m["evidence"].get("trigger") or "").lower() for m in canon["mentions"])


def _combine(items: list[dict]) -> list[dict]:
    """Items of one author and addressee told in the same document(s) with one modality are one item
    ("Russia set out a list of conditions ... Moscow also wants Kiev to withdraw ...")."""
    out: list[dict] = []
    for it in items:
        docs = {e["doc_id"] for e in it["evidence"]}
        same = next((o for o in out if (o["by"], o["of"]) == (it["by"], it["of"])
                     and docs & {e["doc_id"] for e in o["evidence"]}), None)
        if same is None:
            out.append(it)
            continue
        same["items"] = drop_contained(same["items"] + [x for x in it["items"] if x not in same["items"]])
        same["sources"] = sorted(set(same["sources"]) | set(it["sources"]))
        same["said_by"] = sorted(set(same["said_by"]) | set(it["said_by"]))
        same["evidence"] += [e for e in it["evidence"] if e not in same["evidence"]]
        same["status"] = same["status"] or it["status"]
    return out


def _statuses(out: dict[str, Any], events: list[dict]) -> None:
    """Later events change earlier items: concessions drop demands, agreements meet them, acceptances."""
    concessions = [e for e in events if e["event_type"] == "CONCEDE" and e["modality"] in ("asserted", "reported")]
    acceptances = [e for e in events if e["event_type"] == "AGREE" and e["modality"] in ("asserted", "reported")
                   and _is_acceptance(e)]
    for demand in out["demands"]:
        if demand["status"] == "earlier" and any(c["source_country"] == demand["by"] for c in concessions):
            demand["status"] = "earlier, dropped"
        elif _met(demand, out["agreements"]):
            demand["status"] = "met"
        demand["status"] = demand["status"] or "open"
    for proposal in out["proposals"]:
        by = [({a["source_country"], a["target_country"]} - {proposal["by"]}).pop() for a in acceptances
              if proposal["by"] in (a["source_country"], a["target_country"])
              and len({a["source_country"], a["target_country"]} - {proposal["by"]}) == 1]
        proposal["status"] = f"accepted by {by[0]}" if by else "open"


def _met(demand: dict, agreements: list[dict]) -> bool:
    """Some demanded thing is the same thing as something the addressee agreed to."""
    return any(same_thing(d, a) for agreement in agreements if demand["of"] in (agreement["by"], agreement["of"])
               for d in demand["items"] for a in agreement["items"])
