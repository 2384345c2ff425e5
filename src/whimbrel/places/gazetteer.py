"""The offline gazetteer: place names -> GeoNames places, ranked for one document.

`data/places/gazetteer.tsv` is built by scripts/build_gazetteer.py; `extra_places.yaml` adds
regions, seas and spellings the cache lacks. Both are read once per process into a dict from
normalised name to places, so a lookup is one dict access and a sort of a few candidates.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

FEATURES = ("country", "capital", "city", "admin1", "region", "water")
# A capital beats a namesake town, a country beats its own capital (the "Mexico" / "Mexico City"
# alternate-name overlap), a city beats a same-named region ("New York").
FEATURE_RANK = {f: i for i, f in enumerate(FEATURES)}
LEADING = ("the ",)
TSV_COLUMNS = ("geonameid", "name", "country", "feature", "admin1", "lat", "lon", "population",
               "alternates")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-3; None for international waters
    lat: float | None
    lon: float | None
    feature: str
    geonameid: int | None
    population: int = 0
    admin1: str | None = None
    curated: bool = False  # from extra_places.yaml


def normalise(name: str) -> str:
    """Accent-free, lowercase, single-spaced; a leading 'the' dropped ('the West Bank')."""
    text = name
    if not text.isascii():  # most names are ASCII: skipping NFKD halves the load time
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.lower().split())
    for lead in LEADING:
        if text.startswith(lead):
            text = text[len(lead):]
    return text


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


class Gazetteer:
    """Name index over the places; `lookup` returns candidates best first."""

    def __init__(self, places: list[tuple[Place, list[str]]],
                 aliases: dict[int, list[str]] | None = None):
        """`places`: (place, alternate keys), keys already `normalise`d and distinct per place;
        `aliases`: geonameid -> curated names that should mean that cache row ("New York")."""
        # each hit carries its static rank: (not curated, not the place's own name)
        self.index: dict[str, list[tuple[Place, tuple[bool, bool]]]] = {}
        aliases = aliases or {}
        bucket = self._bucket
        for place, keys in places:
            own, alternate = (not place.curated, False), (not place.curated, True)
            bucket(normalise(place.name)).append((place, own))
            for key in keys:  # the hot loop of loading: 120,000 keys
                bucket(key).append((place, alternate))
            if place.geonameid in aliases and not place.curated:
                for alias in aliases[place.geonameid]:
                    bucket(normalise(alias)).append((place, (False, False)))

    def _bucket(self, key: str) -> list:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = []
        return found

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self.index

    def __len__(self) -> int:
        return len(self.index)

    def lookup(self, name: str, prefer_countries: Collection[str] = ()) -> list[Place]:
        """Places whose name or alternate is `name`, best first.

        Ranked by: a curated entry, the place's own name rather than an alternate (Pokrovsk in
        Ukraine, not Engels, once called Pokrovsk), a country of the document (Paris, Texas in a
        Texan story), the feature (country > capital > city > admin1 > region > water), then
        population.
        """
        prefer = set(prefer_countries)
        hits = self.index.get(normalise(name), [])
        ranked = sorted(hits, key=lambda hit: (
            *hit[1], hit[0].country not in prefer,
            FEATURE_RANK.get(hit[0].feature, len(FEATURES)), -hit[0].population))
        seen, out = set(), []
        for place, _ in ranked:  # a curated alias may repeat a row its alternates already list
            if id(place) not in seen:
                seen.add(id(place))
                out.append(place)
        return out


@lru_cache(maxsize=1)
def _city_populations() -> dict[str, list[int]]:
    """Country -> the populations of its cities and capital, largest first."""
    out: dict[str, list[int]] = {}
    seen = set()
    for hits in load_gazetteer().index.values():
        for place, _ in hits:
            if place.feature in ("city", "capital") and place.country and id(place) not in seen:
                seen.add(id(place))
                out.setdefault(place.country, []).append(place.population)
    return {country: sorted(pops, reverse=True) for country, pops in out.items()}


def preload() -> None:
    """Build the gazetteer and its city populations now (each cached per process), so that forked
    workers inherit them instead of each building its own."""
    _city_populations()


def major_city(place: Place, top: int = 3) -> bool:
    """One of its country's `top` largest cities (Valencia in Spain; not Paris, Texas)."""
    pops = _city_populations().get(place.country or "", [])
    return place.feature in ("city", "capital") and place.population > 0 \
        and sum(p > place.population for p in pops) < top


def read_tsv(path: Path) -> list[tuple[Place, list[str]]]:
    """Rows of gazetteer.tsv as (place, alternate keys); the header must be TSV_COLUMNS."""
    out = []
    with path.open(encoding="utf-8") as lines:
        header = tuple(next(lines).rstrip("\n").split("\t"))
        if header != TSV_COLUMNS:
            raise ValueError(f"[E700] {path.name}: columns {header}, expected {TSV_COLUMNS}")
        for line in lines:
            gid, name, country, feature, admin1, lat, lon, population, alternates = \
                line.rstrip("\n").split("\t")
            place = Place(name=name, country=country or None, lat=_float(lat), lon=_float(lon),
                          feature=feature, geonameid=int(gid) if gid else None,  # ISO admin1: none
                          population=int(population or 0),
                          admin1=admin1 or None)
            out.append((place, alternates.split("|") if alternates else []))
    return out


def read_extras(path: Path) -> tuple[list[tuple[Place, list[str]]], dict[int, list[str]]]:
    """Curated places, and curated names for cache rows (`same_as: geonameid`).

    A bad entry fails loudly with its name, since the file is edited by hand.
    """
    places, aliases = [], {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        if "same_as" in entry:
            aliases.setdefault(int(entry["same_as"]), []).append(entry["name"])
            continue
        if entry.get("feature") not in FEATURES or "lat" not in entry or "lon" not in entry:
            raise ValueError(f"[E701] {path.name}: bad place entry {entry.get('name')!r}")
        place = Place(name=entry["name"], country=entry.get("country"), lat=float(entry["lat"]),
                      lon=float(entry["lon"]), feature=entry["feature"],
                      geonameid=entry.get("geonameid"), population=entry.get("population", 0),
                      curated=True)
        primary = normalise(place.name)
        keys = {normalise(a) for a in entry.get("aliases", [])} - {primary}
        places.append((place, sorted(keys)))
    return places, aliases


def data_dir() -> Path:
    return Path(str(resources.files("whimbrel") / "data" / "places"))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    folder = data_dir()
    extras, aliases = read_extras(folder / "extra_places.yaml")
    return Gazetteer(read_tsv(folder / "gazetteer.tsv") + extras, aliases)


def lookup(name: str, prefer_countries: Collection[str] = ()) -> list[Place]:
    """Places called `name` in the packaged gazetteer, best first (see Gazetteer.lookup)."""
    return load_gazetteer().lookup(name, prefer_countries)
