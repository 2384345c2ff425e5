"""Reading and validating the actor data files under whimbrel/data/actors, and name normalisation.

Pure helpers for `dictionary.py`: every reader returns plain dicts that carry their file and line,
and raises `ActorDataError` naming both on a bad entry, so a typo in a YAML file fails loudly at
load time instead of silently losing an actor.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "LEG", "JUD", "MED", "COP", "SPY", "BUS", "CVL", "NGO", "IGO",
    "LAB", "REL", "EDU", "HLH", "REF", "UAF", "ELI", "PTY", "AGR", "CRM", "DEV", "ENV", "HRI",
    "MNC", "NGM", "IMG", "MOD", "RAD",
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_EDGE_PUNCT = " \t\n\"'.,;:!?()[]{}\u201c\u201d\u00ab\u00bb"


class ActorDataError(ValueError):
    """A bad entry in an actor data file; the message names the file and line."""

    def __init__(self, code: str, path: Path | str, line: int | None, msg: str):
        where = f"{Path(path).name} line {line}" if line else Path(path).name
        super().__init__(f"[{code}] {where}: {msg}")


# ---------------- normalisation ----------------

def strip_accents(text: str) -> str:
    """'Erdoğan' -> 'Erdogan', 'Élysée' -> 'Elysee' (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


@functools.lru_cache(maxsize=65536)  # the same names recur in every document
def fold(text: str) -> str:
    """Case-preserving normal form: accents, curly apostrophes, possessive 's, a leading 'the',
    dots and hyphens ('U.S.' -> 'US', 'Duck-soo' -> 'Duck soo') and edge punctuation removed."""
    s = strip_accents(text).translate(_APOSTROPHES).strip(_EDGE_PUNCT.replace(".", ""))
    s = re.sub(r"'s?$", "", s)  # possessive: "Ukraine's", "Reuters'"
    s = re.sub(r"(?<=\w)\.(?=\w|$)|\.(?=\s|$)", "", s)  # drop dots of abbreviations
    s = re.sub(r"[\s\-\u2010-\u2015_]+", " ", s).strip(_EDGE_PUNCT)
    s = re.sub(r"^(?i:the)\s+", "", s)
    return s


def key(text: str) -> str:
    """Case-insensitive lookup key."""
    return fold(text).casefold()


def is_case_sensitive(alias: str) -> bool:
    """Short all-capital aliases (US, UK, AP, WHO, CAR) match only in capitals: 'us' is a pronoun."""
    f = fold(alias).replace(" ", "")
    return f.isupper() and len(f) <= 3


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")


# ---------------- YAML with line numbers ----------------

# libyaml's parser when PyYAML has it: the office tables are ~1,700 rows read in every worker
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader that records each mapping's first line as '__line__'."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def read_yaml_list(path: Path) -> list[dict]:
    """A YAML file that holds a list of mappings; each mapping gets '__line__' and '__file__'."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ActorDataError("A001", path, mark.line + 1 if mark else None, f"not valid YAML: {exc}")
    except ValueError as exc:  # PyYAML builds dates eagerly: "2025-13-01" fails here, line unknown
        raise ActorDataError("A008", path, None, f"bad value: {exc}") from None
    if not isinstance(data, list):
        raise ActorDataError("A002", path, None, "expected a list of entries at top level")
    for i, row in enumerate(data):
        if not isinstance(row, dict):
            raise ActorDataError("A003", path, None, f"entry {i + 1} is not a mapping: {row!r}")
        row["__file__"] = path.name
    return data


def _require(row: dict, path: Path, fields: dict[str, type | tuple]) -> None:
    for name, typ in fields.items():
        if name not in row:
            raise ActorDataError("A004", path, row["__line__"], f"missing field '{name}'")
        if not isinstance(row[name], typ):
            raise ActorDataError("A005", path, row["__line__"],
                                 f"field '{name}' has a bad value {row[name]!r}")


def _check_country(row: dict, path: Path, countries: set[str], field: str = "country") -> None:
    value = row.get(field)
    if value is not None and value not in countries:
        raise ActorDataError("A006", path, row["__line__"], f"unknown country code {value!r}")


def _check_sector(row: dict, path: Path) -> None:
    if row.get("sector") is not None and row["sector"] not in SECTORS:
        raise ActorDataError("A007", path, row["__line__"], f"unknown sector {row['sector']!r}")


def _check_dates(row: dict, path: Path) -> None:
    for field in ("from", "to"):
        if row.get(field) is not None and not isinstance(row[field], date):
            raise ActorDataError("A008", path, row["__line__"],
                                 f"'{field}' must be a YYYY-MM-DD date or null, got {row[field]!r}")
    if row.get("from") and row.get("to") and row["to"] < row["from"]:
        raise ActorDataError("A009", path, row["__line__"], "'to' is before 'from'")


def _aliases(row: dict, path: Path) -> list[str]:
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ActorDataError("A010", path, row["__line__"], "'aliases' must be a list of strings")
    return aliases


# ---------------- the file readers ----------------

def read_countries(path: Path) -> list[dict]:
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, {"iso3": str, "name": str})
        if not re.fullmatch(r"[A-Z]{3}", row["iso3"]):
            raise ActorDataError("A006", path, row["__line__"], f"bad ISO3 code {row['iso3']!r}")
        row["aliases"] = _aliases(row, path)
        row["demonyms"] = row.get("demonyms") or []
    return rows


def read_office_holders(path: Path, countries: set[str]) -> list[dict]:
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, {"name": str, "role": str, "from": (date, type(None))})
        row["aliases"] = _aliases(row, path)
        _check_country(row, path, countries)
        _check_sector(row, path)
        _check_dates(row, path)
        if row.get("gender") not in (None, "m", "f"):
            raise ActorDataError("A011", path, row["__line__"], f"gender must be m or f, got {row['gender']!r}")
    return rows


def _read_named(path: Path, fields: dict[str, type | tuple], countries: set[str] | None) -> list[dict]:
    """A list of named entries with aliases, an optional country and an optional sector."""
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, fields)
        row["aliases"] = _aliases(row, path)
        if countries is not None:
            _check_country(row, path, countries)
        _check_sector(row, path)
    return rows


def read_armed_groups(path: Path, countries: set[str]) -> list[dict]:
    rows = _read_named(path, {"key": str, "name": str, "sector": str}, countries)
    for row in rows:
        _check_dates(row, path)
    return rows


def read_media(path: Path, countries: set[str]) -> list[dict]:
    return _read_named(path, {"key": str, "name": str}, countries)


def read_igos(path: Path) -> list[dict]:
    return _read_named(path, {"key": str, "name": str, "code": str, "sector": str}, None)


def read_organisations(path: Path, countries: set[str]) -> list[dict]:
    """agencies.yaml / organisations.yaml: a named body with a home country and a sector."""
    return _read_named(path, {"name": str, "sector": str}, countries)


def read_places(path: Path, countries: set[str]) -> list[dict]:
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, {"place": str})
        row["aliases"] = _aliases(row, path)
        row.setdefault("sector", "GOV")
        _check_country(row, path, countries)
        _check_sector(row, path)
        if row.get("country") is None and not row.get("igo"):
            raise ActorDataError("A012", path, row["__line__"], "a place needs a country or an igo")
    return rows


def read_ethnic_groups(path: Path, countries: set[str]) -> list[dict]:
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, {"name": str, "words": list, "homes": list})
        _check_country(row, path, countries)
        for home in row["homes"]:
            if home not in countries:
                raise ActorDataError("A006", path, row["__line__"], f"unknown country code {home!r}")
    return rows


def read_roles(path: Path, countries: set[str]) -> list[dict]:
    rows = read_yaml_list(path)
    for row in rows:
        _require(row, path, {"words": list, "sector": str, "person": bool})
        _check_sector(row, path)
        _check_country(row, path, countries)
        if row.get("gender") not in (None, "m", "f"):
            raise ActorDataError("A011", path, row["__line__"], f"gender must be m or f, got {row['gender']!r}")
    return rows


def read_jsonl(path: Path, required: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file, each checked for its required fields."""
    with path.open(encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ActorDataError("A013", path, no, f"not valid JSON: {exc}") from None
            missing = [f for f in required if f not in row]
            if missing:
                raise ActorDataError("A004", path, no, f"missing field(s) {missing}")
            yield row


def parse_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
