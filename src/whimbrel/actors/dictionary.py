"""Actor dictionary: names, countries, places, roles and agents -> coded actors.

Loads the files under whimbrel/data/actors once (see `load_tables()`), validates them
(`tables.ActorDataError` names file and line) and answers exact lookups on normalised text
(case, accents, apostrophes, possessive 's, a leading 'the' and leading titles ignored). Matching is
exact on purpose: a fuzzy "Zelensky" ~ "Medinsky" would code the wrong side of a negotiation.

    >>> t = load_tables()
    >>> t.lookup_name("Zelenskyy").country, t.lookup_country("Ukraine's")
    ('UKR', 'UKR')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from . import tables as T

BUNDLED_OFFICE_FILES = ("office_holders.yaml", "office_holders_world.yaml")
STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}


@dataclass(frozen=True)
class ActorEntry:
    actor_id: str        # "person:vladimir-putin", "gov:RUS", "media:bloomberg", "igo:NATO", "phoenix:..."
    name: str
    country: str | None  # ISO3
    sector: str | None   # GOV, MIL, MED, IGO ...
    kind: str            # person, country, government, organisation, media, igo, group
    role: str | None
    valid_from: date | None
    valid_to: date | None
    gender: str | None
    source: str          # which data file


@dataclass(frozen=True)
class RoleEntry:
    word: str
    sector: str
    person: bool
    gender: str | None
    country: str | None = None  # the state a title belongs to when the text names none ("Rep.")


@dataclass(frozen=True)
class _Person:
    """A curated person (or official) with all their terms, for date-aware lookups."""
    actor_id: str
    name: str
    surname: str
    terms: tuple[ActorEntry, ...]


_MISSING = object()
MEMO_LIMIT = 65_536   # texts remembered per index (as many as `tables.fold` caches)


class _Index:
    """Alias -> value, with case-sensitive keys for short capital aliases ('US', 'AP', 'WHO').

    `get` remembers its answer per text asked (a role word is looked up ~1,600 times per news
    story), so a repeated question costs one dict lookup instead of two normalisations."""

    def __init__(self):
        self.ci: dict[str, object] = {}
        self.cs: dict[str, object] = {}
        self._memo: dict[str, object] = {}

    def add(self, alias: str, value: object) -> None:
        table, k = (self.cs, T.fold(alias)) if T.is_case_sensitive(alias) else (self.ci, T.key(alias))
        if k:
            table.setdefault(k, value)  # first writer wins: files are loaded in priority order
            self._memo.clear()

    def get(self, text: str):
        hit = self._memo.get(text, _MISSING)
        if hit is _MISSING:
            hit = self.lookup(text)
            if len(self._memo) < MEMO_LIMIT:
                self._memo[text] = hit
        return hit

    def lookup(self, text: str):
        """`get` without the memo."""
        hit = self.cs.get(T.fold(text))
        return hit if hit is not None else self.ci.get(T.key(text))

    def keys(self):
        return list(self.ci) + list(self.cs)


def _pick_term(terms: tuple[ActorEntry, ...], on: date | None) -> ActorEntry:
    """The term valid on `on` (the latest-starting if several); otherwise a 'former'/'future' stub."""
    def valid(t: ActorEntry) -> bool:
        return (t.valid_from is None or t.valid_from <= on) and (t.valid_to is None or on <= t.valid_to)

    if on is None:
        current = [t for t in terms if t.valid_to is None] or list(terms)
        return max(current, key=lambda t: t.valid_from or date.min)
    live = [t for t in terms if valid(t)]
    if live:
        return max(live, key=lambda t: t.valid_from or date.min)
    # Out of office on that date: keep the person and country, drop the sector (not acting for it).
    past = [t for t in terms if t.valid_to is not None and t.valid_to < on]
    if past:
        last = max(past, key=lambda t: t.valid_to)
        nxt = [t.valid_from for t in terms if t.valid_from and t.valid_from > on]
        return replace(last, sector=None, role=f"former {last.role}" if last.role else None,
                       valid_from=last.valid_to, valid_to=min(nxt) if nxt else None)
    first = min(terms, key=lambda t: t.valid_from or date.min)
    return replace(first, sector=None, role=None, valid_from=None, valid_to=first.valid_from)


class ActorTables:
    """All actor lookups; build with `load_tables()` (cached) or `ActorTables.load()`."""

    def __init__(self):
        self.names = _Index()       # curated alias -> _Person | ActorEntry
        self.phoenix_names = _Index()  # Phoenix pattern -> row; consulted only after curated names
        self.surnames: dict[str, list[object]] = {}
        self.countries = _Index()   # alias/demonym -> ISO3
        self.country_names: dict[str, str] = {}
        self.phoenix_places = _Index()
        self.places = _Index()      # place -> ActorEntry
        self.roles = _Index()       # word -> RoleEntry
        self.agents = _Index()      # word -> sector
        self.org_words = _Index()   # head word of an organisation's name -> sector
        self.igos: dict[str, ActorEntry] = {}
        self.ethnic: dict[str, dict] = {}  # capitalised word -> ethnic_groups.yaml row
        self.codes: dict[str, str | None] = {}  # actor_id -> Phoenix/CAMEO-style code if any
        self.max_name_tokens = 1

    # ---------------- loading ----------------
    @classmethod
    def load(cls, extra_files: list[Path] = (), data_dir: Path = T.DATA_DIR) -> "ActorTables":
        """Read every data file; `extra_files` are office_holders-format YAML files that take
        priority over the bundled ones (e.g. a newer cabinet)."""
        t = cls()
        t._load_countries(data_dir / "countries.yaml")
        iso = set(t.country_names)
        for path in [Path(p) for p in extra_files]:
            t._load_people(T.read_office_holders(path, iso), path.name)
        # the bundled files hold different terms of the same people (Macron's 2017 term in the
        # world table, his ministers since 2024 in office_holders.yaml): their terms merge
        bundled = [row for name in BUNDLED_OFFICE_FILES
                   for row in T.read_office_holders(data_dir / name, iso)]
        t._load_people(bundled, "office_holders.yaml")
        t._load_groups(T.read_armed_groups(data_dir / "armed_groups.yaml", iso))
        t._load_igos(T.read_igos(data_dir / "igos.yaml"))
        t._load_media(T.read_media(data_dir / "media_outlets.yaml", iso))
        for name in ("agencies.yaml", "organisations.yaml"):
            t._load_organisations(T.read_organisations(data_dir / name, iso))
        for name in ("places_as_actors.yaml", "capitals.yaml"):  # curated seats first
            t._load_places(T.read_places(data_dir / name, iso))
        t._load_roles(T.read_roles(data_dir / "roles.yaml", iso))
        for row in T.read_roles(data_dir / "organisation_words.yaml", iso):
            for word in row["words"]:
                t.org_words.add(word, row["sector"])
        for row in T.read_ethnic_groups(data_dir / "ethnic_groups.yaml", iso):
            t.ethnic.update({word: row for word in row["words"]})
        t._load_phoenix_actors(data_dir / "phoenix_actors.jsonl")
        for row in T.read_jsonl(data_dir / "phoenix_agents.jsonl", ("pattern", "sector")):
            t.agents.add(row["pattern"], row["sector"])
        t.max_name_tokens = max(len(k.split()) for k in t.names.keys() + t.phoenix_names.keys())
        return t

    def _load_countries(self, path: Path) -> None:
        for row in T.read_countries(path):
            self.country_names[row["iso3"]] = row["name"]
            for alias in [row["name"], *row["aliases"], *row["demonyms"]]:
                self.countries.add(alias, row["iso3"])

    def _load_people(self, rows: list[dict], source: str) -> None:
        by_name: dict[str, list[dict]] = {}
        for row in rows:
            by_name.setdefault(T.slug(row["name"]), []).append(row)
        for sl, group in by_name.items():
            if f"person:{sl}" not in self.codes:  # an earlier (extra) file already defines them
                self.codes[f"person:{sl}"] = None
                self._add_person(sl, group, source)

    def _add_person(self, sl: str, group: list[dict], source: str) -> None:
        name = group[0]["name"]
        terms = tuple(ActorEntry(f"person:{sl}", name, r.get("country"), r.get("sector"), "person",
                                 r.get("role"), r.get("from"), r.get("to"), r.get("gender"),
                                 r.get("__file__", source))
                      for r in group)
        surname = T.key(name).split()[-1]
        person = _Person(f"person:{sl}", name, surname, terms)
        for alias in [name] + [a for r in group for a in r["aliases"]]:
            self.names.add(alias, person)
            if len(T.key(alias).split()) == 1:
                self._add_surname(T.key(alias), person)
        self._add_surname(surname, person)

    def _load_groups(self, rows: list[dict]) -> None:
        """Armed groups, one term per period of standing (Taliban: REB, then GOV from 2021-08-15)."""
        by_key: dict[str, list[dict]] = {}
        for row in rows:
            by_key.setdefault(row["key"], []).append(row)
        for key, group in by_key.items():
            actor_id = f"group:{T.slug(key)}"
            terms = tuple(ActorEntry(actor_id, group[0]["name"], r.get("country"), r["sector"], "group",
                                     None, r.get("from"), r.get("to"), None, r["__file__"])
                          for r in group)
            self.codes[actor_id] = None
            holder = _Person(actor_id, group[0]["name"], "", terms)
            for alias in [group[0]["name"]] + [a for r in group for a in r["aliases"]]:
                self.names.add(alias, holder)

    def _add_surname(self, surname: str, value: object) -> None:
        bucket = self.surnames.setdefault(surname, [])
        if value not in bucket:
            bucket.append(value)

    def _load_igos(self, rows: list[dict]) -> None:
        for row in rows:
            entry = ActorEntry(f"igo:{row['key']}", row["name"], None, row["sector"],
                               "igo" if row["sector"] == "IGO" else "organisation",
                               None, None, None, None, row["__file__"])
            self.igos[row["key"]] = entry
            self.codes[entry.actor_id] = row["code"]
            for alias in [row["name"], *row["aliases"]]:
                self.names.add(alias, entry)

    def _load_media(self, rows: list[dict]) -> None:
        for row in rows:
            entry = ActorEntry(f"media:{row['key']}", row["name"], row.get("country"), "MED",
                               "media", None, None, None, None, row["__file__"])
            for alias in [row["name"], *row["aliases"]]:
                self.names.add(alias, entry)

    def _load_organisations(self, rows: list[dict]) -> None:
        for row in rows:
            state = row["sector"] in STATE_SECTORS
            entry = ActorEntry(f"{'agency' if state else 'org'}:{T.slug(row['name'])}", row["name"],
                               row.get("country"), row["sector"],
                               "government" if state else "organisation",
                               None, None, None, None, row["__file__"])
            for alias in [row["name"], *row["aliases"]]:
                self.names.add(alias, entry)

    def _load_places(self, rows: list[dict]) -> None:
        for row in rows:
            if row.get("igo"):
                entry = self.igos[row["igo"]]
            else:
                cname, sector = self.country_names[row["country"]], row["sector"]
                entry = ActorEntry(f"{sector.lower()}:{row['country']}",
                                   cname if sector == "GOV" else f"{cname} {sector}", row["country"],
                                   sector, "government", None, None, None, None, row["__file__"])
            for alias in [row["place"], *row["aliases"]]:
                self.places.add(alias, entry)

    def _load_roles(self, rows: list[dict]) -> None:
        for row in rows:
            for word in row["words"]:
                self.roles.add(word, RoleEntry(word, row["sector"], row["person"], row.get("gender"),
                                               row.get("country")))

    def _load_phoenix_actors(self, path: Path) -> None:
        seen: set[str] = set()
        for row in T.read_jsonl(path, ("name", "patterns", "codes", "origin")):
            codes = row["codes"]
            if any(len(c["code"]) == 3 and c.get("country") for c in codes):
                # A country block ("UKRAINE_ [UKR]", with USR before 1991): its synonyms are the
                # country and places in it, never a named actor, so they stay out of the name index.
                iso = next((c["country"] for c in reversed(codes) if c.get("country")), None)
                for pat in row["patterns"] if iso else ():
                    self.phoenix_places.add(pat, iso)
                continue
            sl = T.slug(row["name"])
            row["actor_id"] = f"phoenix:{sl}" if sl not in seen else f"phoenix:{sl}-{row.get('line', 0)}"
            seen.add(sl)
            self.codes[row["actor_id"]] = ",".join(dict.fromkeys(c["code"] for c in codes)) or None
            for pat in row["patterns"]:
                self.phoenix_names.add(pat, row)
                if len(pat.split()) == 1:
                    self._add_surname(T.key(pat), row)

    # ---------------- lookups ----------------
    def lookup_name(self, text: str, on: date | None = None) -> ActorEntry | None:
        """A person, organisation, IGO or outlet by name or alias; titles in front are ignored
        ("Russian President Vladimir Putin"). `on` picks the office held that day."""
        words = T.fold(text).replace(",", " ").split()
        out_of_office = None
        for index in (self.names, self.phoenix_names):  # curated data beats Phoenix
            for i in range(len(words)):
                if i and not self._droppable(words[i - 1]):
                    break  # only titles, honorifics and country words may be dropped in front
                hit = index.get(" ".join(words[i:]))
                if hit is None:
                    continue
                entry = self._resolve(hit, on)
                # "the Kenyan Justice Department" is not the US one
                dropped = {self.countries.get(w) for w in words[:i]} - {None}
                if entry.country is not None and dropped and entry.country not in dropped:
                    continue
                if isinstance(hit, _Person) and entry.sector is None and on is not None:
                    # no curated term covers the date (Ehud Barak in 1999): Phoenix may have one
                    out_of_office = out_of_office or entry
                    break
                return entry
        return out_of_office

    def _droppable(self, word: str) -> bool:
        return (self.roles.get(word) is not None or self.countries.get(word) is not None
                or self.places.get(word) is not None
                or T.key(word) in {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "madam", "of",
                                   "acting", "former", "ex", "deputy", "top", "chief", "senior",
                                   "kremlin", "presidential"})

    def lookup_surname(self, surname: str, on: date | None = None) -> list[ActorEntry]:
        """Every actor with this surname (exact, normalised); curated people before Phoenix."""
        found = self.surnames.get(T.key(surname), [])
        curated = [v for v in found if isinstance(v, _Person)]
        out = [self._resolve(v, on) for v in (curated or found)]
        return list({e.actor_id: e for e in out}.values())

    def lookup_country(self, text: str, *, phoenix_places: bool = False) -> str | None:
        """'Russia', 'Russian', "Ukraine's", 'the US', 'U.S.', 'Turkish-mediated' -> ISO3.
        With phoenix_places, Phoenix's in-country place names (Helmand -> AFG) are a fallback."""
        iso = self.countries.get(text)
        first, _, rest = text.partition("-")
        # "Turkish-mediated", "Russian-held"; not "Guinea-Bissau's National Institute", whose
        # capitalised second half makes a longer name that is not Guinea
        if iso is None and rest[:1].islower():
            iso = self.countries.get(first)
        if iso is None and phoenix_places:
            iso = self.phoenix_places.get(text)
        return iso

    def lookup_place_actor(self, text: str) -> ActorEntry | None:
        """A capital or seat of power standing for its government: 'Kiev', 'the Kremlin'."""
        return self.places.get(text)

    def lookup_role(self, word_or_phrase: str) -> RoleEntry | None:
        """'spokesman' -> RoleEntry(sector='GOV', person=True, gender='m')."""
        return self.roles.get(word_or_phrase)

    def lookup_ethnic(self, word: str) -> dict | None:
        """The ethnic_groups.yaml row for a capitalised word ('Tamil', 'Kurds'), case-sensitive."""
        return self.ethnic.get(word)

    def lookup_org_word(self, word: str) -> str | None:
        """Head word of an organisation's name -> sector: 'University' -> 'EDU'."""
        return self.org_words.get(word)

    def lookup_agent(self, word: str) -> str | None:
        """Phoenix agent noun (singular or plural) -> sector, e.g. 'troops' -> 'MIL'."""
        return self.agents.get(word)

    def country_name(self, iso3: str) -> str | None:
        return self.country_names.get(iso3)

    def code_of(self, entry: ActorEntry) -> str | None:
        """The Phoenix/CAMEO-style code of an IGO or Phoenix actor ('IGOWSTNAT'), if it has one."""
        return self.codes.get(entry.actor_id)

    def _resolve(self, hit: object, on: date | None) -> ActorEntry:
        if isinstance(hit, _Person):
            return _pick_term(hit.terms, on)
        if isinstance(hit, ActorEntry):
            return hit
        return _phoenix_entry(hit, on)


