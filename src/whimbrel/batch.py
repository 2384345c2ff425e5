"""A batch run: ingest paths, code every new document, store it; errors never stop the batch.

Only a store that cannot be written at all (disk full, read-only journal: StoreWriteError) ends a
run early; everything committed before it stays, consistent.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from whimbrel.coder import Coder
from whimbrel.engine import code_documents
from whimbrel.ingest import IngestError, iter_documents
from whimbrel import limits
from whimbrel.models import CodedDocument, Document
from whimbrel.store import Store, StoreError, StoreWriteError, crossdoc
from whimbrel.store.parquet_sink import ParquetSink

Report = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default report: say nothing (the summary keeps every message)."""


@dataclass
class BatchSummary:
    """Counts of one batch: documents stored, inputs that failed, documents already stored."""

    done: int = 0
    failed: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    run_id: str = ""
    crossdoc: dict[str, int] | None = None  # the cross-article step's counts; None if it failed

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
    place = f"{path}:{line}" if line is not None else path
    part = (document.meta or {}).get("part")
    return f"{place} (part {part} of {document.meta['parts']})" if part else place


def error_line(document: Document, message: str) -> str:
    """One report line in the ingest style: `[E500] data/a.jsonl:3 : stage ... failed: ...`."""
    code, sep, rest = message.partition("] ")
    if message.startswith("[") and sep:
        return f"{code}] {where(document)} : {rest}"
    return f"{where(document)} : {message}"


def warn(document: Document, message: str, summary: BatchSummary, on_warning: Report) -> None:
    text = error_line(document, message)
    summary.warnings.append(text)
    on_warning(text)


def within_limits(items: Iterable[Document | IngestError], summary: BatchSummary,
                  on_warning: Report) -> Iterator[Document | IngestError]:
    """Long documents as parts, each limit that applies reported once per document (limits.py)."""
    for item in items:
        if isinstance(item, IngestError):
            yield item
            continue
        note = limits.language_warning(item.text)
        if note:
            warn(item, note, summary, on_warning)
        parts, note = limits.split_document(item, limits.MAX_DOCUMENT_CHARS)
        if note:
            warn(item, note, summary, on_warning)
        yield from parts


