import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { PopulationConfig, UsageConfig } from '../config/app-config.js';
import type { LineageBatch, UsageBatch } from '../ol-store/ol-store.types.js';
import { UsageWriter } from '../ol-store/usage.writer.js';
import { type DbqlStatement, type DbqlWindow, DbqlRepository } from './dbql.repository.js';
import { VolatileSessions } from './extraction/volatile-session.js';
import { type ExtractedStatement, LineageBatchBuilder } from './lineage-batch.builder.js';
import { EXTRACTION_TIMEOUT, type ExtractionOutcome, type ExtractionRequest, type LineageExtractor, LineageExtractorFactory, withRunExtractor } from './lineage-extractor.js';
import { dictionaryBatch, type PopulationMetadata } from './population-metadata.js';
import { DBQL_WATERMARK, PopulationRunRepository } from './population-run.repository.js';
import type { BatchFailure, PendingBatch } from './batch-committer.js';
import type { RunContext } from './population.context.js';
import { emptyCounts, type PopulationCounts } from './population.types.js';
import { addCounts, bump } from './run-progress.js';
import { RunDictionary } from './run-dictionary.js';
import { type ClassifiedStatement, classifyPage } from './statement-classifier.js';
import { droppedName, statementHead } from './statement-text.js';
import { ObjectOutcomes, SliceOutcomes } from './usage-objects.js';
import { type CountedRange, isCounted, UsageTally } from './usage-tally.js';
import { ViewDefinitionsPopulation } from './view-definitions-population.js';

/** Distinct statements whose outcome a run remembers (repeats beyond it are extracted again). */
const OUTCOME_CACHE_LIMIT = 20_000;
/** Keys a run remembers having written before it starts over (bounds memory on huge windows). */
const WRITTEN_KEYS_LIMIT = 2_000_000;
/**
 * With usage on: a page holds POPULATION_BATCH_SIZE statements other than
 * SELECTs, and at most this many times as many statements in all. The
 * SELECTs (about 70 % of a warehouse's log) then add to the pages' size, not
 * to their number: a batch's transaction, run counters and extraction round
 * trip are paid per page.
 */
const SELECTS_PER_PAGE = 5;
/** Sessions remembered as having volatile tables. */
const VOLATILE_SESSION_LIMIT = 10_000;
/** Volatile steps remembered per session. */
const SESSION_CONTEXT_LIMIT = 200;

/** A DBQL run's window and what it does to the watermark. */
export interface DbqlPlan {
  readonly window: DbqlWindow;
  /** The window came from the watermark (explicit windows never move it). */
  readonly moveWatermark: boolean;
  /** The watermark stored when the run began (batches of the overlap before it never move it back). */
  readonly watermark: Date | null;
}

/** What one page adds to the run's tallies (its rows went to the run's builder, its usage to the run's tally). */
interface PageTally {
  readonly statements: PopulationCounts;
  readonly skips: ReadonlyMap<string, number>;
  readonly failures: readonly BatchFailure[];
  readonly failureCodes: ReadonlyMap<string, number>;
  /** The CollectTimeStamp of the page's last row. */
  readonly position: Date;
  readonly distinct: number;
  /** Some of its SELECTs were counted from DBQL object logging. */
  readonly objects: boolean;
}

/** The tallies of the pages since the last commit, summed: a page's, with the position of the last one (none before the first) and their count. */
interface PendingTally {
  statements: PopulationCounts;
  skips: Map<string, number>;
  failures: BatchFailure[];
  failureCodes: Map<string, number>;
  position: Date | null;
  distinct: number;
  objects: boolean;
  pages: number;
}

/**
 * The pages read since the last commit: their OL_* rows (in the builder)
 * and their tallies, summed. Committed together as one batch when the
 * builder holds POPULATION_FLUSH_ROWS rows (Teradata) or
 * EMBEDDED_POPULATION_FLUSH_ROWS (the embedded engine), or after every page
 * (0).
 */
