import { Inject, Injectable } from '@nestjs/common';
import { datasetId } from '../model/ids.js';
import { DatabasePort, expandInList, IN_LIST_CHUNK, type SqlExecutor, type SqlValue } from '../teradata/database.port.js';
import { type UsageMerge, UsageStatements } from '../teradata/usage.statements.js';
import type { DatasetUsageDelta, FieldUsageDelta, UsageBatch } from './ol-store.types.js';

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
    const behind = await this.throughViews(batch.fields, batch.datasets, ns, tx);
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
   * The base columns behind the view columns read: each view column's
   * counts go to every column its definition reads DIRECT (a view over a
   * view is followed to its tables). Datasets: each view read counts once on
   * every dataset behind any of the view's columns.
   */
  private async throughViews(
    fields: readonly FieldUsageDelta[],
    datasets: readonly DatasetUsageDelta[],
    ns: string,
    tx: SqlExecutor,
  ): Promise<{ fields: FieldUsageDelta[]; datasets: DatasetUsageDelta[] }> {
    const outFields = new Map<string, FieldUsageDelta>();
    /** view read → the datasets reached behind it, at any depth. */
    const behindView = new Map<string, Set<string>>();
    let level: readonly (FieldUsageDelta & { readonly origin: string })[] = fields.map((f) => ({ ...f, origin: f.dataset }));
    for (let depth = 0; depth < VIEW_LEVELS && level.length > 0; depth++) {
      const sources = await this.viewSources([...new Set(level.map((f) => f.dataset))], ns, tx);
      if (sources.size === 0) break;
      const next = new Map<string, FieldUsageDelta & { readonly origin: string }>();
      for (const f of level) {
        for (const b of sources.get(`${f.dataset}\u0000${f.field}`) ?? []) {
          const key = [f.day, b.dataset, b.field, f.userName, f.appId, f.clientId, f.origin].join('\u0000');
          const prev = next.get(key);
          if (prev) addField(prev, f);
          else next.set(key, { ...f, dataset: b.dataset, field: b.field });
          const reached = behindView.get(f.origin) ?? new Set<string>();
          reached.add(b.dataset);
          behindView.set(f.origin, reached);
        }
      }
      for (const f of next.values()) {
        const key = [f.day, f.dataset, f.field, f.userName, f.appId, f.clientId].join('\u0000');
        const prev = outFields.get(key);
        if (prev) addField(prev, f);
        else outFields.set(key, { day: f.day, dataset: f.dataset, field: f.field, userName: f.userName, appId: f.appId, clientId: f.clientId, readCount: f.readCount, projectionCount: f.projectionCount, predicateCount: f.predicateCount, lastReadAt: f.lastReadAt });
      }
      level = [...next.values()];
    }
    const outDatasets = new Map<string, DatasetUsageDelta>();
    for (const d of datasets) {
      for (const t of behindView.get(d.dataset) ?? []) {
        const key = [d.day, t, d.userName, d.appId, d.clientId].join('\u0000');
        const prev = outDatasets.get(key);
        if (prev) {
          prev.readCount += d.readCount;
          if (d.lastReadAt > prev.lastReadAt) prev.lastReadAt = d.lastReadAt;
        } else outDatasets.set(key, { ...d, dataset: t });
      }
    }
    return { fields: [...outFields.values()], datasets: [...outDatasets.values()] };
  }

  /** `view\0field` → the columns it reads, for the names among `datasets` that are views. */
  private async viewSources(datasets: readonly string[], ns: string, tx: SqlExecutor): Promise<Map<string, { dataset: string; field: string }[]>> {
    const out = new Map<string, { dataset: string; field: string }[]>();
    for (let i = 0; i < datasets.length; i += IN_LIST_CHUNK) {
      const chunk = datasets.slice(i, i + IN_LIST_CHUNK);
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

function addField(into: FieldUsageDelta, f: FieldUsageDelta): void {
  into.readCount += f.readCount;
  into.projectionCount += f.projectionCount;
  into.predicateCount += f.predicateCount;
  if (f.lastReadAt > into.lastReadAt) into.lastReadAt = f.lastReadAt;
}
