import { Inject, Injectable } from '@nestjs/common';
import { LineageService } from '../lineage/lineage.service.js';
import { datasetId, namespaceId } from '../model/ids.js';
import { UsageRepository, type ReaderRow } from './usage.repository.js';
import { UsageService, type Viewer, type WindowQuery } from './usage.service.js';
import type { ApplicationReads, ImpactedUsage, UserReads, WeightedImpact } from './usage.types.js';

/** Users and applications listed per impacted node and overall. */
const TOP_PER_NODE = 5;
const TOP_OVERALL = 20;

export interface ImpactQuery extends WindowQuery {
  readonly namespace?: string;
  readonly dataset: string;
  readonly field?: string;
  readonly maxDepth?: number;
}

/** Sums of one node's (or all nodes') readers. */
class Readers {
  reads = 0;
  lastReadAt: Date | null = null;
  readonly users = new Map<string, { reads: number; last: Date | null }>();
  readonly apps = new Map<string, { reads: number; users: Set<string>; last: Date | null }>();

  add(r: ReaderRow): void {
    this.reads += r.reads;
    if (r.lastReadAt && (!this.lastReadAt || r.lastReadAt > this.lastReadAt)) this.lastReadAt = r.lastReadAt;
    const u = this.users.get(r.user) ?? { reads: 0, last: null };
    u.reads += r.reads;
    if (r.lastReadAt && (!u.last || r.lastReadAt > u.last)) u.last = r.lastReadAt;
    this.users.set(r.user, u);
    const a = this.apps.get(r.application) ?? { reads: 0, users: new Set<string>(), last: null };
    a.reads += r.reads;
    a.users.add(r.user);
    if (r.lastReadAt && (!a.last || r.lastReadAt > a.last)) a.last = r.lastReadAt;
    this.apps.set(r.application, a);
  }

  topUsers(n: number): UserReads[] {
    return [...this.users].sort((x, y) => y[1].reads - x[1].reads || x[0].localeCompare(y[0])).slice(0, n).map(([user, u]) => ({ user, reads: u.reads, lastReadAt: u.last?.toISOString() ?? null }));
  }

  topApplications(n: number): ApplicationReads[] {
    return [...this.apps]
      .sort((x, y) => y[1].reads - x[1].reads || x[0].localeCompare(y[0]))
      .slice(0, n)
      .map(([application, a]) => ({ application, reads: a.reads, users: a.users.size, lastReadAt: a.last?.toISOString() ?? null }));
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Usage-weighted impact analysis (issue 21): everything downstream of a
 * field or dataset (the lineage module's impact walk), each node with who
 * read it in the window and how often, and the totals an engineer reads
 * before changing a column: "affects 14 columns in 6 tables read 3,400
 * times by 41 users in 3 applications".
 */
@Injectable()
export class UsageImpactService {
  constructor(
    @Inject(LineageService) private readonly lineage: LineageService,
    @Inject(UsageRepository) private readonly repository: UsageRepository,
    @Inject(UsageService) private readonly usage: UsageService,
  ) {}

  async impact(query: ImpactQuery, viewer: Viewer): Promise<WeightedImpact> {
    const window = await this.usage.window(query, 7);
    const impact = await this.lineage.impact({
      ...(query.namespace ? { namespace: query.namespace } : {}),
      dataset: query.dataset,
      ...(query.field ? { field: query.field } : {}),
      ...(query.maxDepth !== undefined ? { maxDepth: query.maxDepth } : {}),
    });
    const fieldLevel = query.field !== undefined;
    const idOf = (ns: string, dataset: string) => datasetId(namespaceId(ns), dataset);
    const ids = [...new Set(impact.nodes.map((n) => idOf(n.namespace, n.dataset)))];
    const rows = await this.repository.readersOf(ids, fieldLevel ? 'fields' : 'datasets', window);
    const byNode = new Map<string, Readers>();
    const all = new Readers();
    const wanted = new Set(impact.nodes.map((n) => `${idOf(n.namespace, n.dataset)}\u0000${fieldLevel ? (n.field ?? '') : ''}`));
    for (const r of rows) {
      const key = `${r.datasetId}\u0000${fieldLevel ? (r.field ?? '') : ''}`;
      if (!wanted.has(key)) continue;
      const readers = byNode.get(key) ?? new Readers();
      readers.add(r);
      byNode.set(key, readers);
      all.add(r);
    }
    const nodes: ImpactedUsage[] = impact.nodes.map((n) => {
      const readers = byNode.get(`${idOf(n.namespace, n.dataset)}\u0000${fieldLevel ? (n.field ?? '') : ''}`) ?? new Readers();
      return {
        nodeId: n.id,
        type: n.type,
        namespace: n.namespace,
        dataset: n.dataset,
        ...(n.field !== undefined ? { field: n.field } : {}),
        depth: n.depth,
        reads: readers.reads,
        users: readers.users.size,
        applications: readers.apps.size,
        lastReadAt: readers.lastReadAt?.toISOString() ?? null,
        ...(viewer.userNames ? { topUsers: readers.topUsers(TOP_PER_NODE) } : {}),
        topApplications: readers.topApplications(TOP_PER_NODE),
      };
    });
    nodes.sort((a, b) => b.reads - a.reads || a.depth - b.depth || a.nodeId.localeCompare(b.nodeId));
    const fields = impact.nodes.filter((n) => n.type === 'datasetField').length;
    const datasets = new Set(impact.nodes.map((n) => `${n.namespace}\u0000${n.dataset}`)).size;
    const totals = { fields, datasets, reads: all.reads, users: all.users.size, applications: all.apps.size, readNodes: nodes.filter((n) => n.reads > 0).length };
    const what = fieldLevel ? `${plural(fields, 'column')} in ${plural(datasets, 'table')}` : plural(datasets, 'table');
    const summary = `Changing ${query.field ? `${query.dataset}.${query.field}` : query.dataset} affects ${what}, read ${plural(totals.reads, 'time')} from ${window.from} to ${window.to} by ${plural(totals.users, 'user')} in ${plural(totals.applications, 'application')}.`;
    return {
      root: impact.root,
      window,
      maxDepth: impact.maxDepth,
      truncated: impact.truncated,
      totals,
      summary,
      ...(viewer.userNames ? { topUsers: all.topUsers(TOP_OVERALL) } : {}),
      topApplications: all.topApplications(TOP_OVERALL),
      userNamesHidden: !viewer.userNames,
      nodes,
    };
  }
}

/** CSV of a weighted impact: one row per impacted node, with its readers' totals (user names only when the answer holds them). */
export function weightedImpactCsv(result: WeightedImpact): string {
  // Quoted as needed, and a leading = + - @ neutralised so a spreadsheet does not run it as a formula.
  const esc = (raw: string) => {
    const s = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const names = !result.userNamesHidden;
  const lines = [['node_id', 'type', 'namespace', 'dataset', 'field', 'depth', 'reads', 'users', 'applications', 'last_read_at', ...(names ? ['top_users'] : []), 'top_applications'].join(',')];
  for (const n of result.nodes) {
    lines.push(
      [
        n.nodeId,
        n.type,
        n.namespace,
        n.dataset,
        n.field ?? '',
        String(n.depth),
        String(n.reads),
        String(n.users),
        String(n.applications),
        n.lastReadAt ?? '',
        ...(names ? [(n.topUsers ?? []).map((u) => `${u.user}:${u.reads}`).join(' ')] : []),
        n.topApplications.map((a) => `${a.application}:${a.reads}`).join(' '),
      ]
        .map(esc)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
