import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, expandInList, type SqlExecutor, type SqlValue } from '../teradata/database.port.js';
import { type BulkInsert, OlStoreStatements } from '../teradata/ol-store.statements.js';
import {
  changesGraph,
  type DatasetRow,
  type EdgeRow,
  emptyWriteCounts,
  type FieldRow,
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
const IN_LIST_CHUNK = 1000;
/** Rows per JSON insert on the embedded engine. */
const JSON_CHUNK = 20_000;
const SPEC_VERSION = '2-0-2';
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
    counts.edgesDeactivated = await this.deactivateReplaced(batch.replacedTargets, tx);
    if (changesGraph(counts)) await this.bumpGeneration(tx);
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
    const unique = uniqueBy(rows, (r) => `${r.runId}\u0001${r.datasetId}`);
    return this.insert(tx, this.sql.insertRunInput, unique.map((r) => [r.runId, r.datasetId]));
  }

  async upsertRunOutputs(rows: readonly RunDatasetRow[], tx: SqlExecutor = this.database): Promise<InsertCount> {
    const unique = uniqueBy(rows, (r) => `${r.runId}\u0001${r.datasetId}`);
    return this.insert(tx, this.sql.insertRunOutput, unique.map((r) => [r.runId, r.datasetId]));
  }

  /**
   * Inserts new edges (the first run that finds an edge keeps it, with its
   * discovered_at); edges already present but inactive are made active again.
   */
  async upsertEdges(rows: readonly EdgeRow[], tx: SqlExecutor = this.database): Promise<{ counts: InsertCount; reactivated: number }> {
    const now = new Date();
    const unique = uniqueBy(rows, (r) => r.lineageId);
    const bulk = this.sql.insertEdge;
    let reactivated = 0;
    const counts = await this.insert(
      tx,
      bulk,
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
      async (present) => {
        if (present === 0) return;
        // Staged: the rows are still in the staging table, which the reactivation reads.
        reactivated = bulk.kind === 'staged' ? await tx.execute(bulk.reactivate) : await this.inLists(tx, bulk.reactivate, unique.map((r) => r.lineageId));
      },
    );
    return { counts, reactivated };
  }

  /** Sets the listed active edges inactive; returns how many changed. */
  async deactivate(lineageIds: readonly string[], tx: SqlExecutor = this.database): Promise<number> {
    return this.inLists(tx, this.sql.deactivateEdges, lineageIds);
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

  /** Deactivates active edges into each replaced dataset (written by a replaceable run) that its newest definition no longer produces. */
  async deactivateReplaced(targets: readonly ReplacedTarget[], tx: SqlExecutor = this.database): Promise<number> {
    let changed = 0;
    for (const target of targets) {
      const stale: string[] = [];
      for (const pattern of REPLACEABLE_RUNS) {
        const active = await tx.query<{ lineage_id: string }>(this.sql.activeEdgesInto, [target.namespaceId, target.dataset, pattern]);
        stale.push(...active.map((r) => r.lineage_id).filter((id) => !target.keep.has(id)));
      }
      if (stale.length > 0) changed += await this.deactivate(stale, tx);
    }
    return changed;
  }

  async bumpGeneration(tx: SqlExecutor = this.database): Promise<void> {
    await tx.execute(this.sql.bumpGeneration, [new Date()]);
  }

  async generation(tx: SqlExecutor = this.database): Promise<number> {
    const rows = await tx.query<{ generation: number | bigint }>(this.sql.getGeneration);
    return rows.length === 0 ? 0 : Number(rows[0].generation);
  }

  /**
   * Inserts the rows whose key is absent (see BulkInsert). `whileStaged`
   * runs once the rows are in, with the count of rows already present; a
   * staged insert runs it before the staging table is emptied.
   */
  private async insert(tx: SqlExecutor, bulk: BulkInsert, rows: SqlValue[][], whileStaged?: (present: number) => Promise<void>): Promise<InsertCount> {
    if (rows.length === 0) return { inserted: 0, present: 0 };
    let inserted = 0;
    if (bulk.kind === 'json') {
      for (let i = 0; i < rows.length; i += JSON_CHUNK) {
        inserted += await tx.execute(bulk.sql, [JSON.stringify(rows.slice(i, i + JSON_CHUNK).map((row) => row.map(jsonText)))]);
      }
      await whileStaged?.(rows.length - inserted);
    } else {
      await tx.batch(bulk.stage, rows);
      inserted = await tx.execute(bulk.apply);
      await whileStaged?.(rows.length - inserted);
      await tx.execute(bulk.clear);
    }
    return { inserted, present: rows.length - inserted };
  }
}
