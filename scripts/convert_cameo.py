#!/usr/bin/env python
"""Convert the PETRARCH CAMEO verb dictionary into whimbrel's fallback trigger layer.

Reads  CAMEO.2.0.txt            (PETRARCH verb patterns, MIT, Open Event Data Alliance)
       CAMEO2PLOVER-2021.txt    (CAMEO code -> "PLOVER type, mode, context")
Writes src/whimbrel/data/events/cameo_verbs.jsonl    one object per pattern / verb default
       src/whimbrel/data/events/cameo_synonyms.json  the &SET synonym lists (lower case)

Usage:
    python scripts/convert_cameo.py [--cameo PATH] [--map PATH] [--out DIR]

Pattern syntax handled (see PETRARCH PETRreader.read_verb_dictionary):
    - BEFORE * AFTER  [code]  # ORIGINAL_VERB
      *          the verb position
      (PREP ...) a prepositional phrase headed by PREP
      {A B}      a multi-word noun phrase
      &SET       a synonym set (kept as "&SET", expanded in cameo_synonyms.json)
      $ + ^ %    source / target / skip / compound markers (dropped: roles are not
                 decided by the lexicon)
      WORD_      trailing underscore = "no stemming" in PETRARCH; dropped here
    [a:b] codes: a = code of the source->target event, b = code of the reverse
    event; the primary code is a, or b when a is empty.

The block header code is NOT trustworthy for many verbs (AGREE sits in a [050]
block), which is why this layer is only the fallback behind verb_patterns.yaml.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REF = Path("/work/shared/reference")
DEFAULT_CAMEO = REF / "petrarch" / "CAMEO.2.0.txt"
DEFAULT_MAP = REF / "plover" / "CAMEO2PLOVER-2021.txt"
DEFAULT_OUT = ROOT / "src" / "whimbrel" / "data" / "events"

HEADER_RE = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE_RE = re.compile(r"\[([^\]]*)\]")
ROLE_MARKS = {"$", "+", "^", "%"}


def load_plover_map(path: Path) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line or line.startswith("~"):
            continue
        code, rest = line.split(":", 1)
        code = code.strip()
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        while len(parts) < 3:
            parts.append("")
        plover, mode, context = parts[0], parts[1], ",".join(parts[2:])
        contexts = [c.strip().replace(" ", "_") for c in context.split(";") if c.strip()]
        if len(code) == 2 and code in table:
            continue  # "08" appears twice (CONCEDE, RETREAT): keep the first header
        table.setdefault(code, {"plover": plover.upper() or None,
                                "mode": mode.strip(), "context": contexts})
    return table


def lookup(code: str, table: dict[str, dict]) -> dict | None:
    """Most specific entry: exact code, then 3-digit parent, then 2-digit root."""
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def norm_word(tok: str) -> str:
    tok = tok.strip()
    if tok.startswith("&"):
        return tok.rstrip("_").upper()
    return tok.rstrip("_").replace("_", " ").lower()


def parse_synonyms(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line.split()[0].rstrip("_").upper()
            sets[current] = []
        elif line.startswith("+") and current:
            word = line[1:].split()[0].rstrip("_").replace("_", " ").lower()
            if word and word not in sets[current]:
                sets[current].append(word)
        elif not line:
            continue
    return sets


def tokenize_side(text: str) -> tuple[list[str], list[dict]]:
    """Flat word list and structured groups for one side of the '*'."""
    flat: list[str] = []
    groups: list[dict] = []
    tokens = re.findall(r"\(|\)|\{|\}|[^\s(){}]+", text)
    in_pp = False
    in_np = False
    pp: dict | None = None
    np_words: list[str] = []
    for tok in tokens:
        if tok == "(":
            in_pp, pp = True, None
        elif tok == ")":
            if pp is not None:
                groups.append(pp)
            in_pp, pp = False, None
        elif tok == "{":
            in_np, np_words = True, []
        elif tok == "}":
            in_np = False
            phrase = " ".join(np_words)
            if in_pp and pp is not None:
                pp["words"].append(phrase)
            elif phrase:
                groups.append({"prep": None, "words": [phrase]})
        elif tok in ROLE_MARKS:
            continue
        else:
            word = norm_word(tok)
            if not word:
                continue
            flat.append(word)
            if in_np:
                np_words.append(word)
            elif in_pp:
                if pp is None:
                    pp = {"prep": word, "words": []}
                else:
                    pp["words"].append(word)
            else:
                groups.append({"prep": None, "words": [word]})
    return flat, groups


def parse_code(raw: str) -> tuple[str | None, str]:
    raw = raw.strip()
    if not raw or raw.startswith("-"):
        return None, raw
    first, _, second = raw.partition(":")
    code = first.strip() or second.strip()
    return (code if code.isdigit() else None), raw


def make_entry(verb, before, after, groups, code_raw, table, origin, block, kind):
    code, raw = parse_code(code_raw)
    mapped = lookup(code, table) if code else None
    entry = {
        "verb": verb,
        "before": before,
        "after": after,
        "groups": groups,
        "cameo": code,
        "cameo_raw": raw,
        "plover": mapped["plover"] if mapped else None,
        "mode": mapped["mode"] if mapped else "",
        "context": mapped["context"] if mapped else [],
        "block": block,
        "kind": kind,
        "origin": origin,
    }
    return entry


def verb_form(line: str) -> tuple[str, list[str], str | None]:
    """'+ASK_FOR {...} [020] # x' -> ('ask', ['for'], '020'); 'AGREE' -> ('agree', [], None)."""
    body = line.split("#", 1)[0]
    code_m = CODE_RE.search(body)
    code = code_m.group(1) if code_m else None
    body = re.sub(r"\{[^}]*\}", " ", CODE_RE.sub(" ", body)).strip()
    if not body:
        return "", [], code
    head = body.split()[0].lstrip("+").rstrip("_")
    words = [w.lower() for w in head.split("_") if w]
    return (words[0] if words else ""), words[1:], code


def collect_forms(lines: list[str]) -> tuple[set[str], dict[str, str]]:
    """Base verbs and 'inflected -> base' from the verb lines' {IRREGULAR FORMS}."""
    bases: set[str] = set()
    forms: dict[str, str] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or line[0] in "-~&" or HEADER_RE.match(line):
            continue
        verb, _, _ = verb_form(line)
        if not verb:
            continue
        bases.add(verb)
        m = re.search(r"\{([^}]*)\}", line)
        if m:
            for form in m.group(1).split():
                form = form.lstrip("+").rstrip("_").lower().split("_")[0]
                if form and form != verb:
                    forms.setdefault(form, verb)
    return bases, forms


