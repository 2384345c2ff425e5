"""Disputes between the parties: what one side calls the issue, what it will not disclose, and the
accusations and rejections told as their background.

Three sources, all read from the evidence sentences of stored mentions that touch the parties:
Its side (`by`) is the speaker of the sentence, else the last speaker the document quoted.
- issue statements: "a key issue for Moscow remains the question of who ...", "the sticking point
  is ...": the issue is the clause after "question of" / the cue;
- declined comment: "declined to comment on leaks regarding the terms ...": the terms are disputed
  (what one side keeps confidential);
- ACCUSE / REJECT / PROTEST / THREATEN events: on their own, or, when told within `BACKGROUND`
  characters after an issue statement of the same document, as that issue's background
  ("Peskov was referring to ... Russia considers him illegitimate").
"""
from __future__ import annotations

import re

from whimbrel.negotiation.phrases import clauses

ISSUE = re.compile(r"\b(?:key|main|central|core|outstanding|unresolved|contentious|major)\s+"
                   r"(?:issue|question|problem|point of contention)\b|\bsticking point\b|\bbone of contention\b|"
                   r"\bat odds over\b|\bdisagree(?:ment|d|s)?\s+(?:over|on|about)\b", re.I)
ISSUE_WHAT = (re.compile(r"\bquestions? (?:of|over|about)\s+", re.I),
              re.compile(r"\b(?:is|remains|was|are|over|on|about)\s+(?:the\s+)?", re.I))
MAX_WORDS = 20
NO_COMMENT = re.compile(r"\b(?:declined|refused|would not|did not want)\s+to\s+(?:comment|disclose|discuss|reveal)\s+"
                        r"(?:on\s+|about\s+)?", re.I)
BACKGROUND = 400  # characters after an issue statement within which an accusation is its background


def dispute_items(events: list[dict], parties: list[str], event_disputes: list[dict]) -> list[dict]:
    """Issue and declined-comment items, with the event disputes told as their background folded in."""
    statements = _statements(events, parties)
    rest = []
    for dispute in event_disputes:
        host = next((s for s in statements if s["cue"] == "issue" and _follows(dispute, s)), None)
        if host is None:
            rest.append(dispute)
            continue
        host["items"] += [x for x in dispute["items"] if x not in host["items"]]
        host["evidence"] += [e for e in dispute["evidence"] if e not in host["evidence"]]
        host["sources"] = sorted(set(host["sources"]) | set(dispute["sources"]))
        host["background"].append(dispute["canonical_event_id"])
    return statements + rest


def _statements(events: list[dict], parties: list[str]) -> list[dict]:
    """One item per sentence that states an issue or declines comment, touching the parties."""
    sentences: dict[tuple, dict] = {}
    for canon in events:
        touched = {canon["source_country"], canon["target_country"], *(canon.get("participants") or [])}
        for m in canon["mentions"]:
            ev = m["evidence"]
            key = (m["doc_id"], ev["start"])
            entry = sentences.setdefault(key, {"mention": m, "countries": set()})
            entry["countries"] |= touched
            speaker = (m.get("attribution") or {}).get("speaker_country")
            if speaker:
                entry["speaker"] = speaker
    out = []
    last_speaker: dict[str, str] = {}  # "Peskov also declined ...": the speaker the document was quoting
    for (doc_id, start), entry in sorted(sentences.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        by = entry.get("speaker") or last_speaker.get(doc_id)
        last_speaker[doc_id] = by
        if not entry["countries"] & set(parties):
            continue
        m = entry["mention"]
        sentence = m["evidence"]["sentence"]
        found = _issue(sentence) or _no_comment(sentence)
        if found is None:
            continue
        cue, what = found
        others = [p for p in parties if p != by]
        out.append({
            "kind": "dispute", "cue": cue, "date": None, "place": None, "by": by,
            "of": others[0] if len(others) == 1 else None, "items": [what], "modality": "asserted",
            "status": None, "sources": [m.get("outlet") or doc_id],
            "said_by": [s for s in [(m.get("attribution") or {}).get("speaker")] if s],
            "canonical_event_id": None, "background": [],
            "evidence": [{"outlet": m.get("outlet"), "doc_id": doc_id, "sentence": sentence,
                          "start": start, "end": m["evidence"]["end"]}],
        })
    return out


def _issue(sentence: str) -> tuple[str, str] | None:
    cue = ISSUE.search(sentence)
    if not cue:
        return None
    tail = sentence[cue.end():]
    what = ISSUE_WHAT[0].search(tail) or ISSUE_WHAT[1].search(tail)
    found = clauses(tail[what.end():] if what else tail, strip=None, max_words=MAX_WORDS)
    return ("issue", " ".join(found[:1]) or tail.strip()) if found or tail.strip() else None


def _no_comment(sentence: str) -> tuple[str, str] | None:
    cue = NO_COMMENT.search(sentence)
    if not cue:
        return None
    found = clauses(sentence[cue.end():], strip=None, max_words=MAX_WORDS)
    return ("declined comment", f"{found[0]} (declined to comment)") if found else None


def _follows(dispute: dict, statement: dict) -> bool:
    """The dispute is told in the same document within BACKGROUND characters after the statement."""
    s = statement["evidence"][0]
    return any(e["doc_id"] == s["doc_id"] and 0 <= e["start"] - s["end"] <= BACKGROUND
               for e in dispute["evidence"])
