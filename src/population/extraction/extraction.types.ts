/** The engine's input and output: SQL text plus dictionary metadata in, edges out. */

export type TransformationType = 'DIRECT' | 'INDIRECT';
export type TransformationSubtype = 'IDENTITY' | 'TRANSFORMATION' | 'AGGREGATION' | 'JOIN' | 'FILTER' | 'GROUP_BY' | 'SORT' | 'WINDOW' | 'CONDITIONAL';

export type StatementType = 'select' | 'insert' | 'ctas' | 'create_view' | 'update' | 'merge' | 'delete' | 'ddl' | 'other';

export interface FieldRef {
  /** Lower-case `database.table`; null for a plain SELECT's result set. */
  readonly dataset: string | null;
  readonly field: string;
}

export interface ColumnEdge {
  readonly source: { readonly dataset: string; readonly field: string };
  readonly target: FieldRef;
  readonly transformationType: TransformationType;
  readonly transformationSubtype: TransformationSubtype;
  readonly description: string;
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

export interface StatementLineage {
  readonly statementType: StatementType;
  readonly inTables: readonly string[];
  readonly outTables: readonly string[];
  readonly columnEdges: readonly ColumnEdge[];
  readonly warnings: readonly string[];
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
