import { Inject, Injectable } from '@nestjs/common';
import { PopulationConfig } from '../config/app-config.js';
import type { ViewDefinition } from '../schema/dictionary.repository.js';
import { DatabasePermissionError, DatabaseQueryError, InvalidIdentifierError } from '../teradata/database.errors.js';
import type { BatchFailure, PendingBatch } from './batch-committer.js';
import { buildLineageBatch, type ExtractedStatement } from './lineage-batch.builder.js';
import { EXTRACTION_TIMEOUT, type ExtractionOutcome, type ExtractionRequest, type LineageExtractor, LineageExtractorFactory, withRunExtractor } from './lineage-extractor.js';
import { dictionaryBatch, type PopulationMetadata, PopulationMetadataSource } from './population-metadata.js';
import { PopulationRunRepository } from './population-run.repository.js';
import type { RunContext } from './population.context.js';
import { emptyCounts, emptyViewCounts, type ViewCounts } from './population.types.js';
import { bump } from './run-progress.js';
import { RunDictionary } from './run-dictionary.js';
import { fingerprintStatement, statementHead } from './statement-text.js';
import { VIEW_FAILURE, VIEW_PRODUCER, viewDefinitionsJob, viewRunId, viewStatement, viewVersionKey, VIEWS_WATERMARK } from './view-definition.js';

/** OL_POPULATION_FAILURE.query_id holds at most this many characters: a view is named there. */
const QUERY_ID_MAX = 64;

/** How one read of the view step goes: where it starts, whether it is the run's method, whether it moves the watermark. */
interface ViewPass {
  /** Views altered at or after this time; null = all. */
  readonly since: Date | null;
  /** A `views` run counts its definitions as the run's statements; a DBQL run's view step only beside them. */
  readonly countAsStatements: boolean;
  readonly moveWatermark: boolean;
}

/** A definition with the text to extract, or the reason there is none. */
type ViewText = { readonly view: ViewDefinition; readonly sql: string } | { readonly view: ViewDefinition; readonly failure: { readonly code: string; readonly message: string } };

/**
 * View definitions from the dictionary: every view altered since the
 * `views` watermark (DBC.TablesV.LastAlterTimeStamp), its RequestText — or
 * SHOW VIEW where RequestText is cut or null — extracted by the same engine
 * as DBQL statements (no session, no volatile tables, the view's database as
 * default), written through the run's committer: one OL job
 * (`view-definitions`), one run per view version, the view's earlier edges
 * replaced like a REPLACE VIEW seen in DBQL. Runs alone (`populate --views`)
 * and at the start of every DBQL run (POPULATION_VIEW_DEFINITIONS).
 */
@Injectable()
export class ViewDefinitionsPopulation {
  constructor(
    @Inject(PopulationRunRepository) private readonly runs: PopulationRunRepository,
    @Inject(PopulationMetadataSource) private readonly dictionary: PopulationMetadataSource,
    @Inject(RunDictionary) private readonly runDictionary: RunDictionary,
    @Inject(LineageExtractorFactory) private readonly extractors: LineageExtractorFactory,
    @Inject(PopulationConfig) private readonly config: PopulationConfig,
  ) {}

  /**
   * A `views` run: the dictionary's datasets and fields, then the views
   * altered since the watermark — or since `--since`, which leaves the
   * watermark where it is (re-reading old definitions must not hide newer ones from the next run).
   */
  async execute(ctx: RunContext): Promise<void> {
    const { metadata, changed } = await this.runDictionary.forRun();
    await ctx.committer.commitRows(dictionaryBatch(changed, ctx));
    const options = { workers: this.config.extractionWorkers, deadlineMs: this.config.extractionDeadlineMs, metadata: metadata.extraction };
    await withRunExtractor(this.extractors, options, ctx.signal, async (extractor) => {
      const since = ctx.options.since ?? (await this.runs.getWatermark(VIEWS_WATERMARK));
      await this.mine(ctx, extractor, metadata, { since, countAsStatements: true, moveWatermark: ctx.options.since === undefined });
    });
  }

  /**
   * The view step of a DBQL run, after its dictionary write and before it
   * reads DBQL, on that run's extractor; nothing when
   * POPULATION_VIEW_DEFINITIONS is off. Always continues from the watermark
   * (a DBQL window says nothing about when views were defined).
   */
  async duringDbqlRun(ctx: RunContext, extractor: LineageExtractor, metadata: PopulationMetadata): Promise<void> {
    if (!this.config.viewDefinitions) return;
    const since = await this.runs.getWatermark(VIEWS_WATERMARK);
    await this.mine(ctx, extractor, metadata, { since, countAsStatements: false, moveWatermark: true });
  }

