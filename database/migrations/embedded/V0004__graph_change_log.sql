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
-- OL_GRAPH_STATE row 2 holds the generation the log is complete after: rows
-- up to it were pruned (or predate the log), so an index older than it
-- rebuilds whole.

CREATE TABLE OL_GRAPH_CHANGE (
  generation BIGINT NOT NULL,
  change_kind CHAR(1) NOT NULL,
  change_key VARCHAR(64) NOT NULL,
  changed_at TIMESTAMP NOT NULL
);

INSERT INTO OL_GRAPH_STATE (state_id, generation, updated_at)
SELECT 2, generation, CURRENT_TIMESTAMP FROM OL_GRAPH_STATE WHERE state_id = 1;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (4, '2-0-2', '1.3.0', CURRENT_TIMESTAMP, 'Graph change log for the live lineage index');
