/**
 * The OL_* rows one OpenLineage RunEvent maps to (openlineage.mapper.ts):
 * the row types of the OL_* store writer, which population writes too, with
 * the natural ids of model/ids.ts already computed, so both upsert the
 * same keys.
 */
import type { DatasetRow, EdgeRow, FieldRow, JobRow, NamespaceRow, RunDatasetRow, RunRow } from '../../ol-store/ol-store.types.js';
import type { Violation } from './openlineage.types.js';

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
  /** Null for a DatasetEvent. */
  readonly job: JobRow | null;
  /** Null for a DatasetEvent; a JobEvent's is its job's static run. */
  readonly run: EventRunRow | null;
  readonly runInputs: readonly RunDatasetRow[];
  readonly runOutputs: readonly RunDatasetRow[];
  readonly edges: readonly EdgeRow[];
  /**
   * Outputs whose column lineage the event states whole (a COMPLETE run
   * event's or a JobEvent's `columnLineage` facet): edges into them that
   * earlier runs of the same job wrote and this event no longer lists stop
   * at its eventTime (ADR 0024). Namespace URI and dataset name as edges
   * name their target.
   */
  readonly statedOutputs?: readonly { readonly namespace: string; readonly dataset: string }[];
  /** Outputs the event says were dropped (`lifecycleStateChange` DROP): they, their fields and the edges into them stop. */
  readonly droppedOutputs?: readonly { readonly namespace: string; readonly dataset: string; readonly datasetId: string }[];
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

/** What ingestion knows of an event before it writes it: its kind, identity and what lenient mode changed. */
export interface EventEnvelope {
  readonly kind: 'RUN' | 'JOB' | 'DATASET';
  readonly eventTime: Date;
  readonly producer: string;
  /** SHA-256 (hex) of the event's canonical JSON as posted: an identical re-post has the same id. */
  readonly eventId: string;
  /** The first 52 bits of eventId as a number: OL_EVENT's indexed look-up key. */
  readonly eventKey: number;
  /** The event as received, kept in OL_EVENT up to OPENLINEAGE_EVENT_KEEP_KB (null: larger). */
  readonly payload: string | null;
  readonly payloadChars: number;
  /** What lenient mode normalised, one sentence each (empty when nothing). */
  readonly normalised: readonly string[];
}

export interface IngestionResult {
  /** RUN, JOB or DATASET event. */
  readonly kind: 'RUN' | 'JOB' | 'DATASET';
  /** The run the event was stored under (a JobEvent's: its job's static run); absent for a DatasetEvent. */
  readonly runId?: string;
  readonly eventType?: string;
  /** The content hash that identifies the event. */
  readonly eventId: string;
  readonly stored: StoredCounts;
  /** stored: written (and merged into its run); duplicate: this very event was already stored, nothing written. */
  readonly status: 'stored' | 'duplicate';
  /** True when this very event (same content) was already stored: nothing was written. */
  readonly duplicate: boolean;
  /** What lenient mode changed to accept the event (absent when nothing). */
  readonly normalised?: readonly string[];
}

/** An event of a posted body that was not stored: where it was in the body, and why. */
export interface RefusedEvent {
  readonly index: number;
  readonly status: 'refused';
  readonly violations: readonly Violation[];
}

/** What happened to one event of a posted body: stored, duplicate (with `index`), or refused. */
export type EventOutcome = (IngestionResult & { readonly index: number }) | RefusedEvent;
