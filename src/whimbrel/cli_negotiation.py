"""`whimbrel negotiation RUS UKR --db events.duckdb [--json]`: the negotiation timeline of a store."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from whimbrel.negotiation.tracker import SECTIONS


def negotiation(parties: list[str] = typer.Argument(..., help="ISO 3166-1 alpha-3 codes, e.g. RUS UKR"),
                db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run`"),
                json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout")):
    """Meetings, agreements, demands, proposals, conditions and disputes: `whimbrel negotiation RUS UKR --db events.duckdb`."""
    from whimbrel.negotiation import negotiation_timeline
    from whimbrel.store import Store, StoreError

    if not db.is_file():
        typer.echo(f"[S001] {db}: no such store", err=True)
        raise typer.Exit(2)
    try:
        with Store(db) as store:
            timeline = negotiation_timeline(store, parties)
    except StoreError as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2)
    if json_out:
        typer.echo(json.dumps(timeline, ensure_ascii=False, default=str))
        return
    typer.echo(format_timeline(timeline))


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
