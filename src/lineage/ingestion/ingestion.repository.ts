import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryInList, type SqlExecutor, type SqlValue } from '../../teradata/database.port.js';
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
      if (events.length === 1) written.push(await this.writeEvent(events[0], tx, changed));
      else written.push(...(await this.writeGroup(events, tx, changed)));
      const visible = written.some((w) => !w.alreadyRecorded && Object.values(w.stored).some((n) => n > 0));
      // What the lineage index applies from the change log: the edges the events inserted or reactivated, and their runs' dataset links.
      const generation = visible ? await this.writer.bumpGeneration(tx, { edges: [...new Set(changed.edges)], runs: [...new Set(changed.runs)] }) : await this.writer.generation(tx);
      return written.map((w) => ({ ...w, generation }));
    });
  }

  /**
   * A group of events as if each were written alone, in order, but with one
   * statement per table for all of them: what is already stored is read
   * first (by key), so each event is told what it added; later events of a
   * run move it on (or are re-posts) as they would one by one.
   */
  private async writeGroup(events: readonly IngestionRows[], tx: SqlExecutor, changed: { edges: string[]; runs: string[] }): Promise<Omit<StoreOutcome, 'generation'>[]> {
    const key = (...parts: string[]) => parts.join('\u0001');
    // Each run as the store holds it, moved on by the group's events as they come.
    const runs = new Map<string, { eventType: string; eventTime: number }>();
    for (const r of await queryInList<{ run_id: string; event_type: string; event_time: Date | string }>(tx, this.sql.runsById, unique(events.map((e) => e.run.runId)))) {
      runs.set(String(r.run_id).trim(), { eventType: String(r.event_type).trim(), eventTime: new Date(r.event_time).getTime() });
    }
    const storedRuns = [...runs.keys()];
    const accepted: { rows: IngestionRows; outcome: { stored: StoredCounts; alreadyRecorded: false; runChanged: boolean } }[] = [];
    const outcomes: Omit<StoreOutcome, 'generation'>[] = [];
    for (const rows of events) {
      const run = runs.get(rows.run.runId);
      if (run && run.eventType === rows.run.eventType) {
        outcomes.push({ stored: emptyStoredCounts(), alreadyRecorded: true, runChanged: false });
        continue;
      }
      const outcome = { stored: emptyStoredCounts(), alreadyRecorded: false as const, runChanged: false };
      outcomes.push(outcome);
      accepted.push({ rows, outcome });
      // The run row the store will hold after this event (an older event leaves a run where it is).
      if (!run) runs.set(rows.run.runId, { eventType: rows.run.eventType, eventTime: rows.run.eventTime.getTime() });
      else if (run.eventTime <= rows.run.eventTime.getTime()) runs.set(rows.run.runId, { eventType: rows.run.eventType, eventTime: rows.run.eventTime.getTime() });
    }
    if (accepted.length === 0) return outcomes;
    const all = <T>(pick: (rows: IngestionRows) => readonly T[]) => accepted.flatMap((a) => pick(a.rows));
    // What is stored before the group writes.
    const ids = async (sql: string, values: string[], column: string) => new Set((await queryInList<Record<string, string>>(tx, sql, unique(values))).map((r) => String(r[column]).trim()));
    const namespaces = await ids(this.sql.namespacesById, all((r) => r.namespaces).map((n) => n.namespaceId), 'namespace_id');
    const datasets = await ids(this.sql.datasetsById, all((r) => r.datasets).map((d) => d.datasetId), 'dataset_id');
    const fields = await ids(this.sql.fieldsById, all((r) => r.fields).map((f) => f.fieldId), 'field_id');
    const jobs = await ids(this.sql.jobsById, all((r) => [r.job]).map((j) => j.jobId), 'job_id');
    const known = storedRuns.filter((id) => accepted.some((a) => a.rows.run.runId === id));
    const links = async (sql: string) => new Set((await queryInList<{ run_id: string; dataset_id: string }>(tx, sql, known)).map((r) => key(String(r.run_id).trim(), String(r.dataset_id).trim())));
    const inputs = await links(this.sql.runInputsOf);
    const outputs = await links(this.sql.runOutputsOf);

    // One statement per table for the whole group, and none for a table whose rows are all stored already.
    const absent = <T>(rows: readonly T[], stored: ReadonlySet<string>, id: (row: T) => string) => rows.filter((row) => !stored.has(id(row)));
    const write = async <T>(rows: readonly T[], upsert: (rows: readonly T[], tx: SqlExecutor) => Promise<unknown>) => {
      if (rows.length > 0) await upsert(rows, tx);
    };
    await write(absent(all((r) => r.namespaces), namespaces, (n) => n.namespaceId), (rows, t) => this.writer.upsertNamespaces(rows, t));
    await write(absent(all((r) => r.datasets), datasets, (d) => d.datasetId), (rows, t) => this.writer.upsertDatasets(rows, t));
    await write(absent(all((r) => r.fields), fields, (f) => f.fieldId), (rows, t) => this.writer.upsertFields(rows, t));
    await write(absent(all((r) => [r.job]), jobs, (j) => j.jobId), (rows, t) => this.writer.upsertJobs(rows, t));
    await write(absent(all((r) => [r.run]), new Set(storedRuns), (r) => r.runId), (rows, t) => this.writer.upsertRuns(rows, t));
    await write(absent(all((r) => r.runInputs), inputs, (l) => key(l.runId, l.datasetId)), (rows, t) => this.writer.upsertRunInputs(rows, t));
    await write(absent(all((r) => r.runOutputs), outputs, (l) => key(l.runId, l.datasetId)), (rows, t) => this.writer.upsertRunOutputs(rows, t));
    const edges = await this.writer.upsertEdges(all((r) => r.edges), tx);
    const edgeState = new Map(edges.before);
    changed.edges.push(...edges.changed);

    // Each event, in order: what it added, and what only it can do (move its run on, complete fields it found bare).
    const fresh = (seen: Set<string>, keys: string[]) => {
      let n = 0;
      for (const k of new Set(keys)) {
        if (seen.has(k)) continue;
        seen.add(k);
        n++;
      }
      return n;
    };
    const runRows = new Set(storedRuns);
    for (const { rows, outcome } of accepted) {
      const stored = outcome.stored;
      const fieldsBefore = new Set(rows.fields.filter((f) => fields.has(f.fieldId)).map((f) => f.fieldId));
      stored.namespaces = fresh(namespaces, rows.namespaces.map((n) => n.namespaceId));
      stored.datasets = fresh(datasets, rows.datasets.map((d) => d.datasetId));
      stored.fields = fresh(fields, rows.fields.map((f) => f.fieldId));
      const bare = rows.fields.filter((f) => f.ordinalPosition !== null && fieldsBefore.has(f.fieldId));
      if (bare.length > 0) stored.fieldsCompleted = await tx.batch(this.sql.completeField, bare.map((f) => [f.fieldType, f.description, f.ordinalPosition, f.fieldId]));
      stored.jobs = fresh(jobs, [rows.job.jobId]);
      stored.runs = fresh(runRows, [rows.run.runId]);
      // A run already stored (before the group, or by an earlier event of it) is moved on by a later event.
      outcome.runChanged = stored.runs > 0 || (await tx.execute(this.sql.advanceRun, advanceParams(rows))) > 0;
      stored.runInputs = fresh(inputs, rows.runInputs.map((l) => key(l.runId, l.datasetId)));
      stored.runOutputs = fresh(outputs, rows.runOutputs.map((l) => key(l.runId, l.datasetId)));
      for (const id of new Set(rows.edges.map((e) => e.lineageId))) {
        const state = edgeState.get(id);
        if (state === undefined) stored.edges++;
        else if (!state) stored.edgesReactivated++;
        edgeState.set(id, true);
      }
      if (stored.runInputs + stored.runOutputs > 0) changed.runs.push(rows.run.runId);
    }
    return outcomes;
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
      const advanced = await tx.execute(this.sql.advanceRun, advanceParams(rows));
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

/** The parameters of advanceRun for an event's run. */
function advanceParams({ run }: IngestionRows): SqlValue[] {
  return [run.eventType, run.eventTime, run.nominalStartTime, run.nominalEndTime, run.producer, run.schemaUrl, run.runId, run.eventTime];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
