"""Convert the Phoenix (PETRARCH/TABARI format) actor and agent dictionaries to JSONL.

Run once; the output is committed under src/whimbrel/data/actors/:

    python scripts/convert_phoenix.py [--src /work/shared/reference/petrarch]

Format notes (PETRARCH docs and PETRreader.read_actor_dictionary):
- an entry is a primary phrase line, optional "+synonym" lines, optional "\\t[CODE dates]" lines;
  a "[CODE]" without dates (on the primary line or a tab line) is the default code.
- a date restriction is "<date" (until), ">date" (from) or "date-date"; both ends inclusive.
- dates are YYYYMMDD or YYMMDD. Two-digit years follow PETRARCH's own rule
  (dstr_to_ordate): YY <= 30 -> 20YY, else 19YY. The files date from 2014, so no
  YY in 15..30 is meant as the future and this rule and ">= 30 -> 19xx" agree.
- a primary phrase with no code at all takes the codes of the next coded entry (that is
  what PETRARCH's reader does with its shared code index); we keep it as its own entry
  with copied codes and "inherited_codes": true.
- "[---]" is a null code and is dropped. Some International lines carry several
  bracket groups on the primary line; all of them are read (PETRARCH read only the first).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

import pycountry

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"
ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "whimbrel" / "data" / "actors"
INTL_PREFIXES = ("IGO", "NGO", "NGM", "MNC", "IMG")  # international codes kept whole
ISO3 = {c.alpha_3 for c in pycountry.countries}
# CAMEO sector/role codes; a second triple outside this set (USRUKR, ETHERI, ...USA) is a
# country or region, not a sector, so no sector is split off for it.
SECTOR_CODES = set("GOV MIL REB OPP LEG JUD MED COP SPY BUS CVL NGO IGO LAB REL EDU HLH REF UAF ELI "
                   "PTY AGR CRM DEV ENV HRI MNC NGM IMG MOD RAD UNR OCC AUT SEP INS".split())
# CAMEO religion codes: in IMGMUSALQ "MUS" means Muslim, not Mauritius
RELIGION_CODES = set("ADR ALE ATH BAH BUD CHR CON CPT CTH DOX HIN ITR JAN JEW JHW MOS MUS PRO SHI "
                     "SHN SIK SUF SUN TAO ZRO".split())
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "al", "el", "la", "du", "da", "van", "von"}
BRACKET = re.compile(r"\[([^\]]*)\]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_lines(path: Path) -> list[str]:
    """Lines of a dictionary file; bytes that are not UTF-8 are decoded as latin-1, line by line."""
    out = []
    for raw in path.read_bytes().split(b"\n"):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("latin-1")
        out.append(CONTROL.sub("", line.rstrip("\r")))
    return out


def strip_comment(line: str) -> str:
    """Drop '#' and ';' comments (';' is TABARI's comment mark, used in older entries)."""
    for mark in ("#", ";"):
        line = line.split(mark, 1)[0]
    return line


def parse_date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD -> ISO date string; None (and a warning) when malformed."""
    digits = re.sub(r"\D", "", text)
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
        if len(digits) == 6:
            yy = int(digits[:2])
            year = 2000 + yy if yy <= 30 else 1900 + yy  # PETRARCH's century rule
            return date(year, int(digits[2:4]), int(digits[4:6])).isoformat()
    except ValueError:
        pass
    print(f"warning: bad date {text!r}", file=sys.stderr)
    return None


def split_code(code: str) -> dict:
    """Add country/sector where a code reads as 3-letter country + 3-letter sector."""
    out: dict = {"code": code}
    if code[:3] in INTL_PREFIXES:
        out["sector"] = code[:3]
        if code[3:6] in ISO3 and code[3:6] not in RELIGION_CODES:
            out["country"] = code[3:6]
    elif code[:3] in ISO3:
        out["country"] = code[:3]
        if code[3:6] in SECTOR_CODES:
            out["sector"] = code[3:6]
    return out


def parse_code(body: str) -> dict | None:
    """The inside of one [...] group -> {"code", "from", "to", country?, sector?}."""
    parts = body.split(None, 1)
    if not parts or set(parts[0]) <= {"-"}:
        return None  # "[---]" is PETRARCH's null code
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    start = end = None
    if rest.startswith(">"):
        start = parse_date(rest[1:])
    elif rest.startswith("<"):
        end = parse_date(rest[1:])
    elif "-" in rest:
        a, b = rest.split("-", 1)
        start, end = parse_date(a), parse_date(b)
    return {**split_code(code), "from": start, "to": end}


def phrase_to_pattern(phrase: str) -> str:
    """TABARI phrase -> lower-case words: underscores to spaces, trailing _ dropped."""
    return " ".join(phrase.replace("_", " ").lower().split())


def title_name(pattern: str) -> str:
    """'vladimir putin' -> 'Vladimir Putin'; short function words stay lower-case."""
    words = pattern.split()
    out = []
    for i, w in enumerate(words):
        if i and w in SMALL_WORDS:
            out.append(w)
        else:
            # capitalise after '-' and '.', so "u.n." -> "U.N." and "al-assad" -> "Al-Assad"
            out.append(re.sub(r"(^|[-.])([a-z])", lambda m: m.group(1) + m.group(2).upper(), w))
    return " ".join(out)


def patterns_of(phrase: str) -> list[str]:
    """One phrase -> patterns; a stray '+' inside a phrase separates two synonyms."""
    pats = []
    for piece in phrase.split("+"):
        pat = phrase_to_pattern(piece)
        if pat:
            pats.append(pat)
            bare = " ".join(re.sub(r"\([^)]*\)", " ", pat).split())
            if bare and bare != pat:
                pats.append(bare)  # "islamic army of aden (iaa)" also as "islamic army of aden"
    return pats


class _Entry:
    def __init__(self, phrase: str, origin: str, line_no: int):
        self.patterns = patterns_of(phrase)
        self.codes: list[dict] = []
        self.origin = origin
        self.line = line_no

    def to_json(self) -> dict:
        seen = list(dict.fromkeys(self.patterns))
        return {"name": title_name(seen[0]), "patterns": seen, "codes": self.codes,
                "origin": self.origin, "line": self.line}


def parse_actor_file(path: Path) -> list[dict]:
    """All entries of one actor file, codeless ones given the next entry's codes."""
    entries: list[_Entry] = []
    for no, raw in enumerate(read_lines(path), 1):
        if not raw.strip() or raw.lstrip().startswith("#") or "---STOP---" in raw:
            continue
        body = strip_comment(raw)
        if raw.startswith("\t") and "[" in body and entries:
            entries[-1].codes += [c for c in map(parse_code, BRACKET.findall(body)) if c]
        elif raw.lstrip().startswith("+") and entries:
            entries[-1].patterns += patterns_of(body.strip()[1:])
        elif body.strip():
            entry = _Entry(BRACKET.split(body)[0].strip(), path.name, no)
            entry.codes = [c for c in map(parse_code, BRACKET.findall(body)) if c]
            if entry.patterns:
                entries.append(entry)
    return _inherit_codes([e for e in entries if e.patterns])


def _inherit_codes(entries: list[_Entry]) -> list[dict]:
    out, pending = [], []
    for e in entries:
        if not e.codes:
            pending.append(e)
            continue
        for p in pending:
            out.append({**p.to_json(), "codes": [dict(c) for c in e.codes], "inherited_codes": True})
        pending = []
        out.append(e.to_json())
    for p in pending:
        print(f"warning: {p.origin} line {p.line}: no code anywhere after {p.patterns[0]!r}",
              file=sys.stderr)
    return out


def plurals(word: str) -> list[str]:
    """Regular plurals as PETRARCH generates them: -y -> -ies, -s/-sh/-ch/-x -> -es, else -s."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + "ies"]
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return [word + "es"]
    return [word + "s"]


def parse_agent_file(path: Path) -> list[dict]:
    """Agent lines 'PHRASE {plural} [~CODE]' -> one record per singular/plural form."""
    subst: dict[str, list[str]] = {}
    out: list[dict] = []
    for no, raw in enumerate(read_lines(path), 1):
        body = strip_comment(raw).strip()
        if not body:
            continue
        if "!" in body and "=" in body and "[" not in body:
            marker, items = body.split("=", 1)
            subst[marker.strip().strip("!")] = [i.strip() for i in items.split(",")]
            continue
        m = BRACKET.search(body)
        if not m:
            print(f"warning: {path.name} line {no}: agent without code", file=sys.stderr)
            continue
        out += _agent_records(body[:m.start()].strip(), m.group(1).strip(), subst, path.name, no)
    return out


def _agent_records(phrase: str, code: str, subst: dict, origin: str, no: int) -> list[dict]:
    prefix = code.endswith("~")  # "NGO~": the agent code goes before the actor code
    bare = code.strip("~")
    base = {"sector": bare[:3], "code": bare, "prefix": prefix, "origin": origin, "line": no}
    forms: list[str] = []
    if "!" in phrase:
        head, marker, tail = phrase.split("!", 2)
        forms = [head + s + tail for s in subst.get(marker, [])]  # no extra plurals, as PETRARCH
    elif "{" in phrase:
        forms = [phrase[:phrase.index("{")]]
        forms += [f for f in [phrase[phrase.index("{") + 1:phrase.index("}")].strip()] if f]
    else:
        singular = phrase_to_pattern(phrase)
        forms = [phrase] + ([] if not singular else plurals(singular))
    pats = list(dict.fromkeys(p for p in map(phrase_to_pattern, forms) if p))
    return [{"pattern": p, **base} for p in pats]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {path}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=Path("/work/shared/reference/petrarch"))
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    actors = [row for name in ACTOR_FILES for row in parse_actor_file(args.src / name)]
    write_jsonl(args.out / "phoenix_actors.jsonl", actors)
    write_jsonl(args.out / "phoenix_agents.jsonl", parse_agent_file(args.src / AGENT_FILE))


if __name__ == "__main__":
    main()
