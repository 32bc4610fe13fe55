import { createHash } from 'node:crypto';

/**
 * Natural ids of the OL_* rows, shared by every writer (population,
 * OpenLineage ingestion) so that a re-run upserts the same keys.
 * Teradata names are case-insensitive: datasets and fields are stored lower-case.
 */

const MAX_NAMESPACE_ID = 64;
const MAX_DATASET_ID = 256;
const MAX_FIELD_ID = 512;

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Keeps a readable id when it fits the column, else a stable hash with a readable prefix. */
function fit(id: string, max: number): string {
  if (id.length <= max) return id;
  const hash = digest(id, 40);
  return `${id.slice(0, max - hash.length - 1)}~${hash}`;
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** OL_NAMESPACE.namespace_id for a namespace URI such as `teradata://host:1025`. */
export function namespaceId(namespaceUri: string): string {
  return fit(namespaceUri, MAX_NAMESPACE_ID);
}

/** OL_DATASET.dataset_id: namespace_id + '/' + `database.table`. */
export function datasetId(nsId: string, datasetName: string): string {
  return fit(`${nsId}/${normalizeName(datasetName)}`, MAX_DATASET_ID);
}

/** OL_DATASET_FIELD.field_id: dataset_id + '/' + field name. */
export function fieldId(dsId: string, fieldName: string): string {
  return fit(`${dsId}/${normalizeName(fieldName)}`, MAX_FIELD_ID);
}

export interface EdgeKey {
  readonly sourceNamespace: string;
  readonly sourceDataset: string;
  readonly sourceField: string;
  readonly targetNamespace: string;
  readonly targetDataset: string;
  readonly targetField: string;
  readonly transformationType: string;
  readonly transformationSubtype: string;
}

/** OL_COLUMN_LINEAGE.lineage_id: one row per (source column, target column, transformation). */
export function lineageId(edge: EdgeKey): string {
  return digest(
    [
      edge.sourceNamespace,
      normalizeName(edge.sourceDataset),
      normalizeName(edge.sourceField),
      edge.targetNamespace,
      normalizeName(edge.targetDataset),
      normalizeName(edge.targetField),
      edge.transformationType,
      edge.transformationSubtype,
    ].join('\u0001'),
    64,
  );
}

/** A stable id of up to 64 characters for jobs and runs derived from text (statement fingerprint, event ids). */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${digest(parts.join('\u0001'), 60 - prefix.length)}`;
}
