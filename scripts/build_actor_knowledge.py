"""Build the generated actor tables under whimbrel/data/actors from redistributable sources.

- office_holders_world.yaml: dated heads of state and government, foreign, defence and interior
  ministers, from the curated table scripts/actor_sources/office_holders_world.psv (curated by
  whimbrel developers); written in the office_holders.yaml format a user also writes.
  The build checks the table first (`check_offices`): dates parse and `from` <= `to`, no two
  people hold the same office of the same country on overlapping days, and no alias names two
  different people (the name index keeps only the first) unless SHARED_ALIASES says why.
- capitals.yaml: every country's capital standing for its government, from the gazetteer's
  `capital` rows (GeoNames, CC BY 4.0) and country names from pycountry (via countries.yaml);
  capitals that are also a country's name ("Singapore"), a common given name or an English word
  are left out (EXCLUDED, with the reason), and hand-curated seats in places_as_actors.yaml win.

    python scripts/build_actor_knowledge.py
"""
from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import yaml

from whimbrel.actors.tables import key as alias_key  # the name index's own key: 'Sa'ar' = 'Saar'

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "whimbrel" / "data"
SOURCES = Path(__file__).resolve().parent / "actor_sources"

# capital -> why it is not coded as a government
EXCLUDED = {
    "Male": "English word", "Victoria": "given name", "Praia": "Portuguese word (beach)",
    "Georgetown": "US university and district", "San Jose": "US city", "Kingston": "common town name",
    "Santiago": "given name", "Hamilton": "surname", "Jamestown": "common town name",
    "Saint John's": "common town name", "Saint George's": "common town name",
    "Tripoli": "also a Lebanese city", "Jerusalem": "curated in places_as_actors.yaml",
    "Amsterdam": "the government sits in The Hague", "Yamoussoukro": "the government sits in Abidjan",
    "Sucre": "the government sits in La Paz", "Kingstown": "common town name",
    "Sri Jayewardenepura Kotte": "news names Colombo", "Porto-Novo": "the government sits in Cotonou",
}
# alias (lower case) -> why two people may share it; the index then keeps the first one loaded
SHARED_ALIASES: dict[str, str] = {}
OFFICE_FIELDS = ("country", "sector", "role", "name", "from", "to", "gender", "aliases")


def country_names() -> tuple[dict[str, str], set[str]]:
    """ISO3 -> English name, and every lower-cased country name, alias and demonym."""
    rows = yaml.safe_load((DATA / "actors" / "countries.yaml").read_text(encoding="utf-8"))
    names = {r["iso3"]: r["name"] for r in rows}
    words = {w.lower() for r in rows for w in [r["name"], *(r.get("aliases") or []), *(r.get("demonyms") or [])]}
    return names, words


def iso_date(text: str, where: str = "") -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        sys.exit(f"{where}: bad date {text!r} (YYYY-MM-DD)")


def office_rows(path: Path, names: dict[str, str]) -> list[dict]:
    """The curated pipe-separated table as office_holders.yaml entries; a bad row stops the build."""
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|")
        if len(parts) != len(OFFICE_FIELDS):
            sys.exit(f"{path.name} line {no}: expected {len(OFFICE_FIELDS)} fields, got {len(parts)}")
        row = dict(zip(OFFICE_FIELDS, (p.strip() for p in parts)))
        iso = None if row["country"] == "IGO" else row["country"]
        if iso is not None and iso not in names:
            sys.exit(f"{path.name} line {no}: unknown country {iso!r}")
        role = row["role"] if iso is None else f"{row['role']} of {names[iso]}"
        entry = {"name": row["name"], "aliases": [a for a in row["aliases"].split(";") if a],
                 "country": iso, "sector": row["sector"], "role": role,
                 "from": iso_date(row["from"], f"{path.name} line {no}"),
                 "to": iso_date(row["to"], f"{path.name} line {no}"), "gender": row["gender"] or None}
        if entry["from"] and entry["to"] and entry["from"] > entry["to"]:
            sys.exit(f"{path.name} line {no}: from {entry['from']} is after to {entry['to']}")
        out.append({**entry, "__line__": no})
    return out


