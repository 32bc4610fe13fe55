-- version: 5
-- schema_version: 1.4.0
-- description: Staging tables for set-based writes
--
-- Issue 14, finding 5 (docs/decisions/0018-set-based-writes.md). The writer
-- no longer sends one MERGE per row (a batch of single-row MERGEs takes a
-- table-level WRITE lock per statement, and Teradata documents that such
-- array MERGEs can deadlock). It inserts a table's rows into the table's
-- staging table below as one driver batch, then moves the absent ones into
-- the OL_* table with a single MERGE whose source is the staging table, then
-- empties the staging table.
--
-- Each staging table is a global temporary table: the definition lives in the
-- dictionary, each session that touches it gets its own instance
-- (materialised in the user's TEMPORARY space, no DDL per session, invisible
-- to other sessions), and ON COMMIT DELETE ROWS empties it when the writing
-- transaction ends. NO LOG: no transient journal for rows that die at commit.
-- Columns and types are those of the OL_* table (so the writer's casts hold
-- for both; src/schema/migration-files.spec.ts checks it); the primary index
-- is the OL_* table's key, NOT UNIQUE, so staging rows never collide.

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_NAMESPACE, NO FALLBACK, NO LOG (
  namespace_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  namespace_uri VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  description VARCHAR(2000) CHARACTER SET UNICODE,
  spec_version VARCHAR(20),
  created_at TIMESTAMP(0)
) PRIMARY INDEX (namespace_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_DATASET, NO FALLBACK, NO LOG (
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  namespace_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  name VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  description VARCHAR(2000) CHARACTER SET UNICODE,
  source_type VARCHAR(50),
  created_at TIMESTAMP(0),
  updated_at TIMESTAMP(0),
  is_active CHAR(1)
) PRIMARY INDEX (dataset_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_DATASET_FIELD, NO FALLBACK, NO LOG (
  field_id VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  field_name VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  field_type VARCHAR(128),
  field_description VARCHAR(2000) CHARACTER SET UNICODE,
  ordinal_position INTEGER,
  nullable CHAR(1),
  created_at TIMESTAMP(0)
) PRIMARY INDEX (field_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_JOB, NO FALLBACK, NO LOG (
  job_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  namespace_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  name VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  description VARCHAR(2000) CHARACTER SET UNICODE,
  job_type VARCHAR(50),
  created_at TIMESTAMP(0),
  updated_at TIMESTAMP(0)
) PRIMARY INDEX (job_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_RUN, NO FALLBACK, NO LOG (
  run_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  job_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  event_type VARCHAR(20) NOT NULL,
  event_time TIMESTAMP(6) NOT NULL,
  nominal_start_time TIMESTAMP(6),
  nominal_end_time TIMESTAMP(6),
  producer VARCHAR(512) CHARACTER SET UNICODE,
  schema_url VARCHAR(512) CHARACTER SET UNICODE,
  created_at TIMESTAMP(0)
) PRIMARY INDEX (run_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_RUN_INPUT, NO FALLBACK, NO LOG (
  run_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL
) PRIMARY INDEX (run_id, dataset_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_RUN_OUTPUT, NO FALLBACK, NO LOG (
  run_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL
) PRIMARY INDEX (run_id, dataset_id)
ON COMMIT DELETE ROWS;

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_COLUMN_LINEAGE, NO FALLBACK, NO LOG (
  lineage_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  run_id VARCHAR(64) CHARACTER SET UNICODE,
  source_namespace VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  source_dataset VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  source_field VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  target_namespace VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  target_dataset VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  target_field VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  transformation_type VARCHAR(20) NOT NULL,
  transformation_subtype VARCHAR(50),
  transformation_description VARCHAR(2000) CHARACTER SET UNICODE,
  masking CHAR(1),
  confidence_score DECIMAL(3,2),
  discovered_at TIMESTAMP(0),
  is_active CHAR(1)
) PRIMARY INDEX (lineage_id)
ON COMMIT DELETE ROWS;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (5, '2-0-2', '1.4.0', CURRENT_TIMESTAMP, 'Staging tables for set-based writes');
