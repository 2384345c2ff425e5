"""Engines that spread coding over workers: this process, a local process pool, or Ray actors.

An engine takes documents and a coder (its `loader()` builds the same coder in a worker) and
yields CodedDocuments in input order. The coder knows no engine.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from whimbrel.models import CodedDocument, Document

ENGINES = ("local", "ray")


def code_documents(documents: Iterable[Document], coder, n_process: int = 1, batch_size: int = 16,
                   engine: str = "local", address: str | None = None) -> Iterator[CodedDocument]:
    """Code `documents` with `engine`: local (`n_process` processes) or ray (`n_process` actors,
    on the cluster at `address`, else a local Ray)."""
    if engine == "ray":
        from whimbrel.engine.ray_engine import code_on_ray
        yield from code_on_ray(documents, coder.loader(), n_process, batch_size, address)
    elif engine != "local":
        raise ValueError(f"[E502] unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    elif n_process > 1:
        from whimbrel.engine.local import code_in_processes
        yield from code_in_processes(documents, coder, n_process, batch_size)
    else:
        yield from coder.code_many(documents, batch_size)


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
