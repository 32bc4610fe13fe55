import { Inject, Injectable } from '@nestjs/common';
import { PopulationConfig } from '../config/app-config.js';
import type { LineageBatch } from '../ol-store/ol-store.types.js';
import { type DbqlStatement, type DbqlWindow, DbqlRepository } from './dbql.repository.js';
import { VolatileSessions } from './extraction/volatile-session.js';
import { buildLineageBatch, type ExtractedStatement } from './lineage-batch.builder.js';
import { EXTRACTION_TIMEOUT, type ExtractionOutcome, type ExtractionRequest, type LineageExtractor, LineageExtractorFactory } from './lineage-extractor.js';
import { dictionaryRows, indexMetadata, type PopulationMetadata, PopulationMetadataSource } from './population-metadata.js';
import { type NewFailure, PopulationRunRepository } from './population-run.repository.js';
import type { PendingBatch } from './batch-committer.js';
import type { RunContext } from './population.context.js';
import { emptyCounts, type PopulationCounts } from './population.types.js';
import { bump } from './run-progress.js';
import { classifyStatement, fingerprintStatement, statementHead, type StatementKind } from './statement-text.js';

/** Skip reasons (counted, not recorded as failures). */
export const SKIP = {
  failedInTeradata: 'failed-in-teradata',
  selectOnly: 'select-only',
  noLineage: 'no-lineage',
  noSqlText: 'no-sql-text',
  volatileStep: 'volatile-step',
} as const;

/** Distinct statements whose outcome a run remembers (repeats beyond it are extracted again). */
const OUTCOME_CACHE_LIMIT = 20_000;
/** Keys a run remembers having written before it starts over (bounds memory on huge windows). */
const WRITTEN_KEYS_LIMIT = 2_000_000;
/** Sessions remembered as having volatile tables. */
const VOLATILE_SESSION_LIMIT = 10_000;
/** Volatile steps remembered per session. */
const SESSION_CONTEXT_LIMIT = 200;

interface PreparedBatch extends Omit<PendingBatch, 'moveWatermark'> {
  readonly memory: RunMemory;
}

interface Classified {
  readonly statement: DbqlStatement;
  readonly key: string;
  readonly fingerprint: string;
  readonly kind: StatementKind;
  readonly context: readonly string[];
  readonly volatileTables: ReadonlySet<string> | undefined;
}

/**
 * DBQL population: read pages of the query log, extract each distinct
 * statement once per run, write each page's rows in one transaction with
 * the watermark and the run counters. Extraction of page N+1 overlaps the
 * write of page N; the next page is read while the current one is extracted.
 */
@Injectable()
export class DbqlPopulation {
  constructor(
    @Inject(DbqlRepository) private readonly dbql: DbqlRepository,
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(PopulationMetadataSource) private readonly metadataSource: PopulationMetadataSource,
    @Inject(LineageExtractorFactory) private readonly extractors: LineageExtractorFactory,
    @Inject(PopulationConfig) private readonly config: PopulationConfig,
  ) {}

  /**
   * The window of a run. Explicit --since/--until win (and never move the
   * watermark). Otherwise the run continues from the 'dbql' watermark; with
   * none stored, the first run starts POPULATION_LOOKBACK_HOURS back — or, on
   * the embedded demo, at the earliest DBQL StartTime so the whole demo
   * history is mined. The upper bound defaults to now.
   */
  async resolveWindow(options: { since?: Date; until?: Date }, demo: boolean): Promise<{ window: DbqlWindow; moveWatermark: boolean }> {
    const until = options.until ?? new Date();
    if (options.since) return { window: { since: options.since, until }, moveWatermark: false };
    const watermark = await this.runs.getWatermark();
    if (watermark) return { window: { since: watermark, until }, moveWatermark: true };
    const lookback = new Date(until.getTime() - this.config.lookbackHours * 3_600_000);
    if (demo) {
      const first = await this.dbql.firstStartTime();
      return { window: { since: first && first < lookback ? first : lookback, until }, moveWatermark: true };
    }
    return { window: { since: lookback, until }, moveWatermark: true };
  }

