import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, overlapped, queryInLists, type SqlExecutor, type SqlValue } from '../../teradata/database.port.js';
import type { HistoryStep, StoredItem } from '../../ol-store/ol-store.types.js';
import { createdEdge, datedRow, type KnownStates, OlStoreWriter, type StoredEdge, targetKey, type WritePlan } from '../../ol-store/ol-store.writer.js';
import { foldsCase } from '../../model/ids.js';
import { type DatasetLinkInput, indexTime, validitySpan, type WrittenChanges } from '../graph/lineage-index.js';
import type { OwnChanges } from '../lineage-index.service.js';
import { IngestionStatements } from '../../teradata/ingestion.statements.js';
import type { EventEnvelope, EventRunRow, IngestionRows, StoredCounts } from './ingestion.types.js';

export interface StoreOutcome {
  readonly stored: StoredCounts;
  /** This very event (same content) was already stored, or came earlier in the group: nothing was written. */
  readonly alreadyRecorded: boolean;
  /** OL_GRAPH_STATE.generation after the write (bumped when anything a reader sees changed). */
  readonly generation: number;
  /** What the group changed in the graph when it bumped the generation: the lineage index applies it (from the rows written, or by these keys). */
  readonly changes?: OwnChanges;
}

/** An event to store: its rows and what identifies it. */
export interface EventToStore {
  readonly rows: IngestionRows;
  readonly envelope: EventEnvelope;
}

export function emptyStoredCounts(): StoredCounts {
  return { namespaces: 0, datasets: 0, fields: 0, fieldsCompleted: 0, jobs: 0, runs: 0, runInputs: 0, runOutputs: 0, edges: 0, edgesReactivated: 0 };
}

/**
 * Writes OpenLineage events, one transaction for a group of them. The rows go
 * through the OL_* store writer (the upserts population uses: same natural
 * ids, same idempotence); around them, what is ingestion's own: an event
 * already stored (same content, found by its key in OL_EVENT) writes
 * nothing; every other event is kept in OL_EVENT and merged into the store
 * (a run takes any number of events: its row follows the latest, and an
 * ended run stays ended), completes the facts of fields first seen without
 * them, and bumps OL_GRAPH_STATE.generation when anything a reader sees
 * changed, recording the graph's changes in the change log in the same
 * transaction.
 */
