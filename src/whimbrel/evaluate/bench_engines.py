"""`whimbrel bench` per engine: local 1 and 2 processes, Ray 1 and 2 workers, on the same texts.

Each configuration codes the texts, stores them as `whimbrel run` does into a fresh DuckDB file and
runs the cross-article step; it reports words/s and docs/s end to end, the cross-article step's
seconds and its share of the run, and the peak RSS of all its processes together. The times include
each configuration's start-up (forking the pool; starting Ray and loading the pipeline in every
actor), which a long run pays once. The steady rate leaves it out: the words of the documents
coded after every worker returned its first batch, over the time from then to the last document
(`steady_words_per_s`; None when the corpus has no more than one round of batches).
"""
from __future__ import annotations

import importlib.util
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from whimbrel.evaluate.bench import RssSampler

CONFIGS = (("local", 1), ("local", 2), ("ray", 1), ("ray", 2))


def available(configs: Sequence[tuple[str, int]] = CONFIGS) -> list[tuple[str, int]]:
    """The configurations this installation can run (Ray ones need the Ray extra)."""
    has_ray = importlib.util.find_spec("ray") is not None
    return [(engine, n) for engine, n in configs if engine != "ray" or has_ray]


def run_engine_bench(texts: Sequence[str], coder: Any, configs: Sequence[tuple[str, int]] = CONFIGS,
                     batch_size: int = 16, log: Callable[[str], None] = lambda m: None) -> list[dict[str, Any]]:
    words = sum(len(t.split()) for t in texts)
    rows = []
    for engine, n in configs:
        log(f"bench: {engine} x{n} on {len(texts)} docs")
        with tempfile.TemporaryDirectory(prefix="whimbrel-bench-") as tmp, RssSampler() as rss:
            arrivals: list[float] = []
            coding, crossdoc_seconds = _timed_run(texts, coder, engine, n, Path(tmp) / "b.duckdb", batch_size,
                                                  arrivals)
        total = coding + crossdoc_seconds
        steady = steady_rate(texts, arrivals, n * batch_size)
        rows.append({"engine": engine, "workers": n, "docs": len(texts), "words": words,
                     "seconds": round(total, 2), "crossdoc_seconds": round(crossdoc_seconds, 2),
                     "crossdoc_share": round(crossdoc_seconds / total, 3),
                     "words_per_s": round(words / total, 1), "docs_per_s": round(len(texts) / total, 2),
                     "steady_words_per_s": steady, "peak_rss_total_mb": rss.summary()["peak_rss_total_mb"]})
    for key, speedup in (("words_per_s", "speedup"), ("steady_words_per_s", "steady_speedup")):
        base = {r["engine"]: r[key] for r in rows if r["workers"] == 1 and r[key]}
        for row in rows:
            one = base.get(row["engine"])
            row[speedup] = round(row[key] / one, 2) if one and row[key] else None
    return rows


def steady_rate(texts: Sequence[str], arrivals: list[float], first_round: int) -> float | None:
    """Words per second of the documents after the first `first_round` (every worker's first
    batch), from the arrival of the last of those to the arrival of the last document."""
    if len(arrivals) != len(texts) or len(texts) <= first_round + 1 or first_round < 1:
        return None
    seconds = arrivals[-1] - arrivals[first_round - 1]
    return round(sum(len(t.split()) for t in texts[first_round:]) / seconds, 1) if seconds > 0 else None


def _timed_run(texts, coder, engine: str, n: int, db: Path, batch_size: int,
               arrivals: list[float]) -> tuple[float, float]:
    from whimbrel.batch import BatchSummary, store_stream
    from whimbrel.engine import code_documents
    from whimbrel.ingest import read_text
    from whimbrel.store import Store, crossdoc

    def documents():
        for i, text in enumerate(texts):
            doc = read_text(text, detect_title=False)
            doc.doc_id = f"bench-{i:06d}"  # cycled corpora repeat texts; keep every document
            yield doc

    with Store(db) as store:
        start = time.perf_counter()
        store_stream(code_documents(documents(), coder, n, batch_size, engine=engine), store, BatchSummary(),
                     on_coded=lambda coded: arrivals.append(time.perf_counter()))
        coded = time.perf_counter()
        crossdoc.update(store, "bench")
        return coded - start, time.perf_counter() - coded


def parse_configs(text: str) -> list[tuple[str, int]]:
    """"local:1,ray:2" -> [("local", 1), ("ray", 2)]; ValueError [E502] on anything else."""
    out = []
    for item in filter(None, (x.strip() for x in text.split(","))):
        engine, _, n = item.partition(":")
        if engine not in ("local", "ray") or not n.isdigit() or int(n) < 1:
            raise ValueError(f"[E502] --engines: {item!r} is not ENGINE:N with ENGINE local or ray")
        out.append((engine, int(n)))
    return out


def print_engine_report(rows: list[dict[str, Any]], console) -> None:
    from rich.table import Table

    if not rows:
        return
    table = Table(title=f"Engines: {rows[0]['docs']} docs, {rows[0]['words']} words, coded, stored and "
                        "cross-article step", title_justify="left")
    for col in ("engine", "workers", "words/s", "docs/s", "seconds", "speed-up", "steady words/s",
                "steady speed-up", "cross-article s", "cross-article share", "peak RSS MB (all)"):
        table.add_column(col, justify="left" if col == "engine" else "right")
    for r in rows:
        table.add_row(r["engine"], str(r["workers"]), f"{r['words_per_s']:.0f}", f"{r['docs_per_s']:.2f}",
                      f"{r['seconds']:.1f}", f"{r['speedup']:.2f}" if r["speedup"] else "-",
                      f"{r['steady_words_per_s']:.0f}" if r["steady_words_per_s"] else "-",
                      f"{r['steady_speedup']:.2f}" if r["steady_speedup"] else "-",
                      f"{r['crossdoc_seconds']:.2f}", f"{r['crossdoc_share']:.1%}", f"{r['peak_rss_total_mb']:.0f}")
    console.print(table)
