/**
 * The parts of an OpenLineage 2-0-2 RunEvent that ingestion reads, after
 * the event passed schema validation (so required members are present).
 * Everything else an event carries is accepted and ignored.
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
  readonly [facet: string]: unknown;
}

export interface OlDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: OlDatasetFacets;
}

export interface OlRunEvent {
  readonly eventType?: RunEventType;
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: {
    readonly runId: string;
    readonly facets?: { readonly nominalTime?: { readonly nominalStartTime?: string; readonly nominalEndTime?: string }; readonly [facet: string]: unknown };
  };
  readonly job: {
    readonly namespace: string;
    readonly name: string;
    readonly facets?: {
      readonly jobType?: { readonly jobType?: string };
      readonly sql?: { readonly query?: string };
      readonly documentation?: { readonly description?: string };
      readonly [facet: string]: unknown;
    };
  };
  readonly inputs?: readonly OlDataset[];
  readonly outputs?: readonly OlDataset[];
}

/** One problem with a posted event: where (JSON pointer) and what. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}
