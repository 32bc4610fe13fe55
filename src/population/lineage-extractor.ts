import type { ColumnRead, ExtractedEdge } from './extraction/extraction.types.js';

/**
 * What population needs from the extraction engine, kept small so the run
 * machinery does not depend on the engine's internals: statements in
 * (in DBQL order, with their session and default database), one outcome per
 * statement out. The Nest provider for the abstract factory is chosen in
 * population.module.ts.
 */

export interface ExtractionRequest {
  /** Caller's key, echoed back. */
  readonly key: string;
  readonly sql: string;
  readonly defaultDatabase: string | null;
  /** DBQL SessionID. */
  readonly sessionId: string | null;
  /**
   * Earlier statements of the same session that created or filled volatile
   * tables this statement reads, in order: the engine runs them first in one
   * session, so lineage goes through the volatile tables to their sources.
   * Empty when the statement reads no volatile table.
   */
  readonly sessionContext: readonly string[];
}

export interface ExtractionOutcome {
  readonly statementType: string | null;
  readonly inTables: readonly string[];
  readonly outTables: readonly string[];
  readonly columnEdges: readonly ExtractedEdge[];
  readonly warnings: readonly string[];
  /** The permanent columns the request reads (usage, issue 21). */
  readonly reads?: readonly ColumnRead[];
  /** Set when the statement could not be used: EXTRACTION_PARSE_ERROR, EXTRACTION_TIMEOUT, … */
  readonly error?: { readonly code: string; readonly message: string };
}

/** Dictionary metadata handed to the engine for `SELECT *` and unqualified names. */
export interface ExtractionMetadata {
  /** Lower-case `database.table` → columns in ordinal order. */
  readonly tables: ReadonlyMap<string, { readonly kind: 'TABLE' | 'VIEW'; readonly columns: readonly string[] }>;
}

export interface LineageExtractor {
  /** One outcome per request, same order. Never rejects for a bad statement (that is an outcome with an error). */
  extract(requests: readonly ExtractionRequest[]): Promise<ExtractionOutcome[]>;
  close(): Promise<void>;
}

/** DI token: opens an extractor for one run (a worker pool lives as long as the run). */
export abstract class LineageExtractorFactory {
  abstract open(options: { workers: number; deadlineMs: number; metadata: ExtractionMetadata }): Promise<LineageExtractor>;
}

export const EXTRACTION_TIMEOUT = 'EXTRACTION_TIMEOUT';

/**
 * Runs `work` with an extractor opened for one run and closes it after. A
 * cancelled run (shutdown, admin) closes it at once, so extraction stops and
 * the page in hand is not written.
 */
export async function withRunExtractor<T>(
  factory: LineageExtractorFactory,
  options: { workers: number; deadlineMs: number; metadata: ExtractionMetadata },
  signal: AbortSignal,
  work: (extractor: LineageExtractor) => Promise<T>,
): Promise<T> {
  const extractor = await factory.open(options);
  const stop = (): void => void extractor.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await work(extractor);
  } finally {
    signal.removeEventListener('abort', stop);
    await extractor.close();
  }
}
