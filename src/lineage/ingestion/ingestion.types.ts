/**
 * The OL_* rows one OpenLineage RunEvent maps to (openlineage.mapper.ts),
 * with the natural ids of common/ol-ids.ts already computed, so ingestion
 * and population upsert the same keys.
 */
export interface NamespaceRow {
  readonly namespaceId: string;
  readonly namespaceUri: string;
}

export interface DatasetRow {
  readonly datasetId: string;
  readonly namespaceId: string;
  /** Lower-case, as every writer stores it. */
  readonly name: string;
  readonly description: string | null;
  /** TABLE or VIEW. */
  readonly sourceType: string;
}

export interface FieldRow {
  readonly fieldId: string;
  readonly datasetId: string;
  readonly fieldName: string;
  readonly fieldType: string | null;
  readonly description: string | null;
  /** 1-based position in the `schema` facet; null for a field only seen in column lineage. */
  readonly ordinalPosition: number | null;
}

export interface JobRow {
  readonly jobId: string;
  readonly namespaceId: string;
  readonly name: string;
  readonly description: string | null;
  readonly jobType: string;
}

export interface RunRow {
  readonly runId: string;
  readonly jobId: string;
  readonly eventType: string;
  readonly eventTime: Date;
  readonly nominalStartTime: Date | null;
  readonly nominalEndTime: Date | null;
  readonly producer: string;
  readonly schemaUrl: string;
}

export interface RunDatasetRow {
  readonly runId: string;
  readonly datasetId: string;
}

export interface EdgeRow {
  readonly lineageId: string;
  readonly runId: string;
  /** Namespace URI. */
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly sourceField: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
  readonly targetField: string;
  readonly transformationType: 'DIRECT' | 'INDIRECT';
  readonly transformationSubtype: string;
  readonly description: string | null;
  readonly masking: boolean;
}

export interface IngestionRows {
  readonly namespaces: readonly NamespaceRow[];
  readonly datasets: readonly DatasetRow[];
  readonly fields: readonly FieldRow[];
  readonly job: JobRow;
  readonly run: RunRow;
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
