"""Command line: thin verbs over the Python API (whimbrel.batch, whimbrel.store, whimbrel.evaluate)."""
from __future__ import annotations

import json
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

from whimbrel.negotiation.tracker import SECTIONS


app = typer.Typer(help="whimbrel: PLOVER event coding with modality, speakers and evidence.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True)
# Piped output keeps full rows instead of wrapping every cell at 80 columns.
out = Console() if sys.stdout.isatty() else Console(width=200)

SAMPLE = "kremlin-putin-zelensky-2025-05-17.txt"


def report(message: str, label: str = "error") -> None:
    """One line on stderr: never wrapped, never read as Rich markup (paths may hold brackets)."""
    colour = "yellow" if label == "warning" else "red"
    line = Text.assemble((label, colour), " ", message) if label else Text(message)
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
               factuality: str = "features", engine: str = "local", address: Optional[str] = None,
               time_budget: Optional[float] = None, out_parquet: Optional[Path] = None,
               learned: bool = False, min_confidence: Optional[float] = None,
               gate: bool = True, records: bool = False) -> "BatchSummary":  # noqa: F821
    from whimbrel.batch import run_batch
    from whimbrel.coder import DEFAULT_TIME_BUDGET, Coder
    budget = time_budget if time_budget is not None else DEFAULT_TIME_BUDGET
    load = lambda: Coder.load(actor_files=actor_files, factuality=factuality, time_budget=budget or None,
                              learned=learned, min_confidence=min_confidence, gate=gate, records=records)
    if console.is_terminal:
        with console.status("loading the English pipeline and dictionaries"):
            coder = load()
    else:
        coder = load()
    # no progress bar in logs and pipes: it would only add blank lines there
    progress = Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)
    with progress:
        task = progress.add_task("coding", total=None)
        summary = run_batch(paths, db, coder=coder, pub_date=pub_date, outlet=outlet,
                            n_process=processes, engine=engine, address=address, out_parquet=out_parquet,
                            on_error=report, on_warning=lambda message: report(message, "warning"),
                            on_coded=lambda coded: progress.advance(task))
    return summary


def _check_factuality_option(name: str) -> None:
    """Exit 2 on an unknown --factuality, before the pipeline loads, so a typo costs nothing."""
    from whimbrel.coder import CoderSetupError, check_options
    try:
        check_options(factuality=name)
    except CoderSetupError as error:
        report(str(error))
        raise typer.Exit(2)


def _check_engine_option(engine: str, address: Optional[str]) -> None:
    """Exit 2 on an unknown --engine, or on --engine ray without Ray installed, before loading."""
    from whimbrel.engine import ENGINES
    if engine not in ENGINES:
        report(f"[E502] --engine: choose one of {', '.join(ENGINES)}, not {engine!r}")
        raise typer.Exit(2)
    if address and engine != "ray":
        report("[E503] --address needs --engine ray")
        raise typer.Exit(2)
    if engine == "ray":
        import importlib.util
        if importlib.util.find_spec("ray") is None:
            report("[E504] --engine ray: Ray is not installed; `bash scripts/setup.sh --ray` "
                   "(or `pip install -e .[ray]`)")
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
        factuality: str = typer.Option("features", help="event factuality: features (a logistic model over the rule decision and dependency features averaged with fine-tuned MiniLM blocks, trained on UW, MEANTIME and UDS-IH2), linear (the logistic model alone, cheaper) or none"),
        engine: str = typer.Option("local", help="local (this machine's processes) or ray (Ray actors; pip install -e .[ray])"),
        address: Optional[str] = typer.Option(None, help="Ray cluster address (ray://HOST:10001 or HOST:6379); default: start a local Ray"),
        workers: Optional[int] = typer.Option(None, min=1, help="Ray actors (default: --processes)"),
        time_budget: Optional[float] = typer.Option(None, "--time-budget", min=0, help="seconds one document may take (default 120; 0: no limit)"),
        out_parquet: Optional[Path] = typer.Option(None, "--out-parquet", help="also write the events to this folder as a Parquet dataset partitioned by publication month"),
        learned: bool = typer.Option(False, "--learned", help="type events with the learned type stage (docs/events.md) instead of the lexicon behind the precision gate"),
        lexicon_only: bool = typer.Option(False, "--lexicon-only", help="every event the lexicon finds, without the precision gate (the default before session 7: more recall, far less precision)"),
        min_confidence: Optional[float] = typer.Option(None, "--min-confidence", min=0.0, max=1.0, help="emit only events whose calibrated confidence reaches this (default: the threshold cross-validation chose for the gate, or for --learned; with the gate an event with no target country needs 0.1 more); lower trades precision for recall"),
        records: bool = typer.Option(False, "--records", help="record mode: each input reports one event (event snippets, one-event records), so a document whose events all fall below the threshold keeps its most probable one, with its low confidence")):
    """Code articles into PLOVER events and store them: `whimbrel run news/ --db events.duckdb`."""
    _check_factuality_option(factuality)
    _check_engine_option(engine, address)
    if lexicon_only and (learned or min_confidence is not None):
        report("[E600] --lexicon-only codes every lexicon event: it takes neither --learned nor --min-confidence")
        raise typer.Exit(2)
    if records and (lexicon_only or learned):
        report("[E601] --records keeps the precision gate's most probable event: it takes neither --lexicon-only nor --learned")
        raise typer.Exit(2)
    from whimbrel.coder import CoderSetupError
    from whimbrel.store import Store, StoreError
    for path in actors:
        if not path.is_file():
            report(f"[A000] {path}: no such actor file")
            raise typer.Exit(2)
    try:
        summary = code_paths(paths, db, parse_date(date_), outlet, workers or processes,
                             tuple(str(p) for p in actors), factuality, engine, address, time_budget,
                             out_parquet, learned, min_confidence, not lexicon_only, records)
        if show and summary.doc_ids:
            with Store(db, read_only=True) as store:
                events = [e for d in summary.doc_ids for e in store.events(doc_id=d)]
            out.print(events_table(events, f"{len(events)} events"))
    except (StoreError, CoderSetupError) as error:
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
           out_path: Optional[Path] = typer.Option(None, "--out", help="output file (stdout if omitted)"),
           reviews: bool = typer.Option(False, "--reviews", help="export the analysts' reviews as training records (JSONL; docs/schema.md)")):
    """Export the stored events: `whimbrel export --db events.duckdb --format csv --out events.csv`."""
    from whimbrel.store import Store, StoreError, crossdoc, export_events, export_reviews
    if not db.exists():
        report(f"[E301] {db}: no such database")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            stale = crossdoc.staleness_warning(store)
            if stale:
                report(stale, label="warning")
            rows = export_reviews(store, out_path) if reviews else export_events(store, format, out_path)
    except (StoreError, ValueError) as error:
        report(str(error))
        raise typer.Exit(2)
    except OSError as error:
        report(f"[E302] {out_path}: cannot write: {error.strerror or error}")
        raise typer.Exit(2)
    report(f"{rows} {'reviews' if reviews else 'events'} exported" + (f" to {out_path}" if out_path else ""), label="")


