/**
 * The parts of OpenLineage 2-0-2 events that ingestion reads, after the
 * event passed schema validation (so required members are present):
 * RunEvent (a run of a job), JobEvent (a job's static inputs and outputs)
 * and DatasetEvent (a dataset's static metadata). Everything else an event
 * carries is accepted, kept in the raw event, and otherwise ignored.
 */
export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export interface OlTransformation {
  readonly type: string;
  readonly subtype?: string;
  readonly description?: string;
  readonly masking?: boolean;
}

export interface OlInputField {
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly transformations?: readonly OlTransformation[];
}

export interface OlColumnLineageFacet {
  readonly fields: Readonly<
    Record<string, { readonly inputFields: readonly OlInputField[]; readonly transformationType?: string; readonly transformationDescription?: string }>
  >;
  readonly dataset?: readonly OlInputField[];
}

export interface OlSchemaField {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
}

export interface OlDatasetFacets {
  readonly schema?: { readonly fields?: readonly OlSchemaField[] };
  readonly columnLineage?: OlColumnLineageFacet;
  readonly documentation?: { readonly description?: string };
  readonly datasetType?: { readonly datasetType?: string };
  /** What the run did to the dataset (OpenLineage LifecycleStateChangeDatasetFacet): DROP ends it. */
  readonly lifecycleStateChange?: { readonly lifecycleStateChange?: string };
  readonly [facet: string]: unknown;
}

export interface OlDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: OlDatasetFacets;
}

export interface OlJob {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: {
    readonly jobType?: { readonly jobType?: string };
    readonly sql?: { readonly query?: string };
    readonly documentation?: { readonly description?: string };
    readonly [facet: string]: unknown;
  };
}

interface OlBaseEvent {
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
}

export interface OlRunEvent extends OlBaseEvent {
  readonly eventType?: RunEventType;
  readonly run: {
    readonly runId: string;
    readonly facets?: { readonly nominalTime?: { readonly nominalStartTime?: string; readonly nominalEndTime?: string }; readonly [facet: string]: unknown };
  };
  readonly job: OlJob;
  readonly inputs?: readonly OlDataset[];
  readonly outputs?: readonly OlDataset[];
}

/** Static lineage: what a job reads and writes, without a run. */
export interface OlJobEvent extends OlBaseEvent {
  readonly job: OlJob;
  readonly inputs?: readonly OlDataset[];
  readonly outputs?: readonly OlDataset[];
}

/** Static metadata of one dataset (its schema, its column lineage). */
export interface OlDatasetEvent extends OlBaseEvent {
  readonly dataset: OlDataset;
}

export type OlEvent = OlRunEvent | OlJobEvent | OlDatasetEvent;

/**
 * RUN, JOB or DATASET: which of the three an event is, by its members, as
 * the schema's `oneOf` decides: `run` makes a RunEvent; else `job` a JobEvent
 * (whatever else it carries: an `eventType` on it is allowed and ignored, as
 * Marquez does); else `dataset` a DatasetEvent.
 */
export type EventKind = 'RUN' | 'JOB' | 'DATASET';

export function eventKind(event: object): EventKind {
  if ('run' in event) return 'RUN';
  if ('job' in event) return 'JOB';
  // Neither: refused as the RunEvent most producers send (its `run` and `job` reported missing).
  return 'dataset' in event ? 'DATASET' : 'RUN';
}

/** One problem with a posted event: where (JSON pointer) and what. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}