@Injectable()
export class IngestionRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(IngestionStatements) private readonly sql: IngestionStatements,
    @Inject(OlStoreWriter) private readonly writer: OlStoreWriter,
  ) {}

  /**
   * Events in one transaction, in order, each as it would be alone (a later
   * event sees what an earlier one wrote: the same event twice is a re-post),
   * with one statement per table for all of them and one generation bump:
   * the group commit of concurrent posts (OpenLineageIngestionService).
   * Every outcome carries the group's generation.
   */
  async storeEvents(events: readonly EventToStore[]): Promise<StoreOutcome[]> {
    return this.database.transaction((tx) => this.writeGroup(events, tx));
  }

  /**
   * storedKeys over the lists given (in its order), with only the branches
   * that have keys to look up: a branch with none costs the engine its
   * planning and, for the link tables (no key index), a scan. The field
   * branch stays, with a key that matches nothing when it has none: Teradata
   * gives a UNION the types of its first SELECT.
   */
  private storedKeys(tx: SqlExecutor, lists: readonly (readonly SqlValue[])[]): Promise<StoredKeyRow[]> {
    const branches = this.sql.storedKeys.split(/\nUNION ALL /);
    if (branches.length !== lists.length) throw new Error(`storedKeys has ${branches.length} branches, ${lists.length} key lists given`);
    const kept = lists.map((list, i) => i === 0 || list.length > 0);
    return queryInLists<StoredKeyRow>(
      tx,
      branches.filter((_, i) => kept[i]).join('\nUNION ALL '),
      lists.filter((_, i) => kept[i]),
      NO_KEY.filter((_, i) => kept[i]),
    );
  }

  /**
   * A group of events as if each were written alone, in order, but with one
   * statement per table for all of them: what is already stored is read
   * first (by key), so each event is told what it added; later events of a
   * run move it on as they would one by one. The statements that do not
   * depend on one another go together (`overlapped`): on the embedded engine
   * a group is then about six waits for the engine whatever its size
   * (begin, the stored keys, the event rows with the plan's reads, the rows
   * with the generation, what follows from them with the change log,
   * commit), each a turn of the event loop that waits
   * behind the readers' (ADR 0008, "Turns of the event loop").
   */
  private async writeGroup(events: readonly EventToStore[], tx: SqlExecutor): Promise<StoreOutcome[]> {
    const key = (...parts: string[]) => parts.join('\u0001');
    const every = <T>(pick: (rows: IngestionRows) => readonly T[]) => events.flatMap((e) => pick(e.rows));
    const runIds = unique(every((r) => (r.run ? [r.run.runId] : [])));
    // What the store holds of the group's keys, read in one statement before anything is written (for every event, re-posts included: a superset does no harm).
    const known = await this.storedKeys(tx, [
      unique(every((r) => r.fields.map((f) => f.fieldId))),
      unique(events.map((e) => e.envelope.eventKey)),
      runIds,
      unique(every((r) => r.namespaces.map((n) => n.namespaceId))),
      unique(every((r) => r.datasets.map((d) => d.datasetId))),
      unique(every((r) => (r.job ? [r.job.jobId] : []))),
      [],
      [],
      unique(every((r) => r.edges.map((e) => e.lineageId))),
    ]);
    // A run's dataset links only where the run is stored already (a later event of it): the link tables have no key index, so each
    // look is a scan of them, which a group of new runs (most of them) does not need.
    const storedRuns = known.filter((r) => String(r.kind).trim() === 'R').map((r) => String(r.k1).trim());
    if (storedRuns.length > 0) known.push(...(await this.storedKeys(tx, [[], [], [], [], [], [], storedRuns, storedRuns, []])));
    const held = (kind: string) => new Set(known.filter((r) => String(r.kind).trim() === kind).map((r) => (kind === 'I' || kind === 'O' ? key(String(r.k1).trim(), String(r.k2).trim()) : String(r.k1).trim())));
    const stored = held('E');
    const accepted: { rows: IngestionRows; envelope: EventEnvelope; outcome: { stored: StoredCounts; alreadyRecorded: false } }[] = [];
    const outcomes: Omit<StoreOutcome, 'generation'>[] = events.map(({ rows, envelope }) => {
      if (stored.has(envelope.eventId)) return { stored: emptyStoredCounts(), alreadyRecorded: true };
      stored.add(envelope.eventId);
      const outcome = { stored: emptyStoredCounts(), alreadyRecorded: false as const };
      accepted.push({ rows, envelope, outcome });
      return outcome;
    });
    if (accepted.length === 0) {
      const generation = await this.writer.generation(tx);
      return outcomes.map((o) => ({ ...o, generation }));
    }

    const all = <T>(pick: (rows: IngestionRows) => readonly T[]) => accepted.flatMap((a) => pick(a.rows));
    const runRows = all((r) => (r.run ? [r.run] : []));
    const jobRows = all((r) => (r.job ? [r.job] : []));
    const runsBefore = held('R');
    const namespaces = held('N');
    const datasets = held('D');
    const fields = held('F');
    const jobs = held('J');
    const inputs = held('I');
    const outputs = held('O');

    // When each edge, dataset and field was true: every event at its own eventTime, in the group's order (ADR 0024); its reads go with the event rows.
    const states = { ...knownStates(known), runs: { looked: new Set(runIds), jobs: runJobs(known) } };
    const [, plan] = await overlapped(
      tx,
      () => this.writer.insertRows(tx, this.sql.insertEvent, accepted.map(({ rows, envelope }) => eventRow(rows, envelope))),
      () => this.writer.planWrite(tx, { edges: all((r) => r.edges), runs: runRows, replacedTargets: [], steps: accepted.map(({ rows, envelope }) => eventStep(rows, envelope)) }, states),
    );

    // One statement per table for the whole group, and none for a table whose rows are all stored already.
    const absent = <T>(rows: readonly T[], present: ReadonlySet<string>, id: (row: T) => string) => rows.filter((row) => !present.has(id(row)));
    const newNamespaces = absent(all((r) => r.namespaces), namespaces, (n) => n.namespaceId);
    const newDatasets = absent(all((r) => r.datasets), datasets, (d) => d.datasetId).map((d) => datedRow(d, plan, 'D'));
    const newFields = absent(all((r) => r.fields), fields, (f) => f.fieldId).map((f) => datedRow(f, plan, 'F'));
    const newJobs = absent(jobRows, jobs, (j) => j.jobId);
    const newRuns = absent(runRows, runsBefore, (r) => r.runId);
    const newInputs = absent(all((r) => r.runInputs), inputs, (l) => key(l.runId, l.datasetId));
    const newOutputs = absent(all((r) => r.runOutputs), outputs, (l) => key(l.runId, l.datasetId));

    // Each event, in order: what it added, and what only it can do (move its run on, complete fields it found bare), written below.
    const fresh = (seen: Set<string>, keys: string[]) => {
      let n = 0;
      for (const k of new Set(keys)) {
        if (seen.has(k)) continue;
        seen.add(k);
        n++;
      }
      return n;
    };
    const edgeState = new Map([...(states.edges ?? [])].map(([id, e]) => [id, e.active] as const));
    const runsSeen = new Set(runsBefore);
    const completions: { counts: StoredCounts; rows: SqlValue[][] }[] = [];
    const advances = new Map<string, SqlValue[][]>();
    const changedRuns: string[] = [];
    for (const { rows, outcome } of accepted) {
      const counts = outcome.stored;
      const fieldsBefore = new Set(rows.fields.filter((f) => fields.has(f.fieldId)).map((f) => f.fieldId));
      counts.namespaces = fresh(namespaces, rows.namespaces.map((n) => n.namespaceId));
      counts.datasets = fresh(datasets, rows.datasets.map((d) => d.datasetId));
      counts.fields = fresh(fields, rows.fields.map((f) => f.fieldId));
      const bare = rows.fields.filter((f) => f.ordinalPosition !== null && fieldsBefore.has(f.fieldId));
      if (bare.length > 0) completions.push({ counts, rows: bare.map((f) => [f.fieldType, f.description, f.ordinalPosition, f.fieldId]) });
      counts.jobs = rows.job ? fresh(jobs, [rows.job.jobId]) : 0;
      counts.runs = rows.run ? fresh(runsSeen, [rows.run.runId]) : 0;
      // A run already stored (before the group, or by an earlier event of it) is moved on by a later event.
      if (rows.run && counts.runs === 0) {
        let steps = advances.get(rows.run.runId);
        if (!steps) advances.set(rows.run.runId, (steps = []));
        steps.push(advanceParams(rows.run));
      }
      counts.runInputs = fresh(inputs, rows.runInputs.map((l) => key(l.runId, l.datasetId)));
      counts.runOutputs = fresh(outputs, rows.runOutputs.map((l) => key(l.runId, l.datasetId)));
      for (const id of new Set(rows.edges.map((e) => e.lineageId))) {
        const state = edgeState.get(id);
        if (state === undefined) counts.edges++;
        else if (!state) counts.edgesReactivated++;
        edgeState.set(id, true);
      }
      if (rows.run && counts.runInputs + counts.runOutputs > 0) changedRuns.push(rows.run.runId);
    }
    // What the lineage index applies from the change log: the edges the events inserted, reactivated or ended, and their runs' dataset links.
    const keys = { edges: unique([...plan.touched]), runs: unique(changedRuns) };
    const written = writtenChanges(plan, keys, accepted, runsBefore, held('D'));
    const changes = written ? { ...keys, written } : keys;
    // An event may change the graph without adding anything: edges its job no longer lists stop; a bare field completed changes what readers see.
    const visible = keys.edges.length > 0 || completions.length > 0 || accepted.some((a) => Object.values(a.outcome.stored).some((n) => n > 0));

    const write = <T>(rows: readonly T[], upsert: (rows: readonly T[], tx: SqlExecutor) => Promise<unknown>) => async () => {
      if (rows.length > 0) await upsert(rows, tx);
    };
    const [generation] = await overlapped(
      tx,
      () => (visible ? this.writer.nextGeneration(tx) : this.writer.generation(tx)),
      // every key read absent above (stored keys, and the plan's edges): inserted without the key check
      write(newNamespaces, (rows, t) => this.writer.upsertNamespaces(rows, t, 'absent')),
      write(newDatasets, (rows, t) => this.writer.upsertDatasets(rows, t, 'absent')),
      write(newFields, (rows, t) => this.writer.upsertFields(rows, t, 'absent')),
      write(newJobs, (rows, t) => this.writer.upsertJobs(rows, t, 'absent')),
      write(newRuns, (rows, t) => this.writer.upsertRuns(rows, t, 'absent')),
      () => this.writer.writeEdges(plan, tx, 'absent'),
      () => this.writer.writeItems(plan, tx),
    );
    // What needs those rows: run links after their runs, a run's later events in order after its row, fields completed in the events' order.
    await overlapped(
      tx,
      write(newInputs, (rows, t) => this.writer.upsertRunInputs(rows, t)),
      write(newOutputs, (rows, t) => this.writer.upsertRunOutputs(rows, t)),
      async () => {
        for (const c of completions) c.counts.fieldsCompleted = await tx.batch(this.sql.completeField, c.rows);
      },
      ...[...advances.values()].map((steps) => async () => {
        for (const params of steps) await tx.execute(this.sql.advanceRun, params);
      }),
      async () => (visible ? this.writer.recordChanges(tx, generation, keys) : undefined),
    );
    return outcomes.map((o) => ({ ...o, generation, ...(visible ? { changes } : {}) }));
  }
}

