import { Injectable, Logger, Optional } from '@nestjs/common';
import { LineageIndexService } from '../lineage-index.service.js';
import { INGESTION_LIMITS, checkLimits } from './ingestion-limits.js';
import { OpenLineageEventInvalidError } from './ingestion.errors.js';
import { IngestionRepository, type StoreOutcome } from './ingestion.repository.js';
import type { IngestionResult, IngestionRows } from './ingestion.types.js';
import { mapRunEvent } from './openlineage.mapper.js';
import type { OlRunEvent, Violation } from './openlineage.types.js';
import { OpenLineageValidator } from './openlineage.validator.js';

/** Write conflicts between concurrent transactions (two producers posting the same run at once) are retried this often. */
const CONFLICT_RETRIES = 3;
/** Most events written in one transaction (a group commit). */
const GROUP_LIMIT = 200;

interface Pending {
  readonly rows: IngestionRows;
  resolve(result: IngestionResult & { generation: number }): void;
  reject(err: unknown): void;
}

/**
 * Ingests OpenLineage RunEvents as producers send them: one event, or a JSON
 * array of up to INGESTION_LIMITS.eventsPerRequest events. Every event is
 * validated (OpenLineage 2-0-2 schema, facet schemas, size bounds) before
 * anything is written; one invalid event refuses the whole request with
 * every violation by JSON path. Events are then stored in order, those
 * posted while a write runs together in the next transaction (group
 * commit); a re-post of a known run id + event type writes nothing and is
 * reported as a duplicate. After a write, the lineage index of this
 * process applies the change (read from the change log) before answering,
 * so the lineage routes show the event at once (other replicas follow by
 * polling the change log).
 */
@Injectable()
export class OpenLineageIngestionService {
  private readonly logger = new Logger(OpenLineageIngestionService.name);
  private readonly validator = new OpenLineageValidator();
  /** Events waiting for the running write to finish (see ingest). */
  private readonly queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly repository: IngestionRepository,
    @Optional() private readonly indexes?: LineageIndexService,
  ) {}

  /** Validates without writing; returns the events when all are valid, else throws OpenLineageEventInvalidError. */
  validate(body: unknown): OlRunEvent[] {
    const batch = Array.isArray(body);
    const events: unknown[] = batch ? body : [body];
    if (batch && events.length === 0) throw new OpenLineageEventInvalidError([{ path: '/', message: 'must hold at least one event' }]);
    if (events.length > INGESTION_LIMITS.eventsPerRequest) {
      throw new OpenLineageEventInvalidError([{ path: '/', message: `must hold at most ${INGESTION_LIMITS.eventsPerRequest} events (got ${events.length})` }]);
    }
    const violations: Violation[] = [];
    events.forEach((event, i) => {
      const prefix = batch ? `/${i}` : '';
      const schema = this.validator.validate(event, prefix);
      violations.push(...(schema.length > 0 ? schema : checkLimits(event as OlRunEvent, prefix)));
    });
    if (violations.length > 0) throw new OpenLineageEventInvalidError(violations.slice(0, 100));
    return events as OlRunEvent[];
  }

  /**
   * Stores one event. Events posted while a write is running wait and are
   * written together in the next transaction (a group commit): the store
   * takes one writer at a time (every graph write moves OL_GRAPH_STATE), so
   * concurrent producers share a transaction, a generation and an index
   * catch-up instead of queueing for one each, or failing on one another's
   * write conflicts.
   */
  ingest(event: OlRunEvent): Promise<IngestionResult & { generation: number }> {
    const rows = mapRunEvent(event);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, GROUP_LIMIT);
        let outcomes: StoreOutcome[];
        try {
          outcomes = await this.store(group.map((p) => p.rows));
        } catch (err) {
          if (group.length === 1) {
            group[0].reject(err);
            continue;
          }
          // One event the store refuses must not fail the others of its group: each alone, in order.
          await this.storeOneByOne(group);
          continue;
        }
        group.forEach((p, i) => p.resolve(this.result(p.rows, outcomes[i])));
      }
    } finally {
      this.writing = false;
    }
  }

  private async storeOneByOne(group: readonly Pending[]): Promise<void> {
    for (const p of group) {
      try {
        p.resolve(this.result(p.rows, (await this.store([p.rows]))[0]));
      } catch (err) {
        p.reject(err);
      }
    }
  }

  /** One transaction for the group, run again on a write conflict (another process writing the same rows at once). */
  private async store(group: IngestionRows[]): Promise<StoreOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.storeEvents(group);
      } catch (err) {
        if (attempt >= CONFLICT_RETRIES || !/conflict/i.test(err instanceof Error ? err.message : '')) throw err;
      }
    }
  }

  private result(rows: IngestionRows, outcome: StoreOutcome): IngestionResult & { generation: number } {
    const wroteNothing = Object.values(outcome.stored).every((n) => n === 0);
    const duplicate = outcome.alreadyRecorded || (wroteNothing && !outcome.runChanged);
    this.logger.log(
      `OpenLineage ${rows.run.eventType} event for run ${rows.run.runId} (job ${rows.job.name}): ` +
        (duplicate ? 'already known, nothing written' : `${outcome.stored.edges} new edges, ${outcome.stored.datasets} new datasets, ${outcome.stored.fields} new fields`),
    );
    return { runId: rows.run.runId, eventType: rows.run.eventType, stored: outcome.stored, duplicate, generation: outcome.generation };
  }

  /** Validates the whole body, then stores its events in order (in one group when nothing else is being written). */
  async ingestBody(body: unknown): Promise<IngestionResult[]> {
    const events = this.validate(body);
    const outcomes = await Promise.all(events.map((event) => this.ingest(event)));
    let generation = -1;
    const results: IngestionResult[] = outcomes.map(({ generation: after, ...result }) => {
      if (!result.duplicate) generation = Math.max(generation, after);
      return result;
    });
    if (generation >= 0) await this.catchUpIndex(generation);
    return results;
  }

  private async catchUpIndex(generation: number): Promise<void> {
    await this.indexes?.catchUp(generation);
  }
}
