-- version: 6
-- schema_version: 1.5.0
-- description: Run links without a key index on the embedded engine
--
-- Issue 14 (population in bounded memory, docs/decisions/0020-bounded-population-memory.md).
-- DuckDB enforces a PRIMARY KEY with an ART index that is held whole in
-- memory (it counts against EMBEDDED_MEMORY_LIMIT_MB and is never evicted).
-- OL_RUN_INPUT and OL_RUN_OUTPUT get a row per link of every DBQL request
-- that writes lineage, ~180,000 runs a million DBQL rows: their key indexes
-- made most of the engine's memory after half a million rows and ran it out
-- of memory at 1.45 million. The tables are rebuilt without a key; the
-- writer keeps them free of duplicates itself (the links of a run its own
-- transaction created go in as they are, the others only when absent).
-- DuckDB has no ALTER TABLE … DROP CONSTRAINT: each table is copied into a
-- new one, dropped, and the copy renamed, in the migration's one transaction.

CREATE TABLE OL_RUN_INPUT_V6 (
  run_id VARCHAR(64) NOT NULL,
  dataset_id VARCHAR(256) NOT NULL
);

INSERT INTO OL_RUN_INPUT_V6 (run_id, dataset_id) SELECT run_id, dataset_id FROM OL_RUN_INPUT;

DROP TABLE OL_RUN_INPUT;

ALTER TABLE OL_RUN_INPUT_V6 RENAME TO OL_RUN_INPUT;

CREATE TABLE OL_RUN_OUTPUT_V6 (
  run_id VARCHAR(64) NOT NULL,
  dataset_id VARCHAR(256) NOT NULL
);

INSERT INTO OL_RUN_OUTPUT_V6 (run_id, dataset_id) SELECT run_id, dataset_id FROM OL_RUN_OUTPUT;

DROP TABLE OL_RUN_OUTPUT;

ALTER TABLE OL_RUN_OUTPUT_V6 RENAME TO OL_RUN_OUTPUT;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (6, '2-0-2', '1.5.0', CURRENT_TIMESTAMP, 'Run links without a key index on the embedded engine');
