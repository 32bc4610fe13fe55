-- version: 7
-- schema_version: 1.6.0
-- description: OpenLineage events kept as received
--
-- Issue 16 (OpenLineage both ways, docs/openlineage.md). Every event
-- ingestion stores gets a row: its identity is its content (event_id, the
-- SHA-256 of its canonical JSON), so a re-post of the same event is found and
-- writes nothing, while a different event of the same run and type (a
-- second RUNNING, a COMPLETE that adds outputs) is stored and merged into
-- the run. event_key is the first 64 bits of that hash as a BIGINT: the
-- lookup goes through an index of 8-byte keys, which DuckDB holds in memory,
-- instead of one over 64-character ids. The raw event is kept for replay and
-- audit (GET /api/v1/events/lineage) up to OPENLINEAGE_EVENT_KEEP_KB;
-- a larger one keeps its row with payload NULL and its size.

CREATE TABLE OL_EVENT (
  event_key BIGINT NOT NULL,
  event_id VARCHAR(64) NOT NULL,
  event_kind VARCHAR(8) NOT NULL,
  event_type VARCHAR(20),
  event_time TIMESTAMP NOT NULL,
  run_id VARCHAR(64),
  job_id VARCHAR(256),
  producer VARCHAR(512),
  payload VARCHAR,
  payload_chars INTEGER NOT NULL,
  normalised VARCHAR(2000),
  received_at TIMESTAMP NOT NULL
);

CREATE INDEX OL_EVENT_KEY ON OL_EVENT (event_key);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (7, '2-0-2', '1.6.0', CURRENT_TIMESTAMP, 'OpenLineage events kept as received');
