"""Who may be asked about: the parties of a negotiation query, checked the same way by the CLI and
the API ([N001] fewer than two different parties, [N002] a code neither a country nor in the store)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from whimbrel.actors.tables import read_countries


def party_problem(parties: list[str], in_store: set[str]) -> str | None:
    """[N001]/[N002] when the parties are not two or more different known ones, else None."""
    if len(parties) < 2 or len(set(parties)) < len(parties):
        return (f"[N001] negotiation needs at least two different parties, got {' '.join(parties)}: "
                "e.g. `whimbrel negotiation RUS UKR --db events.duckdb`")
    unknown = [p for p in parties if p not in in_store and p not in known_countries()]
    if unknown:
        return (f"[N002] unknown party {', '.join(unknown)}: use ISO 3166-1 alpha-3 country codes "
                "(RUS, UKR, USA ...) or a code found in the store's events")
    return None


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    with resources.as_file(resources.files("whimbrel") / "data" / "actors" / "countries.yaml") as path:
        return frozenset(row["iso3"] for row in read_countries(path))


def store_countries(store) -> set[str]:
    rows = store.conn.execute("SELECT source_country FROM events UNION SELECT target_country FROM events").fetchall()
    return {r[0] for r in rows if r[0]}
