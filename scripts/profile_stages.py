"""CPU seconds per pipeline stage, in one process, over the bench corpus (or any texts).

    PYTHONPATH=src python scripts/profile_stages.py --data ../shared/eval --skip 100 --docs 60 \
        [--cprofile out.prof]

Each document is run component by component (`nlp.pipeline`), each timed with process CPU time
(user + sys); then its records (`coded_document`) and the store (`Store.add_many`, 16 documents per
transaction, a temporary DuckDB file) as `whimbrel run` stores. The texts are read for timing only.
`--warm N` codes N other texts untimed first (leaves out what a fresh process reads on its first
documents); `--cprofile` also writes a cProfile file of the whole loop (read it with pstats).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/eval")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N bench texts")
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1, help="time the loop this many times")
    parser.add_argument("--warm", type=int, default=0,
                        help="code this many other bench texts (those after the timed ones) untimed "
                             "first: the steady state, without what a process reads on its first documents")
    parser.add_argument("--cprofile", help="write a cProfile file of the loop here")
    args = parser.parse_args()

    from whimbrel.coder import Coder
    from whimbrel.evaluate.bench import load_corpus
    from whimbrel.ingest import read_text
    from whimbrel.records import coded_document
    from whimbrel.store import Store

    corpus, _ = load_corpus(args.data)
    texts = corpus[args.skip:args.skip + args.docs]
    warm = corpus[args.skip + args.docs:args.skip + args.docs + args.warm]
    coder = Coder.load()
    cost: dict[str, float] = defaultdict(float)
    profiler = cProfile.Profile() if args.cprofile else None

    def clock(name: str, start: float) -> float:
        now = time.process_time()
        cost[name] += now - start
        return now

    def one_pass(store: Store, texts: list[str]) -> None:
        pending = []
        for i, text in enumerate(texts):
            t = time.process_time()
            document = read_text(text, detect_title=False)
            document.doc_id = f"profile-{i:04d}"
            doc = coder.make_doc(document)
            t = clock("make_doc", t)
            for name, proc in coder.nlp.pipeline:
                doc = proc(doc)
                t = clock(name, t)
            pending.append(coded_document(document, doc))
            t = clock("records", t)
            if len(pending) == 16 or i == len(texts) - 1:
                store.add_many(pending)
                pending = []
                clock("store", t)

    if warm:
        with tempfile.TemporaryDirectory(prefix="whimbrel-profile-") as tmp, Store(Path(tmp) / "p.duckdb") as store:
            one_pass(store, warm)
        cost.clear()
    load = os.getloadavg()
    wall = time.perf_counter()
    for r in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="whimbrel-profile-") as tmp, Store(Path(tmp) / "p.duckdb") as store:
            if profiler:
                profiler.enable()
            one_pass(store, texts)
            if profiler:
                profiler.disable()
    wall = time.perf_counter() - wall
    if profiler:
        profiler.dump_stats(args.cprofile)
    total = sum(cost.values())
    rows = sorted(cost.items(), key=lambda kv: -kv[1])
    words = sum(len(t.split()) for t in texts) * args.repeat
    print(json.dumps({"docs": len(texts) * args.repeat, "words": words, "cpu_s": round(total, 2),
                      "wall_s": round(wall, 2), "load_before": [round(x, 2) for x in load],
                      "load_after": [round(x, 2) for x in os.getloadavg()],
                      "stages_cpu_s": {k: round(v, 3) for k, v in rows}}, indent=1))


if __name__ == "__main__":
    main()
