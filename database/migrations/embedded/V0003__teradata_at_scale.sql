-- version: 3
-- schema_version: 1.2.0
-- description: Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type
--
-- Teradata's V0003 drops a secondary index the embedded schema never had
-- (its tables declare primary keys only), and the embedded engine compares
-- text case-sensitively already. Nothing to change here: the migration only
-- records the version, so both dialects stay at the same schema version.

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (3, '2-0-2', '1.2.0', CURRENT_TIMESTAMP, 'Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type');
