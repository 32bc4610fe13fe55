-- version: 7
-- schema_version: 1.6.0
-- description: OpenLineage events kept as received
--
-- Issue 16 (OpenLineage both ways, docs/openlineage.md). Every event
-- ingestion stores gets a row: its identity is its content (event_id, the
-- SHA-256 of its canonical JSON), so a re-post of the same event is found and
-- writes nothing, while a different event of the same run and type is stored
-- and merged into the run. The primary index is event_key (the first 64 bits
-- of that hash as a BIGINT): the look-up of a group's events is a set of
-- one-AMP row-hash reads, and the rows spread evenly over the AMPs. The raw
-- event (a CLOB: Spark events with plan facets run to hundreds of KB) is kept
-- for replay and audit up to OPENLINEAGE_EVENT_KEEP_KB; a larger one keeps
-- its row with payload NULL and its size. Only a new table: safe on a live
-- system.

CREATE MULTISET TABLE OL_EVENT, NO FALLBACK (
  event_key BIGINT NOT NULL,
  event_id VARCHAR(64) CHARACTER SET LATIN NOT NULL,
  event_kind VARCHAR(8) CHARACTER SET LATIN NOT NULL,
  event_type VARCHAR(20) CHARACTER SET LATIN,
  event_time TIMESTAMP(6) NOT NULL,
  run_id VARCHAR(64) CHARACTER SET UNICODE,
  job_id VARCHAR(256) CHARACTER SET UNICODE,
  producer VARCHAR(512) CHARACTER SET UNICODE,
  payload CLOB(16M) CHARACTER SET UNICODE,
  payload_chars INTEGER NOT NULL,
  normalised VARCHAR(2000) CHARACTER SET UNICODE,
  received_at TIMESTAMP(6) NOT NULL
) PRIMARY INDEX (event_key)
  INDEX (event_time);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (7, '2-0-2', '1.6.0', CURRENT_TIMESTAMP(0), 'OpenLineage events kept as received');
