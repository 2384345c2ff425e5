"""The Python API: code documents into records (Document in, CodedDocument out)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from whimbrel.models import CodedDocument, Document
from whimbrel.nlp.pipeline import DEFAULT_MODEL, build_pipeline
from whimbrel.records import coded_document


class Coder:
    """Holds the loaded pipeline; `code` one document or `code_many` of them."""

    def __init__(self, nlp: Language, base_model_name: str = DEFAULT_MODEL,
                 actor_files: tuple[str, ...] = (), factuality: str = "features"):
        self.nlp = nlp
        self.base_model_name = base_model_name
        self.actor_files = tuple(str(f) for f in actor_files)
        self.factuality = factuality

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL, actor_files: tuple[str, ...] = (),
             factuality: str = "features") -> "Coder":
        """Load the model and every stage once; `actor_files` add the user's own actors;
        `factuality` picks the modality stage's factuality model (encoder, features, none)."""
        return cls(build_pipeline(model, actor_files=tuple(actor_files), factuality=factuality), model,
                   actor_files, factuality)

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
        """Code documents in order; with n_process > 1 a process pool (engine.local) is used.

        Every document comes back: one a stage fails on has `errors` set (and nothing else), and
        the others go on.
        """
        if n_process > 1:
            from whimbrel.engine.local import code_in_processes
            yield from code_in_processes(documents, self, n_process, batch_size)
            return
        it = iter(documents)
        while batch := list(islice(it, batch_size)):
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Document]) -> list[CodedDocument]:
        docs = [self.make_doc(d) for d in batch]
        try:
            # spaCy's pipe drops a doc whose stage error went to the error handler, so the
            # index rides along as context to find the dropped ones
            done = {i: doc for doc, i in self.nlp.pipe(zip(docs, range(len(docs))),
                                                       as_tuples=True, batch_size=len(docs))}
        except Exception:
            # a component that raises (parser, ner) breaks the whole batch: redo it one by one
            return [self._code_one(document) for document in batch]
        out = []
        for i, document in enumerate(batch):
            if i in done and not done[i]._.errors:
                out.append(coded_document(document, done[i]))
            else:  # the handler noted the error on the doc it was given: ours, stages return it
                errors = list(docs[i]._.errors or []) or ["[E500] the pipeline dropped the document"]
                out.append(CodedDocument(document=document, errors=errors))
        return out

    def _code_one(self, document: Document) -> CodedDocument:
        try:
            coded = self.code(document)
        except Exception as error:  # noqa: BLE001  (one bad document must not stop a batch)
            return CodedDocument(document=document, errors=[f"[E500] pipeline failed: {error!r}"])
        if coded.errors:
            return CodedDocument(document=document, errors=coded.errors)
        return coded

    def code_text(self, text: str, *, pub_date: date | None = None, title: str | None = None,
                  outlet: str | None = None) -> CodedDocument:
        from whimbrel.ingest import read_text
        return self.code(read_text(text, title=title, pub_date=pub_date, outlet=outlet))