class PendingPages {
  private tally = PendingPages.none();

  constructor(readonly builder: LineageBatchBuilder) {}

  private static none(): PendingTally {
    return { statements: emptyCounts(), skips: new Map(), failures: [], failureCodes: new Map(), position: null, distinct: 0, objects: false, pages: 0 };
  }

  get pages(): number {
    return this.tally.pages;
  }

  add(page: PageTally): void {
    const t = this.tally;
    addCounts(t.statements, page.statements);
    for (const [k, v] of page.skips) bump(t.skips, k, v);
    t.failures.push(...page.failures);
    for (const [k, v] of page.failureCodes) bump(t.failureCodes, k, v);
    t.position = page.position;
    t.distinct += page.distinct;
    t.objects ||= page.objects;
    t.pages++;
  }

  /** The tallies of the pages so far, and a fresh start for the next ones (the builder is taken by the caller). */
  take(): PendingTally {
    const out = this.tally;
    this.tally = PendingPages.none();
    return out;
  }
}

/** Where a batch's usage came from (OL_USAGE_COVERAGE.usage_source): the SQL parsed by the extraction engine, or DBQL object logging for its SELECTs. */
const USAGE_SOURCE_PARSE = 'parse';
const USAGE_SOURCE_OBJECTS = 'dbqlobj';

/**
 * A DBQL run's column usage (issue 21): the ranges earlier runs counted
 * (rows there are not counted again), the statements held back because they
 * share the CollectTimeStamp a page ended on (the next page may hold more of
 * that instant; a batch counts only rows strictly before its last one, so
 * its recorded range [since, last) is exact), and the tally.
 */
interface RunUsage {
  readonly counted: readonly CountedRange[];
  readonly runId: string;
  readonly since: Date;
  held: { statement: DbqlStatement; outcome: ExtractionOutcome }[];
  /** Read DBC.DBQLObjTbl for the SELECTs (USAGE_SOURCE auto or dbqlobj, until a read of it fails). */
  objects: boolean;
  /** SELECTs whose columns came from DBQLObjTbl, and from parsing, in this run. */
  fromObjects: number;
  parsed: number;
  /** The run's tally: what each distinct statement reads is resolved once per run, not per execution. */
  readonly tally: UsageTally;
  /** One outcome per distinct set of DBQLObjTbl rows. */
  readonly objectOutcomes: ObjectOutcomes;
  /** The SELECTs of the slices read so far, from their DBQLObjTbl rows (one read a slice). */
  readonly sliceOutcomes: SliceOutcomes;
}

/**
 * DBQL population: read pages of the query log, extract each distinct
 * statement once per run, write the pages' rows in one transaction with
 * the watermark and the run counters: the rows of as many pages as
 * POPULATION_FLUSH_ROWS (Teradata) or EMBEDDED_POPULATION_FLUSH_ROWS (the
 * embedded engine) allows (ADR 0018, "Commits decoupled from pages"). Extraction of a page
 * overlaps the write of the pages before it; the next page is read while
 * the current one is extracted.
 */
@Injectable()
export class DbqlPopulation {
  private readonly logger = new Logger('Population');

