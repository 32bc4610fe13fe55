-- version: 3
-- schema_version: 1.2.0
-- description: Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type
--
-- What this migration does (issue 14, finding 6; docs/decisions/0014-teradata-driver-at-scale.md):
--
-- 1. Drops the NUSI on OL_COLUMN_LINEAGE.transformation_type. The column
--    holds a handful of values (DIRECT, INDIRECT), so no selection by it is
--    selective enough for the optimizer to read the index instead of the
--    table, while every edge written pays for maintaining it. The index was
--    declared unnamed in V0001, so it is dropped by its column list.
--    If an interrupted setup already dropped it, Teradata answers that the
--    index does not exist and setup carries on.
--
-- What it cannot do, and does not pretend to:
--
-- 2. Make the id and name columns CASESPECIFIC. They were created NOT
--    CASESPECIFIC (the Teradata-mode default), so two OpenLineage names that
--    differ only by case are one row here (they are two on the embedded
--    engine). Teradata changes a column's case specificity with ALTER TABLE
--    only when the column is in no index, and every one of these columns is
--    in a primary or a secondary index ("Rules for Changing Column Data
--    Types", SQL Data Definition Language Detailed Topics, B035-1184). The
--    only way is to rebuild the tables: an operator does it once, with the
--    service stopped, following "Case-specific ids: rebuilding the OL_*
--    tables" in docs/operations_guide.md. This migration changes nothing
--    else, so it is safe to apply on a live system.

DROP INDEX (transformation_type) ON OL_COLUMN_LINEAGE;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (3, '2-0-2', '1.2.0', CURRENT_TIMESTAMP(0), 'Drop the secondary index on OL_COLUMN_LINEAGE.transformation_type');