  /** Runs the window; `moveWatermark` when the window came from the watermark (explicit windows never move it). */
  async execute(ctx: RunContext, window: DbqlWindow, moveWatermark: boolean): Promise<void> {
    const metadata = indexMetadata(await this.metadataSource.columns());
    await this.writeDictionary(ctx, metadata);
    const extractor = await this.extractors.open({
      workers: this.config.extractionWorkers,
      deadlineMs: this.config.extractionDeadlineMs,
      metadata: metadata.extraction,
    });
    // a cancelled run (shutdown, admin) stops extracting at once; the page in hand is not written
    const stopExtracting = (): void => void extractor.close();
    ctx.signal.addEventListener('abort', stopExtracting, { once: true });
    const state = new RunMemory();
    let failureNo = 0;
    const nextFailureNo = (): number => ++failureNo;
    let pendingWrite: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const pages = this.dbql.pages(window, this.config.batchSize);
    let next: Promise<IteratorResult<DbqlStatement[]>> | null = null;
    try {
      let readStarted = Date.now();
      next = pages.next();
      for (;;) {
        const page = await next;
        ctx.progress.timings.readMs += Date.now() - readStarted;
        if (page.done || writeError || ctx.signal.aborted) break;
        // read the next page while this one is extracted, extract while the previous one is written
        readStarted = Date.now();
        next = pages.next();
        const extractStarted = Date.now();
        const prepared = await this.prepare(page.value, extractor, state, metadata, ctx, nextFailureNo);
        ctx.progress.timings.extractMs += Date.now() - extractStarted;
        if (ctx.signal.aborted) break;
        await pendingWrite;
        if (writeError) break;
        pendingWrite = this.commit(ctx, prepared, moveWatermark).catch((err: unknown) => {
          writeError = err;
        });
      }
    } finally {
      // whatever ended the loop: let the last write settle and the prefetched read finish before leaving
      await pendingWrite;
      await next?.catch(() => undefined);
      await pages.return(undefined).catch(() => undefined);
      ctx.signal.removeEventListener('abort', stopExtracting);
      await extractor.close();
    }
    if (writeError) throw writeError;
  }

  private async writeDictionary(ctx: RunContext, metadata: PopulationMetadata): Promise<void> {
    const { datasets, fields } = dictionaryRows(metadata.index, ctx.namespaceId);
    const batch: LineageBatch = {
      namespaces: [{ namespaceId: ctx.namespaceId, namespaceUri: ctx.namespaceUri, description: 'Teradata warehouse (lineage mined from DBQL)' }],
      datasets,
      fields,
      jobs: [],
      runs: [],
      runInputs: [],
      runOutputs: [],
      edges: [],
      replacedTargets: [],
    };
    await ctx.committer.commitRows(batch);
  }

  private async prepare(
    page: readonly DbqlStatement[],
    extractor: LineageExtractor,
    memory: RunMemory,
    metadata: PopulationMetadata,
    ctx: RunContext,
    nextFailureNo: () => number,
  ): Promise<PreparedBatch> {
    const delta = emptyCounts();
    const skips = new Map<string, number>();
    const failures: NewFailure[] = [];
    const failureCodes = new Map<string, number>();
    const toExtract: Classified[] = [];
    const classified: Classified[] = [];
    const requested = new Set<string>();

    for (const statement of page) {
      delta.statementsRead++;
      if (statement.errorCode !== 0) {
        bump(skips, SKIP.failedInTeradata);
        continue;
      }
      if (statement.statementType?.toLowerCase() === 'select') {
        bump(skips, SKIP.selectOnly);
        continue;
      }
      if (!statement.sql || statement.sql.trim() === '') {
        bump(skips, SKIP.noSqlText);
        continue;
      }
      const { normalized, fingerprint } = fingerprintStatement(statement.sql);
      const kind = classifyStatement(normalized);
      const volatile = memory.volatile.classify(statement.sessionId, { sql: statement.sql, normalized, fingerprint, kind });
      // a step creating or filling a volatile table is context for the statements reading it, not lineage of its own
      if (volatile.step) {
        bump(skips, SKIP.volatileStep);
        continue;
      }
      if (kind === 'select' || kind === 'none') {
        bump(skips, kind === 'select' ? SKIP.selectOnly : SKIP.noLineage);
        continue;
      }
      // the same statement after the same volatile steps has the same lineage, whichever session ran it
      const key = `${fingerprint}|${statement.defaultDatabase ?? ''}${volatile.reads ? `|${volatile.reads.digest}` : ''}`;
      const item: Classified = { statement, key, fingerprint, kind, context: volatile.reads?.context ?? [], volatileTables: volatile.tables };
      classified.push(item);
      if (!memory.outcomes.has(key) && !requested.has(key)) {
        requested.add(key);
        toExtract.push(item);
      }
    }

    const fresh = new Map<string, ExtractionOutcome>();
    if (toExtract.length > 0) {
      const requests: ExtractionRequest[] = toExtract.map((c) => ({
        key: c.key,
        sql: c.statement.sql as string,
        defaultDatabase: c.statement.defaultDatabase,
        sessionId: c.statement.sessionId,
        sessionContext: c.context,
      }));
      const outcomes = await extractor.extract(requests);
      toExtract.forEach((c, i) => {
        fresh.set(c.key, outcomes[i] ?? FORGOTTEN);
        memory.remember(c.key, outcomes[i]);
      });
    }

    const extracted: ExtractedStatement[] = [];
    for (const c of classified) {
      const outcome = fresh.get(c.key) ?? memory.outcomes.get(c.key) ?? FORGOTTEN;
      if (outcome.error) {
        if (outcome.error.code === EXTRACTION_TIMEOUT) delta.statementsTimedOut++;
        else delta.statementsFailed++;
        bump(failureCodes, outcome.error.code);
        if (!memory.reported.has(c.key)) {
          memory.reported.add(c.key);
          failures.push({
            failureNo: nextFailureNo(),
            queryId: c.statement.queryId,
            reasonCode: outcome.error.code,
            reason: outcome.error.message,
            sql: c.statement.sql,
          });
        }
        continue;
      }
      delta.statementsParsed++;
      if (c.kind === 'none') continue;
      extracted.push({
        queryId: c.statement.queryId,
        startTime: c.statement.startTime,
        sql: c.statement.sql as string,
        fingerprint: c.fingerprint,
        head: statementHead(c.statement.sql as string),
        kind: c.kind,
        defaultDatabase: c.statement.defaultDatabase,
        volatileTables: c.volatileTables,
        outcome,
      });
    }
    delta.statementsSkipped = [...skips.values()].reduce((a, b) => a + b, 0);
    const batch = memory.unwritten(buildLineageBatch(extracted, { namespaceId: ctx.namespaceId, dictionary: metadata.index }));
    return { batch, memory, statements: delta, skips, failures, failureCodes, position: page[page.length - 1].startTime, distinct: toExtract.length };
  }