@app.command()
def serve(db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run` or `whimbrel demo`"),
          host: str = typer.Option("127.0.0.1", help="address to listen on (the default is this machine only)"),
          port: int = typer.Option(8000, min=1, max=65535, help="port"),
          allow_review: bool = typer.Option(False, "--allow-review",
                                            help="open the store read-write and accept reviews from the dashboard")):
    """The REST API (/docs) and the dashboard over a store: `whimbrel serve --db whimbrel-demo.duckdb`."""
    import uvicorn

    from whimbrel.api.app import create_app
    from whimbrel.store import StoreError, crossdoc

    if not db.is_file():
        report(f"[A501] {db}: no such store")
        raise typer.Exit(2)
    # a loopback server answers only to loopback host names (no DNS rebinding onto it)
    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in ("127.0.0.1", "localhost", "::1") else None
    try:
        server_app = create_app(db, allow_review=allow_review, allowed_hosts=hosts)
    except StoreError as error:
        report(str(error))
        raise typer.Exit(2)
    stale = crossdoc.staleness_warning(server_app.state.store)
    if stale:
        report(stale, label="warning")
    shown = f"[{host}]" if ":" in host else host
    report(f"whimbrel: dashboard http://{shown}:{port}/  API docs http://{shown}:{port}/docs  "
           f"reviews {'on' if allow_review else 'off'}  (Ctrl-C stops)", label="")
    uvicorn.run(server_app, host=host, port=port, log_level="warning")


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
          corpus: Optional[Path] = typer.Option(None, "--corpus", help="a .jsonl file or a folder of .txt files (default: the bundled VOA stories)"),
          docs: Optional[int] = typer.Option(None, "--docs", help="number of documents (the corpus repeats if short)"),
          processes: int = typer.Option(1, "--processes", min=1, help="processes for the bare-spaCy comparison"),
          engines: str = typer.Option("local:1,local:2,ray:1,ray:2", "--engines", help="engine:workers rows to measure ('' for none); Ray rows need the Ray extra"),
          json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout"),
          factuality: str = typer.Option("features", help="the coder's factuality model, as for `run`")):
    """Bare spaCy vs whimbrel, then each engine end to end: `whimbrel bench --docs 200 --processes 2`."""
    import json

    from whimbrel.coder import Coder
    from whimbrel.evaluate import load_corpus, print_bench_report, run_bench
    from whimbrel.evaluate.bench_engines import available, parse_configs, print_engine_report, run_engine_bench
    _check_factuality_option(factuality)
    try:
        wanted = parse_configs(engines)
    except ValueError as error:
        report(str(error))
        raise typer.Exit(2)
    configs = available(wanted)
    if len(configs) < len(wanted):
        report("Ray is not installed: its rows are skipped (bash scripts/setup.sh --ray)", label="warning")
    coder = Coder.load(factuality=factuality)
    texts, source = load_corpus(data, corpus, docs)
    result = run_bench(texts, processes, n_docs=None, coder=coder)
    result["corpus"] = source
    result["factuality"] = factuality
    result["engines"] = run_engine_bench(texts, coder, configs, log=lambda m: report(m, label=""))
    if json_out:
        print(json.dumps(result))
    else:
        print_bench_report(result, out)
        print_engine_report(result["engines"], out)


@app.command()
def migrate(db: Path = typer.Option(..., help="DuckDB file written by an older whimbrel")):
    """Upgrade a store written by an older whimbrel to this one's schema (in one transaction)."""
    from whimbrel.store import Store, StoreError
    from whimbrel.store.migrations import SCHEMA_VERSION
    if not db.is_file():
        report(f"[S001] {db}: no such store")
        raise typer.Exit(2)
    try:
        with Store(db):
            pass
    except StoreError as error:
        report(str(error))
        raise typer.Exit(2)
    report(f"{db}: schema version {SCHEMA_VERSION}", label="")




def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())


@app.command()
def negotiation(parties: list[str] = typer.Argument(..., help="ISO 3166-1 alpha-3 codes, e.g. RUS UKR"),
                db: Path = typer.Option(..., help="DuckDB file written by `whimbrel run`"),
                json_out: bool = typer.Option(False, "--json", help="one JSON object on stdout")):
    """Meetings, agreements, demands, proposals, conditions and disputes: `whimbrel negotiation RUS UKR --db events.duckdb`."""
    from whimbrel.negotiation import negotiation_timeline, party_problem, store_countries
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
