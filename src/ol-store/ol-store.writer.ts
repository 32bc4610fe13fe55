import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, expandInList, inListChunks, overlapped, queryByKeys, queryInList, type SqlExecutor, type SqlValue } from '../teradata/database.port.js';
import { type BulkInsert, OlStoreStatements, type ValidityKind } from '../teradata/ol-store.statements.js';
import { type EdgeFacts, type HistoryRow, type HistoryStep, type ItemKind, needsHistory, type PlannedItem, planHistory, type StoredDefinition, type StoredItem, type Validity } from './lineage-history.js';
import {
  changesGraph,
  type DatasetRow,
  type EdgeRow,
  emptyWriteCounts,
  type FieldRow,
  type GraphChanges,
  type InsertCount,
  type JobRow,
  type LineageBatch,
  type NamespaceRow,
  type ReplacedTarget,
  type RunDatasetRow,
  type RunRow,
  type WriteCounts,
} from './ol-store.types.js';

/** Who committed a generation in this process: a population batch or an OpenLineage ingestion group (lineage_index_visible_seconds). */
export type CommitWriter = 'population' | 'ingestion';

/** An edge as the store holds it: its state and interval, and the run (and that run's job) that first wrote it. */
export interface StoredEdge extends StoredItem {
  readonly runId: string | null;
  readonly jobId: string | null;
  /** Its target (targetKey), when read with it. */
  readonly target?: string;
}

/** What the caller already read of the store (ingestion's one read), so the writer does not read it again. */
export interface KnownStates {
  readonly edges?: ReadonlyMap<string, StoredEdge>;
  readonly datasets?: ReadonlyMap<string, StoredItem>;
  readonly fields?: ReadonlyMap<string, StoredItem>;
  /** Runs the caller looked up already (`looked`), with the job of each of them that is stored: planWrite reads the jobs of the others only. */
  readonly runs?: { readonly looked: ReadonlySet<string>; readonly jobs: ReadonlyMap<string, string> };
}

/** What a write states, for its intervals: the rows, and the steps (statements, events) in the order they happened. */
export interface HistoryWrite {
  readonly edges: readonly EdgeRow[];
  readonly runs: readonly RunRow[];
  readonly replacedTargets: readonly ReplacedTarget[];
  /** Absent: everything at write time, by each edge's run (see defaultSteps). */
  readonly steps?: readonly HistoryStep[];
}

/** A write's intervals, read and planned before anything is written (planWrite), then written (writeEdges, writeItems). */
export interface WritePlan {
  /** Unique edge rows of the write, by lineage id. */
  readonly edges: ReadonlyMap<string, EdgeRow>;
  readonly items: ReadonlyMap<string, PlannedItem>;
  /** Earlier intervals and definitions to add. */
  readonly history: readonly HistoryRow[];
  /** Edges whose earlier intervals are written whole (what is stored of them replaced). */
  readonly rewritten: ReadonlyMap<string, readonly HistoryRow[]>;
  /** Edges whose intervals changed: the change log's edges. */
  readonly touched: ReadonlySet<string>;
}

/** What writeEdges did. */
export interface EdgeWrite {
  readonly counts: InsertCount;
  readonly reactivated: number;
  readonly deactivated: number;
  /** Lineage ids inserted or whose state or interval changed: the change log's edges. */
  readonly changed: string[];
}

/** Values per `IN (…)` list: well under both engines' parameter limits. */
/** Rows per JSON insert on the embedded engine. */
const JSON_CHUNK = 20_000;
const SPEC_VERSION = '2-0-2';
/** The change log keeps an hour of generations (ADR 0017): an index further behind rebuilds whole. */
const CHANGE_LOG_RETENTION_MS = 60 * 60 * 1000;
/** Generations between two prunings of the change log (each is one DELETE in the writer's transaction). */
const PRUNE_EVERY = 64;
/**
 * Runs whose edges a newer definition of their target replaces (LIKE
 * patterns on run_id): DBQL population's (`dbql_…`) and view definitions
 * read from the dictionary (`view_…`). Fixture, ingested and manual edges
 * are never deactivated.
 */
const REPLACEABLE_RUNS: readonly string[] = ['dbql\\_%', 'view\\_%'];

/** True for a run whose edges a newer definition of their target replaces (REPLACEABLE_RUNS). */
export function replaceableRun(runId: string | null | undefined): boolean {
  return runId !== null && runId !== undefined && (runId.startsWith('dbql_') || runId.startsWith('view_'));
}

/** An edge's target as steps name it (StepTarget.target): namespace + U+0001 + dataset. */
export function targetKey(namespace: string, dataset: string): string {
  return `${namespace}\u0001${dataset}`;
}

/** OL_LINEAGE_HISTORY.item_key holds this many characters: a target named longer records no definition. */
const HISTORY_KEY_MAX = 512;

const planKey = (kind: ItemKind, key: string) => `${kind}\u0001${key}`;

/**
 * The steps of a write that says nothing of when: at write time, each edge
 * seen by its own run, then the replaced targets defined afresh (an edge of
 * the write into a replaced target it does not keep ends at once, as it
 * always did). Datasets and fields are not seen: new ones are stored
 * undated (the dictionary's rows).
 */
export function defaultSteps(write: HistoryWrite, at: Date): HistoryStep[] {
  const byRun = new Map<string | null, string[]>();
  for (const e of write.edges) {
    let list = byRun.get(e.runId);
    if (!list) byRun.set(e.runId, (list = []));
    list.push(e.lineageId);
  }
  const steps: HistoryStep[] = [...byRun].map(([runId, edges]) => ({ at, runId, edges, datasets: [], fields: [], replaced: [], dropped: [] }));
  if (write.replacedTargets.length > 0) {
    steps.push({
      at,
      runId: write.edges[0]?.runId ?? null,
      edges: [],
      datasets: [],
      fields: [],
      replaced: write.replacedTargets.map((t) => ({ target: targetKey(t.namespaceId, t.dataset), keep: t.keep })),
      dropped: [],
    });
  }
  return steps;
}

