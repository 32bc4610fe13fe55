import { Injectable, Logger, Optional } from '@nestjs/common';
import { LineageIndexService } from '../lineage-index.service.js';
import { INGESTION_LIMITS, checkLimits } from './ingestion-limits.js';
import { OpenLineageEventInvalidError } from './ingestion.errors.js';
import { IngestionRepository } from './ingestion.repository.js';
import type { IngestionResult } from './ingestion.types.js';
import { mapRunEvent } from './openlineage.mapper.js';
import type { OlRunEvent, Violation } from './openlineage.types.js';
import { OpenLineageValidator } from './openlineage.validator.js';

/** Write conflicts between concurrent transactions (two producers posting the same run at once) are retried this often. */
const CONFLICT_RETRIES = 3;

/**
 * Ingests OpenLineage RunEvents as producers send them: one event, or a JSON
 * array of up to INGESTION_LIMITS.eventsPerRequest events. Every event is
 * validated (OpenLineage 2-0-2 schema, facet schemas, size bounds) before
 * anything is written; one invalid event refuses the whole request with
 * every violation by JSON path. Each event is then stored in its own
 * transaction; a re-post of a known run id + event type writes nothing and
 * is reported as a duplicate. After a write, the lineage index of this
 * process applies the change (read from the change log) before answering,
 * so the lineage routes show the event at once (other replicas follow by
 * polling the change log).
 */
@Injectable()
export class OpenLineageIngestionService {
  private readonly logger = new Logger(OpenLineageIngestionService.name);
  private readonly validator = new OpenLineageValidator();

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

  async ingest(event: OlRunEvent): Promise<IngestionResult & { generation: number }> {
    const rows = mapRunEvent(event);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.repository.storeEvent(rows);
        const wroteNothing = Object.values(outcome.stored).every((n) => n === 0);
        const duplicate = outcome.alreadyRecorded || (wroteNothing && !outcome.runChanged);
        this.logger.log(
          `OpenLineage ${rows.run.eventType} event for run ${rows.run.runId} (job ${rows.job.name}): ` +
            (duplicate ? 'already known, nothing written' : `${outcome.stored.edges} new edges, ${outcome.stored.datasets} new datasets, ${outcome.stored.fields} new fields`),
        );
        return { runId: rows.run.runId, eventType: rows.run.eventType, stored: outcome.stored, duplicate, generation: outcome.generation };
      } catch (err) {
        if (attempt >= CONFLICT_RETRIES || !/conflict/i.test(err instanceof Error ? err.message : '')) throw err;
      }
    }
  }

  /** Validates the whole body, then stores each event in order. */
  async ingestBody(body: unknown): Promise<IngestionResult[]> {
    const events = this.validate(body);
    const results: IngestionResult[] = [];
    let generation = -1;
    for (const event of events) {
      const { generation: after, ...result } = await this.ingest(event);
      if (!result.duplicate) generation = Math.max(generation, after);
      results.push(result);
    }
    if (generation >= 0) await this.catchUpIndex(generation);
    return results;
  }

  private async catchUpIndex(generation: number): Promise<void> {
    await this.indexes?.catchUp(generation);
  }
}