  constructor(
    @Inject(DbqlRepository) private readonly dbql: DbqlRepository,
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(RunDictionary) private readonly dictionary: RunDictionary,
    @Inject(LineageExtractorFactory) private readonly extractors: LineageExtractorFactory,
    @Inject(PopulationConfig) private readonly config: PopulationConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ViewDefinitionsPopulation) private readonly views: ViewDefinitionsPopulation,
    @Inject(UsageConfig) private readonly usageConfig: UsageConfig,
    @Inject(UsageWriter) private readonly usageWriter: UsageWriter,
  ) {}

  /**
   * The window of a run, over DBQL's CollectTimeStamp (when DBQL logged a
   * row, which is at or after its query's completion, never before its
   * start), on DBQL's clock (the system's local time: now shifted by
   * POPULATION_DBQL_UTC_OFFSET). It ends POPULATION_DBQL_FLUSH_SECONDS +
   * _MARGIN_SECONDS before now: DBQL holds rows in per-PE caches up to its flush interval, so a
   * later end would move the watermark past rows not written yet. Explicit
   * --since/--until win (and never move the watermark), --until capped at
   * that settled instant. Otherwise the run continues from the 'dbql'
   * watermark, re-reading POPULATION_DBQL_OVERLAP_SECONDS before it; with
   * none stored, the first run starts POPULATION_LOOKBACK_HOURS back — or,
   * on the embedded demo, at the earliest CollectTimeStamp so the whole demo
   * history is mined.
   */
  async resolveWindow(options: { since?: Date; until?: Date }, demo: boolean): Promise<DbqlPlan> {
    // on DBQL's own clock: the system's local time (POPULATION_DBQL_UTC_OFFSET), which CollectTimeStamp and the watermark are in
    const dbqlNow = this.clock.now().getTime() + this.config.dbqlUtcOffsetMinutes * 60_000;
    const settled = new Date(dbqlNow - (this.config.dbqlFlushSeconds + this.config.dbqlMarginSeconds) * 1000);
    const until = options.until && options.until < settled ? options.until : settled;
    if (options.since) return { window: { since: options.since, until }, moveWatermark: false, watermark: null };
    const watermark = await this.runs.getWatermark();
    if (watermark) return { window: { since: new Date(watermark.getTime() - this.config.dbqlOverlapSeconds * 1000), until }, moveWatermark: true, watermark };
    const lookback = new Date(until.getTime() - this.config.lookbackHours * 3_600_000);
    if (demo) {
      const first = await this.dbql.firstCollect();
      return { window: { since: first && first < lookback ? first : lookback, until }, moveWatermark: true, watermark: null };
    }
    return { window: { since: lookback, until }, moveWatermark: true, watermark: null };
  }

  /**
   * Runs the window. When the plan moves the watermark, each committed batch
   * moves it forward to the CollectTimeStamp its last row reached, and a
   * window read to its end moves it to the window's end.
   */
  async execute(ctx: RunContext, plan: DbqlPlan): Promise<void> {
    const { window } = plan;
    const { metadata, changed } = await this.dictionary.forRun();
    await ctx.committer.commitRows(dictionaryBatch(changed, ctx));
    const options = { workers: this.config.extractionWorkers, deadlineMs: this.config.extractionDeadlineMs, metadata: metadata.extraction };
    let writeError: unknown = null;
    let complete = false;
    /** The window's last commit counted the held usage and moved the watermark to its end. */
    let endCommitted = false;
    const usage: RunUsage | null =
      this.usageConfig.enabled && !ctx.committer.dryRun
        ? {
            counted: await this.usageWriter.coverage(window.since, window.until),
            runId: ctx.runId,
            since: window.since,
            held: [],
            objects: this.usageConfig.source !== 'parse',
            fromObjects: 0,
            parsed: 0,
            tally: new UsageTally((dataset) => metadata.index.has(dataset)),
            objectOutcomes: new ObjectOutcomes(),
            sliceOutcomes: new SliceOutcomes(),
          }
        : null;
    // many pages a commit (each commit costs a fixed set of statements): up to POPULATION_FLUSH_ROWS rows held on Teradata, EMBEDDED_POPULATION_FLUSH_ROWS on the embedded engine
    const flushRows = ctx.committer.dialect === 'teradata' ? this.config.flushRows : this.config.embeddedFlushRows;
    await withRunExtractor(this.extractors, options, ctx.signal, async (extractor) => {
      const state = new RunMemory();
      const pending = new PendingPages(new LineageBatchBuilder({ namespaceId: ctx.namespaceId, dictionary: metadata.index }));
      let pendingWrite: Promise<void> = Promise.resolve();
      /**
       * Commits the pages held (after the previous commit settled: its rows
       * are then known as written). The last one of a window read to its end
       * also counts the usage held back and moves the watermark to the
       * window's end, in the same transaction.
       */
      const flush = async (last: boolean) => {
        await pendingWrite;
        if (writeError || pending.pages === 0) return;
        const held = pending.builder.held;
        const tally = pending.take();
        const batch = state.unwritten(pending.builder.take());
        if (flushRows > 0) this.logger.debug(`Population run ${ctx.runId}: committing ${tally.pages} page(s), ${held} rows held`);
        if (last && usage) {
          countUsage(usage, usage.held);
          usage.held = [];
        }
        const usageUntil = last ? window.until : tally.position;
        const usageBatch = usage && usageUntil ? this.takeUsage(ctx, usage, usageUntil, last ? usage.fromObjects > 0 : tally.objects) : undefined;
        const watermark = last ? window.until : tally.position;
        pendingWrite = this.commit(ctx, { ...tally, batch, usage: usageBatch }, state, plan, watermark).then(
          () => {
            endCommitted ||= last;
          },
          (err: unknown) => {
            writeError = err;
          },
        );
      };
      // with usage on, a page holds batchSize statements besides its SELECTs (and the SELECTs among them, up to SELECTS_PER_PAGE times as many in all)
      const maxStatements = usage ? this.config.batchSize * SELECTS_PER_PAGE : this.config.batchSize;
      // with DBQLObjTbl on, each slice's object rows are read before its statements are paged (one read a slice, not one a page)
      const beforeSlice = usage ? (slice: DbqlWindow) => this.readSliceObjects(usage, slice) : undefined;
      const pages = this.dbql.pages(window, this.config.batchSize, this.config.dbqlFlushSeconds * 1000, ctx.signal, maxStatements, beforeSlice);
      let next: Promise<IteratorResult<DbqlStatement[]>> | null = null;
      try {
        // views defined before the window have no REPLACE VIEW in it: their definitions come from the dictionary first
        await this.views.duringDbqlRun(ctx, extractor, metadata);
        let readStarted = Date.now();
        next = pages.next();
        for (;;) {
          const page = await next;
          ctx.progress.timings.readMs += Date.now() - readStarted;
          if (page.done) complete = true;
          if (page.done || writeError || ctx.signal.aborted) break;
          // read the next page while this one is extracted, extract while the pages before it are written
          readStarted = Date.now();
          next = pages.next();
          const extractStarted = Date.now();
          const prepared = await this.prepare(page.value, extractor, state, metadata, ctx, usage);
          ctx.progress.timings.extractMs += Date.now() - extractStarted;
          // a cancel: the page in hand is not written (its extraction was cut short)
          if (ctx.signal.aborted) break;
          pending.builder.add(prepared.extracted);
          if (usage) countUsage(usage, prepared.counted);
          pending.add(prepared.tally);
          if (pending.builder.held >= flushRows) await flush(false);
          if (writeError) break;
        }
        // the end of the window, or a cancel: the pages extracted so far are committed (a failed read or write leaves them to the next run)
        if (!writeError && (complete || ctx.signal.aborted)) await flush(complete && !ctx.signal.aborted);
      } finally {
        // whatever ended the loop: let the last write settle and the prefetched read finish before the extractor closes
        await pendingWrite;
        await next?.catch(() => undefined);
        await pages.return(undefined).catch(() => undefined);
      }
    });
    if (writeError) throw writeError;
    // the window was read to its end: the rows held back are counted and the whole window is covered
    if (complete && usage && !ctx.signal.aborted && !endCommitted) {
      countUsage(usage, usage.held);
      await ctx.committer.commitUsage(this.takeUsage(ctx, usage, window.until, usage.fromObjects > 0));
    }
    if (usage) this.logger.log(`Usage: ${usage.fromObjects} SELECTs counted from DBC.DBQLObjTbl, ${usage.parsed} from their parsed SQL (USAGE_SOURCE=${this.usageConfig.source})`);
    if (complete && plan.moveWatermark && !ctx.signal.aborted && !endCommitted) await ctx.committer.advanceWatermark(window.until);
  }

  /**
   * One page, stage by stage: classify its statements, extract each distinct
   * one not seen earlier in the run and tally what happened to each. Returns
   * the tally, the statements with lineage (the caller adds their rows to
   * the run's builder) and the statements whose usage the page counts.
   */
  private async prepare(
    page: readonly DbqlStatement[],
    extractor: LineageExtractor,
    memory: RunMemory,
    metadata: PopulationMetadata,
    ctx: RunContext,
    usage: RunUsage | null,
  ): Promise<{ tally: PageTally; extracted: ExtractedStatement[]; counted: { statement: DbqlStatement; outcome: ExtractionOutcome }[] }> {
    const position = page[page.length - 1].collectTime;
    // the SELECTs DBQL object logging covered are counted from its rows (read with their slice): they are neither fingerprinted nor parsed
    const logged = usage ? this.sliceLogged(usage, page) : new Map<string, ExtractionOutcome>();
    const classified = classifyPage(page, memory.volatile, { usage: usage !== null, logged: new Set(logged.keys()) });
    // a SELECT that DBQL typed otherwise (its text is a query) is looked up apart
    const untyped = usage ? classified.reads.filter((c) => !isLoggedSelect(c.statement)).map((c) => c.statement.queryId) : [];
    if (usage && untyped.length > 0) for (const [id, outcome] of await this.loggedObjects(usage, untyped, page[0].collectTime, position)) logged.set(id, outcome);
    const toParse = classified.reads.filter((c) => !logged.has(c.statement.queryId));
    if (usage) usage.parsed += toParse.length;
    const { outcomes, distinct } = await this.extractDistinct([...classified.statements, ...toParse], extractor, memory);
    const { statements, failures, failureCodes, extracted } = tally(classified.statements, outcomes, memory);
    statements.statementsRead = classified.read;
    statements.statementsSkipped = [...classified.skips.values()].reduce((a, b) => a + b, 0);
    let counted: { statement: DbqlStatement; outcome: ExtractionOutcome }[] = [];
    if (usage) {
      // in log order: the statements held back by the previous page, then this page's lineage statements and SELECTs
      const candidates = [
        ...usage.held,
        ...[...classified.statements, ...classified.reads].map((c) => ({ statement: c.statement, outcome: logged.get(c.statement.queryId) ?? outcomes.get(c.key) ?? FORGOTTEN })),
        ...classified.loggedReads.map((statement) => ({ statement, outcome: logged.get(statement.queryId) ?? FORGOTTEN })),
      ];
      counted = candidates.filter((c) => c.statement.collectTime < position);
      usage.held = candidates.filter((c) => c.statement.collectTime >= position);
    }
    return { tally: { statements, skips: classified.skips, failures, failureCodes, position, distinct, objects: logged.size > 0 }, extracted, counted };
  }

  /** The usage the run counted since the last take, and the range [since, until) the run has now counted. */
  private takeUsage(ctx: RunContext, usage: RunUsage, until: Date, objects: boolean): UsageBatch {
    const { fields, datasets, reads } = usage.tally.take();
    return { namespaceId: ctx.namespaceId, fields, datasets, statements: reads, coverage: { runId: usage.runId, source: objects ? USAGE_SOURCE_OBJECTS : USAGE_SOURCE_PARSE, from: usage.since, until } };
  }

  /**
   * Reads the DBQLObjTbl rows of a slice's SELECTs (while DBQLObjTbl is
   * read in this run) and keeps them as outcomes for the slice's pages. A
   * read that fails (no grant, no such table) turns DBQLObjTbl off for the
   * rest of the run, with one warning: usage then comes from parsing.
   */
  private async readSliceObjects(usage: RunUsage, slice: DbqlWindow): Promise<void> {
    if (!usage.objects) return;
    try {
      usage.sliceOutcomes.add(slice.until, await this.dbql.sliceObjects(slice, this.config.dbqlFlushSeconds * 1000), usage.objectOutcomes);
    } catch (err) {
      this.objectsUnreadable(usage, err);
    }
  }

  /** The page's SELECTs (as DBQL typed them) whose slice's DBQLObjTbl rows gave an outcome, by query id; the slices before the page are forgotten. */
  private sliceLogged(usage: RunUsage, page: readonly DbqlStatement[]): Map<string, ExtractionOutcome> {
    const out = new Map<string, ExtractionOutcome>();
    usage.sliceOutcomes.forgetBefore(page[0].collectTime);
    if (!usage.objects) return out;
    for (const s of page) {
      if (!isLoggedSelect(s)) continue;
      const outcome = usage.sliceOutcomes.get(s.queryId);
      if (outcome) out.set(s.queryId, outcome);
    }
    usage.fromObjects += out.size;
    return out;
  }

  private objectsUnreadable(usage: RunUsage, err: unknown): void {
    usage.objects = false;
    const say = this.usageConfig.source === 'dbqlobj' ? 'warn' : 'log';
    this.logger[say](`Usage: DBC.DBQLObjTbl cannot be read (${String((err as Error).message).split('\n')[0].slice(0, 200)}); the columns SELECTs read come from parsing their SQL for the rest of this run`);
  }

  /**
   * The SELECTs DBQL typed otherwise (their text is a query) that DBQL
   * object logging covered, as outcomes built from their DBQLObjTbl rows
   * (read by query id: few, and not in the slice's read); the others are
   * parsed. A failed read turns DBQLObjTbl off as readSliceObjects does.
   */
  private async loggedObjects(usage: RunUsage, queryIds: readonly string[], from: Date, until: Date): Promise<Map<string, ExtractionOutcome>> {
    const out = new Map<string, ExtractionOutcome>();
    if (!usage.objects || queryIds.length === 0) return out;
    try {
      const rows = await this.dbql.objects(queryIds, from, until, this.config.dbqlFlushSeconds * 1000);
      for (const [id, list] of rows) {
        const outcome = usage.objectOutcomes.outcomeOf(list);
        if (outcome) out.set(id, outcome);
      }
    } catch (err) {
      this.objectsUnreadable(usage, err);
    }
    usage.fromObjects += out.size;
    return out;
  }

  /** The extract stage: each statement key not extracted earlier in the run, once; the others' outcomes from the run's memory. */
  private async extractDistinct(
    statements: readonly ClassifiedStatement[],
    extractor: LineageExtractor,
    memory: RunMemory,
  ): Promise<{ outcomes: ReadonlyMap<string, ExtractionOutcome>; distinct: number }> {
    const outcomes = new Map<string, ExtractionOutcome>();
    const toExtract = new Map<string, ClassifiedStatement>();
    for (const c of statements) {
      // a DROP needs no parsing: its target is in its text, its lineage is to end the target's
      if (c.kind === 'drop') {
        outcomes.set(c.key, dropOutcome(c.statement.sql as string));
        continue;
      }
      // read before this page's outcomes are remembered (remembering may evict the oldest)
      const known = memory.outcomes.get(c.key);
      if (known) outcomes.set(c.key, known);
      else if (!toExtract.has(c.key)) toExtract.set(c.key, c);
    }
    if (toExtract.size > 0) {
      const requests: ExtractionRequest[] = [...toExtract.values()].map((c) => ({
        key: c.key,
        sql: c.statement.sql as string,
        defaultDatabase: c.statement.defaultDatabase,
        sessionId: c.statement.sessionId,
        sessionContext: c.context,
      }));
      const fresh = await extractor.extract(requests);
      requests.forEach((r, i) => {
        outcomes.set(r.key, fresh[i] ?? FORGOTTEN);
        memory.remember(r.key, fresh[i]);
      });
    }
    return { outcomes, distinct: toExtract.size };
  }

  private async commit(ctx: RunContext, prepared: Omit<PendingBatch, 'watermark'>, memory: RunMemory, plan: DbqlPlan, at: Date | null): Promise<void> {
    // a batch of the overlap re-read before the stored watermark never moves it back
    const forward = at !== null && (plan.watermark === null || at > plan.watermark);
    await ctx.committer.commit({ ...prepared, watermark: plan.moveWatermark && forward ? { name: DBQL_WATERMARK, at } : undefined });
    // the transaction committed: later pages need not write these rows again
    memory.wrote(prepared.batch);
  }
}

