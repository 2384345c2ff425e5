"""Latency of `whimbrel serve` on a large store: p50/p95 of /api/events pages and of /api/stats.

    nice -n 10 .venv/bin/python scripts/bench_serve.py [--corpus ../shared/corpora/voa/voa_stories.jsonl]
        [--events 100000] [--rounds 20] [--db /tmp/whimbrel-serve-bench.duckdb] [--keep] [--json]

1. Codes the corpus (real news; the bundled sample when the corpus is missing) with `whimbrel run`.
2. Replicates its documents and events in SQL until the store holds at least --events events: copy k
   gets ids suffixed `~k` and its publication and event dates moved k weeks later, so filters, date
   ranges and weekly counts spread as in a store of many weeks of news.
3. Starts `whimbrel serve` on that store in its own process and times HTTP requests from this one
   (sequential, after one warm-up pass): a mix of /api/events pages (first, deep, sorted, filtered)
   and /api/stats (all events, one dyad, one type). Results: docs/PERFORMANCE.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
WHIMBREL = ROOT / ".venv" / "bin" / "whimbrel"
SAMPLE = ROOT / "src" / "whimbrel" / "data" / "samples" / "kremlin-putin-zelensky-2025-05-17.txt"
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


def code_corpus(corpus: Path, db: Path) -> None:
    inputs = [str(corpus)] if corpus.exists() else []
    subprocess.run([str(WHIMBREL), "run", *inputs, str(SAMPLE), "--db", str(db), "--no-show"], check=True)


def replicate(db: Path, target: int) -> dict[str, int]:
    """Copies of every document and event, ids suffixed ~k and dates k weeks later, up to `target` events."""
    conn = duckdb.connect(str(db))
    base = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    copies = -(-target // base)  # ceiling: the coded events count as copy 0
    conn.execute("CREATE TEMP TABLE base_docs AS SELECT * FROM documents")
    conn.execute("CREATE TEMP TABLE base_events AS SELECT * FROM events")
    conn.execute("""
        INSERT INTO documents SELECT b.* REPLACE (b.doc_id || '~' || r.k AS doc_id,
                                                  b.pub_date + CAST(7 * r.k AS INTEGER) AS pub_date)
        FROM base_docs b CROSS JOIN range(1, ?) AS r(k)""", [copies])
    conn.execute("""
        INSERT INTO events SELECT b.* REPLACE (
            b.event_id || '~' || r.k AS event_id, b.doc_id || '~' || r.k AS doc_id,
            b.canonical_event_id || '~' || r.k AS canonical_event_id,
            coalesce(strftime(try_cast(b."date" AS DATE) + CAST(7 * r.k AS INTEGER), '%Y-%m-%d'), b."date") AS "date")
        FROM base_events b CROSS JOIN range(1, ?) AS r(k)""", [copies])
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "events")}
    conn.execute("CHECKPOINT")
    conn.close()
    return {"coded_events": base, "copies": copies, **counts}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests_to_time(total_events: int) -> dict[str, list[tuple[str, dict]]]:
    last_page = max(1, total_events // 50)
    rng = random.Random(7)
    events = [
        ("first page", {}),
        ("deep page", {"page": rng.randint(last_page // 2, last_page)}),
        ("newest first", {"sort": "-date"}),
        ("least confident", {"sort": "confidence"}),
        ("type", {"type": "CONSULT"}),
        ("modality + country", {"modality": "asserted", "country": "RUS"}),
        ("text search", {"q": "ceasefire"}),
        ("date range", {"date_from": "2024-01-01", "date_to": "2024-03-31", "sort": "-date"}),
        ("confidence + page 5", {"min_confidence": "0.7", "page": 5}),
    ]
    stats = [("all", {}), ("dyad", {"dyad": "RUS,UKR"}), ("type", {"type": "ASSAULT"})]
    return {"/api/events": events, "/api/stats": stats}


def time_requests(url: str, plan: dict[str, list[tuple[str, dict]]], rounds: int) -> dict[str, dict]:
    out: dict[str, dict] = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        for path, variants in plan.items():
            for _, params in variants:  # warm-up: the first query of each shape pays for planning and I/O
                client.get(path, params=params).raise_for_status()
            by_name: dict[str, list[float]] = {name: [] for name, _ in variants}
            for _ in range(rounds):
                for name, params in variants:
                    start = time.perf_counter()
                    client.get(path, params=params).raise_for_status()
                    by_name[name].append((time.perf_counter() - start) * 1000)
            out[path] = {**percentiles([x for xs in by_name.values() for x in xs]),
                         "by_request": {name: percentiles(xs) for name, xs in by_name.items()}}
    return out


def percentiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"n": len(samples), "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1), "max_ms": round(samples[-1], 1)}


def serve_and_time(db: Path, rounds: int, total_events: int) -> dict[str, dict]:
    port = free_port()
    server = subprocess.Popen([str(WHIMBREL), "serve", "--db", str(db), "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # the server imports FastAPI and opens the store: a second or two
            try:
                httpx.get(url + "/api/config", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        return time_requests(url, requests_to_time(total_events), rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=VOA)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("/tmp/whimbrel-serve-bench.duckdb"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the store, and time an existing one without rebuilding")
    args = parser.parse_args()
    if args.keep and args.db.exists():
        with duckdb.connect(str(args.db), read_only=True) as conn:
            store = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "events")}
    else:
        args.db.unlink(missing_ok=True)
        started = time.perf_counter()
        code_corpus(args.corpus, args.db)
        store = replicate(args.db, args.events)
        store["build_s"] = round(time.perf_counter() - started, 1)
        store["corpus"] = str(args.corpus) if args.corpus.exists() else "bundled sample only"
    result = {"store": store, "latency": serve_and_time(args.db, args.rounds, store["events"]),
              "cpus": os.cpu_count(), "load_average": os.getloadavg()}
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))
    if not args.keep:
        args.db.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
