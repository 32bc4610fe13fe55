import { Inject, Injectable } from '@nestjs/common';
import { UsageConfig } from '../config/app-config.js';
import { LineageService } from '../lineage/lineage.service.js';
import { datasetId, datasetNodeId, fieldNodeId, namespaceId } from '../model/ids.js';
import { UsageInvalidQueryError, UsageNodeNotFoundError } from './usage.errors.js';
import { UsageRepository } from './usage.repository.js';
import type { NodeUsage, Page, RankedUsage, UnusedNode, UsageStatus, UsageWindow } from './usage.types.js';
import { dayOf, everyDay, windowEnding } from './usage-window.js';

/** Users and applications listed on a usage answer. */
const TOP = 10;
/** Candidates the unused report checks for downstream readers (each is one walk of the lineage index). */
const UNUSED_CANDIDATES = 5_000;
const DEFAULT_DAYS = 30;

/** A usage window as asked: `days` ending on `to` (default: the newest day with usage, else today). */
export interface WindowQuery {
  readonly days?: number;
  readonly to?: string;
}

export interface NodeQuery extends WindowQuery {
  readonly namespace?: string;
  readonly dataset: string;
  readonly field?: string;
}

/** Who is asking: user names only for admins and API keys in USAGE_USER_KEYS (SECURITY.md). */
export interface Viewer {
  readonly userNames: boolean;
}

/**
 * Column usage (issue 21) read back: one dataset's or field's reads per day,
 * users and applications over a window; the most read and the unread
 * (retirement candidates: not read for N days and nothing downstream read
 * either). User names are withheld unless the viewer may see them.
 */
@Injectable()
export class UsageService {
  constructor(
    @Inject(UsageRepository) private readonly repository: UsageRepository,
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(UsageConfig) private readonly config: UsageConfig,
  ) {}

