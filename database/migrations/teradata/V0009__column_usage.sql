-- version: 9
-- schema_version: 1.8.0
-- description: Column usage from the query log
--
-- Issue 21 (docs/decisions/0025-column-usage.md). Daily aggregates of who
-- read which columns, never one row per query: per day (the query's
-- StartTime date, on DBQL's clock), dataset (OL_DATASET.dataset_id) and
-- field, user (DBQL UserName), application (AppID) and client (ClientID),
-- and whether the column was read directly or through a view (via_view 'Y').
-- The primary index is (dataset_id, field_name): a field's usage, and the
-- usage of every field an impact walk reaches, are row-hash reads; the
-- writer's MERGE names the whole key, primary index included. A secondary
-- index on usage_day serves the "top used" and "unused" reports.
-- OL_USAGE_COVERAGE records the CollectTimeStamp ranges each run counted,
-- so a re-read never counts a row twice. Only new tables: safe on a live
-- system.

CREATE MULTISET TABLE OL_FIELD_USAGE_DAY, NO FALLBACK (
  usage_day DATE NOT NULL,
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  field_name VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  user_name VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  app_id VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  client_id VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  via_view CHAR(1) CHARACTER SET LATIN NOT NULL,
  read_count INTEGER NOT NULL,
  projection_count INTEGER NOT NULL,
  predicate_count INTEGER NOT NULL,
  last_read_at TIMESTAMP(0) NOT NULL
) PRIMARY INDEX (dataset_id, field_name)
  INDEX (usage_day);

CREATE MULTISET TABLE OL_DATASET_USAGE_DAY, NO FALLBACK (
  usage_day DATE NOT NULL,
  dataset_id VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  user_name VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  app_id VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  client_id VARCHAR(128) CHARACTER SET UNICODE NOT NULL,
  via_view CHAR(1) CHARACTER SET LATIN NOT NULL,
  read_count INTEGER NOT NULL,
  last_read_at TIMESTAMP(0) NOT NULL
) PRIMARY INDEX (dataset_id)
  INDEX (usage_day);

CREATE MULTISET TABLE OL_USAGE_COVERAGE, NO FALLBACK (
  run_id VARCHAR(64) CHARACTER SET LATIN NOT NULL,
  usage_source VARCHAR(16) CHARACTER SET LATIN NOT NULL,
  covered_from TIMESTAMP(6) NOT NULL,
  covered_until TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(0) NOT NULL
) UNIQUE PRIMARY INDEX (run_id);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (9, '2-0-2', '1.8.0', CURRENT_TIMESTAMP(0), 'Column usage from the query log');
