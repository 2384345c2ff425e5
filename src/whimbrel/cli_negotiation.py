"""`whimbrel negotiation RUS UKR --db events.duckdb [--json]`: the negotiation timeline of a store."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import typer

from whimbrel.negotiation.tracker import SECTIONS


def negotiation(parties: list[str] = typer.Argument(..., help="ISO 3166-1 alpha-3 codes, e.g. RUS UKR"),
                db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run`"),
                json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout")):
    """Meetings, agreements, demands, proposals, conditions and disputes: `whimbrel negotiation RUS UKR --db events.duckdb`."""
    from whimbrel.negotiation import negotiation_timeline
    from whimbrel.store import Store, StoreError, crossdoc

    if not db.is_file():
        typer.echo(f"[S001] {db}: no such store", err=True)
        raise typer.Exit(2)
    try:
        with Store(db) as store:
            problem = party_problem([p.upper() for p in parties], store_countries(store))
            if problem:
                typer.echo(problem, err=True)
                raise typer.Exit(2)
            stale = crossdoc.staleness_warning(store)
            if stale:
                typer.echo(f"warning {stale}", err=True)
            timeline = negotiation_timeline(store, parties)
    except StoreError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2)
    if json_out:
        typer.echo(json.dumps(timeline, ensure_ascii=False, default=str))
        return
    typer.echo(format_timeline(timeline))


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


def known_countries() -> set[str]:
    from whimbrel.actors.tables import read_countries

    with resources.as_file(resources.files("whimbrel") / "data" / "actors" / "countries.yaml") as path:
        return {row["iso3"] for row in read_countries(path)}


def store_countries(store) -> set[str]:
    rows = store.conn.execute("SELECT source_country FROM events UNION SELECT target_country FROM events").fetchall()
    return {r[0] for r in rows if r[0]}


def format_timeline(timeline: dict) -> str:
    """Plain-text timeline: one line per item with its sources, then its evidence sentences."""
    lines = [f"negotiation {' - '.join(timeline['parties'])}  mediators: {', '.join(timeline['mediators']) or '-'}"
             f"  outside: {', '.join(timeline['outside']) or '-'}"]
    for section in SECTIONS:
        lines.append(f"{section}:")
        for it in timeline[section] or []:
            head = f"  {it['date'] or 'undated'}  {it['by'] or '?'} -> {it['of'] or '?'}"
            extra = [it.get("place"), it.get("format"), it.get("duration"),
                     "mediator " + ", ".join(it["mediators"]) if it.get("mediators") else None,
                     it.get("status"), it["modality"]]
            lines.append(f"{head}  [{'; '.join(x for x in extra if x)}]  sources: {', '.join(it['sources'])}")
            lines.extend(f"      - {x}" for x in it["items"][:6])
            if it.get("condition"):
                lines.append(f"      condition: {it['condition']}")
    return "\n".join(lines)
