-- whimbrel store schema (DuckDB). Idempotent: every statement can run on an existing store.
-- Offsets (start, "end", *_start, *_end) are character offsets into documents.text.
-- store_info.schema_version is set by whimbrel.store.migrations (which also upgrades older stores).

CREATE TABLE IF NOT EXISTS store_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- one row per `whimbrel run`; store_info.crossdoc_run_id names the last run whose cross-article
-- step completed (whimbrel.store.crossdoc)
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP DEFAULT current_timestamp,
    finished_at TIMESTAMP,
    engine VARCHAR,
    documents INTEGER,
    failed INTEGER,
    duplicates INTEGER
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    title_start INTEGER,
    title_end INTEGER,
    paragraphs JSON,              -- [[start, end], ...]
    pub_date DATE,
    outlet VARCHAR,
    url VARCHAR,
    source_path VARCHAR,
    text VARCHAR NOT NULL,
    meta JSON,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS actors (
    actor_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR,
    valid_from DATE,
    valid_to DATE,
    source VARCHAR
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    doc_id VARCHAR NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    actor_id VARCHAR,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    entity_type VARCHAR,
    how VARCHAR,
    confidence VARCHAR            -- high / medium / low: how sure the country is
);

-- quote ids need only be unique within a document
CREATE TABLE IF NOT EXISTS quotes (
    quote_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    kind VARCHAR,
    cue VARCHAR,
    speaker_text VARCHAR,
    speaker_name VARCHAR,
    speaker_actor_id VARCHAR,
    speaker_country VARCHAR,
    speaker_sector VARCHAR,
    speaker_entity_type VARCHAR,
    speaker_how VARCHAR,
    speaker_confidence VARCHAR,
    PRIMARY KEY (doc_id, quote_id)
);

CREATE TABLE IF NOT EXISTS dates (
    doc_id VARCHAR NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    value VARCHAR,
    precision VARCHAR
);

-- source/target are NULL as a whole when source_text/target_text is NULL;
-- attribution and location are JSON objects or NULL.
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[],
    source_text VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    source_actor_id VARCHAR,
    source_entity_type VARCHAR,
    source_how VARCHAR,           -- the rule that placed the actor (actors.mentions)
    source_confidence VARCHAR,    -- high / medium / low
    target_text VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    target_actor_id VARCHAR,
    target_entity_type VARCHAR,
    target_how VARCHAR,           -- the rule that placed the actor (actors.mentions)
    target_confidence VARCHAR,    -- high / medium / low
    "date" VARCHAR,               -- ISO date, YYYY-MM, YYYY or before:YYYY-MM-DD
    date_precision VARCHAR,
    location JSON,
    modality VARCHAR,
    "condition" VARCHAR,
    attribution JSON,             -- {speaker, kind, quote, speaker_country}
    factuality DOUBLE,            -- -3 (did not happen) .. 3 (happened)
    sentence VARCHAR,
    sentence_start INTEGER,
    sentence_end INTEGER,
    "trigger" VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    confidence DOUBLE,
    pattern VARCHAR,
    canonical_event_id VARCHAR    -- filled by cross-document dedup
);

-- analysts' verdicts on events (`whimbrel serve --allow-review`); the correction columns are NULL
-- when the reviewer left that field as coded. Exported by `whimbrel export --reviews` (docs/schema.md).
CREATE TABLE IF NOT EXISTS reviews (
    review_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL,     -- 'right' or 'wrong'
    event_type VARCHAR,
    mode VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    modality VARCHAR,
    note VARCHAR,
    reviewer VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL
);
