-- Cross-document tables of the whimbrel store (filled by whimbrel.store.crossdoc.update). Idempotent.
-- Written in one transaction per run; store_info.crossdoc_run_id names the run that completed them.

CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR PRIMARY KEY,
    title VARCHAR,                -- title (or first line) of the story's earliest document
    first_date DATE,
    last_date DATE,
    n_docs INTEGER
);

CREATE TABLE IF NOT EXISTS story_documents (
    story_id VARCHAR NOT NULL,
    doc_id VARCHAR PRIMARY KEY
);

-- one row per real-world event; its mentions are the events rows with this canonical_event_id
CREATE TABLE IF NOT EXISTS canonical_events (
    canonical_event_id VARCHAR PRIMARY KEY,
    story_id VARCHAR,
    event_type VARCHAR,
    source_country VARCHAR,
    target_country VARCHAR,
    dyad VARCHAR,                 -- 'RUS-UKR' (sorted for symmetric types)
    participants VARCHAR[],       -- every country of every mention's dyad (multilateral meetings)
    "date" VARCHAR,
    place VARCHAR,
    modality VARCHAR,
    n_mentions INTEGER,
    n_docs INTEGER,
    n_sources INTEGER,            -- distinct outlets
    -- the blocking index of the incremental step (whimbrel.store.crossdoc_events): the days its
    -- date covers (a day, month or year), or for an undated event its mentions' publication dates
    first_day DATE,
    last_day DATE,
    words VARCHAR[]               -- the merge state: stemmed object words of its mentions (dedup.events)
);

-- every mention of a canonical event with its evidence and outlet
CREATE OR REPLACE VIEW event_mentions AS
SELECT e.canonical_event_id, e.event_id, e.doc_id, d.outlet, d.pub_date, e.event_type, e.modality,
       e.source_name, e.source_country, e.target_name, e.target_country, e."date", e.location,
       e."condition", e.attribution, e.sentence, e.sentence_start, e.sentence_end, e."trigger"
FROM events e JOIN documents d USING (doc_id)
WHERE e.canonical_event_id IS NOT NULL;

-- the negotiation reading of canonical events (kinds as in whimbrel.negotiation.tracker.KINDS)
CREATE OR REPLACE VIEW negotiation_items AS
SELECT c.canonical_event_id, c.story_id,
       CASE
         WHEN c.modality = 'conditional' THEN 'condition'
         WHEN c.modality = 'proposed' OR (c.event_type = 'AGREE' AND c.modality = 'proposed') THEN 'proposal'
         WHEN c.event_type = 'CONSULT' AND c.modality IN ('asserted', 'reported') THEN 'meeting'
         WHEN c.event_type = 'AGREE' AND c.modality IN ('asserted', 'reported') THEN 'agreement'
         WHEN c.event_type = 'REQUEST' THEN 'demand'
         WHEN c.event_type IN ('ACCUSE', 'REJECT', 'PROTEST', 'THREATEN') THEN 'dispute'
         ELSE 'other'
       END AS kind,
       c.event_type, c.source_country, c.target_country, c.dyad, c."date", c.place, c.modality,
       c.n_mentions, c.n_docs, c.n_sources
FROM canonical_events c;
