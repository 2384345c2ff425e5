"""Every custom Doc/Token attribute whimbrel sets, declared once and guarded (spaCy's habit).

Values are plain Python objects: documents never cross a process boundary as spaCy Docs
(engine/local.py converts them to records inside each worker), so nothing here needs to serialise.
"""
from spacy.tokens import Doc

DOC_EXTENSIONS = {
    "doc_id": None,          # str, set before the pipeline runs
    "pub_date": None,        # datetime.date | None, set before the pipeline runs
    "outlet": None,          # str | None
    "actor_mentions": None,  # list[actors.mentions.ActorSpan]
    "home_country": None,    # str | None: the country the document is about (actors.nominals)
    "dates": None,           # list[models.DateValue] plus token indices (dates.resolve)
    "quotes": None,          # list[quotes.extract.QuoteSpan] with resolved speakers
    "events": None,          # list[events.extract.EventCandidate]
    "places": None,          # list[places.resolve.PlaceMention]
    "errors": None,          # list[str]: stages that failed on this doc
    "warnings": None,        # list[str]: what a limit cut (nlp/sentence_limit.py); the doc is stored
}


def register_extensions() -> None:
    """Declare the Doc extensions once per process (spaCy attributes are process-wide)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def record_stage_error(proc_name, proc, docs, error) -> None:
    """spaCy error handler: note the failure on the doc and let the batch go on.

    A spent time budget (coder.TimeBudgetExceeded) is not a stage failure: it must stop the
    pipeline, so it goes on up."""
    if getattr(error, "stops_pipeline", False):
        raise error
    for doc in docs:
        doc._.errors = (doc._.errors or []) + [f"[E500] stage {proc_name} failed: {error!r}"]