/**
 * The group's change as the lineage index applies it, from the rows the group
 * wrote (LineageIndexService.applyOwn): the edges it created, with no
 * earlier interval, as written (the index reads their ranks only), the
 * other edges it changed to be read back by key, and the runs' links as
 * written, when each run whose links it wrote is new and has one event in
 * the group, every dataset it links named as the store holds it (a
 * case-folding namespace's dataset only when the group created it, in one
 * spelling). Undefined otherwise: the index reads the change by its keys.
 */
function writtenChanges(
  plan: WritePlan,
  keys: { readonly edges: readonly string[]; readonly runs: readonly string[] },
  accepted: readonly { readonly rows: IngestionRows }[],
  runsBefore: ReadonlySet<string>,
  datasetsBefore: ReadonlySet<string>,
): WrittenChanges | undefined {
  const edges: WrittenChanges['edges'][number][] = [];
  const readBack: string[] = [];
  for (const id of keys.edges) {
    const created = createdEdge(plan, id);
    const confidence = created?.row.confidence ?? null;
    // the store keeps a confidence to two decimals (DECIMAL(3,2)): one it would round is read back, as is every edge it did not create
    if (!created || (confidence !== null && Math.round(confidence * 100) / 100 !== confidence)) {
      readBack.push(id);
      continue;
    }
    const { row, validity, active } = created;
    edges.push({
      lineageId: id,
      edge: {
        sourceNamespace: row.sourceNamespace,
        sourceDataset: row.sourceDataset,
        sourceField: row.sourceField,
        targetNamespace: row.targetNamespace,
        targetDataset: row.targetDataset,
        targetField: row.targetField,
        transformationType: row.transformationType === 'INDIRECT' ? 'INDIRECT' : 'DIRECT',
        transformationSubtype: row.transformationSubtype ? row.transformationSubtype.trim() : null,
        description: row.description,
        masking: row.masking,
        confidence,
      },
      spans: [validitySpan(validity.from, validity.to, active)],
    });
  }
  const links = new Map<string, DatasetLinkInput>();
  for (const runId of keys.runs) {
    const events = accepted.filter((a) => a.rows.run?.runId === runId);
    if (runsBefore.has(runId) || events.length !== 1) return undefined;
    const { rows } = events[0];
    const names = new Map<string, { namespace: string; name: string }>();
    for (const d of rows.datasets) {
      const namespace = rows.namespaces.find((n) => n.namespaceId === d.namespaceId)?.namespaceUri;
      if (namespace === undefined || names.has(d.datasetId)) return undefined;
      names.set(d.datasetId, { namespace, name: d.name });
    }
    const named = (datasetId: string) => {
      const n = names.get(datasetId);
      if (!n || n.name !== n.name.trim()) return undefined;
      // a case-folding namespace keeps its first spelling: known here only when this group wrote the dataset in the one spelling it holds
      if (foldsCase(n.namespace) && (datasetsBefore.has(datasetId) || spellings(accepted, datasetId) > 1)) return undefined;
      return n;
    };
    const at = indexTime(rows.run?.eventTime.getTime() ?? 0);
    for (const input of rows.runInputs) {
      for (const output of rows.runOutputs) {
        if (input.datasetId === output.datasetId) continue;
        const a = named(input.datasetId);
        const b = named(output.datasetId);
        if (!a || !b) return undefined;
        const k = [a.namespace, a.name, b.namespace, b.name].join('\u0001');
        const link = links.get(k);
        if (!link || (link.from ?? 0) > at) links.set(k, { sourceNamespace: a.namespace, sourceDataset: a.name, targetNamespace: b.namespace, targetDataset: b.name, from: at });
      }
    }
  }
  return { edges, readBack, links: [...links.values()] };
}