/** Adds to the run's usage tally the statements no earlier run counted. */
function countUsage(usage: RunUsage, statements: readonly { statement: DbqlStatement; outcome: ExtractionOutcome }[]): void {
  for (const { statement, outcome } of statements) if (!isCounted(statement.collectTime, usage.counted)) usage.tally.add(statement, outcome);
}

/**
 * What happened to each classified statement: parsed (its lineage goes on to
 * the batch) or failed (counted by reason; recorded once per statement key
 * and run, with its SQL).
 */
function tally(
  statements: readonly ClassifiedStatement[],
  outcomes: ReadonlyMap<string, ExtractionOutcome>,
  memory: RunMemory,
): { statements: PopulationCounts; failures: BatchFailure[]; failureCodes: Map<string, number>; extracted: ExtractedStatement[] } {
  const counts = emptyCounts();
  const failures: BatchFailure[] = [];
  const failureCodes = new Map<string, number>();
  const extracted: ExtractedStatement[] = [];
  for (const c of statements) {
    const outcome = outcomes.get(c.key) ?? FORGOTTEN;
    if (outcome.error) {
      if (outcome.error.code === EXTRACTION_TIMEOUT) counts.statementsTimedOut++;
      else counts.statementsFailed++;
      bump(failureCodes, outcome.error.code);
      if (!memory.reported.has(c.key)) {
        memory.reported.add(c.key);
        failures.push({ queryId: c.statement.queryId, reasonCode: outcome.error.code, reason: outcome.error.message, sql: c.statement.sql });
      }
      continue;
    }
    counts.statementsParsed++;
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
  return { statements: counts, failures, failureCodes, extracted };
}

/** A SELECT as DBQL typed it, with text and a query id: what DBQLObjTbl is looked up for. */
function isLoggedSelect(s: DbqlStatement): boolean {
  return s.errorCode === 0 && s.queryId !== '' && Boolean(s.sql?.trim()) && s.statementType?.toLowerCase() === 'select';
}

/** What a DROP TABLE / DROP VIEW does to lineage: its target stops (no parsing; a name it cannot read is a statement without lineage). */
function dropOutcome(sql: string): ExtractionOutcome {
  const name = droppedName(sql);
  return { statementType: 'DROP', inTables: [], outTables: name ? [name] : [], columnEdges: [], warnings: [] };
}

const FORGOTTEN: ExtractionOutcome = {
  statementType: null,
  inTables: [],
  outTables: [],
  columnEdges: [],
  warnings: [],
  error: { code: 'EXTRACTION_NO_RESULT', message: 'The extraction engine returned no result for this statement' },
};

/** Names (`db.table`) of the datasets a batch's statements dropped. */
function droppedDatasets(batch: LineageBatch): string[] {
  return (batch.steps ?? []).flatMap((s) => s.dropped.map((d) => d.target.slice(d.target.indexOf('\u0001') + 1)));
}

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
    const replaced = new Set([...batch.replacedTargets.map((t) => t.dataset), ...droppedDatasets(batch)]);
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
    for (const d of droppedDatasets(batch)) this.edgesByTarget.delete(d);
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
