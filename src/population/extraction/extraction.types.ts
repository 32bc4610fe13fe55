import type { TransformationSubtype, TransformationType } from '../../model/transformation.js';

/** The engine's input and output: SQL text plus dictionary metadata in, edges out. */

export type StatementType = 'select' | 'insert' | 'ctas' | 'create_view' | 'update' | 'merge' | 'delete' | 'ddl' | 'other';

export interface FieldRef {
  /** Lower-case `database.table`; null for a plain SELECT's result set. */
  readonly dataset: string | null;
  readonly field: string;
}

/**
 * A column edge as one statement states it: names as the SQL writes them
 * (unqualified ones take the statement's default database later), no
 * namespace, and the target may be a query's result set. Population turns
 * it into a model ColumnEdge; fixture mappings are stated the same way.
 */
export interface ExtractedEdge {
  readonly source: { readonly dataset: string; readonly field: string };
  readonly target: FieldRef;
  readonly transformationType: TransformationType;
  readonly transformationSubtype: TransformationSubtype;
  /** Always given by the engine; null for a fixture mapping without one. */
  readonly description: string | null;
  readonly masking: boolean;
  /** 0..1: 1 when every name resolved against known columns; lower when guessed. */
  readonly confidence: number;
}

export interface ExtractionError {
  readonly code:
    | 'EXTRACTION_PARSE_ERROR'
    | 'EXTRACTION_DEPTH_GUARD'
    | 'EXTRACTION_EMPTY'
    | 'EXTRACTION_NOT_SQL'
    | 'EXTRACTION_TIMEOUT'
    | 'EXTRACTION_WORKER_CRASHED'
    | 'EXTRACTION_UNSUPPORTED'
    | 'EXTRACTION_INTERNAL';
  readonly message: string;
}

/** How a statement reads a column: in what it returns or writes (projection), or in what decides the rows (WHERE, JOIN, GROUP BY, ORDER BY, QUALIFY, HAVING). */
export type ReadUse = 'projection' | 'predicate';

/** A permanent table or view column a statement reads (usage, issue 21): names as in edges, lower-case `database.table`. */
export interface ColumnRead {
  readonly dataset: string;
  readonly field: string;
  readonly use: ReadUse;
}

export interface StatementLineage {
  readonly statementType: StatementType;
  readonly inTables: readonly string[];
  readonly outTables: readonly string[];
  readonly columnEdges: readonly ExtractedEdge[];
  readonly warnings: readonly string[];
  /** The columns of permanent tables and views it reads, each use once (absent when nothing was resolved, e.g. a failure). */
  readonly reads?: readonly ColumnRead[];
  /** The text that was parsed, when normalisation changed it. */
  readonly normalizedSql?: string;
  readonly error?: ExtractionError;
}

/** Dictionary metadata: lower-case `database.table` → columns in ordinal order. */
export type TableColumns = ReadonlyMap<string, readonly string[]>;

export interface ExtractionContext {
  readonly defaultDatabase?: string | null;
  readonly metadata?: TableColumns;
  /** Parser dialect; default teradata. */
  readonly dialect?: string;
}
