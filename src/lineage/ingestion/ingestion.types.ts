/**
 * The OL_* rows one OpenLineage RunEvent maps to (openlineage.mapper.ts):
 * the row types of the OL_* store writer, which population writes too, with
 * the natural ids of model/ids.ts already computed, so both upsert the
 * same keys.
 */
import type { DatasetRow, EdgeRow, FieldRow, JobRow, NamespaceRow, RunDatasetRow, RunRow } from '../../ol-store/ol-store.types.js';

/** A run as an event states it: its nominal times are the facet's (null when it has none). */
export interface EventRunRow extends RunRow {
  readonly nominalStartTime: Date | null;
  readonly nominalEndTime: Date | null;
  readonly schemaUrl: string;
}

export interface IngestionRows {
  readonly namespaces: readonly NamespaceRow[];
  readonly datasets: readonly DatasetRow[];
  readonly fields: readonly FieldRow[];
  readonly job: JobRow;
  readonly run: EventRunRow;
  readonly runInputs: readonly RunDatasetRow[];
  readonly runOutputs: readonly RunDatasetRow[];
  readonly edges: readonly EdgeRow[];
}

/** New rows written per table by one event (rows already present are not counted). */
export interface StoredCounts {
  namespaces: number;
  datasets: number;
  fields: number;
  /** Fields first seen without facts (type, position) that this event's `schema` facet completed. */
  fieldsCompleted: number;
  jobs: number;
  runs: number;
  runInputs: number;
  runOutputs: number;
  edges: number;
  /** Edges that population had deactivated and this event asserted again. */
  edgesReactivated: number;
}

export interface IngestionResult {
  readonly runId: string;
  readonly eventType: string;
  readonly stored: StoredCounts;
  /** True when the event was already known: nothing was written. */
  readonly duplicate: boolean;
}
