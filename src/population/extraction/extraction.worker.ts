import { parentPort } from 'node:worker_threads';
import { extractLineage, SessionState } from './extractor.js';
import type { ExtractionContext, StatementLineage } from './extraction.types.js';
import { ExtractionSession, type SessionLineage } from './session.js';

/**
 * Worker thread: runs the synchronous WASM parser off the caller's event
 * loop. Messages: `metadata` (set once, shared by later jobs) and `job`.
 * Compiled to dist/population/extraction/extraction.worker.js, which the
 * pool starts (also when the pool itself runs from TypeScript under vitest).
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
  /** Session mode: these statements in order in one ExtractionSession; the reply carries the composed view. */
  readonly statements?: readonly string[];
}

export interface WorkerMetadata {
  readonly type: 'metadata';
  readonly entries: [string, string[]][];
}

export interface WorkerReply {
  readonly id: number;
  readonly results: StatementLineage[];
  readonly session?: SessionLineage;
}

let shared = new Map<string, string[]>();

function run(message: WorkerJob): WorkerReply {
  const context: ExtractionContext = {
    defaultDatabase: message.defaultDatabase,
    dialect: message.dialect,
    metadata: message.metadata ? new Map(message.metadata) : shared,
  };
  if (message.statements) {
    const session = new ExtractionSession(context);
    for (const statement of message.sessionContext) session.extract(statement);
    const before = session.finish().statements.length;
    for (const statement of message.statements) session.extract(statement);
    const composed = session.finish();
    return { id: message.id, results: composed.statements.slice(before), session: composed };
  }
  const session = new SessionState(context);
  for (const statement of message.sessionContext) extractLineage(statement, context, session);
  const results = extractLineage(message.sql, context, session);
  return { id: message.id, results: message.all ? results : results.slice(-1) };
}

parentPort?.on('message', (message: WorkerJob | WorkerMetadata) => {
  if (message.type === 'metadata') {
    shared = new Map(message.entries);
    return;
  }
  let reply: WorkerReply;
  try {
    reply = run(message);
  } catch (err) {
    // extractLineage never throws for a bad statement; this is a bug or the WASM module failing.
    const error = { code: 'EXTRACTION_INTERNAL' as const, message: String((err as Error)?.message ?? err).slice(0, 500) };
    reply = { id: message.id, results: [{ statementType: 'other', inTables: [], outTables: [], columnEdges: [], warnings: [], error }] };
  }
  parentPort?.postMessage(reply);
});

// Warm up (the first parse compiles much of the WASM module lazily), then tell the pool:
// deadlines are counted from here, so a replacement worker's start-up never eats a statement's time.
extractLineage("INSERT INTO w.t (a) SELECT CASE WHEN b > 1 THEN SUM(c) OVER (PARTITION BY d) END FROM w.s s JOIN w.u u ON s.k = u.k");
parentPort?.postMessage({ type: 'ready' });
