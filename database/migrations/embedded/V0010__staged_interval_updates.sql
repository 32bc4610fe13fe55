-- version: 10
-- schema_version: 1.9.0
-- description: Staged interval updates
--
-- Issue 14 (docs/decisions/0018-set-based-writes.md, "Interval updates
-- staged"). On Teradata this version adds the staging table the writer moves
-- changed intervals through. The embedded engine needs none: it updates a
-- kind's changed items from one JSON parameter. Recorded here so both
-- dialects carry the same versions.

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (10, '2-0-2', '1.9.0', CURRENT_TIMESTAMP, 'Staged interval updates');
