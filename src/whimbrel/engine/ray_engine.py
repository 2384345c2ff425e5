"""The Ray engine: documents stream to a pool of Ray actors, each loading the pipeline once.

Batches of documents go out round-robin with at most IN_FLIGHT batches per actor queued, so a
corpus of any size streams through bounded memory; the records come back batch by batch in input
order and the caller stores them as the local engine's. Without `address` a local Ray is started
(and stopped) with one CPU per worker; with it the driver joins that cluster, where whimbrel must be
installed on every node (docs/SCALING.md). A batch whose actor dies or raises comes back as
documents with an [E505] error, and the run goes on (the actor is restarted by Ray).
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator

from whimbrel.engine import batched
from whimbrel.models import CodedDocument, Document

IN_FLIGHT = 2  # batches queued per actor: one being coded, one waiting, so no actor idles
LOCAL_OBJECT_STORE = 256 * 1024 * 1024  # records and documents only: a small store is plenty


class CodingActor:
    """One Ray actor: builds the coder once from the loader, then codes batches."""

    def __init__(self, loader):
        from whimbrel.engine.local import one_blas_thread

        one_blas_thread()  # the actors are the parallelism (see engine.local)
        self.coder = loader()

    def code(self, documents: list[Document]) -> list[CodedDocument]:
        return list(self.coder.code_many(documents, batch_size=len(documents)))


def code_on_ray(documents: Iterable[Document], loader, workers: int = 1, batch_size: int = 16,
                address: str | None = None) -> Iterator[CodedDocument]:
    """Code `documents` on `workers` Ray actors; CodedDocuments in input order."""
    import ray

    started = not ray.is_initialized()
    if started:
        options = {"address": address} if address else {
            "num_cpus": workers, "object_store_memory": LOCAL_OBJECT_STORE}
        ray.init(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING, **options)
    actor_class = ray.remote(num_cpus=1, max_restarts=2)(CodingActor)
    pool = [actor_class.remote(loader) for _ in range(max(1, workers))]
    try:
        pending: deque = deque()
        for k, batch in enumerate(batched(documents, batch_size)):
            pending.append((batch, pool[k % len(pool)].code.remote(batch)))
            if len(pending) >= IN_FLIGHT * len(pool):
                yield from _collect(ray, *pending.popleft())
        while pending:
            yield from _collect(ray, *pending.popleft())
    finally:
        for actor in pool:
            ray.kill(actor)
        if started:
            ray.shutdown()


def _collect(ray, batch: list[Document], future) -> list[CodedDocument]:
    try:
        return ray.get(future)
    except (ray.exceptions.RayActorError, ray.exceptions.RayTaskError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return [CodedDocument(document=d, errors=[f"[E505] Ray worker failed: {reason}"]) for d in batch]
