-- version: 6
-- schema_version: 1.5.0
-- description: Run links without a key index on the embedded engine
--
-- The embedded engine's V0006 rebuilds OL_RUN_INPUT and OL_RUN_OUTPUT
-- without a PRIMARY KEY: DuckDB holds a key's index whole in memory, and a
-- busy day of DBQL outgrew it (docs/decisions/0020-bounded-population-memory.md).
-- Teradata's unique primary index lives on disk with the rows (it is how
-- rows are distributed to AMPs, not an in-memory structure), and the set-based
-- MERGE relies on it: nothing changes here. The migration only records the
-- version, so both dialects stay at the same schema version.

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (6, '2-0-2', '1.5.0', CURRENT_TIMESTAMP, 'Run links without a key index on the embedded engine');
