import type { ColumnEdge } from '../model/column-edge.js';
import type { HistoryStep, Validity } from './lineage-history.js';

/** When edges, datasets and fields were true (lineage-history.ts): the write's steps and intervals, as writers hand them over. */
export type { HistoryStep, StepTarget, StoredItem, Validity } from './lineage-history.js';

/**
 * Rows the OL_* store writer accepts, in OpenLineage words. Ids are the
 * natural ids of `model/ids.ts`, computed by the caller.
 */
export interface NamespaceRow {
  readonly namespaceId: string;
  readonly namespaceUri: string;
  readonly description: string | null;
}

export interface DatasetRow {
  readonly datasetId: string;
  readonly namespaceId: string;
  /** `database.table`, lower-case. */
  readonly name: string;
  readonly description: string | null;
  /** TABLE or VIEW. */
  readonly sourceType: string;
  /** Its interval when it is new (the writer's plan sets it; absent: undated, the dictionary's rows). */
  readonly validity?: Validity;
}

export interface FieldRow {
  readonly fieldId: string;
  readonly datasetId: string;
  readonly fieldName: string;
  readonly fieldType: string | null;
  readonly description: string | null;
  /** 1-based; null when unknown (a field seen only in SQL). */
  readonly ordinalPosition: number | null;
  readonly nullable: boolean | null;
  /** Its interval when it is new (see DatasetRow.validity). */
  readonly validity?: Validity;
}

export interface JobRow {
  readonly jobId: string;
  readonly namespaceId: string;
  readonly name: string;
  readonly description: string | null;
  readonly jobType: string;
}

export interface RunRow {
  readonly runId: string;
  readonly jobId: string;
  readonly eventType: 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
  readonly eventTime: Date;
  /** From an event's `nominalTime` facet (null: none); absent, the event time (a DBQL request's). */
  readonly nominalStartTime?: Date | null;
  readonly nominalEndTime?: Date | null;
  readonly producer: string;
  readonly schemaUrl: string | null;
}

export interface RunDatasetRow {
  readonly runId: string;
  readonly datasetId: string;
}

/** An OL_COLUMN_LINEAGE row: a column edge with its natural id and the run that found it. */
export interface EdgeRow extends ColumnEdge {
  /** `lineageId()` of the edge. */
  readonly lineageId: string;
  readonly runId: string | null;
}

/** An OL_COLUMN_LINEAGE row's edge columns as the drivers return them (every reader of edges maps from this; a type, not an interface, so rows of it are `Row`s). */
export type ColumnLineageColumns = {
  readonly source_namespace: string;
  readonly source_dataset: string;
  readonly source_field: string;
  readonly target_namespace: string;
  readonly target_dataset: string;
  readonly target_field: string;
  readonly transformation_type: string;
  readonly transformation_subtype: string | null;
  readonly transformation_description: string | null;
  readonly masking: string | null;
};

/**
 * Everything one population batch writes, in one transaction. `replacedTargets`
 * are datasets whose definition a statement of the batch replaced (REPLACE
 * VIEW, CREATE TABLE AS): their active edges written by runs matching
 * `replaceRunPattern` that are not in `keep` are deactivated.
 */
export interface LineageBatch {
  readonly namespaces: readonly NamespaceRow[];
  readonly datasets: readonly DatasetRow[];
  readonly fields: readonly FieldRow[];
  readonly jobs: readonly JobRow[];
  readonly runs: readonly RunRow[];
  readonly runInputs: readonly RunDatasetRow[];
  readonly runOutputs: readonly RunDatasetRow[];
  readonly edges: readonly EdgeRow[];
  readonly replacedTargets: readonly ReplacedTarget[];
  /**
   * What each statement of the batch saw, defined afresh and dropped, at its
   * own time, in statement order: the intervals of edges, datasets and
   * fields follow them (lineage-history.ts). Absent: everything at write
   * time (fixtures, the dictionary's rows).
   */
  readonly steps?: readonly HistoryStep[];
}

export interface ReplacedTarget {
  readonly namespaceId: string;
  readonly dataset: string;
  /** Lineage ids into this dataset that the newest definition produces. */
  readonly keep: ReadonlySet<string>;
}

