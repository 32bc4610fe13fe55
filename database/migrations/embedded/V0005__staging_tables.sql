-- version: 5
-- schema_version: 1.4.0
-- description: Staging tables for set-based writes
--
-- Teradata's V0005 creates the global temporary tables its set-based writer
-- stages rows in. The embedded engine writes a table's rows in one statement
-- already (a JSON array unpacked by the INSERT itself), so it needs no
-- staging table: the migration only records the version, so both dialects
-- stay at the same schema version.

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (5, '2-0-2', '1.4.0', CURRENT_TIMESTAMP, 'Staging tables for set-based writes');
