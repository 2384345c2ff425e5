"""Time the MiniLM encoder on news sentences: onnxruntime (the default) vs the NumPy path.

    nice -n 10 .venv/bin/python scripts/bench_encoder.py --stories ../shared/corpora/voa/voa_stories.jsonl \\
        [--sentences 320] [--threads 2] [--repeats 2]

Sentences: every VOA story cut at ". " (six words or more), an even sample of `--sentences`.
Both paths run the same padded batches of 32 (sorted by length, as `Encoder._run_stacks` does) with
`--threads` threads (BLAS for NumPy, the intra-op pool for onnxruntime); reported: sentences per
second of wall time and of CPU time (all threads), and the largest difference between the two
paths' last layers on the pieces (padding excluded).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from whimbrel.nlp.encoder import load_encoder


def news_sentences(path: Path, n: int) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for part in json.loads(line)["text"].replace("\n", " ").split(". "):
            if len(part.split()) >= 6:
                texts.append(part.strip() + ".")
    return texts[:: max(1, len(texts) // n)][:n]


def batches(encoder, texts: list[str], size: int = 32) -> list[list[list[int]]]:
    wp = encoder.wordpiece
    seqs = sorted(([wp.cls, *encoder.pieces(t).ids, wp.sep] for t in texts), key=len)
    return [seqs[i:i + size] for i in range(0, len(seqs), size)]


def timed(run, chunks) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for chunk in chunks:
        run(chunk)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=Path, required=True)
    ap.add_argument("--sentences", type=int, default=320)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    encoder = load_encoder()
    texts = news_sentences(args.stories, args.sentences)
    chunks = batches(encoder, texts)
    encoder.onnx.threads = args.threads
    worst = 0.0
    for chunk in chunks[:: max(1, len(chunks) // 4)]:
        ref, attention = encoder.forward_numpy(chunk)
        (got,), _ = encoder.forward_stacks(chunk, [encoder.blocks])
        worst = max(worst, float(np.abs((got - ref) * attention[:, :, None]).max()))
    print(f"{len(texts)} sentences, {np.mean([len(t.split()) for t in texts]):.1f} words on average; "
          f"max abs difference onnxruntime vs NumPy: {worst:.1e}")
    paths = {"numpy": encoder.forward_numpy, "onnxruntime": lambda c: encoder.forward_stacks(c, [encoder.blocks])}
    with threadpool_limits(limits=args.threads, user_api="blas"):
        for repeat in range(args.repeats):
            for name, run in paths.items():
                wall, cpu = timed(run, chunks)
                print(f"{name:12s} threads={args.threads} run {repeat + 1}: {len(texts) / wall:6.1f} sentences/s wall, "
                      f"{len(texts) / cpu:6.1f} per CPU second", flush=True)


if __name__ == "__main__":
    main()
