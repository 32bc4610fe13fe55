-- version: 2
-- schema_version: 1.1.0
-- description: Population runs, failures, watermarks, locks, graph generation

CREATE MULTISET TABLE OL_POPULATION_RUN, NO FALLBACK (
  run_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  trigger_source VARCHAR(20) NOT NULL,
  method VARCHAR(20) NOT NULL,
  dry_run CHAR(1) DEFAULT 'N' NOT NULL,
  window_since TIMESTAMP(6),
  window_until TIMESTAMP(6),
  state VARCHAR(20) NOT NULL,
  started_at TIMESTAMP(6) NOT NULL,
  finished_at TIMESTAMP(6),
  heartbeat_at TIMESTAMP(6),
  statements_read INTEGER DEFAULT 0,
  statements_skipped INTEGER DEFAULT 0,
  statements_parsed INTEGER DEFAULT 0,
  statements_failed INTEGER DEFAULT 0,
  statements_timed_out INTEGER DEFAULT 0,
  edges_written INTEGER DEFAULT 0,
  datasets_written INTEGER DEFAULT 0,
  message VARCHAR(2000) CHARACTER SET UNICODE,
  runner VARCHAR(256) CHARACTER SET UNICODE
) UNIQUE PRIMARY INDEX (run_id)
  INDEX (started_at)
  INDEX (state);

CREATE MULTISET TABLE OL_POPULATION_FAILURE, NO FALLBACK (
  run_id VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  failure_no INTEGER NOT NULL,
  query_id VARCHAR(64),
  reason_code VARCHAR(50),
  reason VARCHAR(2000) CHARACTER SET UNICODE,
  sql_excerpt VARCHAR(4000) CHARACTER SET UNICODE,
  created_at TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP(0)
) UNIQUE PRIMARY INDEX (run_id, failure_no);

CREATE MULTISET TABLE OL_WATERMARK, NO FALLBACK (
  watermark_name VARCHAR(64) NOT NULL,
  watermark_at TIMESTAMP(6) NOT NULL,
  updated_at TIMESTAMP(0) DEFAULT CURRENT_TIMESTAMP(0)
) UNIQUE PRIMARY INDEX (watermark_name);

CREATE MULTISET TABLE OL_LOCK, NO FALLBACK (
  lock_name VARCHAR(64) NOT NULL,
  holder VARCHAR(256) CHARACTER SET UNICODE NOT NULL,
  acquired_at TIMESTAMP(6) NOT NULL,
  expires_at TIMESTAMP(6) NOT NULL
) UNIQUE PRIMARY INDEX (lock_name);

CREATE MULTISET TABLE OL_GRAPH_STATE, NO FALLBACK (
  state_id INTEGER NOT NULL,
  generation BIGINT NOT NULL,
  updated_at TIMESTAMP(6)
) UNIQUE PRIMARY INDEX (state_id);

INSERT INTO OL_GRAPH_STATE (state_id, generation, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP(6));

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (2, '2-0-2', '1.1.0', CURRENT_TIMESTAMP(0), 'Population runs, failures, watermarks, locks, graph generation');
