-- version: 9
-- schema_version: 1.8.0
-- description: Column usage from the query log
--
-- Issue 21 (docs/decisions/0025-column-usage.md). Daily aggregates of who
-- read which columns, never one row per query: per day (the query's
-- StartTime date, on DBQL's clock), dataset (OL_DATASET.dataset_id) and
-- field, user (DBQL UserName), application (AppID) and client (ClientID),
-- and whether the column was read directly or through a view (via_view 'Y':
-- a base column behind a view column a query read; the view column has its
-- own row with via_view 'N'). read_count counts statements; projection_count
-- and predicate_count split them by use (a statement may do both).
-- OL_USAGE_COVERAGE records the CollectTimeStamp ranges each run counted:
-- a later run (the overlap it re-reads, an explicit window) counts only
-- rows outside them, so nothing is counted twice. Only new tables.

CREATE TABLE OL_FIELD_USAGE_DAY (
  usage_day DATE NOT NULL,
  dataset_id VARCHAR(256) NOT NULL,
  field_name VARCHAR(256) NOT NULL,
  user_name VARCHAR(128) NOT NULL,
  app_id VARCHAR(128) NOT NULL,
  client_id VARCHAR(128) NOT NULL,
  via_view CHAR(1) NOT NULL,
  read_count INTEGER NOT NULL,
  projection_count INTEGER NOT NULL,
  predicate_count INTEGER NOT NULL,
  last_read_at TIMESTAMP NOT NULL,
  PRIMARY KEY (dataset_id, field_name, usage_day, user_name, app_id, client_id, via_view)
);

CREATE TABLE OL_DATASET_USAGE_DAY (
  usage_day DATE NOT NULL,
  dataset_id VARCHAR(256) NOT NULL,
  user_name VARCHAR(128) NOT NULL,
  app_id VARCHAR(128) NOT NULL,
  client_id VARCHAR(128) NOT NULL,
  via_view CHAR(1) NOT NULL,
  read_count INTEGER NOT NULL,
  last_read_at TIMESTAMP NOT NULL,
  PRIMARY KEY (dataset_id, usage_day, user_name, app_id, client_id, via_view)
);

CREATE TABLE OL_USAGE_COVERAGE (
  run_id VARCHAR(64) NOT NULL PRIMARY KEY,
  usage_source VARCHAR(16) NOT NULL,
  covered_from TIMESTAMP NOT NULL,
  covered_until TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (9, '2-0-2', '1.8.0', CURRENT_TIMESTAMP, 'Column usage from the query log');