type StateRow = { item_key: string; valid_from: Date | null; valid_to: Date | null; opened_by: string | null; closed_by: string | null };
/** A row of activeEdgesInto (and of activeEdgesIntoDatasets, which adds the target and the job). */
type ActiveEdgeRow = StateRow & { lineage_id: string; run_id: string | null; is_active: string };

function storedItem(r: { valid_from: Date | null; valid_to: Date | null; opened_by: string | null; closed_by: string | null }, active?: boolean): StoredItem {
  const text = (v: string | null) => (v === null || v === undefined ? null : String(v).trim());
  return { active: active ?? r.valid_to === null, from: r.valid_from ?? null, to: r.valid_to ?? null, openedBy: text(r.opened_by), closedBy: text(r.closed_by) };
}

const yn = (value: boolean | null): string | null => (value === null ? null : value ? 'Y' : 'N');

/** A value as text for the embedded engine's JSON rows; timestamps in UTC with microseconds. */
function jsonText(value: SqlValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return String(value);
}

/** Rows as the embedded engine's JSON parameter (jsonText values), JSON_CHUNK rows to a parameter. */
function jsonChunks(rows: readonly (readonly SqlValue[])[]): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < rows.length; i += JSON_CHUNK) chunks.push(JSON.stringify(rows.slice(i, i + JSON_CHUNK).map((row) => row.map(jsonText))));
  return chunks;
}

/**
 * The runs the change log names for a batch's run links: the lineage index
 * reads a named run's dataset pairs (an input to an output) and keeps each
 * pair's earliest run (LineageIndex.addRunLink), so of the runs that link
 * the same pair in the batch, the earliest names it as well as all of them
 * would. A run with links on one side only in the batch is named as it is
 * (its other side may be stored already: an OpenLineage run's START and
 * COMPLETE). A DBQL day has ~180,000 runs a million log rows over a few
 * hundred distinct pairs: the log then holds a row per pair, not per run.
 */
export function linkChangeRuns(batch: Pick<LineageBatch, 'runs' | 'runInputs' | 'runOutputs'>): string[] {
  const byRun = (rows: readonly RunDatasetRow[]) => {
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const list = out.get(r.runId);
      if (list) list.push(r.datasetId);
      else out.set(r.runId, [r.datasetId]);
    }
    return out;
  };
  const inputs = byRun(batch.runInputs);
  const outputs = byRun(batch.runOutputs);
  const at = new Map(batch.runs.map((r) => [r.runId, r.eventTime.getTime()] as const));
  const named = new Set<string>();
  const earliest = new Map<string, { runId: string; at: number }>();
  for (const runId of new Set([...inputs.keys(), ...outputs.keys()])) {
    const ins = inputs.get(runId);
    const outs = outputs.get(runId);
    const time = at.get(runId);
    if (!ins || !outs || time === undefined) {
      named.add(runId);
      continue;
    }
    for (const i of ins) {
      for (const o of outs) {
        if (i === o) continue;
        const pair = `${i}\u0001${o}`;
        const known = earliest.get(pair);
        if (!known || time < known.at) earliest.set(pair, { runId, at: time });
      }
    }
  }
  for (const { runId } of earliest.values()) named.add(runId);
  return [...named];
}

/** The bound values of each distinct run link. */
function linkRows(rows: readonly RunDatasetRow[]): SqlValue[][] {
  return uniqueBy(rows, (r) => `${r.runId}\u0001${r.datasetId}`).map((r) => [r.runId, r.datasetId]);
}

function uniqueBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const k = key(row);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(row);
  }
  return out;
}

/**
 * Writes OL_* rows for every writer of lineage: DBQL and fixtures
 * population, and OpenLineage ingestion (which adds its run-state rules
 * around these upserts). Every insert
 * is idempotent: a row whose key exists is left alone and counted as
 * present. `writeBatch` writes one population batch in the caller's transaction
 * and bumps OL_GRAPH_STATE.generation when the visible graph changed.
 */