  /** Page by page, oldest alteration first: texts, extraction, rows, one transaction per page with the watermark. */
  private async mine(ctx: RunContext, extractor: LineageExtractor, metadata: PopulationMetadata, pass: ViewPass): Promise<void> {
    const pages = this.dictionary.viewDefinitions(pass.since, this.config.batchSize)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const readStarted = Date.now();
        const page = await pages.next();
        if (page.done || ctx.signal.aborted) break;
        const texts = await this.texts(page.value);
        ctx.progress.timings.readMs += Date.now() - readStarted;
        const extractStarted = Date.now();
        const pending = await this.prepare(texts, extractor, metadata, ctx, pass);
        ctx.progress.timings.extractMs += Date.now() - extractStarted;
        if (ctx.signal.aborted) break;
        await ctx.committer.commit(pending);
      }
    } finally {
      await pages.return?.(undefined);
    }
  }

  /** Each definition's whole text: RequestText when complete, else SHOW VIEW; a view whose text cannot be had is a failure of its own. */
  private async texts(page: readonly ViewDefinition[]): Promise<ViewText[]> {
    const out: ViewText[] = [];
    for (const view of page) {
      let text = view.requestText;
      if (!view.complete) {
        try {
          text = await this.dictionary.viewText(view.database, view.view);
        } catch (err) {
          const failure = textFailure(err);
          if (!failure) throw err;
          out.push({ view, failure });
          continue;
        }
      }
      if (text === null || text.trim() === '') {
        out.push({ view, failure: { code: VIEW_FAILURE.textUnavailable, message: 'The dictionary holds no text for this view (RequestText and SHOW VIEW are empty)' } });
      } else {
        out.push({ view, sql: viewStatement(view.database, view.view, text) });
      }
    }
    return out;
  }

  /** Extract the page's texts, tally what happened to each view, build the rows of those with lineage. */
  private async prepare(
    texts: readonly ViewText[],
    extractor: LineageExtractor,
    metadata: PopulationMetadata,
    ctx: RunContext,
    pass: ViewPass,
  ): Promise<PendingBatch> {
    const requests: ExtractionRequest[] = [];
    for (const t of texts) {
      if ('sql' in t) requests.push({ key: versionKey(t.view), sql: t.sql, defaultDatabase: t.view.database, sessionId: null, sessionContext: [] });
    }
    const results = requests.length > 0 ? await extractor.extract(requests) : [];
    const outcomes = new Map<string, ExtractionOutcome>(requests.flatMap((r, i) => (results[i] ? [[r.key, results[i]] as const] : [])));

    const views: ViewCounts = emptyViewCounts();
    const statements = emptyCounts();
    const failures: BatchFailure[] = [];
    const failureCodes = new Map<string, number>();
    const extracted: ExtractedStatement[] = [];
    const job = viewDefinitionsJob(ctx.namespaceId);
    const fail = (view: ViewDefinition, reason: { code: string; message: string }, sql: string | null): void => {
      const name = `${view.database}.${view.view}`;
      views.failed++;
      if (reason.code === EXTRACTION_TIMEOUT) statements.statementsTimedOut++;
      else statements.statementsFailed++;
      bump(failureCodes, reason.code);
      failures.push({ queryId: clip(name, QUERY_ID_MAX), reasonCode: reason.code, reason: `${name}: ${reason.message}`, sql });
    };
    for (const t of texts) {
      views.read++;
      if ('failure' in t) {
        fail(t.view, t.failure, t.view.requestText);
        continue;
      }
      const outcome = outcomes.get(versionKey(t.view)) ?? NO_RESULT;
      if (outcome.error) {
        fail(t.view, outcome.error, t.sql);
        continue;
      }
      views.parsed++;
      extracted.push({
        queryId: versionKey(t.view),
        startTime: t.view.lastAlteredAt,
        sql: t.sql,
        fingerprint: fingerprintStatement(t.sql).fingerprint,
        head: statementHead(t.sql),
        kind: 'define',
        defaultDatabase: t.view.database,
        outcome,
        origin: { runId: viewRunId(ctx.namespaceId, t.view.database, t.view.view, t.view.lastAlteredAt), jobId: job.jobId, producer: VIEW_PRODUCER },
      });
    }
    const built = buildLineageBatch(extracted, { namespaceId: ctx.namespaceId, dictionary: metadata.index });
    const last = texts[texts.length - 1]?.view.lastAlteredAt;
    return {
      batch: { ...built, jobs: built.runs.length > 0 ? [job] : [] },
      statements: pass.countAsStatements ? { ...statements, statementsRead: views.read, statementsParsed: views.parsed } : emptyCounts(),
      skips: new Map(),
      failures,
      failureCodes,
      position: null,
      distinct: pass.countAsStatements ? requests.length : 0,
      views,
      watermark: pass.moveWatermark && last ? { name: VIEWS_WATERMARK, at: last } : undefined,
    };
  }
}

const NO_RESULT: ExtractionOutcome = {
  statementType: null,
  inTables: [],
  outTables: [],
  columnEdges: [],
  warnings: [],
  error: { code: 'EXTRACTION_NO_RESULT', message: 'The extraction engine returned no result for this view' },
};

function versionKey(view: ViewDefinition): string {
  return viewVersionKey(view.database, view.view, view.lastAlteredAt);
}

/** Why SHOW VIEW gave no text, as a failure of that view; null for errors that should stop the run (the database is unreachable). */
function textFailure(err: unknown): { code: string; message: string } | null {
  if (err instanceof InvalidIdentifierError) return { code: VIEW_FAILURE.nameInvalid, message: err.message };
  if (err instanceof DatabasePermissionError) return { code: VIEW_FAILURE.textDenied, message: `SHOW VIEW refused: ${err.message} (the service user needs the SHOW right, or any right, on the view)` };
  if (err instanceof DatabaseQueryError) return { code: VIEW_FAILURE.textUnavailable, message: `SHOW VIEW failed: ${err.message}` };
  return null;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
