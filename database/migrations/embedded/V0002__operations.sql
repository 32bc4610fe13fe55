-- version: 2
-- schema_version: 1.1.0
-- description: Population runs, failures, watermarks, locks, graph generation

CREATE TABLE OL_POPULATION_RUN (
  run_id VARCHAR(64) NOT NULL PRIMARY KEY,
  trigger_source VARCHAR(20) NOT NULL,
  method VARCHAR(20) NOT NULL,
  dry_run CHAR(1) NOT NULL DEFAULT 'N',
  window_since TIMESTAMP,
  window_until TIMESTAMP,
  state VARCHAR(20) NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  heartbeat_at TIMESTAMP,
  statements_read INTEGER DEFAULT 0,
  statements_skipped INTEGER DEFAULT 0,
  statements_parsed INTEGER DEFAULT 0,
  statements_failed INTEGER DEFAULT 0,
  statements_timed_out INTEGER DEFAULT 0,
  edges_written INTEGER DEFAULT 0,
  datasets_written INTEGER DEFAULT 0,
  message VARCHAR(2000),
  runner VARCHAR(256)
);

CREATE TABLE OL_POPULATION_FAILURE (
  run_id VARCHAR(64) NOT NULL,
  failure_no INTEGER NOT NULL,
  query_id VARCHAR(64),
  reason_code VARCHAR(50),
  reason VARCHAR(2000),
  sql_excerpt VARCHAR(4000),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (run_id, failure_no)
);

CREATE TABLE OL_WATERMARK (
  watermark_name VARCHAR(64) NOT NULL PRIMARY KEY,
  watermark_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE OL_LOCK (
  lock_name VARCHAR(64) NOT NULL PRIMARY KEY,
  holder VARCHAR(256) NOT NULL,
  acquired_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);

CREATE TABLE OL_GRAPH_STATE (
  state_id INTEGER NOT NULL PRIMARY KEY,
  generation BIGINT NOT NULL,
  updated_at TIMESTAMP
);

INSERT INTO OL_GRAPH_STATE (state_id, generation, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (2, '2-0-2', '1.1.0', CURRENT_TIMESTAMP, 'Population runs, failures, watermarks, locks, graph generation');