@Injectable()
export class OlStoreWriter {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(OlStoreStatements) private readonly sql: OlStoreStatements,
  ) {}

  /**
   * Writes a whole batch inside the caller's transaction (the caller owns it,
   * and writes its own rows beside these before it commits) and bumps the
   * graph generation when the visible graph changed.
   */
  async writeBatch(batch: LineageBatch, tx: SqlExecutor): Promise<WriteCounts> {
    // The graph changes of the batch go to the change log in bumpGeneration, the one place that writes it.
    const counts = emptyWriteCounts();
    const plan = await this.planWrite(tx, { ...batch, datasets: batch.datasets, fields: batch.fields });
    // Teradata: the bulk of a batch (its runs and their links) is sent to the staging tables before the first MERGE, whose table lock then
    // lasts only as long as the MERGEs and the small stagings after it, not the transfer of the runs too (ADR 0018, "Staged ahead")
    const runs = this.runRows(batch.runs);
    const ahead = this.sql.insertRunInput.kind === 'staged';
    const inputs = ahead ? linkRows(batch.runInputs) : undefined;
    const outputs = ahead ? linkRows(batch.runOutputs) : undefined;
    await this.stageAhead(tx, this.sql.insertRun, runs);
    if (inputs) await this.stageAhead(tx, this.sql.insertRunInput, inputs);
    if (outputs) await this.stageAhead(tx, this.sql.insertRunOutput, outputs);
    counts.namespaces = await this.upsertNamespaces(batch.namespaces, tx);
    counts.datasets = await this.upsertDatasets(batch.datasets.map((r) => datedRow(r, plan, 'D')), tx);
    counts.fields = await this.upsertFields(batch.fields.map((r) => datedRow(r, plan, 'F')), tx);
    counts.jobs = await this.upsertJobs(batch.jobs, tx);
    counts.runs = await this.insert(tx, this.sql.insertRun, runs);
    counts.runInputs = await this.insertLinks(tx, this.sql.insertRunInput, 'inputs', batch.runInputs, inputs);
    counts.runOutputs = await this.insertLinks(tx, this.sql.insertRunOutput, 'outputs', batch.runOutputs, outputs);
    const edges = await this.writeEdges(plan, tx);
    await this.writeItems(plan, tx);
    counts.edges = edges.counts;
    counts.edgesReactivated = edges.reactivated;
    counts.edgesDeactivated = edges.deactivated;
    if (changesGraph(counts) || edges.changed.length > 0) {
      const linked = counts.runInputs.inserted + counts.runOutputs.inserted > 0 ? linkChangeRuns(batch) : [];
      counts.generation = await this.bumpGeneration(tx, { edges: edges.changed, runs: linked });
    }
    return counts;
  }

  /**
   * Reads what the write's intervals depend on (the state of its edges,
   * datasets and fields, the edges its redefinitions and drops may end)
   * unless `known` has it, and plans them (lineage-history.ts).
   */
  async planWrite(tx: SqlExecutor, write: HistoryWrite & { readonly datasets?: readonly DatasetRow[]; readonly fields?: readonly FieldRow[] }, known: KnownStates = {}): Promise<WritePlan> {
    const rows = new Map(uniqueBy(write.edges, (r) => r.lineageId).map((r) => [r.lineageId, r] as const));
    const steps = write.steps ?? defaultSteps(write, new Date());
    const ids = (pick: (s: HistoryStep) => readonly string[]) => [...new Set(steps.flatMap(pick))];
    const edgeIds = [...new Set([...rows.keys(), ...ids((s) => s.edges)])];
    const storedEdges = new Map<string, StoredEdge>(known.edges ?? (await this.edgeStates(edgeIds, tx)));
    const facts = new Map<string, EdgeFacts>();
    const factsOf = (id: string, target: string, runId: string | null, jobId: string | null = null) => {
      const before = facts.get(id);
      facts.set(id, { target, replaceable: replaceableRun(runId) || (before?.replaceable ?? false), jobId: jobId ?? before?.jobId ?? null });
    };
    // The definitions and drops of the write, by target, with the first instant each target is defined at.
    const targets = new Map<string, { namespace: string; dataset: string; jobs: Set<string>; replaceable: boolean; first: Date }>();
    const targetOf = (key: string, at: Date) => {
      let t = targets.get(key);
      if (!t) {
        const [namespace, dataset] = key.split('\u0001');
        targets.set(key, (t = { namespace, dataset, jobs: new Set(), replaceable: false, first: at }));
      }
      if (at < t.first) t.first = at;
      return t;
    };
    for (const step of steps) {
      for (const r of step.replaced) {
        const t = targetOf(r.target, step.at);
        if (r.jobId !== undefined) t.jobs.add(r.jobId);
        else t.replaceable = true;
      }
      for (const d of step.dropped) {
        const t = targetOf(d.target, step.at);
        t.replaceable = true;
        if (d.jobId !== undefined) t.jobs.add(d.jobId);
      }
    }
    // A job-scoped end (an OpenLineage job's later run) needs the job of each edge's first run: as stored, else the write's first event of that run.
    const jobOfRun = new Map<string, string>();
    if ([...targets.values()].some((t) => t.jobs.size > 0)) {
      const runIds = [...new Set([...rows.values()].map((row) => storedEdges.get(row.lineageId)?.runId ?? row.runId).filter((r): r is string => r !== null))];
      for (const r of runIds) {
        const job = known.runs?.jobs.get(r);
        if (job !== undefined) jobOfRun.set(r, job);
      }
      const unknownRuns = known.runs ? runIds.filter((r) => !known.runs?.looked.has(r)) : runIds;
      for (const r of await queryInList<{ run_id: string; job_id: string }>(tx, this.sql.runJobs, unknownRuns)) jobOfRun.set(String(r.run_id).trim(), String(r.job_id).trim());
      for (const r of write.runs) if (!jobOfRun.has(r.runId)) jobOfRun.set(r.runId, r.jobId);
    }
    for (const [id, row] of rows) {
      const runId = storedEdges.get(id)?.runId ?? row.runId;
      factsOf(id, targetKey(row.targetNamespace, row.targetDataset), runId, (runId ? jobOfRun.get(runId) : undefined) ?? storedEdges.get(id)?.jobId ?? null);
    }
    // Stored edges the write's definitions and drops may end: true now, or ended after the target's first definition in the write (read late).
    // Those of its jobs' earlier runs, of every target at once (a group commit has one target per event, or more); read together with
    // the edges whose earlier intervals the definitions fall in (below).
    const defined = steps.filter((st) => st.replaced.length > 0 || st.dropped.length > 0).map((st) => st.at.getTime());
    // Definitions and drops already recorded after the write's first step, of its targets and of the targets of its replaceable edges (every
    // edge read below into a target is of one of its targets): a step read late ends there. Read with the rest.
    const recordedTargets = [...new Set([...[...facts.values()].filter((f) => f.replaceable).map((f) => f.target), ...targets.keys()])].filter((t) => t.length <= HISTORY_KEY_MAX);
    const [byJob, replaceable, overlapping, definitions] = await overlapped(
      tx,
      () => this.activeEdgesOfJobs(tx, targets),
      () => this.replaceableEdgesOf(tx, targets),
      async () => (defined.length > 0 ? tx.query<{ item_key: string }>(this.sql.historyOverlapping, [new Date(least(defined)), new Date(greatest(defined))]) : []),
      () => this.definitionsAfter(tx, recordedTargets, steps),
    );
    for (const [key] of targets) {
      const found: { row: ActiveEdgeRow; jobId: string | null }[] = [];
      for (const row of replaceable.get(key) ?? []) found.push({ row, jobId: null });
      for (const { row, jobId } of byJob.get(key) ?? []) found.push({ row, jobId });
      for (const { row, jobId } of found) {
        const id = String(row.lineage_id).trim();
        const runId = row.run_id === null ? null : String(row.run_id).trim();
        factsOf(id, key, runId, jobId);
        if (!storedEdges.has(id)) storedEdges.set(id, { ...storedItem(row, String(row.is_active).trim() === 'Y'), runId, jobId });
      }
    }
    // Earlier intervals the write may edit, read whole: of edges seen before their row's interval, and of edges with one the write's definitions fall in.
    const histories = new Map<string, HistoryRow[]>();
    const load = new Set(needsHistory({ steps, stored: { E: storedEdges, D: new Map(), F: new Map() } }));
    if (defined.length > 0) {
      const unknown = overlapping.map((r) => String(r.item_key).trim()).filter((id) => !storedEdges.has(id));
      for (const [id, e] of await this.edgeStates(unknown, tx)) storedEdges.set(id, e);
      for (const r of overlapping) {
        const id = String(r.item_key).trim();
        const e = storedEdges.get(id);
        if (!e?.target) continue;
        if (!targets.has(e.target)) continue;
        factsOf(id, e.target, e.runId);
        load.add(id);
      }
    }
    if (load.size > 0) {
      for (const r of await queryInList<StateRow>(tx, this.sql.edgeHistory, [...load])) {
        const id = String(r.item_key).trim();
        let list = histories.get(id);
        if (!list) histories.set(id, (list = []));
        list.push({ kind: 'E', key: id, from: r.valid_from, to: r.valid_to as Date, openedBy: r.opened_by === null ? null : String(r.opened_by).trim(), closedBy: r.closed_by === null ? null : String(r.closed_by).trim() });
      }
      for (const id of load) if (!histories.has(id)) histories.set(id, []);
    }
    // Datasets and fields the steps see or drop, and the fields of dropped datasets.
    const datasetIds = [...new Set([...ids((s) => s.datasets), ...steps.flatMap((s) => s.dropped.map((d) => d.datasetId))])];
    const storedDatasets = new Map(known.datasets ?? (await this.itemStates(this.sql.datasetStates, datasetIds, tx)));
    const fieldsOf = new Map<string, string[]>();
    const storedFields = new Map(known.fields ?? (await this.itemStates(this.sql.fieldStates, ids((s) => s.fields), tx)));
    for (const d of new Set(steps.flatMap((s) => s.dropped.map((x) => x.datasetId)))) {
      const open = await tx.query<StateRow>(this.sql.openFieldsOf, [d]);
      fieldsOf.set(d, open.map((r) => String(r.item_key).trim()));
      for (const r of open) storedFields.set(String(r.item_key).trim(), storedItem(r));
    }
    // Only edges the write holds a row of, or that are stored, can be seen.
    const seeable = (id: string) => rows.has(id) || storedEdges.has(id);
    const playable = steps.map((st) => (st.edges.every(seeable) ? st : { ...st, edges: st.edges.filter(seeable) }));
    const planned = planHistory({ steps: playable, stored: { E: storedEdges, D: storedDatasets, F: storedFields }, edges: facts, fieldsOf, histories, definitions });
    // A definition read again (a window re-read) is recorded once.
    const recorded = (h: HistoryRow) => h.kind === 'R' && (definitions.get(h.key) ?? []).some((d) => d.at.getTime() === h.from?.getTime() && d.runId === h.openedBy);
    return {
      edges: rows,
      items: new Map(planned.items.map((i) => [planKey(i.kind, i.key), i] as const)),
      history: planned.history.filter((h) => !recorded(h)),
      rewritten: planned.rewritten,
      touched: planned.touched,
    };
  }

  /** Definitions and drops recorded after the steps' first instant, of the targets given (by targetKey): when each was, by which run. */
  private async definitionsAfter(tx: SqlExecutor, targets: readonly string[], steps: readonly HistoryStep[]): Promise<Map<string, StoredDefinition[]>> {
    const definitions = new Map<string, StoredDefinition[]>();
    if (targets.length === 0 || steps.length === 0) return definitions;
    const first = new Date(least(steps.map((st) => st.at.getTime())));
    for (const chunk of inListChunks(targets)) {
      for (const r of await tx.query<{ item_key: string; valid_from: Date; opened_by: string | null }>(expandInList(this.sql.definitionsAfter, chunk.length), [first, ...chunk])) {
        const key = String(r.item_key);
        let list = definitions.get(key);
        if (!list) definitions.set(key, (list = []));
        list.push({ at: r.valid_from, runId: r.opened_by === null ? null : String(r.opened_by).trim() });
      }
    }
    return definitions;
  }

  /**
   * The edges into each replaced or dropped target (by targetKey) that a
   * newer definition ends (first written by a REPLACEABLE_RUNS run), true
   * now or ended after the target's first definition in the write: one read
   * by target dataset for all targets (IN lists), the namespace and instant
   * of each target checked here.
   */
  private async replaceableEdgesOf(tx: SqlExecutor, targets: ReadonlyMap<string, { readonly dataset: string; readonly replaceable: boolean; readonly first: Date }>): Promise<Map<string, ActiveEdgeRow[]>> {
    const byTarget = new Map<string, ActiveEdgeRow[]>();
    const replaced = [...targets.values()].filter((t) => t.replaceable);
    if (replaced.length === 0) return byTarget;
    const since = new Date(least(replaced.map((t) => t.first.getTime())));
    const datasets = [...new Set(replaced.map((t) => t.dataset))];
    const rows = await queryByKeys<ActiveEdgeRow & { target_namespace: string; target_dataset: string }, string>(tx, this.sql.replaceableEdgesInto, 'in', datasets, { json: (d) => JSON.stringify(d), value: (d) => d }, (list) => [...REPLACEABLE_RUNS, since, ...list]);
    for (const row of rows) {
      const key = targetKey(String(row.target_namespace).trim(), String(row.target_dataset).trim());
      const t = targets.get(key);
      if (!t?.replaceable) continue;
      // ended at or before this target's own first definition: not this write's to end
      if (String(row.is_active).trim() !== 'Y' && !(row.valid_to !== null && row.valid_to > t.first)) continue;
      let list = byTarget.get(key);
      if (!list) byTarget.set(key, (list = []));
      list.push(row);
    }
    return byTarget;
  }

  /**
   * The active edges into each target (by targetKey) whose first run is of one
   * of the target's jobs, with that job: one read by target dataset for all
   * targets (IN lists), the namespace and job kept here.
   */
  private async activeEdgesOfJobs(tx: SqlExecutor, targets: ReadonlyMap<string, { readonly dataset: string; readonly jobs: ReadonlySet<string> }>): Promise<Map<string, { row: ActiveEdgeRow; jobId: string }[]>> {
    const byTarget = new Map<string, { row: ActiveEdgeRow; jobId: string }[]>();
    const datasets = [...new Set([...targets.values()].filter((t) => t.jobs.size > 0).map((t) => t.dataset))];
    if (datasets.length === 0) return byTarget;
    for (const row of await queryInList<ActiveEdgeRow & { target_namespace: string; target_dataset: string; job_id: string }>(tx, this.sql.activeEdgesIntoDatasets, datasets)) {
      const key = targetKey(String(row.target_namespace).trim(), String(row.target_dataset).trim());
      const jobId = String(row.job_id).trim();
      if (!targets.get(key)?.jobs.has(jobId)) continue;
      let list = byTarget.get(key);
      if (!list) byTarget.set(key, (list = []));
      list.push({ row, jobId });
    }
    return byTarget;
  }

  /** Writes the plan's edges: new ones with their interval, stored ones whose state or interval changed (grouped by the values they take). */
  async writeEdges(plan: WritePlan, tx: SqlExecutor, checked: Checked = 'unchecked'): Promise<EdgeWrite> {
    const now = new Date();
    const inserts: SqlValue[][] = [];
    const updates: PlannedItem[] = [];
    let reactivated = 0;
    let deactivated = 0;
    const changed: string[] = [];
    for (const item of plan.items.values()) {
      if (item.kind !== 'E') continue;
      if (item.reactivated) reactivated++;
      if (item.deactivated) deactivated++;
      if (item.created) {
        const r = plan.edges.get(item.key);
        if (!r) continue;
        const v = item.validity;
        inserts.push([
          r.lineageId,
          r.runId,
          r.sourceNamespace,
          r.sourceDataset,
          r.sourceField,
          r.targetNamespace,
          r.targetDataset,
          r.targetField,
          r.transformationType,
          r.transformationSubtype,
          r.description,
          r.masking ? 'Y' : 'N',
          r.confidence,
          now,
          item.active ? 'Y' : 'N',
          v.from,
          v.to,
          v.openedBy,
          v.closedBy,
        ]);
      } else if (item.changed) {
        updates.push(item);
      }
    }
    for (const id of plan.touched) changed.push(id);
    const counts = await this.insert(tx, this.sql.insertEdge, inserts, checked);
    await this.setValidities(tx, 'E', updates);
    return { counts: { inserted: counts.inserted, present: plan.edges.size - counts.inserted }, reactivated, deactivated, changed };
  }

  /** Writes the plan's stored datasets and fields whose interval changed, and every item's ended earlier intervals. */
  async writeItems(plan: WritePlan, tx: SqlExecutor): Promise<void> {
    const changed = (kind: ItemKind) => [...plan.items.values()].filter((i) => i.kind === kind && i.changed);
    // a dataset is inactive once dropped (its interval ended)
    await this.setValidities(tx, 'D', changed('D').map((i) => ({ ...i, active: i.validity.to === null })));
    await this.setValidities(tx, 'F', changed('F'));
    const rewritten = [...plan.rewritten.keys()];
    if (rewritten.length > 0) await this.inLists(tx, this.sql.deleteEdgeHistory, [], rewritten);
    await this.insert(
      tx,
      this.sql.insertHistory,
      [...plan.history, ...[...plan.rewritten.values()].flat()].filter((h) => h.key.length <= HISTORY_KEY_MAX).map((h) => [h.kind, h.key, h.from, h.to, h.openedBy, h.closedBy]),
    );
  }

  /**
   * Sets the stored items' own state and interval, all of one kind in one
   * go (ValidityUpdates): one JSON statement on the embedded engine; on
   * Teradata one staging batch and one MERGE (the staging table cleared
   * first when this transaction used it already).
   */
  private async setValidities(tx: SqlExecutor, kind: ValidityKind, items: readonly PlannedItem[]): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map((i) => [kind, i.key, i.active ? 'Y' : 'N', i.validity.from, i.validity.to, i.validity.openedBy, i.validity.closedBy]);
    const updates = this.sql.setValidities;
    if (updates.kind === 'json') {
      for (const json of jsonChunks(rows)) await tx.execute(updates.apply[kind], [json]);
      return;
    }
    await this.staged(tx, updates, rows, updates.apply[kind]);
  }

  /** Interval state of the listed datasets or fields (datasetStates, fieldStates). */
  private async itemStates(sql: string, ids: readonly string[], tx: SqlExecutor): Promise<Map<string, StoredItem>> {
    const rows = await queryInList<StateRow>(tx, sql, ids);
    return new Map(rows.map((r) => [String(r.item_key).trim(), storedItem(r)]));
  }

  async upsertNamespaces(rows: readonly NamespaceRow[], tx: SqlExecutor = this.database, checked: Checked = 'unchecked'): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.namespaceId);
    return this.insert(tx, this.sql.insertNamespace, unique.map((r) => [r.namespaceId, r.namespaceUri, r.description, SPEC_VERSION, now]), checked);
  }

  async upsertDatasets(rows: readonly DatasetRow[], tx: SqlExecutor = this.database, checked: Checked = 'unchecked'): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.datasetId);
    return this.insert(
      tx,
      this.sql.insertDataset,
      unique.map((r) => [r.datasetId, r.namespaceId, r.name, r.description, r.sourceType, now, now, r.validity?.to ? 'N' : 'Y', r.validity?.from ?? null, r.validity?.to ?? null, r.validity?.openedBy ?? null, r.validity?.closedBy ?? null]),
      checked,
    );
  }

  async upsertFields(rows: readonly FieldRow[], tx: SqlExecutor = this.database, checked: Checked = 'unchecked'): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.fieldId);
    return this.insert(
      tx,
      this.sql.insertField,
      unique.map((r) => [r.fieldId, r.datasetId, r.fieldName, r.fieldType, r.description, r.ordinalPosition, yn(r.nullable), now, r.validity?.from ?? null, r.validity?.to ?? null, r.validity?.openedBy ?? null, r.validity?.closedBy ?? null]),
      checked,
    );
  }

  async upsertJobs(rows: readonly JobRow[], tx: SqlExecutor = this.database, checked: Checked = 'unchecked'): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.jobId);
    return this.insert(tx, this.sql.insertJob, unique.map((r) => [r.jobId, r.namespaceId, r.name, r.description, r.jobType, now, now]), checked);
  }

  async upsertRuns(rows: readonly RunRow[], tx: SqlExecutor = this.database, checked: Checked = 'unchecked'): Promise<InsertCount> {
    return this.insert(tx, this.sql.insertRun, this.runRows(rows), checked);
  }

  /** The bound values of each distinct run's row (the first of a run id wins). */
  private runRows(rows: readonly RunRow[]): SqlValue[][] {
    const now = new Date();
    return uniqueBy(rows, (r) => r.runId).map((r) => [
      r.runId,
      r.jobId,
      r.eventType,
      r.eventTime,
      r.nominalStartTime === undefined ? r.eventTime : r.nominalStartTime,
      r.nominalEndTime === undefined ? r.eventTime : r.nominalEndTime,
      r.producer,
      r.schemaUrl,
      now,
    ]);
  }

  async upsertRunInputs(rows: readonly RunDatasetRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    return this.insertLinks(tx, this.sql.insertRunInput, 'inputs', rows);
  }

  async upsertRunOutputs(rows: readonly RunDatasetRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    return this.insertLinks(tx, this.sql.insertRunOutput, 'outputs', rows);
  }

  /**
   * A run's links. Where the table has no key index (`fresh`, the embedded
   * engine), the links of runs this transaction created go in as they are
   * (less those it already wrote), and only the others are checked against
   * the table, which reads it whole: in a DBQL run, those of the overlap
   * re-read before the watermark.
   */
  private async insertLinks(tx: SqlExecutor, bulk: BulkInsert, side: 'inputs' | 'outputs', rows: readonly RunDatasetRow[], built?: SqlValue[][]): Promise<InsertCount> {
    const created = this.createdRuns.get(tx);
    if (bulk.kind !== 'json' || bulk.fresh === undefined || created === undefined) return this.insert(tx, bulk, built ?? linkRows(rows));
    const unique = uniqueBy(rows, (r) => `${r.runId}\u0001${r.datasetId}`);
    const fresh: SqlValue[][] = [];
    const checked: SqlValue[][] = [];
    for (const r of unique) {
      const links = created.get(r.runId);
      if (!links) checked.push([r.runId, r.datasetId]);
      else if (!links[side].has(r.datasetId)) {
        links[side].add(r.datasetId);
        fresh.push([r.runId, r.datasetId]);
      }
    }
    const a = await this.insert(tx, { kind: 'json', sql: bulk.fresh }, fresh);
    const b = await this.insert(tx, { kind: 'json', sql: bulk.sql }, checked);
    return { inserted: a.inserted + b.inserted, present: unique.length - a.inserted - b.inserted };
  }

  /**
   * Inserts new edges (the first run that finds an edge keeps it, with its
   * discovered_at) and makes inactive ones active again, all seen now by
   * their own run (a write that says when goes through planWrite with its
   * steps). `changed`: the lineage ids inserted or reactivated, for the
   * change log; `before`: whether each stored edge was active.
   */
  async upsertEdges(rows: readonly EdgeRow[], tx: SqlExecutor = this.database): Promise<{ counts: InsertCount; reactivated: number; changed: string[]; before: ReadonlyMap<string, boolean> }> {
    const plan = await this.planWrite(tx, { edges: rows, runs: [], replacedTargets: [] });
    const before = new Map<string, boolean>();
    for (const [id] of plan.edges) {
      const item = plan.items.get(planKey('E', id));
      if (item === undefined) before.set(id, true);
      else if (!item.created) before.set(id, !item.reactivated);
    }
    const written = await this.writeEdges(plan, tx);
    await this.writeItems(plan, tx);
    return { counts: written.counts, reactivated: written.reactivated, changed: written.changed, before };
  }

  /** State, interval and first run (with its job) of every listed edge the store holds (read in the writer's transaction). */
  async edgeStates(lineageIds: readonly string[], tx: SqlExecutor = this.database): Promise<Map<string, StoredEdge>> {
    const rows = await queryInList<StateRow & { lineage_id: string; run_id: string | null; job_id: string | null; is_active: string; target_namespace: string; target_dataset: string }>(tx, this.sql.edgeStates, lineageIds);
    return new Map(
      rows.map((r) => [
        String(r.lineage_id).trim(),
        {
          ...storedItem(r, String(r.is_active).trim() === 'Y'),
          runId: r.run_id === null ? null : String(r.run_id).trim(),
          jobId: r.job_id === null || r.job_id === undefined ? null : String(r.job_id).trim(),
          target: targetKey(r.target_namespace, r.target_dataset),
        },
      ]),
    );
  }

  /** Runs a statement whose parameters are `head` then an `IN (?)` list over `values`, a chunk at a time; returns the rows changed. */
  private async inLists(tx: SqlExecutor, statement: string, head: readonly SqlValue[], values: readonly string[]): Promise<number> {
    let changed = 0;
    for (const chunk of inListChunks(values)) changed += await tx.execute(expandInList(statement, chunk.length), [...head, ...chunk]);
    return changed;
  }

  /**
   * Moves OL_GRAPH_STATE.generation on by one and records, under the new
   * generation, what the transaction changed (the change log the lineage
   * index applies, ADR 0017); returns the new generation. The UPDATE locks
   * the state row until the caller commits, so writers commit their
   * generations in order and a reader that sees generation g sees every
   * change up to g. Every PRUNE_EVERY generations, the log loses what is
   * older than its retention, and row 2 says from which generation on it is
   * complete. The one place that writes the change log.
   */
  async bumpGeneration(tx: SqlExecutor = this.database, changes: GraphChanges = { edges: [], runs: [] }): Promise<number> {
    const generation = await this.nextGeneration(tx);
    await this.recordChanges(tx, generation, changes);
    return generation;
  }

  /** bumpGeneration's first half: moves the generation on by one and returns it (the change log is the caller's to record). */
  async nextGeneration(tx: SqlExecutor): Promise<number> {
    if (this.sql.bumpGenerationReturning !== undefined) {
      return Number((await tx.query<{ generation: number | bigint }>(this.sql.bumpGenerationReturning, [new Date()]))[0].generation);
    }
    await tx.execute(this.sql.bumpGeneration, [new Date()]);
    return this.generation(tx);
  }

  /** bumpGeneration's second half: records `changes` under `generation` (from nextGeneration), and prunes the log now and then. */
  async recordChanges(tx: SqlExecutor, generation: number, changes: GraphChanges): Promise<void> {
    const now = new Date();
    const rows: SqlValue[][] = [...new Set(changes.edges)].map((id) => [generation, 'E', id, now]);
    for (const run of new Set(changes.runs)) rows.push([generation, 'R', run, now]);
    await this.insert(tx, this.sql.recordChange, rows);
    if (generation % PRUNE_EVERY === 0) {
      const [old] = await tx.query<{ generation: number | bigint | null }>(this.sql.lastChangeBefore, [new Date(now.getTime() - CHANGE_LOG_RETENTION_MS)]);
      if (old?.generation !== null && old?.generation !== undefined) {
        const horizon = Number(old.generation);
        await tx.execute(this.sql.pruneChanges, [horizon]);
        await tx.execute(this.sql.keepChangesAfter, [horizon, now, horizon]);
      }
    }
  }

  /**
   * Deletes the history that ended before `horizon` (LINEAGE_HISTORY_DAYS):
   * earlier intervals and recorded definitions, and the edges no longer true
   * whose last interval ended before it. Nothing true at or after the
   * horizon changes, so answers as of any instant from it on stay the same
   * (the index leaves out what ended before it at its next build or merge;
   * no generation is needed). Datasets and fields keep their rows.
   */
  async pruneHistory(horizon: Date, tx: SqlExecutor = this.database): Promise<{ history: number; edges: number }> {
    const history = await tx.execute(this.sql.pruneHistory, [horizon]);
    const edges = await tx.execute(this.sql.pruneEndedEdges, [horizon]);
    return { history, edges };
  }

  private readonly committedListeners = new Set<(generation: number, writer: CommitWriter) => void>();

  /**
   * Says that a transaction which bumped the generation has committed (the
   * caller owns the transaction, so only it knows), and which kind of writer
   * it was. The lineage index of this process listens, so it applies the
   * change before the next read (and times how long until it serves it).
   */
  announce(generation: number, writer: CommitWriter): void {
    for (const listener of this.committedListeners) listener(generation, writer);
  }

  /** Listens to `announce`; returns the way to stop. */
  onCommitted(listener: (generation: number, writer: CommitWriter) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  async generation(tx: SqlExecutor = this.database): Promise<number> {
    const rows = await tx.query<{ generation: number | bigint }>(this.sql.getGeneration);
    return rows.length === 0 ? 0 : Number(rows[0].generation);
  }

  /**
   * Runs each transaction of this writer created, with the links it wrote for
   * them (filled where the run insert returns its keys; a retried transaction
   * comes with a new executor, so nothing survives a rollback).
   */
  private readonly createdRuns = new WeakMap<SqlExecutor, Map<string, { inputs: Set<string>; outputs: Set<string> }>>();

  /** Staging inserts each transaction has sent (its staging tables hold their rows until it ends). */
  private readonly stagedIn = new WeakMap<SqlExecutor, Set<string>>();

  /** Per transaction, the staging tables filled ahead (stageAhead) with exactly the rows of the next staged write to them, which applies them without sending them again. */
  private readonly stagedAhead = new WeakMap<SqlExecutor, Map<string, readonly (readonly SqlValue[])[]>>();

  /**
   * Sends `rows` to a staged table's staging table now, for the staged
   * write of the same rows later in the transaction (which then only
   * applies them): a caller's large tables go before its first MERGE. A
   * no-op for a dialect without staging, outside a transaction, or with no
   * rows.
   */
  private async stageAhead(tx: SqlExecutor, bulk: BulkInsert, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (bulk.kind !== 'staged' || tx === this.database || rows.length === 0) return;
    await this.sendStage(tx, bulk, rows);
    let ahead = this.stagedAhead.get(tx);
    if (!ahead) this.stagedAhead.set(tx, (ahead = new Map()));
    ahead.set(bulk.stage, rows);
  }

  /** Rows into a table without a key (a `json` or `rows` BulkInsert: OL_EVENT): every row inserted; resolves to the count. */
  async insertRows(tx: SqlExecutor, bulk: Extract<BulkInsert, { kind: 'json' | 'rows' }>, rows: SqlValue[][]): Promise<number> {
    return (await this.insert(tx, bulk, rows)).inserted;
  }

  /** Inserts the rows whose key is absent (see BulkInsert); a `rows` insert has no key and inserts them all. */
  private async insert(tx: SqlExecutor, bulk: BulkInsert, rows: SqlValue[][], checked: Checked = 'unchecked'): Promise<InsertCount> {
    if (rows.length === 0) return { inserted: 0, present: 0 };
    let inserted = 0;
    if (bulk.kind === 'json' && bulk.absent !== undefined && checked === 'absent' && tx !== this.database) {
      // read absent by the caller's transaction: inserted without the key check, each a row inserted (and a run one this transaction created)
      for (const json of jsonChunks(rows)) inserted += await tx.execute(bulk.absent, [json]);
      if (bulk.returningKeys !== undefined) for (const row of rows) this.createdIn(tx).set(String(row[0]), { inputs: new Set(), outputs: new Set() });
    } else if (bulk.kind === 'json' && bulk.returningKeys !== undefined && tx !== this.database) {
      // outside a transaction (tx is the port itself) a created run is committed at once: others may link it
      const created = this.createdIn(tx);
      for (const json of jsonChunks(rows)) {
        const keys = await tx.query<{ run_id: string }>(bulk.returningKeys, [json]);
        for (const k of keys) created.set(String(k.run_id), { inputs: new Set(), outputs: new Set() });
        inserted += keys.length;
      }
    } else if (bulk.kind === 'json') {
      for (const json of jsonChunks(rows)) inserted += await tx.execute(bulk.sql, [json]);
    } else if (bulk.kind === 'rows') {
      inserted = await tx.batch(bulk.sql, rows);
    } else {
      inserted = await this.staged(tx, bulk, rows, bulk.apply);
    }
    return { inserted, present: rows.length - inserted };
  }

  /**
   * A staged write (Teradata): `rows` into the session's staging table with
   * `stage` (one driver batch), then `apply`; resolves to what `apply`
   * changed. The staging table empties itself at commit or rollback (ON
   * COMMIT DELETE ROWS), so it is cleared only before a second use in the
   * transaction; outside one (tx is the port) the statements run in a
   * transaction of their own, or the table would empty between them.
   */
  private async staged(tx: SqlExecutor, table: { readonly stage: string; readonly clear: string }, rows: readonly (readonly SqlValue[])[], apply: string): Promise<number> {
    if (tx === this.database) return this.database.transaction((own) => this.staged(own, table, rows, apply));
    const ahead = this.stagedAhead.get(tx);
    const early = ahead?.get(table.stage);
    if (early !== undefined) {
      ahead?.delete(table.stage);
      // staged ahead: the caller passes the very rows it staged
      if (early !== rows) throw new Error(`OlStoreWriter: the rows applied to ${table.stage} are not those staged ahead`);
      return tx.execute(apply);
    }
    await this.sendStage(tx, table, rows);
    return tx.execute(apply);
  }

  /** `rows` into the transaction's staging table, cleared first when the transaction used it already (it holds rows until the transaction ends). */
  private async sendStage(tx: SqlExecutor, table: { readonly stage: string; readonly clear: string }, rows: readonly (readonly SqlValue[])[]): Promise<void> {
    let used = this.stagedIn.get(tx);
    if (!used) this.stagedIn.set(tx, (used = new Set()));
    if (used.has(table.stage)) await tx.execute(table.clear);
    used.add(table.stage);
    await tx.batch(table.stage, rows);
  }

  /** The runs `tx` created, with the links it wrote for them (see createdRuns). */
  private createdIn(tx: SqlExecutor): Map<string, { inputs: Set<string>; outputs: Set<string> }> {
    let created = this.createdRuns.get(tx);
    if (!created) this.createdRuns.set(tx, (created = new Map()));
    return created;
  }
}

