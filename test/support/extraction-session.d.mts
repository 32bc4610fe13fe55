import type { ExtractedEdge, ExtractionContext, StatementLineage, TableColumns } from '../../src/population/extraction/extraction.types.js';
import type { SessionState } from '../../src/population/extraction/session-state.js';

/** The engine functions a session runs on: from src/ in tests, from dist/ in benches. */
export interface ExtractionEngine {
  extractLineage(sql: string, context: ExtractionContext, session: SessionState): StatementLineage[];
  splitScript(sql: string): string[];
  SessionState: new (context: ExtractionContext) => SessionState;
}

/** Options of an extraction session: what a DBQL session starts with. */
export interface ExtractionSessionOptions {
  readonly defaultDatabase?: string | null;
  readonly metadata?: TableColumns;
  readonly dialect?: string;
}

/** A whole session script: per-statement lineage plus the composed, permanent-to-permanent view. */
export interface SessionLineage {
  readonly statements: readonly StatementLineage[];
  /** Permanent tables read and written by the script (session-scoped tables removed). */
  readonly inTables: readonly string[];
  readonly outTables: readonly string[];
  /** Edges with session-scoped tables collapsed: their readers link to what filled them. */
  readonly columnEdges: readonly ExtractedEdge[];
  /** Tables that lived only in this session: volatile tables, and tables created and dropped in it. */
  readonly sessionTables: readonly string[];
  readonly warnings: readonly string[];
}

export declare class ExtractionSession {
  constructor(engine: ExtractionEngine, options?: ExtractionSessionOptions);
  extract(sql: string): StatementLineage[];
  finish(): SessionLineage;
}