/** How many spellings the group's events give a dataset. */
function spellings(accepted: readonly { readonly rows: IngestionRows }[], datasetId: string): number {
  return new Set(accepted.flatMap((a) => a.rows.datasets.filter((d) => d.datasetId === datasetId).map((d) => d.name))).size;
}

/** A key per storedKeys branch that matches no row: what an IN list without keys holds (event keys are numbers). */
const NO_KEY: readonly SqlValue[] = ['', -1, '', '', '', '', '', '', ''];

/** A row of storedKeys: kind, keys, and an edge's, dataset's or field's interval. */
type StoredKeyRow = { kind: string; k1: string; k2: string | null; k3: string | null; valid_from: Date | null; valid_to: Date | null; opened_by: string | null; closed_by: string | null };

/** What storedKeys read of the group's edges, datasets and fields, as the writer's plan takes it (no second read). */
function knownStates(rows: readonly StoredKeyRow[]): KnownStates {
  const text = (v: string | null) => (v === null || v === undefined ? null : String(v).trim());
  const item = (r: StoredKeyRow, active: boolean): StoredItem => ({ active, from: r.valid_from ?? null, to: r.valid_to ?? null, openedBy: text(r.opened_by), closedBy: text(r.closed_by) });
  const of = (kind: string) => rows.filter((r) => String(r.kind).trim() === kind);
  return {
    edges: new Map(of('L').map((r): [string, StoredEdge] => [String(r.k1).trim(), { ...item(r, String(r.k2).trim() === 'Y'), runId: text(r.k3), jobId: null }])),
    datasets: new Map(of('D').map((r) => [String(r.k1).trim(), item(r, r.valid_to === null)])),
    fields: new Map(of('F').map((r) => [String(r.k1).trim(), item(r, r.valid_to === null)])),
  };
}