def _overlap(a: dict, b: dict) -> bool:
    """Terms share a day other than a handover day (one ends the day the other starts)."""
    a0, b0 = a["from"] or date.min, b["from"] or date.min
    a1, b1 = a["to"] or date.max, b["to"] or date.max
    return a0 < b1 and b0 < a1


def check_offices(rows: list[dict], others: list[dict] = ()) -> list[str]:
    """Problems in the curated terms: one office held by two people at once, one alias naming
    two people (rows: this table's, with __line__; others: office_holders.yaml's, for aliases)."""
    problems = []
    by_office: dict[tuple, list[dict]] = {}
    for row in rows:
        by_office.setdefault((row["country"], row["role"]), []).append(row)
    for (iso, role), terms in by_office.items():
        terms.sort(key=lambda r: r["from"] or date.min)
        for i, a in enumerate(terms):
            for b in terms[i + 1:]:
                if a["name"] != b["name"] and _overlap(a, b):
                    problems.append(f"line {b['__line__']}: {b['name']} and {a['name']} (line "
                                    f"{a['__line__']}) both hold '{role}' on overlapping days")
    owners: dict[str, set[str]] = {}
    for row in [*rows, *others]:
        for alias in [row["name"], *(row.get("aliases") or [])]:
            owners.setdefault(alias_key(alias), set()).add(alias_key(row["name"]))
    for alias, people in sorted(owners.items()):
        if len(people) > 1 and alias not in SHARED_ALIASES:
            problems.append(f"alias {alias!r} names {len(people)} people: {', '.join(sorted(people))}")
    return problems


def capital_rows(names: dict[str, str], country_words: set[str]) -> list[dict]:
    """One places_as_actors entry per country capital in the gazetteer."""
    curated = yaml.safe_load((DATA / "actors" / "places_as_actors.yaml").read_text(encoding="utf-8"))
    taken = {p["place"].lower() for p in curated} | {a.lower() for p in curated for a in p.get("aliases") or []}
    out = []
    with (DATA / "places" / "gazetteer.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name, iso = row["name"], row["country"]
            if row["feature"] != "capital" or iso not in names or name in EXCLUDED:
                continue
            if name.lower() in taken or name.lower() in country_words:
                continue
            out.append({"place": name, "country": iso})
    return sorted(out, key=lambda r: (r["country"], r["place"]))


def dump(path: Path, header: str, rows: list[dict]) -> None:
    lines = [f"# {h}" if h else "#" for h in header.splitlines()]
    for row in rows:
        lines.append("- " + yaml.safe_dump(row, default_flow_style=True, allow_unicode=True,
                                           sort_keys=False, width=1000).strip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    names, words = country_names()
    offices = office_rows(SOURCES / "office_holders_world.psv", names)
    hand = yaml.safe_load((DATA / "actors" / "office_holders.yaml").read_text(encoding="utf-8"))
    if problems := check_offices(offices, hand):
        sys.exit("office_holders_world.psv:\n  " + "\n  ".join(problems))
    offices = [{k: v for k, v in row.items() if k != "__line__"} for row in offices]
    dump(DATA / "actors" / "office_holders_world.yaml",
         "GENERATED by scripts/build_actor_knowledge.py from scripts/actor_sources/office_holders_world.psv\n"
         "(curated by whimbrel developers; project's own data). Do not edit: edit the .psv and rebuild.", offices)
    capitals = capital_rows(names, words)
    dump(DATA / "actors" / "capitals.yaml",
         "GENERATED by scripts/build_actor_knowledge.py: each country's capital as its government.\n"
         "Capitals from the gazetteer (GeoNames, CC BY 4.0: contains data from GeoNames, geonames.org);\n"
         "country codes from pycountry (LGPL-2.1). Do not edit: see EXCLUDED in the script.", capitals)
    print(f"office_holders_world.yaml: {len(offices)} terms; capitals.yaml: {len(capitals)} capitals")


if __name__ == "__main__":
    main()