def _phoenix_entry(row: dict, on: date | None) -> ActorEntry:
    """A Phoenix row coded for a date: a dated code that covers it, else the default code."""
    codes = row["codes"]
    dated = [c for c in codes if c.get("from") or c.get("to")]
    default = [c for c in codes if not (c.get("from") or c.get("to"))]
    chosen = None
    if on is not None:
        day = on.isoformat()
        live = [c for c in dated if (c.get("from") or "") <= day <= (c.get("to") or "9999")]
        chosen = max(live, key=lambda c: c.get("from") or "") if live else None
    if chosen is None:
        chosen = default[-1] if default else max(dated, key=lambda c: c.get("from") or "")
    sector = chosen.get("sector")
    # Heuristic kind: dated codes in a Phoenix actor entry are terms of office, so a person.
    kind = ("person" if dated else "igo" if sector == "IGO"
            else "group" if row["origin"].startswith("Phoenix.MilNonState") else "organisation")
    return ActorEntry(row["actor_id"], row["name"], chosen.get("country"), sector, kind,
                      None, T.parse_iso(chosen.get("from")), T.parse_iso(chosen.get("to")),
                      None, row["origin"])


@functools.lru_cache(maxsize=1)
def load_tables() -> ActorTables:
    """The bundled tables, loaded once per process."""
    return ActorTables.load()
