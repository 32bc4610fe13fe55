/**
 * The lineage graph every endpoint, exporter and admin page speaks.
 * Node ids are typed in the Marquez style:
 *   dataset:<namespace>:<database.table>
 *   datasetField:<namespace>:<database.table>:<field>
 */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

export type TransformationType = 'DIRECT' | 'INDIRECT';

export type TransformationSubtype =
  | 'IDENTITY'
  | 'TRANSFORMATION'
  | 'AGGREGATION'
  | 'JOIN'
  | 'FILTER'
  | 'GROUP_BY'
  | 'SORT'
  | 'WINDOW'
  | 'CONDITIONAL';

export interface GraphNode {
  readonly id: string;
  readonly type: 'dataset' | 'datasetField';
  readonly namespace: string;
  /** `database.table` */
  readonly dataset: string;
  readonly field?: string;
  /** Hops from the root (0 = root). */
  readonly depth: number;
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly transformationType: TransformationType;
  readonly transformationSubtype: TransformationSubtype | string;
  readonly description?: string;
  readonly confidence?: number;
  readonly masking?: boolean;
}

export interface LineageGraph {
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** True when the node cap (LINEAGE_NODE_CAP) cut the walk short. */
  readonly truncated: boolean;
}

export function datasetNodeId(namespace: string, dataset: string): string {
  return `dataset:${namespace}:${dataset}`;
}

export function fieldNodeId(namespace: string, dataset: string, field: string): string {
  return `datasetField:${namespace}:${dataset}:${field}`;
}
