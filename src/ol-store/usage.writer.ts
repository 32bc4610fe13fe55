import { Inject, Injectable } from '@nestjs/common';
import { datasetId } from '../model/ids.js';
import { DatabasePort, expandInList, inListChunks, type SqlExecutor, type SqlValue } from '../teradata/database.port.js';
import { type UsageMerge, UsageStatements } from '../teradata/usage.statements.js';
import type { DatasetUsageDelta, FieldUsageDelta, StatementReads, UsageBatch } from './ol-store.types.js';
import { UsageDeltas } from './usage-deltas.js';

/** Views of views followed when a view column is resolved to the base columns behind it. */
const VIEW_LEVELS = 4;
/** Rows per JSON merge on the embedded engine. */
const JSON_CHUNK = 20_000;

/** A CollectTimeStamp range already counted. */
export interface CoveredRange {
  readonly from: Date;
  readonly until: Date;
}

const ts = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * Writes column usage (issue 21) in the transaction of a DBQL batch: adds
 * the batch's daily deltas to OL_FIELD_USAGE_DAY / OL_DATASET_USAGE_DAY —
 * and, for each view column read, the same counts to the base columns its
 * definition reads (via_view 'Y'; views of views followed) — and records
 * the CollectTimeStamp range the run has counted (OL_USAGE_COVERAGE), so a
 * later re-read of that range counts nothing again.
 */
@Injectable()
export class UsageWriter {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(UsageStatements) private readonly sql: UsageStatements,
  ) {}

  /** The ranges already counted that overlap [since, until). */
  async coverage(since: Date, until: Date): Promise<CoveredRange[]> {
    const rows = await this.database.query<{ covered_from: Date; covered_until: Date }>(this.sql.coverageOverlapping, [until, since]);
    return rows.map((r) => ({ from: r.covered_from, until: r.covered_until }));
  }

  /** The batch's deltas, the base columns behind the views it read, and its run's counted range. */
  async write(batch: UsageBatch, tx: SqlExecutor): Promise<void> {
    const ns = batch.namespaceId;
    const behind = await this.throughViews(batch.statements, ns, tx);
    const fieldRows: SqlValue[][] = [];
    for (const [rows, via] of [[batch.fields, 'N'], [behind.fields, 'Y']] as const) {
      for (const f of rows) {
        fieldRows.push([f.day, datasetId(ns, f.dataset), f.field, f.userName, f.appId, f.clientId, via, f.readCount, f.projectionCount, f.predicateCount, f.lastReadAt]);
      }
    }
    const datasetRows: SqlValue[][] = [];
    for (const [rows, via] of [[batch.datasets, 'N'], [behind.datasets, 'Y']] as const) {
      for (const d of rows) datasetRows.push([d.day, datasetId(ns, d.dataset), d.userName, d.appId, d.clientId, via, d.readCount, d.lastReadAt]);
    }
    await this.merge(tx, this.sql.mergeFieldUsage, fieldRows);
    await this.merge(tx, this.sql.mergeDatasetUsage, datasetRows);
    const c = batch.coverage;
    await tx.execute(this.sql.upsertCoverage, [c.runId, c.source, c.from, c.until, new Date()]);
  }

  /**
   * The columns behind the view columns each statement read: each view
   * column leads to every column its definition reads DIRECT (a view over a
   * view is followed to its tables, VIEW_LEVELS deep). Per statement, a
   * column reached counts once, whatever number of its view columns lead to
   * it (in the projection when one of them was, in a predicate when one of
   * them was), and so does each dataset reached.
   */
  private async throughViews(statements: readonly StatementReads[], ns: string, tx: SqlExecutor): Promise<{ fields: FieldUsageDelta[]; datasets: DatasetUsageDelta[] }> {
    const sources = await this.definitions(statements, ns, tx);
    if (sources.size === 0) return { fields: [], datasets: [] };
    const deltas = new UsageDeltas();
    for (const s of statements) {
      type Reached = { dataset: string; field: string; projection: boolean; predicate: boolean };
      const reached = new Map<string, Reached>();
      let level: readonly Reached[] = s.columns;
      for (let depth = 0; depth < VIEW_LEVELS && level.length > 0; depth++) {
        const next: Reached[] = [];
        for (const c of level) {
          for (const b of sources.get(`${c.dataset}\u0000${c.field}`) ?? []) {
            const key = `${b.dataset}\u0000${b.field}`;
            const prev = reached.get(key);
            if (!prev) {
              const r = { dataset: b.dataset, field: b.field, projection: c.projection, predicate: c.predicate };
              reached.set(key, r);
              next.push(r);
            } else if ((c.projection && !prev.projection) || (c.predicate && !prev.predicate)) {
              prev.projection ||= c.projection;
              prev.predicate ||= c.predicate;
              next.push(prev);
            }
          }
        }
        level = next;
      }
      for (const r of reached.values()) deltas.addField(s, r.dataset, r.field, r.projection, r.predicate);
      for (const dataset of new Set([...reached.values()].map((r) => r.dataset))) deltas.addDataset(s, dataset);
    }
    return { fields: deltas.fields, datasets: deltas.datasets };
  }

  /** `view\0field` → the columns it reads DIRECT, for the views among the datasets the statements read and the views behind them (VIEW_LEVELS deep). */
  private async definitions(statements: readonly StatementReads[], ns: string, tx: SqlExecutor): Promise<Map<string, { dataset: string; field: string }[]>> {
    const out = new Map<string, { dataset: string; field: string }[]>();
    const asked = new Set<string>();
    let pending = [...new Set(statements.flatMap((s) => s.columns.map((c) => c.dataset)))];
    for (let depth = 0; depth < VIEW_LEVELS && pending.length > 0; depth++) {
      for (const d of pending) asked.add(d);
      const found = await this.viewSources(pending, ns, tx);
      const next = new Set<string>();
      for (const [key, list] of found) {
        out.set(key, list);
        for (const b of list) if (!asked.has(b.dataset)) next.add(b.dataset);
      }
      pending = [...next];
    }
    return out;
  }

  /** `view\0field` → the columns it reads, for the names among `datasets` that are views. */
  private async viewSources(datasets: readonly string[], ns: string, tx: SqlExecutor): Promise<Map<string, { dataset: string; field: string }[]>> {
    const out = new Map<string, { dataset: string; field: string }[]>();
    for (const chunk of inListChunks(datasets)) {
      const rows = await tx.query<{ view_dataset: string; view_field: string; source_dataset: string; source_field: string }>(expandInList(this.sql.viewFieldSources, chunk.length), [...chunk, ns]);
      for (const r of rows) {
        const key = `${r.view_dataset}\u0000${r.view_field}`;
        const list = out.get(key) ?? [];
        list.push({ dataset: r.source_dataset, field: r.source_field });
        out.set(key, list);
      }
    }
    return out;
  }

  private async merge(tx: SqlExecutor, merge: UsageMerge, rows: SqlValue[][]): Promise<void> {
    if (rows.length === 0) return;
    if (merge.kind === 'rows') {
      await tx.batch(merge.sql, rows);
      return;
    }
    for (let i = 0; i < rows.length; i += JSON_CHUNK) {
      const chunk = rows.slice(i, i + JSON_CHUNK).map((row) => row.map((v) => (v === null ? null : v instanceof Date ? ts(v) : String(v))));
      await tx.execute(merge.sql, [JSON.stringify(chunk)]);
    }
  }
}
