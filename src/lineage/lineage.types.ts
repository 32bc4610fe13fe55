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
  /** In a comparison (compare=): only in the later side (added) or only in the earlier one (removed); absent when in both. */
  readonly diff?: Diff;
}

/** What a comparison of two instants says of a node or edge found on one side only. */
export type Diff = 'added' | 'removed';

/** An edge of a LineageGraph: between node ids, as answers show it (a ColumnEdge, or a table-level or row-level link). */
export interface LineageGraphEdge {
  readonly source: string;
  readonly target: string;
  readonly transformationType: TransformationType;
  readonly transformationSubtype: TransformationSubtype | string;
  readonly description?: string;
  readonly confidence?: number;
  readonly masking?: boolean;
  /** See GraphNode.diff. */
  readonly diff?: Diff;
}

export interface LineageGraph {
  readonly root: string;
  readonly direction: LineageDirection;
  readonly maxDepth: number;
  /** The instant the graph describes (ISO 8601, to the second), when asked for one (asOf); absent: the present. */
  readonly asOf?: string;
  /** In a comparison: the other instant (ISO 8601, to the second); nodes and edges on one side only carry `diff`. */
  readonly compare?: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly LineageGraphEdge[];
  /** True when the node cap (LINEAGE_NODE_CAP) cut the walk short. */
  readonly truncated: boolean;
}

/** The run (a DBQL statement, an OpenLineage event's run, a view definition) that made a change. */
export interface ChangeRun {
  readonly runId: string;
  readonly jobId: string | null;
  /** The job's name: for a DBQL statement its first words and fingerprint (`REPLACE VIEW mart_sales.v_sales_by_region #3fa2…`). */
  readonly jobName: string | null;
  /** When the run's statement or event happened (ISO 8601). */
  readonly eventTime: string | null;
  readonly producer: string | null;
  /** The start of the statement's SQL (DBQL) or the job's description, when known (at most 300 characters). */
  readonly statement: string | null;
}

/** One end of an edge, as a change names it. */
export interface ChangeEnd {
  readonly namespace: string;
  readonly dataset: string;
  readonly field: string;
  readonly nodeId: string;
}

/**
 * Something that started or stopped being true (ADR 0024): an edge, a
 * dataset or a field, added (its interval began) or removed (it ended) at
 * `at`, with the run that did it.
 */
export interface LineageChange {
  readonly at: string;
  readonly change: Diff;
  readonly kind: 'edge' | 'dataset' | 'field';
  /** A dataset's or field's node id; an edge's target field's. */
  readonly nodeId: string;
  /** The dataset's or field's, or an edge's target's. */
  readonly namespace: string;
  readonly dataset: string;
  readonly field?: string;
  /** An edge's source. */
  readonly source?: ChangeEnd;
  readonly transformationType?: string;
  readonly transformationSubtype?: string | null;
  /** Null when the store does not know it (history the V0008 migration filled in). */
  readonly run: ChangeRun | null;
}

/** Counts of a window's changes, by kind. */
export interface ChangeCounts {
  readonly added: number;
  readonly removed: number;
}

/** The changes of a window, oldest first, one page of them. */
export interface ChangesPage {
  readonly since: string;
  readonly until: string;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly summary: { readonly edges: ChangeCounts; readonly datasets: ChangeCounts; readonly fields: ChangeCounts };
  readonly items: readonly LineageChange[];
}