/** The job of each stored run storedKeys found (kind R: run_id, job_id). */
function runJobs(rows: readonly StoredKeyRow[]): Map<string, string> {
  return new Map(rows.filter((r) => String(r.kind).trim() === 'R' && r.k2 !== null).map((r) => [String(r.k1).trim(), String(r.k2).trim()] as const));
}

/**
 * An event as a step of the group's history: at its eventTime, by its run,
 * seeing its edges, datasets and fields; an output whose column lineage it
 * states whole ends the edges earlier runs of its job wrote into it that it
 * no longer lists; an output it says was dropped ends.
 */
function eventStep(rows: IngestionRows, envelope: EventEnvelope): HistoryStep {
  const jobId = rows.job?.jobId;
  return {
    at: envelope.eventTime,
    runId: rows.run?.runId ?? null,
    edges: rows.edges.map((e) => e.lineageId),
    datasets: rows.datasets.map((d) => d.datasetId),
    fields: rows.fields.map((f) => f.fieldId),
    replaced:
      jobId === undefined
        ? []
        : (rows.statedOutputs ?? []).map((o) => {
            const target = targetKey(o.namespace, o.dataset);
            return { target, keep: new Set(rows.edges.filter((e) => targetKey(e.targetNamespace, e.targetDataset) === target).map((e) => e.lineageId)), jobId };
          }),
    dropped: (rows.droppedOutputs ?? []).map((o) => ({ datasetId: o.datasetId, target: targetKey(o.namespace, o.dataset), ...(jobId ? { jobId } : {}) })),
  };
}

/** The parameters of advanceRun for an event's run. */
function advanceParams(run: EventRunRow): SqlValue[] {
  return [run.eventType, run.eventTime, run.nominalStartTime, run.nominalEndTime, run.producer, run.schemaUrl, run.runId, run.eventTime, run.eventType];
}

/** The parameters of insertEvent. */
function eventRow(rows: IngestionRows, e: EventEnvelope): SqlValue[] {
  return [
    e.eventKey,
    e.eventId,
    e.kind,
    e.kind === 'RUN' ? (rows.run?.eventType ?? null) : null,
    e.eventTime,
    rows.run?.runId ?? null,
    rows.job?.jobId ?? null,
    e.producer,
    e.payload,
    e.payloadChars,
    e.normalised.length > 0 ? e.normalised.join('; ').slice(0, 2000) : null,
    new Date(),
  ];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
