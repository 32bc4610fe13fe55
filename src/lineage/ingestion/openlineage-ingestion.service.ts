import { Injectable, Logger, Optional } from '@nestjs/common';
import { LineageConfig } from '../../config/app-config.js';
import { LineageIndexService } from '../lineage-index.service.js';
import { prepareEvent } from './event-preparation.js';
import { INGESTION_LIMITS } from './ingestion-limits.js';
import { OpenLineageEventInvalidError } from './ingestion.errors.js';
import { type EventToStore, IngestionRepository, type StoreOutcome } from './ingestion.repository.js';
import type { EventEnvelope, EventOutcome, IngestionResult, IngestionRows, RefusedEvent } from './ingestion.types.js';
import { OpenLineageValidator } from './openlineage.validator.js';

/** Write conflicts between concurrent transactions (two producers posting the same run at once) are retried this often. */
const CONFLICT_RETRIES = 3;
/** Most events written in one transaction (a group commit). */
const GROUP_LIMIT = 200;

interface Pending {
  readonly event: EventToStore;
  resolve(result: IngestionResult): void;
  reject(err: unknown): void;
}

/** A posted body read event by event: each one ready to store, or refused with its violations. */
type Prepared = { readonly index: number; readonly event: EventToStore } | RefusedEvent;

/**
 * Ingests OpenLineage events as producers send them: one event, or a JSON
 * array of up to INGESTION_LIMITS.eventsPerRequest. RunEvents, JobEvents and
 * DatasetEvents are all accepted. Each event is normalised where lenient
 * mode allows (lenient-event.ts), validated (OpenLineage 2-0-2 schema, facet
 * schemas, size bounds), and then stored on its own: in an array, an
 * invalid event is refused with its violations and the others are stored.
 * An event's identity is its content: the same event posted again writes
 * nothing (`duplicate: true`); a different event of a known run is stored
 * and merged into it. Events posted while a write runs are written together
 * in the next transaction (group commit). A write is answered once
 * committed; the lineage index of this process applies its change
 * meanwhile, and its reads wait for that (LineageIndexService.ready), so the
 * lineage routes show the event at once (other replicas follow by polling
 * the change log).
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
    private readonly config: LineageConfig,
    @Optional() private readonly indexes?: LineageIndexService,
  ) {}

  /**
   * Reads a body: one event or an array of them. Each is normalised (lenient
   * mode), validated, mapped to its rows and given its identity; an invalid
   * one is refused with its violations (paths prefixed `/<index>` in an
   * array). A body that is no event at all (an empty or too long array)
   * throws OpenLineageEventInvalidError.
   */
  prepare(body: unknown): Prepared[] {
    const batch = Array.isArray(body);
    const events: unknown[] = batch ? body : [body];
    if (batch && events.length === 0) throw new OpenLineageEventInvalidError([{ path: '/', message: 'must hold at least one event' }]);
    if (events.length > INGESTION_LIMITS.eventsPerRequest) {
      throw new OpenLineageEventInvalidError([{ path: '/', message: `must hold at most ${INGESTION_LIMITS.eventsPerRequest} events (got ${events.length})` }]);
    }
    const options = { validator: this.validator, lenient: this.config.openLineageLenient, keepKb: this.config.openLineageEventKeepKb };
    return events.map((raw, index) => prepareEvent(raw, index, batch ? `/${index}` : '', options));
  }

  /**
   * Stores one event. Events posted while a write is running wait and are
   * written together in the next transaction (a group commit): the store
   * takes one writer at a time (every graph write moves OL_GRAPH_STATE), so
   * concurrent producers share a transaction, a generation and an index
   * catch-up instead of queueing for one each, or failing on one another's
   * write conflicts.
   */
  ingest(event: EventToStore): Promise<IngestionResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
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
          outcomes = await this.store(group.map((p) => p.event));
        } catch (err) {
          if (group.length === 1) {
            group[0].reject(err);
            continue;
          }
          // One event the store refuses must not fail the others of its group: each alone, in order.
          await this.storeOneByOne(group);
          continue;
        }
        // Answered once committed. This replica's index applies the group's change by its keys meanwhile (applyOwn marks the generation
        // as this process's own at once), and every read of the index first waits until it serves what this process committed
        // (LineageIndexService.ready): a poster reads its write at once without its answer waiting for the apply, and the next group's
        // write does not wait for it either. A failed apply leaves the catch-up to that wait (the change log).
        const changed = outcomes.find((o) => o.changes);
        if (changed?.changes && this.indexes) void this.indexes.applyOwn(changed.generation, changed.changes).catch(() => undefined);
        group.forEach((p, i) => p.resolve(this.result(p.event, outcomes[i])));
      }
    } finally {
      this.writing = false;
    }
  }

  private async storeOneByOne(group: readonly Pending[]): Promise<void> {
    for (const p of group) {
      try {
        p.resolve(this.result(p.event, (await this.store([p.event]))[0]));
      } catch (err) {
        p.reject(err);
      }
    }
  }

  /** One transaction for the group, run again on a write conflict (another process writing the same rows at once). */
  private async store(group: EventToStore[]): Promise<StoreOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.storeEvents(group);
      } catch (err) {
        // a write conflict, or a key another writer stored since this group read it absent (IngestionRepository): run it again
        if (attempt >= CONFLICT_RETRIES || !/conflict|duplicate key/i.test(err instanceof Error ? err.message : '')) throw err;
      }
    }
  }

  private result({ rows, envelope }: EventToStore, outcome: StoreOutcome): IngestionResult {
    const duplicate = outcome.alreadyRecorded;
    this.logger.log(
      `OpenLineage ${describe(rows, envelope)}: ` +
        (duplicate ? 'already stored, nothing written' : `${outcome.stored.edges} new edges, ${outcome.stored.datasets} new datasets, ${outcome.stored.fields} new fields`),
    );
    return {
      kind: envelope.kind,
      ...(rows.run ? { runId: rows.run.runId, eventType: rows.run.eventType } : {}),
      eventId: envelope.eventId,
      status: duplicate ? 'duplicate' : 'stored',
      duplicate,
      stored: outcome.stored,
      ...(envelope.normalised.length > 0 ? { normalised: envelope.normalised } : {}),
    };
  }

  /**
   * Reads the whole body, stores its valid events in order (in one group
   * when nothing else is being written) and answers one outcome per event.
   * Throws OpenLineageEventInvalidError when no event of the body is valid.
   */
  async ingestBody(body: unknown): Promise<EventOutcome[]> {
    const prepared = this.prepare(body);
    const refused = prepared.filter((p): p is RefusedEvent => 'violations' in p);
    if (refused.length === prepared.length) throw new OpenLineageEventInvalidError(refused.flatMap((r) => r.violations).slice(0, 100));
    return Promise.all(prepared.map((p) => ('violations' in p ? p : this.ingest(p.event).then((r) => ({ index: p.index, ...r })))));
  }
}

function describe(rows: IngestionRows, envelope: EventEnvelope): string {
  if (rows.run && envelope.kind === 'RUN') return `${rows.run.eventType} event for run ${rows.run.runId} (job ${rows.job?.name ?? '?'})`;
  if (rows.job) return `job event for ${rows.job.name}`;
  return `dataset event for ${rows.datasets[0]?.name ?? '?'}`;
}
