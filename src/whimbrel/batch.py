"""A batch run: ingest paths, code every new document, store it; errors never stop the batch."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whimbrel.coder import Coder
from whimbrel.ingest import IngestError, iter_documents
from whimbrel.models import CodedDocument, Document
from whimbrel.store import Store, StoreError, crossdoc


@dataclass
class BatchSummary:
    """Counts of one batch: documents stored, inputs that failed, documents already stored."""

    done: int = 0
    failed: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def nothing_processed(self) -> bool:
        """True when no document was coded or found already stored (every input failed, or none).

        A run where everything was a duplicate is not a failure.
        """
        return self.done == 0 and self.duplicates == 0


def where(document: Document) -> str:
    """The input a document came from: `path` or `path:line` (JSONL), else its doc_id."""
    path = document.source_path or document.doc_id
    line = (document.meta or {}).get("line")
    return f"{path}:{line}" if line is not None else path


def error_line(document: Document, message: str) -> str:
    """One report line in the ingest style: `[E500] data/a.jsonl:3 : stage ... failed: ...`."""
    code, sep, rest = message.partition("] ")
    if message.startswith("[") and sep:
        return f"{code}] {where(document)} : {rest}"
    return f"{where(document)} : {message}"


def new_documents(items: Iterable[Document | IngestError], store: Store, summary: BatchSummary,
                  on_error: Callable[[str], None]) -> Iterator[Document]:
    """Documents not stored yet and not seen earlier in this batch; errors are counted and reported."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, IngestError):
            summary.failed += 1
            summary.errors.append(str(item))
            on_error(str(item))
        elif item.doc_id in seen or store.has_document(item.doc_id):
            summary.duplicates += 1
        else:
            seen.add(item.doc_id)
            yield item


def run_batch(paths: Iterable[str | Path], db: str | Path, *, coder: Coder | None = None,
              pub_date: date | None = None, outlet: str | None = None, n_process: int = 1,
              on_error: Callable[[str], None] = lambda message: None,
              on_coded: Callable[[CodedDocument], None] = lambda coded: None) -> BatchSummary:
    """Code and store every readable document under `paths` into the DuckDB file `db`."""
    coder = coder or Coder.load()
    summary = BatchSummary()
    with Store(db) as store:
        documents = new_documents(iter_documents(paths, date=pub_date, outlet=outlet), store,
                                  summary, on_error)
        store_stream(coder.code_many(documents, n_process=n_process), store, summary, on_error, on_coded)
        crossdoc.update(store, summary.doc_ids)
    return summary


def store_stream(coded_documents: Iterable[CodedDocument], store: Store, summary: BatchSummary,
                 on_error: Callable[[str], None] = lambda message: None,
                 on_coded: Callable[[CodedDocument], None] = lambda coded: None) -> None:
    """Store coded documents as they come, STORE_BATCH per transaction; failures are reported."""
    pending: list[CodedDocument] = []
    for coded in coded_documents:
        if coded.errors:
            report_failure(coded, coded.errors, summary, on_error)
        else:
            pending.append(coded)
        if len(pending) >= STORE_BATCH:
            store_documents(pending, store, summary, on_error)
            pending = []
        on_coded(coded)
    store_documents(pending, store, summary, on_error)


STORE_BATCH = 16  # documents per store transaction: the fixed cost of a write is per transaction


def store_documents(batch: list[CodedDocument], store: Store, summary: BatchSummary,
                    on_error: Callable[[str], None]) -> None:
    """Store coded documents in one transaction; if that fails, one by one to find the bad one."""
    try:
        added = store.add_many(batch)
    except StoreError:
        for coded in batch:
            store_document(coded, store, summary, on_error)
        return
    for coded, is_new in zip(batch, added):
        count_stored(coded, is_new, summary)


def store_document(coded: CodedDocument, store: Store, summary: BatchSummary,
                   on_error: Callable[[str], None]) -> None:
    """Store one coded document and count it; a failed one is reported, not stored."""
    try:
        count_stored(coded, store.add(coded), summary)
    except StoreError as error:
        report_failure(coded, [str(error)], summary, on_error)


def count_stored(coded: CodedDocument, is_new: bool, summary: BatchSummary) -> None:
    if is_new:
        summary.done += 1
        summary.events += len(coded.events)
        summary.doc_ids.append(coded.document.doc_id)
    else:
        summary.duplicates += 1


def report_failure(coded: CodedDocument, errors: list[str], summary: BatchSummary,
                   on_error: Callable[[str], None]) -> None:
    summary.failed += 1
    for message in errors:
        text = error_line(coded.document, message)
        summary.errors.append(text)
        on_error(text)
