"""Local scale-out: a process pool, each worker loading the pipeline once.

Workers return plain records (CodedDocument), never spaCy Docs, so nothing spaCy-specific
crosses the process boundary; the output order is the input order.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from whimbrel.engine import batched
from whimbrel.models import CodedDocument, Document

_WORKER_CODER = None  # one per worker process, set by the pool initializer
_BLAS_LIMIT = None  # keeps the worker's one-thread BLAS limit alive


def one_blas_thread() -> None:
    """The processes are the parallelism: a worker whose BLAS (the NumPy encoder's matrix
    products) also starts a thread per core oversubscribes the CPU and runs several times slower."""
    global _BLAS_LIMIT
    from threadpoolctl import threadpool_limits
    _BLAS_LIMIT = threadpool_limits(limits=1)


def _init_worker(loader) -> None:
    """spawn: each worker loads the pipeline once (`loader` is the coder's CoderLoader)."""
    global _WORKER_CODER
    one_blas_thread()
    _WORKER_CODER = loader()


def _adopt_coder(coder) -> None:
    """fork: the worker inherits the parent's loaded pipeline (copy-on-write), no second load."""
    global _WORKER_CODER
    one_blas_thread()
    _WORKER_CODER = coder


def _code_batch(documents: list[Document]) -> list[CodedDocument]:
    return list(_WORKER_CODER.code_many(documents))


def code_in_processes(documents: Iterable[Document], coder, n_process: int,
                      batch_size: int = 16) -> Iterator[CodedDocument]:
    """Code in `n_process` workers; where the OS can fork (Linux), workers start from the
    parent's already-loaded coder, so a batch pays the ~3 s pipeline load once, not per worker."""
    if "fork" in multiprocessing.get_all_start_methods():
        context, init, args = multiprocessing.get_context("fork"), _adopt_coder, (coder,)
    else:
        context = multiprocessing.get_context("spawn")
        init, args = _init_worker, (coder.loader(),)
    with context.Pool(n_process, initializer=init, initargs=args) as pool:
        for coded_batch in pool.imap(_code_batch, batched(documents, batch_size)):
            yield from coded_batch
