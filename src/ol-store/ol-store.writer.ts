import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, expandInList, IN_LIST_CHUNK, queryInList, type SqlExecutor, type SqlValue } from '../teradata/database.port.js';
import { type BulkInsert, OlStoreStatements } from '../teradata/ol-store.statements.js';
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

const yn = (value: boolean | null): string | null => (value === null ? null : value ? 'Y' : 'N');

/** A value as text for the embedded engine's JSON rows; timestamps in UTC with microseconds. */
function jsonText(value: SqlValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return String(value);
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
    counts.namespaces = await this.upsertNamespaces(batch.namespaces, tx);
    counts.datasets = await this.upsertDatasets(batch.datasets, tx);
    counts.fields = await this.upsertFields(batch.fields, tx);
    counts.jobs = await this.upsertJobs(batch.jobs, tx);
    counts.runs = await this.upsertRuns(batch.runs, tx);
    counts.runInputs = await this.upsertRunInputs(batch.runInputs, tx);
    counts.runOutputs = await this.upsertRunOutputs(batch.runOutputs, tx);
    const edges = await this.upsertEdges(batch.edges, tx);
    counts.edges = edges.counts;
    counts.edgesReactivated = edges.reactivated;
    const deactivated = await this.deactivateReplaced(batch.replacedTargets, tx);
    counts.edgesDeactivated = deactivated.length;
    if (changesGraph(counts)) {
      const linked = counts.runInputs.inserted + counts.runOutputs.inserted > 0 ? [...new Set([...batch.runInputs, ...batch.runOutputs].map((r) => r.runId))] : [];
      counts.generation = await this.bumpGeneration(tx, { edges: [...edges.changed, ...deactivated], runs: linked });
    }
    return counts;
  }

  async upsertNamespaces(rows: readonly NamespaceRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.namespaceId);
    return this.insert(tx, this.sql.insertNamespace, unique.map((r) => [r.namespaceId, r.namespaceUri, r.description, SPEC_VERSION, now]));
  }

  async upsertDatasets(rows: readonly DatasetRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.datasetId);
    return this.insert(
      tx,
      this.sql.insertDataset,
      unique.map((r) => [r.datasetId, r.namespaceId, r.name, r.description, r.sourceType, now, now, 'Y']),
    );
  }

  async upsertFields(rows: readonly FieldRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.fieldId);
    return this.insert(
      tx,
      this.sql.insertField,
      unique.map((r) => [r.fieldId, r.datasetId, r.fieldName, r.fieldType, r.description, r.ordinalPosition, yn(r.nullable), now]),
    );
  }

  async upsertJobs(rows: readonly JobRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.jobId);
    return this.insert(tx, this.sql.insertJob, unique.map((r) => [r.jobId, r.namespaceId, r.name, r.description, r.jobType, now, now]));
  }

  async upsertRuns(rows: readonly RunRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.runId);
    return this.insert(
      tx,
      this.sql.insertRun,
      unique.map((r) => [
        r.runId,
        r.jobId,
        r.eventType,
        r.eventTime,
        r.nominalStartTime === undefined ? r.eventTime : r.nominalStartTime,
        r.nominalEndTime === undefined ? r.eventTime : r.nominalEndTime,
        r.producer,
        r.schemaUrl,
        now,
      ]),
    );
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
  private async insertLinks(tx: SqlExecutor, bulk: BulkInsert, side: 'inputs' | 'outputs', rows: readonly RunDatasetRow[]): Promise<InsertCount> {
    const unique = uniqueBy(rows, (r) => `${r.runId}\u0001${r.datasetId}`);
    const created = this.createdRuns.get(tx);
    if (bulk.kind !== 'json' || bulk.fresh === undefined || created === undefined) return this.insert(tx, bulk, unique.map((r) => [r.runId, r.datasetId]));
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
   * discovered_at); edges already present but inactive are made active again.
   * `changed`: the lineage ids inserted or reactivated, for the change log.
   */
  /** `known`: the state (active or not) of every edge of `rows` the store holds, when the caller read it already (ingestion's one read); else read here. */
  async upsertEdges(
    rows: readonly EdgeRow[],
    tx: SqlExecutor = this.database,
    known?: ReadonlyMap<string, boolean>,
  ): Promise<{ counts: InsertCount; reactivated: number; changed: string[]; before: ReadonlyMap<string, boolean> }> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.lineageId);
    const ids = unique.map((r) => r.lineageId);
    const before = known ?? (await this.edgeStates(ids, tx));
    const counts = await this.insert(
      tx,
      this.sql.insertEdge,
      unique.map((r) => [
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
        'Y',
      ]),
    );
    const inactive = ids.filter((id) => before.get(id) === false);
    const reactivated = inactive.length > 0 ? await this.setActive(inactive, true, tx) : 0;
    return { counts, reactivated, changed: ids.filter((id) => before.get(id) !== true), before };
  }

  /** Whether each listed edge exists and is active (read in the writer's transaction). */
  private async edgeStates(lineageIds: readonly string[], tx: SqlExecutor): Promise<Map<string, boolean>> {
    const rows = await queryInList<{ lineage_id: string; is_active: string }>(tx, this.sql.edgeStates, lineageIds);
    return new Map(rows.map((r) => [String(r.lineage_id).trim(), String(r.is_active).trim() === 'Y']));
  }

  /** Sets the listed edges active or inactive; returns how many changed. */
  async setActive(lineageIds: readonly string[], active: boolean, tx: SqlExecutor = this.database): Promise<number> {
    return this.inLists(tx, active ? this.sql.reactivateEdges : this.sql.deactivateEdges, lineageIds);
  }

  /** Runs a statement with an `IN (?)` list over `values`, a chunk at a time; returns the rows changed. */
  private async inLists(tx: SqlExecutor, statement: string, values: readonly string[]): Promise<number> {
    let changed = 0;
    for (let i = 0; i < values.length; i += IN_LIST_CHUNK) {
      const chunk = values.slice(i, i + IN_LIST_CHUNK);
      changed += await tx.execute(expandInList(statement, chunk.length), chunk);
    }
    return changed;
  }

  /**
   * Deactivates active edges into each replaced dataset (written by a
   * replaceable run) that its newest definition no longer produces; returns
   * their lineage ids (read active in this transaction, so each one changed).
   */
  async deactivateReplaced(targets: readonly ReplacedTarget[], tx: SqlExecutor = this.database): Promise<string[]> {
    const deactivated: string[] = [];
    for (const target of targets) {
      const stale: string[] = [];
      for (const pattern of REPLACEABLE_RUNS) {
        const active = await tx.query<{ lineage_id: string }>(this.sql.activeEdgesInto, [target.namespaceId, target.dataset, pattern]);
        stale.push(...active.map((r) => r.lineage_id).filter((id) => !target.keep.has(id)));
      }
      if (stale.length > 0 && (await this.setActive(stale, false, tx)) > 0) deactivated.push(...stale);
    }
    return deactivated;
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
    const now = new Date();
    await tx.execute(this.sql.bumpGeneration, [now]);
    const generation = await this.generation(tx);
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
    return generation;
  }

  private readonly committedListeners = new Set<(generation: number) => void>();

  /**
   * Says that a transaction which bumped the generation has committed (the
   * caller owns the transaction, so only it knows). The lineage index of
   * this process listens, so it applies the change before the next read.
   */
  announce(generation: number): void {
    for (const listener of this.committedListeners) listener(generation);
  }

  /** Listens to `announce`; returns the way to stop. */
  onCommitted(listener: (generation: number) => void): () => void {
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

  /** Inserts the rows whose key is absent (see BulkInsert); a `rows` insert has no key and inserts them all. */
  private async insert(tx: SqlExecutor, bulk: BulkInsert, rows: SqlValue[][]): Promise<InsertCount> {
    if (rows.length === 0) return { inserted: 0, present: 0 };
    let inserted = 0;
    // outside a transaction (tx is the port itself) a created run is committed at once: others may link it
    if (bulk.kind === 'json' && bulk.returningKeys !== undefined && tx !== this.database) {
      let created = this.createdRuns.get(tx);
      if (!created) {
        created = new Map();
        this.createdRuns.set(tx, created);
      }
      for (let i = 0; i < rows.length; i += JSON_CHUNK) {
        const keys = await tx.query<{ run_id: string }>(bulk.returningKeys, [JSON.stringify(rows.slice(i, i + JSON_CHUNK).map((row) => row.map(jsonText)))]);
        for (const k of keys) created.set(String(k.run_id), { inputs: new Set(), outputs: new Set() });
        inserted += keys.length;
      }
    } else if (bulk.kind === 'json') {
      for (let i = 0; i < rows.length; i += JSON_CHUNK) {
        inserted += await tx.execute(bulk.sql, [JSON.stringify(rows.slice(i, i + JSON_CHUNK).map((row) => row.map(jsonText)))]);
      }
    } else if (bulk.kind === 'rows') {
      inserted = await tx.batch(bulk.sql, rows);
    } else {
      await tx.batch(bulk.stage, rows);
      inserted = await tx.execute(bulk.apply);
      await tx.execute(bulk.clear);
    }
    return { inserted, present: rows.length - inserted };
  }
}
