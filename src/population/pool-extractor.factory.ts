import { Injectable } from '@nestjs/common';
import { ExtractionPool } from './extraction/extraction.pool.js';
import type { StatementLineage } from './extraction/extraction.types.js';
import {
  type ExtractionMetadata,
  type ExtractionOutcome,
  type ExtractionRequest,
  type LineageExtractor,
  LineageExtractorFactory,
} from './lineage-extractor.js';

/**
 * Opens the extraction engine (population/extraction) for one run: a pool
 * of worker threads with the per-statement deadline, the dictionary shared
 * by every job, closed when the run ends.
 */
@Injectable()
export class PoolExtractorFactory extends LineageExtractorFactory {
  async open(options: { workers: number; deadlineMs: number; metadata: ExtractionMetadata }): Promise<LineageExtractor> {
    const metadata = new Map<string, readonly string[]>();
    for (const [name, table] of options.metadata.tables) metadata.set(name, table.columns);
    const pool = await ExtractionPool.create({ workers: options.workers, deadlineMs: options.deadlineMs, metadata });
    return {
      extract: (requests: readonly ExtractionRequest[]) =>
        Promise.all(
          requests.map(async (r) =>
            toOutcome(await pool.extractScript(r.sql, { defaultDatabase: r.defaultDatabase, sessionContext: r.sessionContext })),
          ),
        ),
      close: () => pool.close(),
    };
  }
}

/**
 * One outcome per DBQL request. A request may hold several statements
 * (`BT; INSERT …; ET;`): their lineage is merged; the request fails only
 * when no statement of it gave lineage and one failed.
 */
export function toOutcome(results: readonly StatementLineage[]): ExtractionOutcome {
  const failed = results.filter((r) => r.error);
  const useful = results.filter((r) => !r.error);
  if (results.length === 0) {
    return { statementType: null, inTables: [], outTables: [], columnEdges: [], warnings: [], error: { code: 'EXTRACTION_EMPTY', message: 'no statement found in the text' } };
  }
  const hasLineage = useful.some((r) => r.outTables.length > 0 || r.columnEdges.length > 0);
  if (failed.length > 0 && !hasLineage) {
    const first = failed[0];
    return { statementType: first.statementType, inTables: [], outTables: [], columnEdges: [], warnings: [...first.warnings], error: first.error };
  }
  const main = useful.find((r) => r.outTables.length > 0) ?? useful[0];
  return {
    statementType: main.statementType,
    inTables: [...new Set(useful.flatMap((r) => r.inTables))],
    outTables: [...new Set(useful.flatMap((r) => r.outTables))],
    columnEdges: useful.flatMap((r) => r.columnEdges),
    reads: useful.flatMap((r) => r.reads ?? []),
    warnings: [...useful.flatMap((r) => r.warnings), ...failed.map((r) => `${r.error?.code}: ${r.error?.message}`)],
  };
}
