import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, type SqlExecutor } from '../../teradata/database.port.js';
import { OlStoreWriter } from '../../ol-store/ol-store.writer.js';
import { IngestionStatements } from '../../teradata/ingestion.statements.js';
import type { IngestionRows, StoredCounts } from './ingestion.types.js';

export interface StoreOutcome {
  readonly stored: StoredCounts;
  /** The run already held this event type: nothing was written. */
  readonly alreadyRecorded: boolean;
  /** The run moved to this event (new run, or a later event of a known run). */
  readonly runChanged: boolean;
  /** OL_GRAPH_STATE.generation after the write (bumped when anything changed). */
  readonly generation: number;
}

export function emptyStoredCounts(): StoredCounts {
  return { namespaces: 0, datasets: 0, fields: 0, fieldsCompleted: 0, jobs: 0, runs: 0, runInputs: 0, runOutputs: 0, edges: 0, edgesReactivated: 0 };
}

/**
 * Writes OpenLineage events, one transaction for a group of them. The rows go through the
 * OL_* store writer (the upserts population uses: same natural ids, same
 * idempotence); around them, what is ingestion's own: it stops at once when
 * the run already holds this event type (a re-post), completes the facts of
 * fields first seen without them, moves a known run on to a later event,
 * and bumps OL_GRAPH_STATE.generation when anything a reader sees changed,
 * recording the graph's changes in the change log in the same transaction.
 */
@Injectable()
export class IngestionRepository {

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(IngestionStatements) private readonly sql: IngestionStatements,
    @Inject(OlStoreWriter) private readonly writer: OlStoreWriter,
  ) {
  }

  /** One event in its own transaction. */
  async storeEvent(rows: IngestionRows): Promise<StoreOutcome> {
    const [outcome] = await this.storeEvents([rows]);
    return outcome;
  }

  /**
   * Events in one transaction, in order, each as it would be alone (a later
   * event sees what an earlier one wrote: a second post of the same run and
   * event type is a re-post), with one generation bump for all of them: the
   * group commit of concurrent posts (OpenLineageIngestionService). Every
   * outcome carries the group's generation.
   */
  async storeEvents(events: readonly IngestionRows[]): Promise<StoreOutcome[]> {
    return this.database.transaction(async (tx) => {
      const written: Omit<StoreOutcome, 'generation'>[] = [];
      const changed: { edges: string[]; runs: string[] } = { edges: [], runs: [] };
      for (const rows of events) written.push(await this.writeEvent(rows, tx, changed));
      const visible = written.some((w) => !w.alreadyRecorded && Object.values(w.stored).some((n) => n > 0));
      // What the lineage index applies from the change log: the edges the events inserted or reactivated, and their runs' dataset links.
      const generation = visible ? await this.writer.bumpGeneration(tx, { edges: [...new Set(changed.edges)], runs: [...new Set(changed.runs)] }) : await this.writer.generation(tx);
      return written.map((w) => ({ ...w, generation }));
    });
  }

  private async writeEvent(rows: IngestionRows, tx: SqlExecutor, changed: { edges: string[]; runs: string[] }): Promise<Omit<StoreOutcome, 'generation'>> {
    const stored = emptyStoredCounts();
    const run = rows.run;
    const existing = await tx.query<{ event_type: string; event_time: Date }>(this.sql.findRun, [run.runId]);
    if (existing.length > 0 && existing[0].event_type === run.eventType) return { stored, alreadyRecorded: true, runChanged: false };

    stored.namespaces = (await this.writer.upsertNamespaces(rows.namespaces, tx)).inserted;
    stored.datasets = (await this.writer.upsertDatasets(rows.datasets, tx)).inserted;
    const fields = await this.writer.upsertFields(rows.fields, tx);
    stored.fields = fields.inserted;
    const withFacts = rows.fields.filter((f) => f.ordinalPosition !== null);
    if (fields.present > 0 && withFacts.length > 0) {
      stored.fieldsCompleted = await tx.batch(
        this.sql.completeField,
        withFacts.map((f) => [f.fieldType, f.description, f.ordinalPosition, f.fieldId]),
      );
    }
    stored.jobs = (await this.writer.upsertJobs([rows.job], tx)).inserted;
    stored.runs = (await this.writer.upsertRuns([run], tx)).inserted;
    let runChanged = stored.runs > 0;
    if (!runChanged) {
      const advanced = await tx.execute(this.sql.advanceRun, [
        run.eventType,
        run.eventTime,
        run.nominalStartTime,
        run.nominalEndTime,
        run.producer,
        run.schemaUrl,
        run.runId,
        run.eventTime,
      ]);
      runChanged = advanced > 0;
    }
    stored.runInputs = (await this.writer.upsertRunInputs(rows.runInputs, tx)).inserted;
    stored.runOutputs = (await this.writer.upsertRunOutputs(rows.runOutputs, tx)).inserted;
    const edges = await this.writer.upsertEdges(rows.edges, tx);
    stored.edges = edges.counts.inserted;
    stored.edgesReactivated = edges.reactivated;
    changed.edges.push(...edges.changed);
    if (stored.runInputs + stored.runOutputs > 0) changed.runs.push(run.runId);
    return { stored, alreadyRecorded: false, runChanged };
  }
}
