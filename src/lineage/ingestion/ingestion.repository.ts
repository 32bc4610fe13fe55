import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, type SqlExecutor, type SqlValue } from '../../teradata/database.port.js';
import { EMBEDDED_INGESTION } from '../../teradata/sql/embedded/ingestion.sql.js';
import { forDialect } from '../../teradata/sql/for-dialect.js';
import type { IngestionStatements } from '../../teradata/sql/ingestion.statements.js';
import { TERADATA_INGESTION } from '../../teradata/sql/teradata/ingestion.sql.js';
import type { IngestionRows, StoredCounts } from './ingestion.types.js';

const SPEC_VERSION = '2-0-2';

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
 * The only place OpenLineage ingestion runs SQL. `storeEvent` writes one
 * event's rows in one transaction: it stops at once when the run already
 * holds this event type (a re-post), otherwise upserts namespaces,
 * datasets, fields, job, run, run inputs/outputs and edges on their natural
 * ids, moves the run to a later event, and bumps OL_GRAPH_STATE.generation
 * when anything a reader sees changed.
 */
@Injectable()
export class IngestionRepository {
  private readonly sql: IngestionStatements;

  constructor(@Inject(DatabasePort) private readonly database: DatabasePort) {
    this.sql = forDialect(database, { teradata: TERADATA_INGESTION, embedded: EMBEDDED_INGESTION });
  }

  async storeEvent(rows: IngestionRows): Promise<StoreOutcome> {
    return this.database.transaction(async (tx) => {
      const stored = emptyStoredCounts();
      const now = new Date();
      const run = rows.run;
      const existing = await tx.query<{ event_type: string; event_time: Date }>(this.sql.findRun, [run.runId]);
      if (existing.length > 0 && existing[0].event_type === run.eventType) {
        return { stored, alreadyRecorded: true, runChanged: false, generation: await this.generation(tx) };
      }

      stored.namespaces = await this.insert(tx, this.sql.insertNamespace, rows.namespaces.map((n) => [n.namespaceId, n.namespaceUri, null, SPEC_VERSION, now]));
      stored.datasets = await this.insert(
        tx,
        this.sql.insertDataset,
        rows.datasets.map((d) => [d.datasetId, d.namespaceId, d.name, d.description, d.sourceType, now, now, 'Y']),
      );
      stored.fields = await this.insert(
        tx,
        this.sql.insertField,
        rows.fields.map((f) => [f.fieldId, f.datasetId, f.fieldName, f.fieldType, f.description, f.ordinalPosition, null, now]),
      );
      const withFacts = rows.fields.filter((f) => f.ordinalPosition !== null);
      if (stored.fields < rows.fields.length && withFacts.length > 0) {
        stored.fieldsCompleted = await tx.batch(
          this.sql.completeField,
          withFacts.map((f) => [f.fieldType, f.description, f.ordinalPosition, f.fieldId]),
        );
      }
      const job = rows.job;
      stored.jobs = await this.insert(tx, this.sql.insertJob, [[job.jobId, job.namespaceId, job.name, job.description, job.jobType, now, now]]);
      stored.runs = await this.insert(tx, this.sql.insertRun, [
        [run.runId, run.jobId, run.eventType, run.eventTime, run.nominalStartTime, run.nominalEndTime, run.producer, run.schemaUrl, now],
      ]);
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
      stored.runInputs = await this.insert(tx, this.sql.insertRunInput, rows.runInputs.map((r) => [r.runId, r.datasetId]));
      stored.runOutputs = await this.insert(tx, this.sql.insertRunOutput, rows.runOutputs.map((r) => [r.runId, r.datasetId]));
      stored.edges = await this.insert(
        tx,
        this.sql.insertEdge,
        rows.edges.map((e) => [
          e.lineageId,
          e.runId,
          e.sourceNamespace,
          e.sourceDataset,
          e.sourceField,
          e.targetNamespace,
          e.targetDataset,
          e.targetField,
          e.transformationType,
          e.transformationSubtype,
          e.description,
          e.masking ? 'Y' : 'N',
          null,
          now,
          'Y',
        ]),
      );
      if (stored.edges < rows.edges.length) {
        stored.edgesReactivated = await tx.batch(this.sql.reactivateEdge, rows.edges.map((e) => [e.lineageId]));
      }
      const visible = Object.values(stored).some((n) => n > 0);
      if (visible) await tx.execute(this.sql.bumpGeneration, [now]);
      return { stored, alreadyRecorded: false, runChanged, generation: await this.generation(tx) };
    });
  }

  private async generation(tx: SqlExecutor): Promise<number> {
    const rows = await tx.query<{ generation: number | bigint }>(this.sql.getGeneration);
    return rows.length === 0 ? 0 : Number(rows[0].generation);
  }

  private async insert(tx: SqlExecutor, sql: string, rows: SqlValue[][]): Promise<number> {
    return rows.length === 0 ? 0 : tx.batch(sql, rows);
  }
}