def lemmatize(word: str, bases: set[str], forms: dict[str, str]) -> str:
    """Base form of a verb named (often inflected) in a pattern comment."""
    if word in bases:
        return word
    if word in forms:
        return forms[word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
                         ("ed", "e"), ("es", ""), ("s", "")):
        if word.endswith(suffix):
            cand = word[: -len(suffix)] + repl
            if cand in bases:
                return cand
            if len(cand) > 2 and cand[-1] == cand[-2] and cand[:-1] in bases:
                return cand[:-1]  # stepped -> step
    return word


def convert(cameo_path: Path, map_path: Path, out_dir: Path) -> tuple[int, int]:
    table = load_plover_map(map_path)
    lines = cameo_path.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("####### VERB PATTERNS"))
    end = next((i for i, l in enumerate(lines) if l.startswith("######## TRANSFORMATIONS")),
               len(lines))
    synonyms = parse_synonyms(lines[:start])
    bases, forms = collect_forms(lines[start + 1:end])
    entries: list[dict] = []
    block, block_code, block_verbs = None, None, []
    for idx in range(start + 1, end):
        raw = lines[idx]
        line = raw.strip()
        origin = f"{cameo_path.name}:{idx + 1}"
        if not line or line.startswith("#"):
            continue
        m = HEADER_RE.match(line)
        if m:
            block, block_code, block_verbs = m.group(1), m.group(2), []
            continue
        if block is None:
            continue
        if line.startswith("-"):
            body, _, comment = line[1:].partition("#")
            code_m = CODE_RE.search(body)
            if not code_m or "*" not in body:
                continue
            pattern = CODE_RE.sub(" ", body)
            left, _, right = pattern.partition("*")
            before, _ = tokenize_side(left)
            after, groups = tokenize_side(right)
            src_verb = comment.strip().split()[0] if comment.strip() else ""
            verb, prt = (src_verb.lower().split("_")[0], src_verb.lower().split("_")[1:]) \
                if src_verb else (block_verbs[0] if block_verbs else block.lower(), [])
            verb = lemmatize(verb, bases, forms)
            if prt:  # multi-word verb named in the comment, e.g. STEPPED_UP
                groups = [{"prep": None, "words": [p]} for p in prt] + groups
                after = prt + after
            entries.append(make_entry(verb, before, after, groups, code_m.group(1),
                                      table, origin, block, "pattern"))
            continue
        # a verb form line: default code is its own [code] or the block's
        verb, prt, own_code = verb_form(line)
        if not verb:
            continue
        block_verbs.append(verb)
        code = own_code if own_code is not None else block_code
        if code and not code.strip().startswith("-"):
            groups = [{"prep": None, "words": [p]} for p in prt]
            entries.append(make_entry(verb, [], prt, groups, code, table, origin, block,
                                      "verb_default"))
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "cameo_verbs.jsonl").open("w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    (out_dir / "cameo_synonyms.json").write_text(
        json.dumps({"_source": "CAMEO.2.0.txt synonym sets (MIT, Open Event Data Alliance)",
                    "sets": synonyms}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8")
    return len(entries), len(synonyms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cameo", type=Path, default=DEFAULT_CAMEO)
    ap.add_argument("--map", type=Path, default=DEFAULT_MAP)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    n, s = convert(args.cameo, args.map, args.out)
    print(f"wrote {n} verb entries and {s} synonym sets to {args.out}")


if __name__ == "__main__":
    main()
