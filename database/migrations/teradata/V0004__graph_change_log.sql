-- version: 4
-- schema_version: 1.3.0
-- description: Graph change log for the live lineage index
--
-- OL_GRAPH_CHANGE lists, per graph generation, what a writer changed in the
-- same transaction as the change: `E` + lineage_id for an edge inserted,
-- reactivated or deactivated (the edge row says its state now), `R` + run_id
-- for a run whose inputs or outputs were written (its dataset links). The
-- lineage index reads the rows past its generation and applies them instead
-- of rebuilding (docs/decisions/0017-live-index.md).
-- The primary index is the changed key, as OL_COLUMN_LINEAGE's is lineage_id:
-- the join of a change to its edge stays on one AMP, and the rows of one big
-- generation spread over all of them. Readers select by generation (NUSI).
-- OL_GRAPH_STATE row 2 holds the generation the log is complete after: rows
-- up to it were pruned (or predate the log), so an index older than it
-- rebuilds whole. Only new objects and a new row: safe on a live system.

CREATE MULTISET TABLE OL_GRAPH_CHANGE, NO FALLBACK (
  generation BIGINT NOT NULL,
  change_kind CHAR(1) NOT NULL,
  change_key VARCHAR(64) CHARACTER SET UNICODE NOT NULL,
  changed_at TIMESTAMP(6) NOT NULL
) PRIMARY INDEX (change_key)
  INDEX (generation);

INSERT INTO OL_GRAPH_STATE (state_id, generation, updated_at)
SELECT 2, generation, CURRENT_TIMESTAMP(6) FROM OL_GRAPH_STATE WHERE state_id = 1;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (4, '2-0-2', '1.3.0', CURRENT_TIMESTAMP(0), 'Graph change log for the live lineage index');
