import type { ExtractionContext, StatementLineage } from './extraction.types.js';
import { extractLineage } from './extractor.js';
import { SessionState } from './session-state.js';

/**
 * The messages between the pool and an extraction worker, and what the
 * worker does with them: `metadata` (set once, shared by later jobs) and
 * `job` (one text, after its session context, answered with its lineage).
 */
export interface WorkerJob {
  readonly type: 'job';
  readonly id: number;
  readonly sql: string;
  /** Statements replayed first in the same session (volatile tables, DATABASE defaults). */
  readonly sessionContext: readonly string[];
  readonly defaultDatabase: string | null;
  readonly dialect: string;
  /** Per-job metadata entries; when absent the shared metadata is used. */
  readonly metadata?: [string, string[]][];
  /** Return every statement's result (scripts) instead of the last one. */
  readonly all: boolean;
}

export interface WorkerMetadata {
  readonly type: 'metadata';
  readonly entries: [string, string[]][];
}

export interface WorkerReply {
  readonly id: number;
  readonly results: StatementLineage[];
}

/** A worker's side of the protocol: keeps the shared metadata, answers jobs; never throws. */
export class ExtractionJobRunner {
  private shared = new Map<string, string[]>();

  /** The reply to a job; nothing for a metadata message. */
  handle(message: WorkerJob | WorkerMetadata): WorkerReply | undefined {
    if (message.type === 'metadata') {
      this.shared = new Map(message.entries);
      return undefined;
    }
    try {
      return this.run(message);
    } catch (err) {
      // extractLineage never throws for a bad statement; this is a bug or the WASM module failing.
      const error = { code: 'EXTRACTION_INTERNAL' as const, message: String((err as Error)?.message ?? err).slice(0, 500) };
      return { id: message.id, results: [{ statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [], error }] };
    }
  }

  /** What a job is extracted with: its default database and dialect, its own metadata or the shared one. */
  contextOf(job: WorkerJob): ExtractionContext {
    return { defaultDatabase: job.defaultDatabase, dialect: job.dialect, metadata: job.metadata ? new Map(job.metadata) : this.shared };
  }

  private run(job: WorkerJob): WorkerReply {
    const context = this.contextOf(job);
    const session = new SessionState(context);
    for (const statement of job.sessionContext) extractLineage(statement, context, session);
    const results = extractLineage(job.sql, context, session);
    return { id: job.id, results: job.all ? results : results.slice(-1) };
  }
}
