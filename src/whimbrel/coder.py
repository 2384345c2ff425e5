"""The Python API: code documents into records (Document in, CodedDocument out).

The coder codes in its own process; whimbrel.engine spreads documents over processes or Ray
actors, each of which builds its coder with `Coder.loader()` (the coder knows no engine).
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from whimbrel.actors.tables import ActorDataError
from whimbrel.modality.stage import check_factuality
from whimbrel.models import CodedDocument, Document
from whimbrel.nlp.pipeline import DEFAULT_MODEL, build_pipeline
from whimbrel.records import coded_document

# Seconds one document may take (its part, for a split document: limits.MAX_DOCUMENT_CHARS). A
# 100,000-character part takes 10-20 s on one core here, so only a pathological text reaches it
DEFAULT_TIME_BUDGET = 120.0


class TimeBudgetExceeded(Exception):
    """A document used up its time budget; stops the pipeline (nlp.extensions.record_stage_error)."""

    stops_pipeline = True


class CoderSetupError(ValueError):
    """The coder cannot be built as asked (a bad option or actor file); the message names which.

    The faces (CLI, API) catch this one error instead of each stage's own."""


def check_options(factuality: str = "features") -> None:
    """Raise CoderSetupError on an option no stage accepts, before the pipeline loads (a typo costs
    nothing)."""
    try:
        check_factuality(factuality)
    except ValueError as error:
        raise CoderSetupError(f"--factuality: {error}") from None


@dataclass(frozen=True)
class CoderLoader:
    """What a worker needs to build the same coder (picklable: sent to processes and Ray actors)."""

    model: str = DEFAULT_MODEL
    actor_files: tuple[str, ...] = ()
    factuality: str = "features"
    time_budget: float | None = DEFAULT_TIME_BUDGET
    learned: bool = False
    min_confidence: float | None = None
    gate: bool = True
    records: bool = False

    def __call__(self) -> "Coder":
        return Coder.load(self.model, self.actor_files, self.factuality, self.time_budget,
                          self.learned, self.min_confidence, self.gate, self.records)


class Coder:
    """Holds the loaded pipeline; `code` one document or `code_many` of them."""

    def __init__(self, nlp: Language, base_model_name: str = DEFAULT_MODEL,
                 actor_files: tuple[str, ...] = (), factuality: str = "features",
                 time_budget: float | None = DEFAULT_TIME_BUDGET, learned: bool = False,
                 min_confidence: float | None = None, gate: bool = True, records: bool = False):
        self.nlp = nlp
        self.base_model_name = base_model_name
        self.actor_files = tuple(str(f) for f in actor_files)
        self.factuality = factuality
        self.time_budget = time_budget
        self.learned = learned
        self.min_confidence = min_confidence
        self.gate = gate
        self.records = records

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL, actor_files: tuple[str, ...] = (),
             factuality: str = "features", time_budget: float | None = DEFAULT_TIME_BUDGET,
             learned: bool = False, min_confidence: float | None = None, gate: bool = True,
             records: bool = False) -> "Coder":
        """Load the model and every stage once; `actor_files` add the user's own actors;
        `factuality` picks the modality stage's factuality model (features, linear, none);
        `time_budget`: seconds per document (None: no limit); `learned`: the learned event stage
        decides, else the lexicon's events pass the precision gate (`gate`; off: the lexicon
        alone); `min_confidence` replaces the deciding stage's threshold; `records` (record mode:
        each document reports one event, e.g. a set of event snippets) keeps a document's most
        probable event when none reaches the gate's threshold."""
        check_options(factuality)
        try:
            nlp = build_pipeline(model, actor_files=tuple(actor_files), factuality=factuality,
                                 learned=learned, min_confidence=min_confidence, gate=gate, records=records)
        except ActorDataError as error:
            raise CoderSetupError(str(error)) from error
        return cls(nlp, model, actor_files, factuality, time_budget, learned, min_confidence, gate, records)

    @contextmanager
    def record_mode(self) -> Iterator["Coder"]:
        """The coder in record mode for the block (its worker processes too): each document
        reports one event, so one whose events all fall below the gate's threshold keeps its most
        probable one (`Coder.load(records=True)`, `whimbrel run --records`)."""
        pipe = self.nlp.get_pipe("whimbrel_events") if "whimbrel_events" in self.nlp.pipe_names else None
        saved = self.records, pipe.records if pipe is not None else None
        self.records = True
        if pipe is not None:
            pipe.records = True
        try:
            yield self
        finally:
            self.records = saved[0]
            if pipe is not None:
                pipe.records = saved[1]

    def loader(self) -> CoderLoader:
        return CoderLoader(self.base_model_name, self.actor_files, self.factuality, self.time_budget,
                           self.learned, self.min_confidence, self.gate, self.records)

    def make_doc(self, document: Document) -> Doc:
        doc = self.nlp.make_doc(document.text)
        doc._.doc_id = document.doc_id
        doc._.pub_date = document.pub_date
        doc._.outlet = document.outlet
        return doc

    def code(self, document: Document) -> CodedDocument:
        return coded_document(document, self.nlp(self.make_doc(document)))

    def code_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[CodedDocument]:
        """Code documents in order, in this process (whimbrel.engine for more processes).

        Every document comes back: one a stage fails on, or that runs out of its time budget, has
        `errors` set (and nothing else), and the others go on.
        """
        it = iter(documents)
        while batch := list(islice(it, batch_size)):
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Document]) -> list[CodedDocument]:
        docs = [self.make_doc(d) for d in batch]
        try:
            # spaCy's pipe drops a doc whose stage error went to the error handler, so the
            # index rides along as context to find the dropped ones
            with time_budget(self.time_budget and self.time_budget * len(batch)):
                done = {i: doc for doc, i in self.nlp.pipe(zip(docs, range(len(docs))),
                                                           as_tuples=True, batch_size=len(docs))}
        except Exception:
            # a component that raises (parser, ner) or a spent budget breaks the whole batch:
            # redo it one by one, each document with its own budget
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
            with time_budget(self.time_budget):
                coded = self.code(document)
        except TimeBudgetExceeded:
            return CodedDocument(document=document, errors=[
                f"[E501] time budget of {self.time_budget:g} s exceeded; document not coded "
                f"({len(document.text):,} characters)"])
        except Exception as error:  # noqa: BLE001  (one bad document must not stop a batch)
            return CodedDocument(document=document, errors=[f"[E500] pipeline failed: {error!r}"])
        if coded.errors:
            return CodedDocument(document=document, errors=coded.errors)
        return coded

    def code_text(self, text: str, *, pub_date: date | None = None, title: str | None = None,
                  outlet: str | None = None) -> CodedDocument:
        from whimbrel.ingest import read_text
        return self.code(read_text(text, title=title, pub_date=pub_date, outlet=outlet))


@contextmanager
def time_budget(seconds: float | None):
    """Raise TimeBudgetExceeded in this block after `seconds` (a SIGALRM timer).

    Only the main thread of a process can take signals; elsewhere (a threaded host) the block runs
    unlimited. The signal lands between Python steps, so a long C call finishes first.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeBudgetExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
