import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryByKeys } from '../teradata/database.port.js';
import { UsageStatements } from '../teradata/usage.statements.js';
import { type ImpactReaders, type ReaderGroup, summarizeReaders } from './impact-readers.js';
import type { ApplicationReads, UsageDay, UsageTotals, UserReads } from './usage.types.js';

/** A DATE as the drivers return it (a Date at midnight UTC, or text) → 'YYYY-MM-DD'. */
export function dayText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value ? new Date(String(value)).toISOString() : null);
const n = (value: unknown): number => Number(value ?? 0);

type Window = { readonly from: string; readonly to: string };
type TotalsRow = { read_total: unknown; projection_total?: unknown; predicate_total?: unknown; user_total: unknown; app_total: unknown; client_total: unknown; last_read_at: unknown };
type DayRow = { usage_day: unknown; read_total: unknown; user_total: unknown; app_total: unknown };

/** A node of an impact walk, as its usage is looked up: its answer key, the dataset id and (at field level) the field name as stored. */
export interface ImpactNode {
  readonly key: string;
  readonly datasetId: string;
  readonly field?: string;
}

/** The only place the Usage module runs SQL: the daily aggregates read by question. */
@Injectable()
export class UsageRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(UsageStatements) private readonly sql: UsageStatements,
  ) {}

  async fieldTotals(datasetId: string, field: string, w: Window): Promise<UsageTotals> {
    const [r] = await this.database.query<TotalsRow>(this.sql.fieldSummary, [datasetId, field, w.from, w.to]);
    return { ...totals(r), projectionReads: n(r?.projection_total), predicateReads: n(r?.predicate_total) };
  }

  async datasetTotals(datasetId: string, w: Window): Promise<UsageTotals> {
    const [r] = await this.database.query<TotalsRow>(this.sql.datasetSummary, [datasetId, w.from, w.to]);
    return totals(r);
  }

  async fieldDays(datasetId: string, field: string, w: Window): Promise<UsageDay[]> {
    return days(await this.database.query<DayRow>(this.sql.fieldDays, [datasetId, field, w.from, w.to]));
  }

  async datasetDays(datasetId: string, w: Window): Promise<UsageDay[]> {
    return days(await this.database.query<DayRow>(this.sql.datasetDays, [datasetId, w.from, w.to]));
  }

  async topUsers(datasetId: string, field: string | null, w: Window, limit: number): Promise<UserReads[]> {
    const rows =
      field === null
        ? await this.database.query<{ user_name: string; read_total: unknown; last_read_at: unknown }>(this.sql.datasetUsers, [datasetId, w.from, w.to, 1, limit])
        : await this.database.query<{ user_name: string; read_total: unknown; last_read_at: unknown }>(this.sql.fieldUsers, [datasetId, field, w.from, w.to, 1, limit]);
    return rows.map((r) => ({ user: r.user_name, reads: n(r.read_total), lastReadAt: iso(r.last_read_at) }));
  }

  async topApplications(datasetId: string, field: string | null, w: Window, limit: number): Promise<ApplicationReads[]> {
    type AppRow = { app_id: string; read_total: unknown; user_total: unknown; last_read_at: unknown };
    const rows =
      field === null
        ? await this.database.query<AppRow>(this.sql.datasetApps, [datasetId, w.from, w.to, 1, limit])
        : await this.database.query<AppRow>(this.sql.fieldApps, [datasetId, field, w.from, w.to, 1, limit]);
    return rows.map((r) => ({ application: r.app_id, reads: n(r.read_total), users: n(r.user_total), lastReadAt: iso(r.last_read_at) }));
  }

  async topFields(w: Window, first: number, last: number) {
    type R = { dataset_id: string; namespace_uri: string; name: string; field_name: string; read_total: unknown; user_total: unknown; app_total: unknown; last_read_at: unknown };
    const [rows, count] = await Promise.all([
      this.database.query<R>(this.sql.topFields, [w.from, w.to, first, last]),
      this.database.query<{ n: unknown }>(this.sql.countTopFields, [w.from, w.to]),
    ]);
    return {
      total: n(count[0]?.n),
      rows: rows.map((r) => ({ namespace: r.namespace_uri, dataset: r.name, field: r.field_name, reads: n(r.read_total), users: n(r.user_total), applications: n(r.app_total), lastReadAt: iso(r.last_read_at) })),
    };
  }

  async topDatasets(w: Window, first: number, last: number) {
    type R = { dataset_id: string; namespace_uri: string; name: string; read_total: unknown; user_total: unknown; app_total: unknown; last_read_at: unknown };
    const [rows, count] = await Promise.all([
      this.database.query<R>(this.sql.topDatasets, [w.from, w.to, first, last]),
      this.database.query<{ n: unknown }>(this.sql.countTopDatasets, [w.from, w.to]),
    ]);
    return {
      total: n(count[0]?.n),
      rows: rows.map((r) => ({ namespace: r.namespace_uri, dataset: r.name, reads: n(r.read_total), users: n(r.user_total), applications: n(r.app_total), lastReadAt: iso(r.last_read_at) })),
    };
  }

  /** Active datasets nobody read on or after `fromDay`, by name. */
  async unreadDatasets(fromDay: string) {
    const rows = await this.database.query<{ dataset_id: string; namespace_uri: string; name: string; source_type: string | null; last_read_day: unknown }>(this.sql.unreadDatasets, [fromDay]);
    return rows.map((r) => ({ datasetId: r.dataset_id, namespace: r.namespace_uri, dataset: r.name, sourceType: r.source_type ?? undefined, lastReadDay: dayText(r.last_read_day) }));
  }

  /** Fields of active datasets nobody read on or after `fromDay`. */
  async unreadFields(fromDay: string) {
    const rows = await this.database.query<{ dataset_id: string; namespace_uri: string; name: string; field_name: string; last_read_day: unknown }>(this.sql.unreadFields, [fromDay]);
    return rows.map((r) => ({ datasetId: r.dataset_id, namespace: r.namespace_uri, dataset: r.name, field: r.field_name, lastReadDay: dayText(r.last_read_day) }));
  }

  /** Dataset ids read (directly or through a view) on or after `fromDay`. */
  async readDatasetIds(fromDay: string): Promise<Set<string>> {
    const rows = await this.database.query<{ dataset_id: string }>(this.sql.readDatasets, [fromDay]);
    return new Set(rows.map((r) => r.dataset_id));
  }

  /**
   * Who read an impact walk's nodes in the window: one read of the
   * aggregates per chunk of nodes (all of them at once where keys bind as
   * JSON), grouped per (node, user, application), every figure summed from
   * those groups (summarizeReaders). `nodes`: the node key (`dataset_id/field_name`
   * at field level, the dataset id at dataset level) with the dataset id and field name it stands for.
   */
  async impactReaders(nodes: readonly ImpactNode[], level: 'fields' | 'datasets', w: Window): Promise<ImpactReaders> {
    const reads = this.sql.impactReaders;
    type Row = { node_key: string; user_name: string | null; app_id: string | null; read_total: unknown; last_read_at: unknown };
    const rows = await queryByKeys<Row, ImpactNode>(
      this.database,
      reads[level],
      reads.keys,
      nodes,
      { json: (list) => JSON.stringify(list.map((k) => [k.key, k.datasetId, k.field ?? ''])), value: (k) => k.key },
      (keys) => [...keys, w.from, w.to],
    );
    const groups = rows.map((r): ReaderGroup => ({ node: r.node_key, user: r.user_name ?? '', app: r.app_id ?? '', reads: n(r.read_total), lastReadAt: iso(r.last_read_at) }));
    return summarizeReaders(groups);
  }

  /** The newest day with any usage ('YYYY-MM-DD'), null when none. */
  async lastUsageDay(): Promise<string | null> {
    const [r] = await this.database.query<{ last_day: unknown }>(this.sql.lastUsageDay);
    return dayText(r?.last_day);
  }

  /** The counted DBQL ranges: how many, how far, and the source the latest one came from ('parse' or 'dbqlobj'). */
  async coverage(): Promise<{ runs: number; until: string | null; latestSource: string | null }> {
    const [[r], [latest]] = await Promise.all([
      this.database.query<{ n: unknown; last_until: unknown }>(this.sql.coverageState),
      this.database.query<{ usage_source: string }>(this.sql.latestUsageSource),
    ]);
    return { runs: n(r?.n), until: iso(r?.last_until), latestSource: latest?.usage_source?.trim() ?? null };
  }
}

function totals(r: TotalsRow | undefined): UsageTotals {
  return { reads: n(r?.read_total), users: n(r?.user_total), applications: n(r?.app_total), clients: n(r?.client_total), lastReadAt: iso(r?.last_read_at) };
}

function days(rows: readonly DayRow[]): UsageDay[] {
  return rows.map((r) => ({ day: dayText(r.usage_day) as string, reads: n(r.read_total), users: n(r.user_total), applications: n(r.app_total) }));
}
