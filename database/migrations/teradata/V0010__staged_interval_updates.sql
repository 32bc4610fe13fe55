-- version: 10
-- schema_version: 1.9.0
-- description: Staged interval updates
--
-- Issue 14 (docs/decisions/0018-set-based-writes.md, "Interval updates
-- staged"). A write that moves the intervals of stored edges, datasets and
-- fields (ADR 0024) sent one UPDATE per distinct set of values: a DBQL
-- commit that first sees thousands of dictionary fields, each at the time of
-- the statement that read it, sent thousands. The writer now inserts each
-- kind's changed items into the staging table below as one driver batch and
-- moves them into their OL_* table with one MERGE (WHEN MATCHED: an update,
-- its ON clause the target's unique primary index).
--
-- A global temporary table like those of V0005: each session its own
-- instance, emptied at commit (ON COMMIT DELETE ROWS), no journal.

CREATE GLOBAL TEMPORARY MULTISET TABLE OL_STAGE_VALIDITY, NO FALLBACK, NO LOG (
  item_kind CHAR(1) NOT NULL,
  item_key VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  is_active CHAR(1),
  valid_from TIMESTAMP(6),
  valid_to TIMESTAMP(6),
  opened_by VARCHAR(64) CHARACTER SET UNICODE,
  closed_by VARCHAR(64) CHARACTER SET UNICODE
) PRIMARY INDEX (item_key)
ON COMMIT DELETE ROWS;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (10, '2-0-2', '1.9.0', CURRENT_TIMESTAMP(0), 'Staged interval updates');