/** Rows inserted (new) and already present, per table, plus edge state changes. */
export interface WriteCounts {
  namespaces: InsertCount;
  datasets: InsertCount;
  fields: InsertCount;
  jobs: InsertCount;
  runs: InsertCount;
  runInputs: InsertCount;
  runOutputs: InsertCount;
  edges: InsertCount;
  edgesReactivated: number;
  edgesDeactivated: number;
  /** OL_GRAPH_STATE.generation the write bumped the graph to (absent when it changed nothing a reader sees). */
  generation?: number;
}

/**
 * What a write changed in the graph a lineage reader sees, recorded in the
 * change log (OL_GRAPH_CHANGE) under the generation it bumps to: edges
 * inserted, reactivated or deactivated (by lineage_id), and runs whose
 * inputs or outputs were written (their dataset links).
 */
export interface GraphChanges {
  readonly edges: readonly string[];
  readonly runs: readonly string[];
}

export interface InsertCount {
  inserted: number;
  present: number;
}

export function emptyWriteCounts(): WriteCounts {
  const z = (): InsertCount => ({ inserted: 0, present: 0 });
  return {
    namespaces: z(),
    datasets: z(),
    fields: z(),
    jobs: z(),
    runs: z(),
    runInputs: z(),
    runOutputs: z(),
    edges: z(),
    edgesReactivated: 0,
    edgesDeactivated: 0,
  };
}

export function addWriteCounts(into: WriteCounts, from: WriteCounts): WriteCounts {
  for (const key of ['namespaces', 'datasets', 'fields', 'jobs', 'runs', 'runInputs', 'runOutputs', 'edges'] as const) {
    into[key].inserted += from[key].inserted;
    into[key].present += from[key].present;
  }
  into.edgesReactivated += from.edgesReactivated;
  into.edgesDeactivated += from.edgesDeactivated;
  return into;
}

/** True when the batch changed what a lineage reader sees (new, reactivated or deactivated edges; run inputs and outputs, which link datasets). */
export function changesGraph(counts: WriteCounts): boolean {
  return counts.edges.inserted > 0 || counts.edgesReactivated > 0 || counts.edgesDeactivated > 0 || counts.runInputs.inserted > 0 || counts.runOutputs.inserted > 0;
}

/**
 * Column usage deltas of one DBQL batch (issue 21), summed per key: a
 * dataset or field read on a day by a user through an application and
 * client. Names as stored (`database.table`, lower-case field); the writer
 * adds the base columns behind view columns (via_view 'Y').
 */
export interface FieldUsageDelta {
  /** 'YYYY-MM-DD' of the statement's StartTime (DBQL's clock). */
  readonly day: string;
  readonly dataset: string;
  readonly field: string;
  readonly userName: string;
  readonly appId: string;
  readonly clientId: string;
  readCount: number;
  projectionCount: number;
  predicateCount: number;
  lastReadAt: Date;
}

export interface DatasetUsageDelta {
  readonly day: string;
  readonly dataset: string;
  readonly userName: string;
  readonly appId: string;
  readonly clientId: string;
  readCount: number;
  lastReadAt: Date;
}

/** Executions by one reader (user, application, client) on one day, and the last of them. */
export interface ReaderExecutions {
  readonly day: string;
  readonly userName: string;
  readonly appId: string;
  readonly clientId: string;
  readonly count: number;
  readonly lastReadAt: Date;
}

/**
 * Executions of one distinct statement by one reader on one day, with every
 * column it reads: what the writer follows through views, so that a base
 * column behind several view columns a statement reads counts once for it.
 */
export interface StatementReads extends ReaderExecutions {
  readonly columns: readonly { readonly dataset: string; readonly field: string; readonly projection: boolean; readonly predicate: boolean }[];
}

/** What a batch adds to usage, and the CollectTimeStamp range its run has now counted whole. */
export interface UsageBatch {
  readonly namespaceId: string;
  readonly fields: readonly FieldUsageDelta[];
  readonly datasets: readonly DatasetUsageDelta[];
  /** The same executions per distinct statement and reader (the view columns among them are counted on the columns behind). */
  readonly statements: readonly StatementReads[];
  readonly coverage: { readonly runId: string; readonly source: string; readonly from: Date; readonly until: Date };
}