def new_documents(items: Iterable[Document | IngestError], store: Store, summary: BatchSummary,
                  on_error: Report) -> Iterator[Document]:
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
              engine: str = "local", address: str | None = None, out_parquet: str | Path | None = None,
              on_error: Report = _quiet, on_warning: Report | None = None,
              on_coded: Callable[[CodedDocument], None] = lambda coded: None) -> BatchSummary:
    """Code and store every readable document under `paths` into the DuckDB file `db`.

    `out_parquet`: also write the stored events to that folder as a Parquet dataset by month.
    Raises StoreWriteError (after reporting nothing more) when the store cannot be written."""
    coder = coder or Coder.load()
    on_warning = on_warning or on_error
    summary = BatchSummary(run_id=new_run_id())
    with Store(db) as store:
        start_run(store, summary.run_id, engine)
        items = within_limits(iter_documents(paths, date=pub_date, outlet=outlet), summary, on_warning)
        documents = new_documents(items, store, summary, on_error)
        coded = code_documents(documents, coder, n_process, engine=engine, address=address)
        sink = ParquetSink(out_parquet, summary.run_id) if out_parquet else None
        store_stream(coded, store, summary, on_error, on_coded, on_warning,
                     on_stored=sink.write if sink else None)
        update_crossdoc(store, summary, on_error)
        finish_run(store, summary)
    return summary


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("run-%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def start_run(store: Store, run_id: str, engine: str) -> None:
    store.conn.execute("INSERT INTO runs (run_id, engine) VALUES (?, ?)", [run_id, engine])


def finish_run(store: Store, summary: BatchSummary) -> None:
    store.conn.execute("UPDATE runs SET finished_at = current_timestamp, documents = ?, failed = ?, "
                       "duplicates = ? WHERE run_id = ?",
                       [summary.done, summary.failed, summary.duplicates, summary.run_id])


def update_crossdoc(store: Store, summary: BatchSummary, on_error: Report) -> None:
    """The cross-article step, when there is anything to add (a rerun of stored documents costs
    nothing); a failure is reported and leaves the tables as the last complete run left them."""
    if not summary.doc_ids and not crossdoc.behind(store):
        return
    try:
        summary.crossdoc = crossdoc.update(store, summary.run_id)
    except Exception as error:  # noqa: BLE001  (the documents are stored; say so and go on)
        failure = StoreError.__name__ if isinstance(error, StoreError) else repr(error)
        text = (f"[S007] {store.path}: cross-article step failed and was rolled back ({failure}: "
                f"{str(error).splitlines()[0] if str(error) else ''}); the documents are stored, the "
                "stories and canonical events are behind until the next run")
        summary.errors.append(text)
        on_error(text)


def store_stream(coded_documents: Iterable[CodedDocument], store: Store, summary: BatchSummary,
                 on_error: Report = _quiet, on_coded: Callable[[CodedDocument], None] = lambda coded: None,
                 on_warning: Report | None = None,
                 on_stored: Callable[[list[CodedDocument]], None] | None = None) -> None:
    """Store coded documents as they come, STORE_BATCH per transaction; failures are reported;
    `on_stored` gets each batch's newly stored documents."""
    pending: list[CodedDocument] = []
    for coded in coded_documents:
        for message in coded.warnings:
            warn(coded.document, message, summary, on_warning or on_error)
        if coded.errors:
            report_failure(coded, coded.errors, summary, on_error)
        else:
            pending.append(coded)
        if len(pending) >= STORE_BATCH:
            _stored(store_documents(pending, store, summary, on_error), on_stored)
            pending = []
        on_coded(coded)
    _stored(store_documents(pending, store, summary, on_error), on_stored)


def _stored(batch: list[CodedDocument], on_stored) -> None:
    if on_stored and batch:
        on_stored(batch)


STORE_BATCH = 16  # documents per store transaction: the fixed cost of a write is per transaction


def store_documents(batch: list[CodedDocument], store: Store, summary: BatchSummary,
                    on_error: Report) -> list[CodedDocument]:
    """Store coded documents in one transaction; if that fails, one by one to find the bad one.
    Returns the documents newly stored."""
    try:
        added = store.add_many(batch)
    except StoreWriteError:
        raise
    except Exception:  # noqa: BLE001  (a bad record: find it below, store the others)
        return [coded for coded in batch if store_document(coded, store, summary, on_error)]
    for coded, is_new in zip(batch, added):
        count_stored(coded, is_new, summary)
    return [coded for coded, is_new in zip(batch, added) if is_new]


def store_document(coded: CodedDocument, store: Store, summary: BatchSummary,
                   on_error: Report) -> bool:
    """Store one coded document and count it; a failed one is reported, not stored. True if new."""
    try:
        is_new = store.add(coded)
    except StoreWriteError:
        raise
    except StoreError as error:
        report_failure(coded, [str(error)], summary, on_error)
        return False
    except Exception as error:  # noqa: BLE001  (one bad record must not stop the batch)
        report_failure(coded, [f"[S006] {store.path}: document not stored: {error!r}"], summary, on_error)
        return False
    count_stored(coded, is_new, summary)
    return is_new


def count_stored(coded: CodedDocument, is_new: bool, summary: BatchSummary) -> None:
    if is_new:
        summary.done += 1
        summary.events += len(coded.events)
        summary.doc_ids.append(coded.document.doc_id)
    else:
        summary.duplicates += 1


def report_failure(coded: CodedDocument, errors: list[str], summary: BatchSummary,
                   on_error: Report) -> None:
    summary.failed += 1
    for message in errors:
        text = error_line(coded.document, message)
        summary.errors.append(text)
        on_error(text)
