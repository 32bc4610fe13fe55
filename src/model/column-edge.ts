import type { TransformationType } from './transformation.js';

/**
 * One column-level lineage edge, in OpenLineage words: a source field feeds a
 * target field through a transformation. What ingestion maps an event to, a
 * population batch writes, the OL_* store keeps (OL_COLUMN_LINEAGE, keyed by
 * `lineageId` of model/ids.ts) and the lineage index is built from.
 * Datasets and fields are lower-case; namespaces are URIs.
 */
export interface ColumnEdge {
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly sourceField: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
  readonly targetField: string;
  readonly transformationType: TransformationType;
  /**
   * One of TRANSFORMATION_SUBTYPES when mined; OpenLineage events may bring
   * other values (the facet leaves subtype open), which are kept as given.
   * Null only in a stored row without one; read as IDENTITY.
   */
  readonly transformationSubtype: string | null;
  readonly description: string | null;
  readonly masking: boolean;
  /** 0.00 – 1.00; null when the writer did not say (OpenLineage events). */
  readonly confidence: number | null;
}
