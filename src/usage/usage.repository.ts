import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, expandInList, IN_LIST_CHUNK } from '../teradata/database.port.js';
import { UsageStatements } from '../teradata/usage.statements.js';
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

/** Who read an impact walk's nodes: per node key (`dataset_id/field_name`, or a dataset id) and over all of them. */
export interface ImpactReaders {
  readonly nodes: Map<string, { reads: number; users: number; applications: number; lastReadAt: string | null }>;
  readonly nodeUsers: Map<string, UserReads[]>;
  readonly nodeApps: Map<string, ApplicationReads[]>;
  reads: number;
  users: number;
  applications: number;
  topUsers: UserReads[];
  topApplications: ApplicationReads[];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

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
   * Who read an impact walk's nodes in the window, summed in SQL: per node
   * (field keys `dataset_id/field_name`, or dataset ids) its totals, top users
   * (only with `names`) and applications; over all nodes the totals and top
   * readers. On an `IN (?)` dialect more keys than one list holds are read in
   * chunks: node figures stay exact, the overall distinct users and
   * applications are then summed over the chunks (an upper bound).
   */
  async impactReaders(keys: readonly string[], level: 'fields' | 'datasets', w: Window, names: boolean): Promise<ImpactReaders> {
    const reads = this.sql.impactReaders;
    const q = reads[level];
    const out: ImpactReaders = { nodes: new Map(), nodeUsers: new Map(), nodeApps: new Map(), reads: 0, users: 0, applications: 0, topUsers: [], topApplications: [] };
    if (keys.length === 0) return out;
    const chunks = reads.keys === 'json' ? [keys] : Array.from({ length: Math.ceil(keys.length / IN_LIST_CHUNK) }, (_, i) => keys.slice(i * IN_LIST_CHUNK, (i + 1) * IN_LIST_CHUNK));
    const users = new Map<string, UserReads>();
    const apps = new Map<string, ApplicationReads>();
    for (const chunk of chunks) {
      const run = <T extends Record<string, unknown>>(sql: string) =>
        reads.keys === 'json' ? this.database.query<T>(sql, [JSON.stringify(chunk), w.from, w.to]) : this.database.query<T>(expandInList(sql, chunk.length), [...chunk, w.from, w.to]);
      type Totals = { node_key: string; read_total: unknown; user_total: unknown; app_total: unknown; last_read_at: unknown };
      type UserRow = { node_key?: string; user_name: string; read_total: unknown; last_read_at: unknown };
      type AppRow = { node_key?: string; app_id: string; read_total: unknown; user_total: unknown; last_read_at: unknown };
      const [totals, nodeUsers, nodeApps, [all], topUsers, topApps] = await Promise.all([
        run<Totals>(q.nodeTotals),
        names ? run<UserRow>(q.nodeUsers) : Promise.resolve([] as UserRow[]),
        run<AppRow>(q.nodeApps),
        run<{ read_total: unknown; user_total: unknown; app_total: unknown }>(q.overall),
        names ? run<UserRow>(q.overallUsers) : Promise.resolve([] as UserRow[]),
        run<AppRow>(q.overallApps),
      ]);
      for (const t of totals) out.nodes.set(t.node_key, { reads: n(t.read_total), users: n(t.user_total), applications: n(t.app_total), lastReadAt: iso(t.last_read_at) });
      for (const u of nodeUsers) push(out.nodeUsers, u.node_key as string, { user: u.user_name, reads: n(u.read_total), lastReadAt: iso(u.last_read_at) });
      for (const a of nodeApps) push(out.nodeApps, a.node_key as string, { application: a.app_id, reads: n(a.read_total), users: n(a.user_total), lastReadAt: iso(a.last_read_at) });
      out.reads += n(all?.read_total);
      out.users += n(all?.user_total);
      out.applications += n(all?.app_total);
      for (const u of topUsers) {
        const prev = users.get(u.user_name);
        users.set(u.user_name, { user: u.user_name, reads: (prev?.reads ?? 0) + n(u.read_total), lastReadAt: later(prev?.lastReadAt ?? null, iso(u.last_read_at)) });
      }
      for (const a of topApps) {
        const prev = apps.get(a.app_id);
        apps.set(a.app_id, { application: a.app_id, reads: (prev?.reads ?? 0) + n(a.read_total), users: Math.max(prev?.users ?? 0, n(a.user_total)), lastReadAt: later(prev?.lastReadAt ?? null, iso(a.last_read_at)) });
      }
    }
    const byReads = <T extends { reads: number }>(list: T[], name: (x: T) => string) => list.sort((a, b) => b.reads - a.reads || name(a).localeCompare(name(b)));
    for (const list of out.nodeUsers.values()) byReads(list, (x) => x.user);
    for (const list of out.nodeApps.values()) byReads(list, (x) => x.application);
    out.topUsers = byReads([...users.values()], (x) => x.user).slice(0, 20);
    out.topApplications = byReads([...apps.values()], (x) => x.application).slice(0, 20);
    return out;
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
