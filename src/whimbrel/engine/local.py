"""Local scale-out: a process pool, each worker loading the pipeline once.

Workers return plain records (CodedDocument), never spaCy Docs, so nothing spaCy-specific
crosses the process boundary; the output order is the input order.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from whimbrel.models import CodedDocument, Document

_WORKER_CODER = None  # one per worker process, set by the pool initializer


def _init_worker(model: str, actor_files: tuple[str, ...]) -> None:
    global _WORKER_CODER
    from whimbrel.coder import Coder
    _WORKER_CODER = Coder.load(model, actor_files)


def _code_batch(documents: list[Document]) -> list[CodedDocument]:
    return list(_WORKER_CODER.code_many(documents))


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_in_processes(documents: Iterable[Document], model: str, n_process: int,
                      batch_size: int = 16,
                      actor_files: tuple[str, ...] = ()) -> Iterator[CodedDocument]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(n_process, initializer=_init_worker, initargs=(model, actor_files)) as pool:
        for coded_batch in pool.imap(_code_batch, batched(documents, batch_size)):
            yield from coded_batch
