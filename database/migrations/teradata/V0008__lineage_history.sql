-- version: 8
-- schema_version: 1.7.0
-- description: Lineage history: when each edge, dataset and field was true
--
-- Issue 20 (lineage as of any date, docs/decisions/0024-time-travel.md).
-- Every edge, dataset and field gets the interval it is true over:
-- valid_from (when it was first seen: the StartTime of the DBQL statement,
-- or the eventTime of the OpenLineage event, that stated it), valid_to
-- (NULL while it holds; else when the statement or event that ended it ran:
-- a view redefined, a table replaced or dropped, a later run of the same job
-- that no longer lists it), and the runs that opened and closed it
-- (opened_by, closed_by: OL_RUN.run_id). An item that stopped and later came
-- back keeps its earlier intervals in OL_LINEAGE_HISTORY (item_kind E
-- edge / D dataset / F field, item_key its lineage_id, dataset_id or
-- field_id); the row itself holds its latest interval.
--
-- What the store knew before is all the fill has, and it assumes:
-- - an edge became true at its run's own time (OL_RUN.event_time of the
--   run that first found it), else when it was stored (discovered_at);
--   opened_by is that run;
-- - an inactive edge stopped at the earliest later run that wrote an edge
--   still active into the same target (its redefinition); when there is
--   none it cannot be dated and gets an empty interval (valid_to =
--   valid_from: it is in no answer as of any instant); closed_by is unknown
--   (NULL);
-- - a field became true with its first edge (either end), a dataset with
--   the first run that read or wrote it or the first of its fields, and
--   neither has stopped; one no lineage mentions (the dictionary's alone)
--   keeps valid_from NULL: not seen by any statement or event yet.
-- Earlier intervals of edges deactivated and reactivated before the
-- upgrade are not known: such an edge holds from its first run on.

-- Teradata: ALTER TABLE … ADD rewrites each table's rows and locks it
-- while it runs; apply this migration with population and ingestion
-- stopped (the staging tables of V0005 get the columns too, which Teradata
-- only allows while no session holds an instance of them).

ALTER TABLE OL_COLUMN_LINEAGE ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_COLUMN_LINEAGE ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_COLUMN_LINEAGE ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_COLUMN_LINEAGE ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_DATASET ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_DATASET ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_DATASET ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_DATASET ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_DATASET_FIELD ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_DATASET_FIELD ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_DATASET_FIELD ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_DATASET_FIELD ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_COLUMN_LINEAGE ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_STAGE_COLUMN_LINEAGE ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_STAGE_COLUMN_LINEAGE ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_COLUMN_LINEAGE ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_DATASET ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_STAGE_DATASET ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_STAGE_DATASET ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_DATASET ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_DATASET_FIELD ADD valid_from TIMESTAMP(6);

ALTER TABLE OL_STAGE_DATASET_FIELD ADD valid_to TIMESTAMP(6);

ALTER TABLE OL_STAGE_DATASET_FIELD ADD opened_by VARCHAR(64) CHARACTER SET UNICODE;

ALTER TABLE OL_STAGE_DATASET_FIELD ADD closed_by VARCHAR(64) CHARACTER SET UNICODE;

CREATE MULTISET TABLE OL_LINEAGE_HISTORY, NO FALLBACK (
  item_kind CHAR(1) NOT NULL,
  item_key VARCHAR(512) CHARACTER SET UNICODE NOT NULL,
  valid_from TIMESTAMP(6),
  valid_to TIMESTAMP(6) NOT NULL,
  opened_by VARCHAR(64) CHARACTER SET UNICODE,
  closed_by VARCHAR(64) CHARACTER SET UNICODE
) PRIMARY INDEX (item_key)
  INDEX (valid_to);

UPDATE OL_COLUMN_LINEAGE SET valid_from = discovered_at, opened_by = run_id;

UPDATE l FROM OL_COLUMN_LINEAGE l, OL_RUN r SET valid_from = r.event_time WHERE r.run_id = l.run_id;

UPDATE l FROM OL_COLUMN_LINEAGE l, (
  SELECT d.lineage_id, MIN(r.event_time) AS replaced_at
  FROM OL_COLUMN_LINEAGE d
  JOIN OL_COLUMN_LINEAGE a ON a.target_namespace = d.target_namespace AND a.target_dataset = d.target_dataset AND a.is_active = 'Y'
  JOIN OL_RUN r ON r.run_id = a.run_id
  WHERE d.is_active = 'N' AND r.event_time > d.valid_from
  GROUP BY d.lineage_id
) x SET valid_to = x.replaced_at WHERE l.lineage_id = x.lineage_id;

UPDATE OL_COLUMN_LINEAGE SET valid_to = valid_from WHERE is_active = 'N' AND valid_to IS NULL;

UPDATE f FROM OL_DATASET_FIELD f, (
  SELECT f2.field_id, MIN(e.valid_from) AS first_seen
  FROM (
    SELECT source_namespace AS ns, source_dataset AS ds, source_field AS fd, valid_from FROM OL_COLUMN_LINEAGE
    UNION ALL SELECT target_namespace, target_dataset, target_field, valid_from FROM OL_COLUMN_LINEAGE
  ) e
  JOIN OL_NAMESPACE n ON n.namespace_uri = e.ns
  JOIN OL_DATASET d ON d.namespace_id = n.namespace_id AND d.name = e.ds
  JOIN OL_DATASET_FIELD f2 ON f2.dataset_id = d.dataset_id AND f2.field_name = e.fd
  GROUP BY f2.field_id
) x SET valid_from = x.first_seen WHERE f.field_id = x.field_id;

UPDATE d FROM OL_DATASET d, (
  SELECT s.dataset_id, MIN(s.seen) AS first_seen
  FROM (
    SELECT i.dataset_id, r.event_time AS seen FROM OL_RUN_INPUT i JOIN OL_RUN r ON r.run_id = i.run_id
    UNION ALL SELECT o.dataset_id, r.event_time FROM OL_RUN_OUTPUT o JOIN OL_RUN r ON r.run_id = o.run_id
    UNION ALL SELECT f.dataset_id, f.valid_from FROM OL_DATASET_FIELD f WHERE f.valid_from IS NOT NULL
  ) s
  GROUP BY s.dataset_id
) x SET valid_from = x.first_seen WHERE d.dataset_id = x.dataset_id;

INSERT INTO OL_SCHEMA_VERSION (version_id, openlineage_spec_version, schema_version, applied_at, description)
VALUES (8, '2-0-2', '1.7.0', CURRENT_TIMESTAMP(0), 'Lineage history: when each edge, dataset and field was true');
