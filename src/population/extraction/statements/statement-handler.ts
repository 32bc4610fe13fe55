import type { ExtractedEdge, StatementType } from '../extraction.types.js';
import type { SessionState } from '../session-state.js';
import type { StatementWalker } from '../statement-walker.js';
import type { Node } from '../syntax-tree.js';

/** What a statement handler is given: one parsed statement, a fresh walker for it, and its session. */
export interface StatementInput {
  /** The statement's syntax tree (`{ insert: {…} }`, `{ select: {…} }` …). */
  readonly root: Node;
  /** The text that was parsed (after Teradata normalisation). */
  readonly sql: string;
  readonly walker: StatementWalker;
  readonly session: SessionState;
}

/**
 * What a handler found: the statement's type, the tables it writes and the column edges into
 * them. The dispatcher adds the row-deciding (INDIRECT) edges the walker noted and the tables read.
 */
export interface StatementOutput {
  readonly statementType: StatementType;
  readonly outTables: readonly string[];
  readonly edges: readonly ExtractedEdge[];
}

/** One kind of statement (INSERT, MERGE, CREATE VIEW …) → its lineage. */
export type StatementHandler = (statement: StatementInput) => StatementOutput;