  private async commit(ctx: RunContext, prepared: PreparedBatch, moveWatermark: boolean): Promise<void> {
    await ctx.committer.commit({ ...prepared, moveWatermark });
    // the transaction committed: later pages need not write these rows again
    prepared.memory.wrote(prepared.batch);
  }
}

const FORGOTTEN: ExtractionOutcome = {
  statementType: null,
  inTables: [],
  outTables: [],
  columnEdges: [],
  warnings: [],
  error: { code: 'EXTRACTION_NO_RESULT', message: 'The extraction engine returned no result for this statement' },
};

/**
 * What a run remembers across pages: outcomes per statement key, sessions
 * with volatile tables, and the keys it already wrote (so a statement
 * repeated in later pages does not offer the same datasets, fields, jobs
 * and edges again).
 */
class RunMemory {
  readonly outcomes = new Map<string, ExtractionOutcome>();
  readonly reported = new Set<string>();
  /** Sessions that created volatile tables: their tables and the steps that filled them. */
  readonly volatile = new VolatileSessions(VOLATILE_SESSION_LIMIT, SESSION_CONTEXT_LIMIT);
  private readonly written = { datasets: new Set<string>(), fields: new Set<string>(), jobs: new Set<string>() };
  /** Edge ids written by this run, per target dataset (a replaced target forgets its own). */
  private readonly edgesByTarget = new Map<string, Set<string>>();
  private writtenCount = 0;

  /** The batch without rows this run already wrote. */
  unwritten(batch: LineageBatch): LineageBatch {
    const replaced = new Set(batch.replacedTargets.map((t) => t.dataset));
    return {
      ...batch,
      datasets: batch.datasets.filter((r) => !this.written.datasets.has(r.datasetId)),
      fields: batch.fields.filter((r) => !this.written.fields.has(r.fieldId)),
      jobs: batch.jobs.filter((r) => !this.written.jobs.has(r.jobId)),
      edges: batch.edges.filter((e) => replaced.has(e.targetDataset) || !this.edgesByTarget.get(e.targetDataset)?.has(e.lineageId)),
    };
  }

  /** After a commit: remember what the batch wrote. */
  wrote(batch: LineageBatch): void {
    if (this.writtenCount > WRITTEN_KEYS_LIMIT) {
      for (const set of Object.values(this.written)) set.clear();
      this.edgesByTarget.clear();
      this.writtenCount = 0;
    }
    for (const t of batch.replacedTargets) this.edgesByTarget.delete(t.dataset);
    for (const r of batch.datasets) this.written.datasets.add(r.datasetId);
    for (const r of batch.fields) this.written.fields.add(r.fieldId);
    for (const r of batch.jobs) this.written.jobs.add(r.jobId);
    for (const e of batch.edges) {
      let set = this.edgesByTarget.get(e.targetDataset);
      if (!set) {
        set = new Set();
        this.edgesByTarget.set(e.targetDataset, set);
      }
      set.add(e.lineageId);
    }
    this.writtenCount += batch.datasets.length + batch.fields.length + batch.jobs.length + batch.edges.length;
  }

  remember(key: string, outcome: ExtractionOutcome | undefined): void {
    if (this.outcomes.size >= OUTCOME_CACHE_LIMIT) {
      const oldest = this.outcomes.keys().next().value;
      if (oldest !== undefined) this.outcomes.delete(oldest);
    }
    this.outcomes.set(key, outcome ?? FORGOTTEN);
  }
}