  /** The window of a query: validated, ending on `to` or on the newest day usage was recorded for. */
  async window(query: WindowQuery, defaultDays = DEFAULT_DAYS): Promise<UsageWindow> {
    const to = query.to ?? (await this.repository.lastUsageDay()) ?? dayOf(new Date());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(new Date(`${to}T00:00:00Z`).getTime())) throw new UsageInvalidQueryError(`to must be a day written YYYY-MM-DD, got "${to}"`);
    return windowEnding(to, query.days ?? defaultDays);
  }

  /** Usage of a dataset, or of one of its fields, over a window. */
  async nodeUsage(query: NodeQuery, viewer: Viewer): Promise<NodeUsage> {
    const dataset = await this.lineage.dataset(query.dataset, query.namespace);
    const field = query.field === undefined ? null : dataset.fields.find((f) => f.name === query.field || f.name === query.field?.toLowerCase())?.name;
    if (field === undefined) throw new UsageNodeNotFoundError(`Field "${query.field}" of dataset "${dataset.name}"`);
    const window = await this.window(query);
    const id = dataset.datasetId;
    const [totals, days, users, applications] = await Promise.all([
      field === null ? this.repository.datasetTotals(id, window) : this.repository.fieldTotals(id, field, window),
      field === null ? this.repository.datasetDays(id, window) : this.repository.fieldDays(id, field, window),
      viewer.userNames ? this.repository.topUsers(id, field, window, TOP) : Promise.resolve(undefined),
      this.repository.topApplications(id, field, window, TOP),
    ]);
    return {
      nodeId: field === null ? datasetNodeId(dataset.namespace, dataset.name) : fieldNodeId(dataset.namespace, dataset.name, field),
      namespace: dataset.namespace,
      dataset: dataset.name,
      ...(field === null ? {} : { field }),
      window,
      totals,
      days: everyDay(window, days, (day) => ({ day, reads: 0, users: 0, applications: 0 })),
      ...(users ? { topUsers: users } : {}),
      topApplications: applications,
      userNamesHidden: !viewer.userNames,
    };
  }

  /** The most read datasets or fields of the window, most reads first. */
  async top(query: WindowQuery & { level: 'dataset' | 'field'; limit?: number; offset?: number }): Promise<Page<RankedUsage> & { window: UsageWindow }> {
    const window = await this.window(query);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    if (query.level === 'field') {
      const { total, rows } = await this.repository.topFields(window, offset + 1, offset + limit);
      return { window, total, limit, offset, items: rows.map((r) => ({ nodeId: fieldNodeId(r.namespace, r.dataset, r.field), ...r })) };
    }
    const { total, rows } = await this.repository.topDatasets(window, offset + 1, offset + limit);
    return { window, total, limit, offset, items: rows.map((r) => ({ nodeId: datasetNodeId(r.namespace, r.dataset), ...r })) };
  }

  /**
   * Retirement candidates: datasets (or fields) not read in the window's
   * `days` (default USAGE_UNUSED_DAYS) and with nothing downstream of them
   * read either (a staging table nobody queries but that feeds a read mart
   * is not unused). By name.
   */
  async unused(query: WindowQuery & { level: 'dataset' | 'field'; limit?: number; offset?: number }): Promise<Page<UnusedNode> & { window: UsageWindow; truncated: boolean }> {
    const window = await this.window(query, this.config.unusedDays);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const read = await this.repository.readDatasetIds(window.from);
    const candidates = query.level === 'field' ? await this.repository.unreadFields(window.from) : await this.repository.unreadDatasets(window.from);
    const truncated = candidates.length > UNUSED_CANDIDATES;
    const unused: UnusedNode[] = [];
    for (const c of candidates.slice(0, UNUSED_CANDIDATES)) {
      const field = 'field' in c ? c.field : undefined;
      if (await this.readDownstream(c.namespace, c.dataset, field, read)) continue;
      unused.push({
        nodeId: field === undefined ? datasetNodeId(c.namespace, c.dataset) : fieldNodeId(c.namespace, c.dataset, field),
        namespace: c.namespace,
        dataset: c.dataset,
        ...(field === undefined ? {} : { field }),
        ...('sourceType' in c && c.sourceType ? { sourceType: c.sourceType } : {}),
        lastReadDay: c.lastReadDay,
      });
    }
    return { window, truncated, total: unused.length, limit, offset, items: unused.slice(offset, offset + limit) };
  }

  /** True when a dataset downstream of the node (through the lineage index) was read in the window. */
  private async readDownstream(namespace: string, dataset: string, field: string | undefined, read: ReadonlySet<string>): Promise<boolean> {
    if (read.size === 0) return false;
    const impact = await this.lineage.impact({ namespace, dataset, ...(field === undefined ? {} : { field }) });
    const ns = namespaceId(namespace);
    return impact.nodes.some((n) => read.has(datasetId(n.namespace === namespace ? ns : namespaceId(n.namespace), n.dataset)));
  }

  /** What /health and the admin schema page say about usage: the source configured, and the one the latest run used. */
  async status(): Promise<UsageStatus> {
    const coverage = await this.repository.coverage();
    const inUse: UsageStatus['sourceInUse'] = !this.config.enabled ? 'none' : this.config.source === 'parse' ? 'parse' : coverage.latestSource === 'dbqlobj' ? 'dbqlobj' : 'parse';
    const description =
      inUse === 'none'
        ? 'Usage is off (USAGE_ENABLED=false): SELECT statements are tallied and left in DBQL.'
        : inUse === 'dbqlobj'
          ? 'The columns SELECTs read come from DBC.DBQLObjTbl (DBQL object logging); SELECTs it holds no rows for, and the read side of DML, are parsed.'
          : this.config.source === 'parse'
            ? 'The columns read come from parsing each SELECT and the read side of each DML (USAGE_SOURCE=parse).'
            : `The columns read come from parsing the SQL: ${coverage.runs === 0 ? 'no run has counted usage yet' : 'DBC.DBQLObjTbl held no rows (or could not be read) in the latest run'} (USAGE_SOURCE=${this.config.source}).`;
    return { enabled: this.config.enabled, source: this.config.source, sourceInUse: inUse, description, runsCounted: coverage.runs, countedUntil: coverage.until };
  }
}
