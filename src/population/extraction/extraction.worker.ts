import { parentPort } from 'node:worker_threads';
import { extractLineage, SessionState } from './extractor.js';
import type { ExtractionContext, StatementLineage } from './extraction.types.js';

/**
 * Worker thread: runs the synchronous WASM parser off the caller's event
 * loop. Messages: `metadata` (set once, shared by later jobs) and `job`.
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

let shared = new Map<string, string[]>();

parentPort?.on('message', (message: WorkerJob | WorkerMetadata) => {
  if (message.type === 'metadata') {
    shared = new Map(message.entries);
    return;
  }
  const context: ExtractionContext = {
    defaultDatabase: message.defaultDatabase,
    dialect: message.dialect,
    metadata: message.metadata ? new Map(message.metadata) : shared,
  };
  const session = new SessionState(context);
  for (const statement of message.sessionContext) extractLineage(statement, context, session);
  const results = extractLineage(message.sql, context, session);
  const reply: WorkerReply = { id: message.id, results: message.all ? results : results.slice(-1) };
  parentPort?.postMessage(reply);
});
