import { createHash } from 'node:crypto';
import type { ColumnEdge } from './column-edge.js';

/**
 * Ids of OpenLineage things.
 *
 * Natural ids of the OL_* rows, shared by every writer (population,
 * OpenLineage ingestion) so that a re-run upserts the same keys.
 *
 * Whether names fold case is the namespace's rule, decided by its scheme:
 * Teradata names are case-insensitive (`teradata://…`: datasets and fields
 * are stored and looked up lower-case); every other system's names are kept
 * as sent (Snowflake, Spark, Hive, Postgres, files: `Sales.Orders` and
 * `sales.orders` are two datasets), only trimmed. See nameKey.
 *
 * Node ids of the lineage graph, typed in the Marquez style:
 *   dataset:<namespace>:<database.table>
 *   datasetField:<namespace>:<database.table>:<field>
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

/** Namespace schemes whose names are case-insensitive: they are folded to lower case. */
const CASE_INSENSITIVE_SCHEME = /^teradata:/i;

/** True when names in this namespace (a URI, or an id that starts with it) ignore case. */
export function foldsCase(namespace: string): boolean {
  return CASE_INSENSITIVE_SCHEME.test(namespace.trimStart());
}

/**
 * A dataset or field name as stored and looked up in its namespace: trimmed,
 * and lower-case where the namespace's names are case-insensitive (foldsCase).
 * `namespace` is the namespace URI, or an id that starts with it (a dataset id).
 */
export function nameKey(namespace: string, name: string): string {
  const trimmed = name.trim();
  return foldsCase(namespace) ? trimmed.toLowerCase() : trimmed;
}

/** OL_NAMESPACE.namespace_id for a namespace URI such as `teradata://host:1025`. */
export function namespaceId(namespaceUri: string): string {
  return fit(namespaceUri, MAX_NAMESPACE_ID);
}

/** OL_DATASET.dataset_id: namespace_id + '/' + `database.table`. */
export function datasetId(nsId: string, datasetName: string): string {
  return fit(`${nsId}/${nameKey(nsId, datasetName)}`, MAX_DATASET_ID);
}

/** OL_DATASET_FIELD.field_id: dataset_id + '/' + field name. */
export function fieldId(dsId: string, fieldName: string): string {
  return fit(`${dsId}/${nameKey(dsId, fieldName)}`, MAX_FIELD_ID);
}

/** What identifies a column edge: its two ends and its transformation. */
export type EdgeKey = Pick<
  ColumnEdge,
  'sourceNamespace' | 'sourceDataset' | 'sourceField' | 'targetNamespace' | 'targetDataset' | 'targetField' | 'transformationType' | 'transformationSubtype'
>;

/** OL_COLUMN_LINEAGE.lineage_id: one row per (source column, target column, transformation). */
export function lineageId(edge: EdgeKey): string {
  return digest(
    [
      edge.sourceNamespace,
      nameKey(edge.sourceNamespace, edge.sourceDataset),
      nameKey(edge.sourceNamespace, edge.sourceField),
      edge.targetNamespace,
      nameKey(edge.targetNamespace, edge.targetDataset),
      nameKey(edge.targetNamespace, edge.targetField),
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

export function datasetNodeId(namespace: string, dataset: string): string {
  return `dataset:${namespace}:${dataset}`;
}

export function fieldNodeId(namespace: string, dataset: string, field: string): string {
  return `datasetField:${namespace}:${dataset}:${field}`;
}

export interface ParsedNodeId {
  readonly type: 'dataset' | 'datasetField';
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
}

/**
 * Parses `dataset:<ns>:<db.table>` and `datasetField:<ns>:<db.table>:<field>`.
 * The namespace may itself hold colons (`teradata://host:1025`), so the
 * dataset and field are taken from the right.
 */
export function parseNodeId(id: string): ParsedNodeId | null {
  const m = /^(dataset|datasetField):(.+)$/.exec(id);
  if (!m) return null;
  const parts = m[2].split(':');
  if (m[1] === 'dataset') {
    if (parts.length < 2) return null;
    const dataset = parts.pop() as string;
    const namespace = parts.join(':');
    return namespace && dataset ? { type: 'dataset', namespace, dataset } : null;
  }
  if (parts.length < 3) return null;
  const field = parts.pop() as string;
  const dataset = parts.pop() as string;
  const namespace = parts.join(':');
  return namespace && dataset && field ? { type: 'datasetField', namespace, dataset, field } : null;
}
