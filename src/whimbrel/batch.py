"""A batch run: ingest paths, code every new document, store it; errors never stop the batch."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whimbrel.coder import Coder
from whimbrel.ingest import IngestError, iter_documents
from whimbrel.models import CodedDocument, Document
from whimbrel.store import Store


@dataclass
class BatchSummary:
    done: int = 0
    failed: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def nothing_processed(self) -> bool:
        return self.done == 0 and self.duplicates == 0


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
        for coded in coder.code_many(documents, n_process=n_process):
            if coded.errors:
                summary.failed += 1
                for message in coded.errors:
                    text = f"{coded.document.source_path or coded.document.doc_id}: {message}"
                    summary.errors.append(text)
                    on_error(text)
            elif store.add(coded):
                summary.done += 1
                summary.events += len(coded.events)
                summary.doc_ids.append(coded.document.doc_id)
            else:
                summary.duplicates += 1
            on_coded(coded)
    return summary
