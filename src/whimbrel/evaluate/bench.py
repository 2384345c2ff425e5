"""`run_bench`: throughput of the bare spaCy model vs whimbrel end to end, and peak memory per process.

Whimbrel end to end = `read_text` -> `Coder.code_many(n_process=P)` -> `Store.add` into a temporary
DuckDB file. Model loading in the main process is not timed; with P > 1 the workers' start-up is
(for both runs). `ratio` = whimbrel words/s divided by bare words/s: the share of the bare parser's speed that
whimbrel keeps end to end (1.0 = no overhead; the target is >= 0.75).
"""
from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from importlib import resources
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from whimbrel.evaluate.jsonl import read_jsonl

BUNDLED = "data/bench/voa_stories.jsonl"  # full-length news (public domain, see its README)
MB = 1024 * 1024


def _jsonl_texts(path: Path) -> list[str]:
    from whimbrel.evaluate.ecbplus import detokenize

    return [rec["text"] if "text" in rec else detokenize(rec["tokens"])[0] for rec in read_jsonl(path)]


def load_corpus(data_dir: str | Path | None = None, corpus: str | Path | None = None,
                n_docs: int | None = None) -> tuple[list[str], str]:
    """(texts, where from): `corpus` (.jsonl, a folder of .txt, or a .txt of blank-line-separated
    paragraphs), else DIR/ecbplus/dev.jsonl, else the bundled VOA stories; `n_docs` cycles if needed."""
    if corpus is not None:
        path = Path(corpus)
        if path.is_dir():
            texts = [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
        elif path.suffix == ".jsonl":
            texts = _jsonl_texts(path)
        else:
            texts = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        source = str(path)
    elif data_dir is not None and (Path(data_dir) / "ecbplus" / "dev.jsonl").is_file():
        source = str(Path(data_dir) / "ecbplus" / "dev.jsonl")
        texts = _jsonl_texts(Path(source))
    else:
        source = "bundled:" + BUNDLED
        texts = _jsonl_texts(Path(str(resources.files("whimbrel").joinpath(BUNDLED))))
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError(f"[E930] {source}: no documents to benchmark")
    if n_docs is not None:
        texts = list(islice(cycle(texts), n_docs))
    return texts, source


class RssSampler:
    """Samples the RSS of this process and all its descendants in a thread; keeps per-process peaks."""

    def __init__(self, interval: float = 0.05):
        import psutil

        self._proc = psutil.Process()
        self.interval = interval
        self.main_peak = 0
        self.child_peaks: dict[int, int] = {}
        self.total_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        import psutil

        main = self._proc.memory_info().rss
        total = main
        self.main_peak = max(self.main_peak, main)
        for child in self._proc.children(recursive=True):
            try:
                rss = child.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            total += rss
            self.child_peaks[child.pid] = max(self.child_peaks.get(child.pid, 0), rss)
        self.total_peak = max(self.total_peak, total)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def summary(self, prefix: str = "") -> dict[str, float]:
        worker = max(self.child_peaks.values(), default=0)
        return {f"{prefix}peak_rss_mb": round(max(self.main_peak, worker) / MB, 1),
                f"{prefix}peak_rss_main_mb": round(self.main_peak / MB, 1),
                f"{prefix}peak_rss_worker_mb": round(worker / MB, 1) if worker else None,
                f"{prefix}peak_rss_total_mb": round(self.total_peak / MB, 1),
                f"{prefix}workers_seen": len(self.child_peaks)}


def _timed(fn: Callable[[], int]) -> tuple[float, int, RssSampler]:
    with RssSampler() as rss:
        start = time.perf_counter()
        n = fn()
        seconds = time.perf_counter() - start
    return seconds, n, rss


def _whimbrel_run(coder: Any, texts: Sequence[str], n_process: int, db_path: Path, batch_size: int) -> int:
    from whimbrel.ingest import read_text
    from whimbrel.store import Store

    def documents():
        for i, text in enumerate(texts):
            doc = read_text(text, detect_title=False)
            doc.doc_id = f"bench-{i:06d}"  # cycled corpora repeat texts; keep every document
            yield doc

    from whimbrel.batch import BatchSummary, store_stream

    summary = BatchSummary()
    with Store(db_path) as store:  # stored exactly as `whimbrel run` stores
        from whimbrel.engine import code_documents

        store_stream(code_documents(documents(), coder, n_process, batch_size),
                     store, summary)
    return summary.done + summary.failed + summary.duplicates


def run_bench(corpus_docs: Sequence[str] | None = None, n_process: int = 1, *, data_dir: str | Path | None = None,
              corpus: str | Path | None = None, n_docs: int | None = None, coder: Any = None,
              batch_size: int = 16, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Bare `spacy.load(base).pipe(texts, n_process=P)` vs whimbrel end to end on the same texts.

    Returns `{"docs", "words", "bare_words_per_s", "whimbrel_words_per_s", "ratio", "peak_rss_mb", ...}`
    where `peak_rss_mb` is the largest peak of any single process during the whimbrel run.
    Both runs use the same `batch_size` (spaCy's own default of 1000 would hold whole corpora at once).
    """
    import spacy

    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    source = "given"
    if corpus_docs is None:
        corpus_docs, source = load_corpus(data_dir, corpus, n_docs)
    elif n_docs is not None:
        corpus_docs = list(islice(cycle(corpus_docs), n_docs))
    texts = list(corpus_docs)
    words = sum(len(t.split()) for t in texts)
    if coder is None:
        from whimbrel.coder import Coder

        log("loading the coder")
        coder = Coder.load()
    # whimbrel first, so its main-process peak is not inflated by the second bare model
    log(f"bench: whimbrel on {len(texts)} docs, {words} words, {n_process} process(es)")
    with tempfile.TemporaryDirectory(prefix="whimbrel-bench-") as tmp:
        w_sec, w_docs, w_rss = _timed(lambda: _whimbrel_run(
            coder, texts, n_process, Path(tmp) / "bench.duckdb", batch_size))
    log(f"bench: bare {coder.base_model_name}")
    nlp = spacy.load(coder.base_model_name)
    b_sec, b_docs, b_rss = _timed(lambda: sum(1 for _ in nlp.pipe(
        texts, n_process=n_process, batch_size=batch_size)))
    bare_wps, whim_wps = words / b_sec, words / w_sec
    return {
        "docs": len(texts), "words": words, "processes": n_process, "batch_size": batch_size, "corpus": source,
        "bare_words_per_s": round(bare_wps, 1), "whimbrel_words_per_s": round(whim_wps, 1),
        "bare_docs_per_s": round(b_docs / b_sec, 2), "whimbrel_docs_per_s": round(w_docs / w_sec, 2),
        "ratio": round(whim_wps / bare_wps, 2) if bare_wps else None,
        "bare_seconds": round(b_sec, 2), "whimbrel_seconds": round(w_sec, 2),
        **w_rss.summary(), **b_rss.summary("bare_"),
    }
