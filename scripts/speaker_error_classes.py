"""Speaker error classes (issue 16, session 10): reads the lines `scripts/speaker_errors.py` writes
(train split) and counts, on the quotes both the gold and whimbrel find, each outcome (right; the
country right but the sector wrong or missing; another country; a country where the gold has none;
no country; no speaker at all) by the shape of whimbrel's speaker phrase (pronoun, unnamed source or
title, a country adjective on a group noun, an 'X-based' phrase, a name with an apposition or
affiliation, a bare name, a surname or nominal resolved by coreference, a quotation with no cue of
its own, no speaker phrase). The shapes are read from the phrase's words: a rough, stated rule.

Usage: python scripts/speaker_error_classes.py OUT.jsonl [OUT2.jsonl ...]
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter

OUTCOMES = ("right", "sector", "other country", "gold null, given", "no country", "no speaker")
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
DEMONYM = re.compile(r"^(a |an |the |some |many |several )?((senior|top|former|local|unnamed) )*"
                     r"[A-Z][a-z]+(an|ian|ese|ish|i|ic) ")
UNNAMED = re.compile(r"\b(officials?|sources?|newspaper|agency|state media|media|spokes(man|woman|person)|"
                     r"ministry|government|authorities|police|analysts?|experts?|critics|residents?|group|"
                     r"organi[sz]ation|statement|report|study|data|advocates|activists|court|judges?|"
                     r"prosecutors?)\b", re.I)


def country(code: str | None) -> str | None:
    return code if code in (None, "IGO") else code[:3]


def outcome(line: dict) -> str:
    gold, code = line["gold_code"], line["code"]
    if country(gold) == country(code):
        return "right" if (gold or None) == code else "sector"
    if line["speaker_text"] is None and line["how"] is None:
        return "no speaker"
    return "no country" if code is None else "gold null, given" if gold is None else "other country"


def shape(line: dict) -> str:
    text = line["speaker_text"]
    if text is None:
        return "no speaker phrase"
    if line["quote"] and line["quote"]["cue"] is None:
        return "quotation with no cue (chain, narration)"
    if text.lower().strip() in PRONOUNS:
        return "pronoun"
    if "-based" in text:
        return "X-based phrase"
    if DEMONYM.match(text) and UNNAMED.search(text):
        return "country adjective + noun"
    if UNNAMED.search(text) and not re.search(r"[A-Z][a-z]+ [A-Z][a-z]+", text):
        return "unnamed source / title"
    if line["how"] == "coref":
        return "surname / nominal (coreference)"
    if "," in text or re.search(r"\b(at|of|for|with|from)\b", text):
        return "name + apposition / affiliation"
    return "bare name" if line["entity_type"] == "PERSON" else "organisation / other"


def table(path: str) -> None:
    lines = [json.loads(row) for row in open(path, encoding="utf-8")]
    both = [line for line in lines if line["gold_quote"] and line["found"]]
    counts = Counter((shape(line), outcome(line)) for line in both)
    shapes = sorted({s for s, _ in counts}, key=lambda s: -sum(counts[(s, o)] for o in OUTCOMES))
    print(f"\n{path}: {len(both)} quotes both found")
    print("| shape | " + " | ".join(OUTCOMES) + " |")
    print("|---|" + "---|" * len(OUTCOMES))
    for s in shapes + ["all"]:
        row = [sum(counts[(k, o)] for k in shapes) if s == "all" else counts[(s, o)] for o in OUTCOMES]
        print(f"| {s} | " + " | ".join(str(n) for n in row) + " |")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        table(arg)
