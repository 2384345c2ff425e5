"""Every message code whimbrel prints, in one place, so that no code means two things.

A code is a letter for the area and three digits; `[CODE]` opens the message (ingest errors print
`[W130] path:line : ...`). Codes are stable: add new ones, never renumber or reuse one. Each area
owns a range; areas still to come have theirs reserved so parallel work cannot collide.
tests/test_errors.py checks that every code in the source is listed here, once.

Ranges: A0xx actor tables; A5xx API; C7xx actors (speaker gold, issue 16); E3xx export (E301,
E302), evaluation and encoders; E5xx coding and engines; E6xx events; E7xx gazetteer; E9xx metrics,
bench and eval runner; M0xx modality; N0xx negotiation; S0xx store; W1xx ingest and limits; W3xx
evaluation warnings; W9xx eval runner warnings.
"""
from __future__ import annotations

CODES: dict[str, str] = {
    # -- actors (issue 16): speaker gold of the event corpus (whimbrel.evaluate.speakers)
    "C701": "speaker gold line misses a field or has a non-boolean is_quote",
    "C702": "speaker answer line left out of the gold (unknown candidate, bad code, text not in sentence)",
    "C710": "data/actors/confidence.yaml is not a mapping of rule names to low / medium / high",
    # -- actor tables (whimbrel.actors.tables; `whimbrel run --actors`)
    "A000": "actor file given with --actors does not exist",
    "A001": "actor file is not valid YAML",
    "A002": "actor file is not a list of entries",
    "A003": "actor entry is not a mapping",
    "A004": "actor entry misses a required field",
    "A005": "actor entry field has the wrong type",
    "A006": "unknown or malformed country code",
    "A007": "unknown sector",
    "A008": "bad value in an actor entry",
    "A009": "actor validity ends before it starts",
    "A010": "actor aliases are not a list of strings",
    "A011": "gender is not m or f",
    "A012": "place entry has neither a country nor an IGO",
    "A013": "actor JSONL line is not valid JSON",
    # -- API and dashboard (whimbrel serve)
    "A501": "serve: no such store",
    # -- export, evaluation inputs and encoders
    "E301": "export: no such database (migrate and negotiation say S001, serve A501)",
    "E302": "export: output file cannot be written",
    "E310": "eval: no such data folder",
    "E312": "MPNet weights package holds no weight part",
    "E314": "event coreference model was fitted on other features",
    # -- coding and engines
    "E500": "a pipeline stage failed on the document (not stored)",
    "E501": "document exceeded its time budget (not stored)",
    "E502": "unknown engine (or a bench --engines item that is not ENGINE:N)",
    "E503": "--address given without --engine ray",
    "E504": "Ray engine asked for but Ray is not installed",
    "E505": "a Ray worker failed; its documents are reported, the run goes on",
    # -- events
    "E600": "--lexicon-only given with --learned or --min-confidence (the lexicon alone has no confidence floor)",
    "E601": "--records given with --lexicon-only or --learned (record mode keeps the precision gate's most probable event)",
    "E620": "data/events/event_roles.npz does not fit the role features of this code (retrain: scripts/train_event_roles.py)",
    "E630": "data/events/trigger_encoder.npz (tuned MiniLM blocks and the NONE/type head) is malformed",
    "E631": "the precision gate reads the trigger encoder, and its file or the MiniLM package is missing",
    # -- gazetteer
    "E700": "gazetteer TSV has unexpected columns",
    "E701": "bad gazetteer place entry",
    # -- metrics, bench, eval runner
    "E900": "gold and predicted lists differ in length",
    "E901": "a mention is in more than one gold cluster",
    "E910": "PLOVER code table maps a code to a non-three-letter code",
    "E911": "PLOVER records and predictions differ in number",
    "E920": "the coder failed to load for evaluation",
    "E930": "bench corpus holds no documents",
    # -- modality
    "M001": "modality cue lexicon entry is malformed",
    "M010": "unknown --factuality model",
    "M011": "factuality model file is missing or malformed",
    "M012": "negation test set line has an unknown label",
    "M020": "factuality encoder file (tuned MiniLM blocks and heads) is malformed",
    # -- negotiation
    "N001": "negotiation needs at least two different parties",
    "N002": "unknown negotiation party code",
    # -- store
    "S001": "store cannot be opened (or does not exist; export says E301, serve A501)",
    "S002": "database is not a whimbrel store",
    "S003": "store opened read-only cannot take documents",
    "S004": "a record breaks a store constraint (duplicate id)",
    "S005": "store or journal cannot be written (disk full, read-only); the batch stops, consistent",
    "S006": "one document could not be stored; the batch goes on",
    "S007": "cross-article step failed and was rolled back",
    "S008": "cross-article tables are behind the documents (warning)",
    "S009": "store written by a newer whimbrel",
    "S010": "unknown export format",
    "S011": "parquet export needs an output file",
    "S012": "store schema cannot be created or upgraded",
    "S013": "store schema is older: run `whimbrel migrate`",
    "S020": "review: store opened read-only",
    "S021": "review: unknown verdict",
    "S022": "review: a correction names a field that cannot be corrected",
    "S023": "review: corrected event type is not a PLOVER type",
    "S024": "review: corrected modality is not one of the nine",
    "S025": "review: no such event",
    # -- ingest (whimbrel.ingest.errors)
    "W101": "path does not exist",
    "W102": "directory holds no readable input files",
    "W103": "glob pattern matched no files",
    "W104": "unsupported file type",
    "W105": "file cannot be read",
    "W106": "sidecar metadata file is not a document",
    "W110": "binary file",
    "W111": "empty file",
    "W112": "not valid UTF-8",
    "W120": "HTML with no extractable text",
    "W130": "JSONL line is not valid JSON",
    "W131": "JSONL line is not a JSON object",
    "W132": "JSONL record has no text",
    "W133": "JSONL field has the wrong type",
    "W140": "bad sidecar metadata file",
    # -- limits (whimbrel.limits, nlp/sentence_limit.py): warnings, the document is still coded
    "W150": "document longer than the limit: coded as parts",
    "W151": "run-on sentence cut into pieces",
    "W152": "language not supported (English only): expect no events",
    # -- evaluation warnings
    "W311": "no text encoder: coreference without trigger vectors",
    "W312": "no MPNet encoder: coreference without MPNet vectors",
    "W920": "an eval suite failed and is reported as null",
    "W921": "--gold without --text: the bundled sample is scored",
    "W922": "eval runs without the coder",
}

RESERVED: dict[str, str] = {}  # prefixes of ranges other work will fill (none open now)


def in_range(prefix: str) -> dict[str, str]:
    """The codes whose name starts with `prefix` (e.g. "W1": the ingest codes)."""
    return {code: text for code, text in CODES.items() if code.startswith(prefix)}
