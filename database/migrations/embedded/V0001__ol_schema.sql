-- version: 1
-- schema_version: 1.0.0
-- description: Initial OpenLineage schema
-- The nine OL_* tables of the OpenLineage 2-0-2 model, embedded engine (DuckDB).

CREATE TABLE OL_NAMESPACE (
  namespace_id VARCHAR(64) NOT NULL PRIMARY KEY,
  namespace_uri VARCHAR(512) NOT NULL,
  description VARCHAR(2000),
  spec_version VARCHAR(20) DEFAULT '2-0-2',
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE OL_DATASET (
  dataset_id VARCHAR(256) NOT NULL PRIMARY KEY,
  namespace_id VARCHAR(64) NOT NULL,
  name VARCHAR(256) NOT NULL,
  description VARCHAR(2000),
  source_type VARCHAR(50),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  is_active CHAR(1) DEFAULT 'Y'
);

CREATE TABLE OL_DATASET_FIELD (
  field_id VARCHAR(512) NOT NULL PRIMARY KEY,
  dataset_id VARCHAR(256) NOT NULL,
  field_name VARCHAR(256) NOT NULL,
  field_type VARCHAR(128),
  field_description VARCHAR(2000),
  ordinal_position INTEGER,
  nullable CHAR(1),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE OL_JOB (
  job_id VARCHAR(256) NOT NULL PRIMARY KEY,
  namespace_id VARCHAR(64) NOT NULL,
  name VARCHAR(256) NOT NULL,
  description VARCHAR(2000),
  job_type VARCHAR(50),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE OL_RUN (
  run_id VARCHAR(64) NOT NULL PRIMARY KEY,
  job_id VARCHAR(256) NOT NULL,
  event_type VARCHAR(20) NOT NULL,
  event_time TIMESTAMP NOT NULL,
  nominal_start_time TIMESTAMP,
  nominal_end_time TIMESTAMP,
  producer VARCHAR(512),
  schema_url VARCHAR(512),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE OL_RUN_INPUT (
  run_id VARCHAR(64) NOT NULL,
  dataset_id VARCHAR(256) NOT NULL,
  PRIMARY KEY (run_id, dataset_id)
);

CREATE TABLE OL_RUN_OUTPUT (
  run_id VARCHAR(64) NOT NULL,
  dataset_id VARCHAR(256) NOT NULL,
  PRIMARY KEY (run_id, dataset_id)
);

CREATE TABLE OL_COLUMN_LINEAGE (
  lineage_id VARCHAR(64) NOT NULL PRIMARY KEY,
  run_id VARCHAR(64),
  source_namespace VARCHAR(512) NOT NULL,
  source_dataset VARCHAR(256) NOT NULL,
  source_field VARCHAR(256) NOT NULL,
  target_namespace VARCHAR(512) NOT NULL,
  target_dataset VARCHAR(256) NOT NULL,
  target_field VARCHAR(256) NOT NULL,
  transformation_type VARCHAR(20) NOT NULL,
  transformation_subtype VARCHAR(50),
  transformation_description VARCHAR(2000),
  masking CHAR(1) DEFAULT 'N',
  confidence_score DECIMAL(3,2),
  discovered_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  is_active CHAR(1) DEFAULT 'Y'
);

CREATE TABLE OL_SCHEMA_VERSION (
  version_id INTEGER NOT NULL PRIMARY KEY,
  openlineage_spec_version VARCHAR(20) NOT NULL,
  schema_version VARCHAR(20) NOT NULL,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  description VARCHAR(2000)
);

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (1, '2-0-2', '1.0.0', CURRENT_TIMESTAMP, 'Initial OpenLineage schema');
