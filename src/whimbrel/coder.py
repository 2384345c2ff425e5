"""The Python API: code documents into records (Document in, CodedDocument out)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from whimbrel.models import CodedDocument, Document
from whimbrel.nlp.pipeline import DEFAULT_MODEL, build_pipeline
from whimbrel.records import coded_document


class Coder:
    """Holds the loaded pipeline; `code` one document or `code_many` of them."""

    def __init__(self, nlp: Language, base_model_name: str = DEFAULT_MODEL):
        self.nlp = nlp
        self.base_model_name = base_model_name

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL) -> "Coder":
        return cls(build_pipeline(model), model)

    def make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.doc_id = document.doc_id
        doc._.pub_date = document.pub_date
        doc._.outlet = document.outlet
        return doc

    def code(self, document: Document) -> CodedDocument:
        return coded_document(document, self.nlp(self.make_doc(document)))

    def code_many(self, documents: Iterable[Document], n_process: int = 1,
                  batch_size: int = 16) -> Iterator[CodedDocument]:
        """Code documents in order; with n_process > 1 a process pool (engine.local) is used."""
        if n_process > 1:
            from whimbrel.engine.local import code_in_processes
            yield from code_in_processes(documents, self.base_model_name, n_process, batch_size)
            return
        pairs = ((self.make_doc(d), d) for d in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield coded_document(document, doc)

    def code_text(self, text: str, *, pub_date: date | None = None, title: str | None = None,
                  outlet: str | None = None) -> CodedDocument:
        from whimbrel.ingest import read_text
        return self.code(read_text(text, title=title, pub_date=pub_date, outlet=outlet))
