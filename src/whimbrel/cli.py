"""Command line: thin verbs over the Python API (whimbrel.batch, whimbrel.store, whimbrel.evaluate)."""
from __future__ import annotations

import os
import sys
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from whimbrel.cli_negotiation import negotiation

app = typer.Typer(help="whimbrel: PLOVER event coding with modality, speakers and evidence.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
# Piped output keeps full rows instead of wrapping every cell at 80 columns.
out = Console() if sys.stdout.isatty() else Console(width=200)

SAMPLE = "kremlin-putin-zelensky-2025-05-17.txt"


def report(message: str, label: str = "error") -> None:
    """One line on stderr: never wrapped, never read as Rich markup (paths may hold brackets)."""
    line = Text.assemble((label, "red"), " ", message) if label else Text(message)
    console.print(line, soft_wrap=True, highlight=False)


def parse_date(value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in the form YYYY-MM-DD")


def actor_text(actor: Optional[dict]) -> str:
    if not actor:
        return "-"
    code = f"{actor.get('country') or '---'}{actor.get('sector') or ''}"
    return f"{actor.get('name') or actor.get('text')} [{code}]"


def events_table(events: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("type", "source", "target", "modality", "date", "said by", "evidence"):
        table.add_column(column, overflow="fold")
    for event in events:
        attribution = event.get("attribution") or {}
        evidence = (event.get("evidence") or {}).get("sentence") or ""
        table.add_row(event["event_type"] + (f"/{event['mode']}" if event.get("mode") else ""),
                      actor_text(event.get("source")), actor_text(event.get("target")),
                      event.get("modality") or "", event.get("date") or "",
                      attribution.get("speaker") or "", evidence[:90] + ("…" if len(evidence) > 90 else ""))
    return table


def code_paths(paths: list[str], db: Path, pub_date: Optional[date], outlet: Optional[str],
               processes: int, actor_files: tuple[str, ...] = (),
               factuality: str = "features") -> "BatchSummary":  # noqa: F821
    from whimbrel.batch import run_batch
    from whimbrel.coder import Coder
    if console.is_terminal:
        with console.status("loading the English pipeline and dictionaries"):
            coder = Coder.load(actor_files=actor_files, factuality=factuality)
    else:
        coder = Coder.load(actor_files=actor_files, factuality=factuality)
    # no progress bar in logs and pipes: it would only add blank lines there
    progress = Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)
    with progress:
        task = progress.add_task("coding", total=None)
        summary = run_batch(paths, db, coder=coder, pub_date=pub_date, outlet=outlet,
                            n_process=processes,
                            on_error=report,
                            on_coded=lambda coded: progress.advance(task))
    return summary


def _check_factuality_option(name: str) -> None:
    """Exit 2 on an unknown --factuality, before the pipeline loads, so a typo costs nothing."""
    from whimbrel.modality.stage import check_factuality
    try:
        check_factuality(name)
    except ValueError as error:
        report(f"--factuality: {error}")
        raise typer.Exit(2)


def print_summary(summary, db: Path) -> None:
    report(f"done {summary.done}, failed {summary.failed}, "
           f"skipped as duplicate {summary.duplicates}; {summary.events} events -> {db}", label="")


@app.command()
def run(paths: list[str] = typer.Argument(..., help="files, folders (recursive) or globs"),
        db: Path = typer.Option(Path("whimbrel.duckdb"), help="DuckDB file to write"),
        date_: Optional[str] = typer.Option(None, "--date", help="publication date YYYY-MM-DD when the input has none"),
        outlet: Optional[str] = typer.Option(None, help="outlet name when the input has none"),
        processes: int = typer.Option(1, min=1, help="worker processes"),
        strict: bool = typer.Option(False, help="exit non-zero when any input fails"),
        show: bool = typer.Option(True, help="print the coded events"),
        actors: list[Path] = typer.Option([], "--actors", help="your own actors (YAML, see docs/actors.md); repeatable"),
        factuality: str = typer.Option("features", help="event factuality model: features (rules + logistic model; fastest), encoder (rules + three fine-tuned MiniLM encoders for informal sentences; most accurate, about 1.6x the time of features on web news) or none"),
        learned: bool = typer.Option(False, "--learned", help="type events with the learned event stage (precision first; docs/events.md) instead of the lexicon alone"),
        min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0, help="with the learned stage (implies --learned): emit only events whose calibrated confidence reaches this (default: the threshold chosen for precision); lower trades precision for recall")):
    """Code articles into PLOVER events and store them: `whimbrel run news/ --db events.duckdb`."""
    _check_factuality_option(factuality)
    if learned or min_confidence is not None:   # read by the event stage, also in worker processes
        from whimbrel.events.learned import ENV_LEARNED, ENV_MIN_CONFIDENCE
        os.environ[ENV_LEARNED] = "on"
        if min_confidence is not None:
            os.environ[ENV_MIN_CONFIDENCE] = str(min_confidence)
    from whimbrel.actors.tables import ActorDataError
    from whimbrel.store import Store, StoreError
    for path in actors:
        if not path.is_file():
            report(f"[A000] {path}: no such actor file")
            raise typer.Exit(2)
    try:
        summary = code_paths(paths, db, parse_date(date_), outlet, processes,
                             tuple(str(p) for p in actors), factuality)
        if show and summary.doc_ids:
            with Store(db, read_only=True) as store:
                events = [e for d in summary.doc_ids for e in store.events(doc_id=d)]
            out.print(events_table(events, f"{len(events)} events"))
    except (StoreError, ActorDataError) as error:
        report(str(error))
        raise typer.Exit(2)
    print_summary(summary, db)
    if summary.nothing_processed or (strict and summary.failed):
        raise typer.Exit(1)


@app.command()
def demo(db: Path = typer.Option(Path("whimbrel-demo.duckdb"), help="DuckDB file to write")):
    """Code the bundled sample article (RT, 2025-05-17) and print its events."""
    sample = resources.files("whimbrel") / "data" / "samples" / SAMPLE
    from whimbrel.store import Store, StoreError
    try:
        with resources.as_file(sample) as path:
            summary = code_paths([str(path)], db, None, None, 1)
        with Store(db, read_only=True) as store:
            documents = [d for d in store.documents() if (d.get("source_path") or "").endswith(SAMPLE)]
            events = [e for d in documents[:1] for e in store.events(doc_id=d["doc_id"])]
    except StoreError as error:
        report(str(error))
        raise typer.Exit(2)
    out.print(events_table(events, f"{SAMPLE}: {len(events)} events"))
    print_summary(summary, db)


@app.command()
def export(db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run`"),
           format: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet"),
           out_path: Optional[Path] = typer.Option(None, "--out", help="output file (stdout if omitted)")):
    """Export the stored events: `whimbrel export --db events.duckdb --format csv --out events.csv`."""
    from whimbrel.store import Store, StoreError, export_events
    if not db.exists():
        report(f"[E301] {db}: no such database")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            rows = export_events(store, format, out_path)
    except (StoreError, ValueError) as error:
        report(str(error))
        raise typer.Exit(2)
    except OSError as error:
        report(f"[E302] {out_path}: cannot write: {error.strerror or error}")
        raise typer.Exit(2)
    report(f"{rows} events exported" + (f" to {out_path}" if out_path else ""), label="")


@app.command("eval")
def eval_(data: Optional[Path] = typer.Option(None, "--data", help="folder of evaluation sets, e.g. ../shared/eval"),
          json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout"),
          plover_gsr: Optional[Path] = typer.Option(None, "--plover-gsr", help="PLOVER gold records (JSONL)"),
          factuality: list[Path] = typer.Option([], "--factuality", help="factuality file (JSONL); repeatable"),
          ecbplus: Optional[Path] = typer.Option(None, "--ecbplus", help="ECB+ documents (JSONL)"),
          corpus: Optional[Path] = typer.Option(None, "--corpus", help="event corpus (corpus.jsonl) whose test split to score (default with --data: the bundled one)"),
          gold: Optional[Path] = typer.Option(None, "--gold", help="a hand gold file like the sample's"),
          text: Optional[Path] = typer.Option(None, "--text", help="the article the --gold file annotates"),
          limit: Optional[int] = typer.Option(None, help="score only the first N records of each set"),
          write_docs: bool = typer.Option(False, "--write-docs", help="append a row to docs/EVALUATION.md")):
    """Score whimbrel on every evaluation set found: `whimbrel eval --data ../shared/eval --json`."""
    import json

    from whimbrel.evaluate import append_history, print_eval_report, run_eval
    if data is not None and not data.is_dir():
        report(f"[E310] {data}: no such folder")
        raise typer.Exit(2)
    result = run_eval(data, plover_gsr=plover_gsr, factuality=factuality or None, ecbplus=ecbplus,
                      corpus=corpus, gold=gold, text=text, limit=limit)
    if json_out:
        print(json.dumps(result))
    else:
        print_eval_report(result, out)
    if write_docs:
        report(f"history row added to {append_history(result, 'docs/EVALUATION.md', limit=limit)}", label="")


@app.command()
def bench(data: Optional[Path] = typer.Option(None, "--data", help="folder holding ecbplus/dev.jsonl"),
          corpus: Optional[Path] = typer.Option(None, "--corpus", help="a .jsonl file or a folder of .txt files"),
          docs: Optional[int] = typer.Option(None, "--docs", help="number of documents (the corpus repeats if short)"),
          processes: int = typer.Option(1, "--processes", min=1, help="processes for both runs"),
          json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout"),
          factuality: str = typer.Option("features", help="the coder's factuality model, as for `run`")):
    """Bare spaCy vs whimbrel end to end on the same documents: `whimbrel bench --docs 200 --processes 2`."""
    import json

    from whimbrel.coder import Coder
    from whimbrel.evaluate import print_bench_report, run_bench
    _check_factuality_option(factuality)
    result = run_bench(None, processes, data_dir=data, corpus=corpus, n_docs=docs,
                       coder=Coder.load(factuality=factuality))
    result["factuality"] = factuality
    if json_out:
        print(json.dumps(result))
    else:
        print_bench_report(result, out)


app.command("negotiation")(negotiation)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
