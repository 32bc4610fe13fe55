import { datasetNodeId, fieldNodeId } from './lineage-graph.js';

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

export function formatNodeId(n: ParsedNodeId): string {
  return n.type === 'dataset' ? datasetNodeId(n.namespace, n.dataset) : fieldNodeId(n.namespace, n.dataset, n.field as string);
}