/**
 * What the caller knows of the rows it asks to insert: `absent`, read as
 * absent from the store in the same transaction (ingestion's stored-keys
 * read), so they go in without the key check where the dialect has an
 * insert for that; `unchecked`, anything else (DBQL population re-reads
 * windows), each row inserted unless its key is stored.
 */
/**
 * An edge the plan creates, with its interval, when that interval is all the
 * edge ever held (no earlier one written or rewritten for it): its row and
 * interval are then the whole of what the store holds of it. Undefined for
 * any other edge (stored before, or given earlier intervals by the write).
 */
export function createdEdge(plan: WritePlan, lineageId: string): { readonly row: EdgeRow; readonly validity: Validity; readonly active: boolean } | undefined {
  const item = plan.items.get(planKey('E', lineageId));
  const row = plan.edges.get(lineageId);
  if (!item?.created || !row || plan.rewritten.has(lineageId) || plan.history.some((h) => h.kind === 'E' && h.key === lineageId)) return undefined;
  return { row, validity: item.validity, active: item.active };
}

export type Checked = 'absent' | 'unchecked';

/** A dataset or field row with the interval its plan gives it when it is new (stored rows keep theirs; writeItems moves them). */
export function datedRow<T extends DatasetRow | FieldRow>(row: T, plan: WritePlan, kind: 'D' | 'F'): T {
  const item = plan.items.get(planKey(kind, kind === 'D' ? (row as DatasetRow).datasetId : (row as FieldRow).fieldId));
  return item?.created ? { ...row, validity: item.validity } : row;
}

/** The least of many numbers (Math.min(...values) overflows the stack past some 100,000 values: a commit of many DBQL pages has that many steps). */
function least(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** The greatest of many numbers, as `least` (no spread). */
function greatest(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

