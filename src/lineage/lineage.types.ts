import type { TransformationSubtype, TransformationType } from '../model/transformation.js';

/**
 * The lineage graph every endpoint, exporter and admin page speaks: the read
 * model of a walk. Node ids are the typed ids of model/ids.ts.
 */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

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

/** An edge of a LineageGraph: between node ids, as answers show it (a ColumnEdge, or a table-level or row-level link). */
export interface LineageGraphEdge {
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
  readonly edges: readonly LineageGraphEdge[];
  /** True when the node cap (LINEAGE_NODE_CAP) cut the walk short. */
  readonly truncated: boolean;
}
