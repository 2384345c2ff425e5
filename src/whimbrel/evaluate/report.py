"""Rich tables for eval/bench results, and the history table of docs/EVALUATION.md."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

HISTORY_MARKER = "<!-- eval-history: rows are appended by `whimbrel eval --write-docs` -->"
HISTORY_COLUMNS = ("date", "commit", "sample req.", "must-not", "quotes", "GSR type acc", "GSR macro-F1",
                   "GSR src", "GSR tgt", "GSR mode", "MEANTIME F1", "UDS-IH2 F1", "ECB+ story B3",
                   "ECB+ ARI", "ECB+ CoNLL", "n")


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _kv_table(title: str, rows: list[tuple[str, Any]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("metric", style="bold")
    table.add_column("value", justify="right")
    for k, v in rows:
        table.add_row(k, _num(v))
    return table


def _sample_rows(s: dict) -> list[tuple[str, Any]]:
    return [("required events", f"{s['required_found']}/{s['required_total']}"),
            ("  with modality", f"{s.get('required_found_with_modality', '-')}/{s['required_total']}"),
            ("missing", ", ".join(s.get("missing", [])) or "-"),
            ("must-not hits", s["must_not_hits"]),
            ("events emitted", s.get("events_emitted")),
            ("quotes", f"{s['quotes_found']}/{s['quotes_total']}"),
            ("actors resolved", f"{s.get('actors_found', '-')}/{s.get('actors_total', '-')}"),
            ("dates", f"{s.get('dates_found', '-')}/{s.get('dates_total', '-')}"),
            ("places", f"{s.get('places_found', '-')}/{s.get('places_total', '-')}")]


def _confusion_table(confusion: dict[str, dict[str, int]]) -> Table:
    cols = sorted({p for row in confusion.values() for p in row})
    table = Table(title="PLOVER GSR confusion (rows gold, columns predicted)", title_justify="left")
    table.add_column("gold")
    for c in cols:
        table.add_column(c[:6], justify="right")
    for g, row in confusion.items():
        table.add_row(g, *[str(row.get(c, "")) for c in cols])
    return table


def print_eval_report(result: dict[str, Any], console: Console | None = None, *, confusion: bool = False) -> None:
    """One table per suite; a suite that did not run says so."""
    console = console or Console()
    if result.get("sample"):
        console.print(_kv_table("Sample gold", _sample_rows(result["sample"])))
    if result.get("plover_gsr"):
        p = result["plover_gsr"]
        d = p.get("default_mode") or {}
        mode = " (record mode, `run --records`)" if p.get("mode") == "records" else ""
        console.print(_kv_table(f"PLOVER GSR (n={p['n']}){mode}", [
            ("event type accuracy", p["event_type_accuracy"]), ("macro-F1", p["macro_f1"]),
            ("source accuracy", p["source_accuracy"]), ("target accuracy", p["target_accuracy"]),
            (f"mode accuracy (n={p.get('mode_n', '-')})", p.get("mode_accuracy")),
            ("events predicted", p.get("events_predicted"))] + ([(
                "default mode: type / source / target accuracy, events predicted",
                " / ".join(_num(d.get(k)) for k in ("event_type_accuracy", "source_accuracy", "target_accuracy"))
                + f", {d.get('events_predicted')}")] if d else [])))
        if confusion and p.get("confusion"):
            console.print(_confusion_table(p["confusion"]))
    if result.get("factuality"):
        table = Table(title="Factuality", title_justify="left")
        for col in ("file", "predictor", "n", "macro-F1", "negated F1", "Pearson r"):
            table.add_column(col, justify="left" if col in ("file", "predictor") else "right")
        for name, r in result["factuality"].items():
            r = r or {}
            rows = (r.get("by_predictor") or {r.get("predictor", "-"): r}).items()
            for predictor, fig in rows:
                table.add_row(name, predictor, _num(r.get("n")), _num(fig.get("macro_f1")),
                              _num(fig.get("negated_f1")), _num(fig.get("pearson_r")))
        console.print(table)
    if result.get("ecbplus"):
        e = result["ecbplus"]
        console.print(_kv_table(f"ECB+ (docs={e['n_docs']}, mentions={e.get('n_mentions', '-')})", [
            ("story B3 precision", e.get("b3_precision")), ("story B3 recall", e.get("b3_recall")),
            ("story B3 F1", e["b3_f1"]), ("story ARI", e["ari"]),
            ("stories predicted / gold", f"{e.get('n_stories_pred')}/{e.get('n_stories_gold')}"),
            ("coref MUC F1", e.get("coref_muc_f1")), ("coref B3 F1", e.get("coref_b3_f1")),
            ("coref CEAF-e F1", e.get("coref_ceaf_e_f1")), ("coref CoNLL F1", e["conll_f1"]),
            ("CoNLL F1 with gold stories", e.get("conll_f1_gold_stories")),
            ("threshold", e.get("threshold"))]))
    if result.get("corpus"):
        c = result["corpus"]
        console.print(_kv_table(f"Event corpus, own test split (sentences={c['sentences']}, stage {c.get('stage')})", [
            ("event precision", c["event_precision"]), ("event recall", c["event_recall"]),
            ("event F1 (type + source + target country)", c["event_f1"]),
            (f"no-event sentences without an event (n={c['none_sentences']})", c["none_sentences_no_event"]),
            ("calibration error (ECE)", c["ece"])] + _corpus_extra_rows(c) + [(
                f"{stage}: precision / recall / F1 / clean no-event",
                " / ".join(_num(c[stage][k]) for k in ("event_precision", "event_recall", "event_f1",
                                                       "none_sentences_no_event")))
                for stage in ("lexicon", "gate", "learned") if isinstance(c.get(stage), dict)]))
    if result.get("speakers"):
        s = result["speakers"]
        console.print(_kv_table(f"Quote speakers, own test split (documents={s['documents']})", [
            ("quote recall / precision (sentences)", f"{_num(s['quote_recall'])} / {_num(s['quote_precision'])}"),
            (f"speaker country accuracy (quotes both found, n={s['both']})", s["speaker_country_accuracy"]),
            ("speaker code accuracy (country + sector)", s["speaker_code_accuracy"])]))
    missing = [k for k in ("sample", "plover_gsr", "factuality", "ecbplus", "corpus") if not result.get(k)]
    if missing:
        console.print(f"[dim]not run (files missing or suite failed): {', '.join(missing)}[/dim]")


def _corpus_extra_rows(c: dict[str, Any]) -> list[tuple[str, Any]]:
    """One-sentence records' top-event accuracy and each annotation round's P / R / F1."""
    rows = []
    for key, label in (("records", "one-sentence records"), ("records_mode", "the same in record mode")):
        if (r := c.get(key)) and r.get("records"):
            rows.append((f"{label} (n={r['records']}): with event / type / type + dyad",
                         " / ".join(_num(r[k]) for k in ("with_event", "type_accuracy", "triple_accuracy"))))
    for name, figures in (c.get("by_round") or {}).items():
        rows.append((f"round {name} (sentences={figures['sentences']}): precision / recall / F1",
                     " / ".join(_num(figures[k]) for k in ("event_precision", "event_recall", "event_f1"))))
    return rows


def print_bench_report(result: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"Bench: {result['docs']} docs, {result['words']} words, "
                        f"{result.get('processes', 1)} process(es)", title_justify="left")
    for col in ("", "words/s", "docs/s", "seconds", "peak RSS MB (max process)"):
        table.add_column(col, justify="right" if col else "left")
    table.add_row("bare spaCy", _num(result["bare_words_per_s"], 0), _num(result.get("bare_docs_per_s"), 1),
                  _num(result.get("bare_seconds"), 1), _num(result.get("bare_peak_rss_mb"), 0))
    table.add_row("whimbrel", _num(result["whimbrel_words_per_s"], 0), _num(result.get("whimbrel_docs_per_s"), 1),
                  _num(result.get("whimbrel_seconds"), 1), _num(result["peak_rss_mb"], 0))
    console.print(table)
    console.print(f"whimbrel keeps {_num(result['ratio'], 2)} of the bare model's words/s "
                  f"(target >= 0.75; corpus: {result.get('corpus', '-')})")


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "-"
    except (OSError, subprocess.SubprocessError):
        return "-"


def _fact(result: dict, key: str) -> Any:
    for name, r in (result.get("factuality") or {}).items():
        if name.startswith(key) and r:
            return r.get("macro_f1")
    return None


def history_row(result: dict[str, Any], *, when: date | None = None, commit: str | None = None,
                limit: int | None = None) -> str:
    """One Markdown table row summarising an eval result."""
    s, p, e = result.get("sample") or {}, result.get("plover_gsr") or {}, result.get("ecbplus") or {}
    cells = [
        (when or date.today()).isoformat(), commit if commit is not None else _commit(),
        f"{s['required_found']}/{s['required_total']}" if s else "-", _num(s.get("must_not_hits")),
        f"{s['quotes_found']}/{s['quotes_total']}" if s else "-",
        _num(p.get("event_type_accuracy")), _num(p.get("macro_f1")), _num(p.get("source_accuracy")),
        _num(p.get("target_accuracy")), _num(p.get("mode_accuracy")),
        _num(_fact(result, "meantime")), _num(_fact(result, "uds")),
        _num(e.get("b3_f1")), _num(e.get("ari")), _num(e.get("conll_f1")),
        "all" if limit is None else str(limit)]
    return "| " + " | ".join(cells) + " |"


def append_history(result: dict[str, Any], path: str | Path = "docs/EVALUATION.md", **kw: Any) -> Path:
    """Append a row to the history table under HISTORY_MARKER (creating the table or file if needed)."""
    path = Path(path)
    header = ("| " + " | ".join(HISTORY_COLUMNS) + " |\n" + "|" + "---|" * len(HISTORY_COLUMNS) + "\n")
    row = history_row(result, **kw) + "\n"
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Evaluation\n"
    if HISTORY_MARKER not in text:
        text = text.rstrip("\n") + f"\n\n## History\n\n{HISTORY_MARKER}\n\n{header}"
    head, _, tail = text.partition(HISTORY_MARKER)
    lines = tail.split("\n")
    # the table is the first run of '|' lines after the marker; the new row goes after its last line
    first = next((i for i, ln in enumerate(lines) if ln.startswith("|")), None)
    if first is None:
        lines[1:1] = ["", *header.rstrip("\n").split("\n")]
        first = 2
    last = first
    while last + 1 < len(lines) and lines[last + 1].startswith("|"):
        last += 1
    lines.insert(last + 1, row.rstrip("\n"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + HISTORY_MARKER + "\n".join(lines), encoding="utf-8")
    return path
