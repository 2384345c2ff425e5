"""`whimbrel serve --db FILE [--host 127.0.0.1] [--port 8000] [--allow-review]` (registered in cli.py)."""
from __future__ import annotations

from pathlib import Path

import typer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run` or `whimbrel demo`"),
          host: str = typer.Option("127.0.0.1", help="address to listen on (the default is this machine only)"),
          port: int = typer.Option(8000, min=1, max=65535, help="port"),
          allow_review: bool = typer.Option(False, "--allow-review",
                                            help="open the store read-write and accept reviews from the dashboard")):
    """The REST API (/docs) and the dashboard over a store: `whimbrel serve --db whimbrel-demo.duckdb`."""
    import uvicorn

    from whimbrel.api.app import create_app
    from whimbrel.store import StoreError

    if not db.is_file():
        typer.echo(f"[A501] {db}: no such store", err=True)
        raise typer.Exit(2)
    # a loopback server answers only to loopback host names (no DNS rebinding onto it)
    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in LOOPBACK else None
    try:
        app = create_app(db, allow_review=allow_review, allowed_hosts=hosts)
    except StoreError as error:
        typer.echo(f"[A502] {error}", err=True)
        raise typer.Exit(2)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"whimbrel: dashboard http://{shown}:{port}/  API docs http://{shown}:{port}/docs  "
               f"reviews {'on' if allow_review else 'off'}  (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
