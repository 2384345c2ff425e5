"""Time the incremental cross-article step: 100 new documents into stores of 1,000 and 10,000.

    nice .venv/bin/python scripts/crossdoc_scaling.py [--sizes 1000 10000] [--new 100] [--per-day 10] [--json]
        [--stores DIR]

The 73 bundled VOA stories (src/whimbrel/data/bench) are coded once; a store of N documents is made
of copies of their records (new doc ids, event ids and quote ids; publication and event dates moved
so the store receives PER_DAY documents a day, oldest first), stored and brought up to date by the
cross-article step in chunks of 500 (untimed). Then NEW more copies, dated the following days, are
stored and `crossdoc.update` is timed on them, with the RSS it adds. A store that grows by a daily
feed is what the blocking is built for: the documents near the new ones in time number about
PER_DAY x window whatever the store's size. Copies of one story within the story window join one
story, as re-published wire copy does. With --stores DIR the built stores (the new documents stored,
the step not run) are kept there and reused by later runs; each measurement runs on a copy.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import psutil

from whimbrel.coder import Coder
from whimbrel.dedup.stories import StoryDoc, cluster_stories
from whimbrel.engine import code_documents
from whimbrel.evaluate.bench import RssSampler
from whimbrel.ingest import read_text
from whimbrel.store import Store, crossdoc

START = date(2023, 1, 1)


def templates() -> list:
    path = resources.files("whimbrel") / "data" / "bench" / "voa_stories.jsonl"
    stories = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    docs = [read_text(s["text"], title=s["title"], pub_date=s["date"][:10], outlet="VOA") for s in stories]
    coded = list(code_documents(docs, Coder.load()))
    return [c for c in coded if not c.errors]


def shifted(value: str | None, days: int) -> str | None:
    if not value or len(value) != 10 or not value[:4].isdigit():
        return value
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


def copy_of(template, k: int, day: date):
    coded = copy.deepcopy(template)
    shift = (day - coded.document.pub_date).days if coded.document.pub_date else 0
    doc_id = f"copy-{k:06d}"
    coded.document.doc_id, coded.document.pub_date = doc_id, day
    for event in coded.events:
        event.event_id, event.doc_id = f"{doc_id}-{event.event_id}", doc_id
        event.date = shifted(event.date, shift)
    for quote in coded.quotes:
        quote.quote_id, quote.doc_id = f"{doc_id}-{quote.quote_id}", doc_id
    for mention in coded.mentions:
        mention.doc_id = doc_id
    return coded


def copies(pool: list, first: int, n: int, per_day: int) -> list:
    return [copy_of(pool[k % len(pool)], k, START + timedelta(days=k // per_day)) for k in range(first, first + n)]


def build(pool: list, size: int, new: int, per_day: int, path: Path) -> None:
    """A store of `size` documents brought up to date, then `new` more stored (step not run)."""
    with Store(path) as store:
        for first in range(0, size, 500):
            store.add_many(copies(pool, first, min(500, size - first), per_day))
            crossdoc.update(store, f"build-{first}")
        store.add_many(copies(pool, size, new, per_day))


def warm() -> None:
    """The step's lazy imports (scikit-learn, SciPy: a few seconds, once per process) before any
    timing, so that no measurement pays them and another does not."""
    cluster_stories([StoryDoc("a", "Quake hits Chile"), StoryDoc("b", "Chile quake kills 300")])


def measure(base: Path, size: int, new: int, folder: Path) -> dict:
    db = folder / "measured.duckdb"
    shutil.copy(base, db)
    warm()
    with Store(db) as store:
        before = psutil.Process().memory_info().rss
        with RssSampler() as rss:
            start = time.perf_counter()
            counts = crossdoc.update(store, "measured")
            seconds = time.perf_counter() - start
        assert crossdoc.behind(store) == 0
    db.unlink()
    return {"store_docs": size, "new_docs": new, "seconds": round(seconds, 3),
            "rss_before_mb": round(before / 2**20, 1), "peak_rss_mb": round(rss.main_peak / 2**20, 1),
            "stories": counts["stories"], "canonical_events": counts["canonical_events"],
            "new_mentions": counts["new_mentions"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stores", type=Path, help="keep the built stores here and reuse them")
    args = parser.parse_args()
    pool = None
    with tempfile.TemporaryDirectory(prefix="whimbrel-scaling-") as tmp:
        rows = []
        for size in args.sizes:
            base = (args.stores or Path(tmp)) / f"store-{size}-{args.new}-{args.per_day}.duckdb"
            if not base.exists():
                if pool is None:
                    print("coding the VOA templates", file=sys.stderr, flush=True)
                    pool = templates()
                print(f"building the store of {size}", file=sys.stderr, flush=True)
                build(pool, size, args.new, args.per_day, base)
            print(f"measuring {args.new} new into {size}", file=sys.stderr, flush=True)
            rows.append(measure(base, size, args.new, Path(tmp)))
    result = {"per_day": args.per_day, "rows": rows,
              "ratio": round(rows[-1]["seconds"] / rows[0]["seconds"], 2) if len(rows) > 1 else None}
    if args.json:
        print(json.dumps(result))
    else:
        for row in rows:
            print(f"{row['new_docs']} new into {row['store_docs']:>6}: {row['seconds']:.2f} s, "
                  f"RSS {row['rss_before_mb']} -> peak {row['peak_rss_mb']} MB, {row['stories']} stories, "
                  f"{row['canonical_events']} canonical events")
        print(f"ratio largest/smallest: {result['ratio']}")


if __name__ == "__main__":
    main()
