import { csvLine } from '../common/csv.js';
import { Inject, Injectable } from '@nestjs/common';
import { LineageService } from '../lineage/lineage.service.js';
import { datasetId, fieldId, nameKey, namespaceId } from '../model/ids.js';
import { type ImpactNode, UsageRepository } from './usage.repository.js';
import { UsageService, type Viewer, type WindowQuery } from './usage.service.js';
import type { ImpactedUsage, WeightedImpact } from './usage.types.js';

export interface ImpactQuery extends WindowQuery {
  readonly namespace?: string;
  readonly dataset: string;
  readonly field?: string;
  readonly maxDepth?: number;
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
    const lookups = new Map<string, ImpactNode>();
    const keyOf = (n: { namespace: string; dataset: string; field?: string }) => {
      const id = datasetId(namespaceId(n.namespace), n.dataset);
      const key = fieldLevel ? fieldId(id, n.field ?? '') : id;
      if (!lookups.has(key)) lookups.set(key, fieldLevel ? { key, datasetId: id, field: nameKey(id, n.field ?? '') } : { key, datasetId: id });
      return key;
    };
    const nodeKeys = impact.nodes.map(keyOf);
    const readers = await this.repository.impactReaders([...lookups.values()], fieldLevel ? 'fields' : 'datasets', window);
    const nodes: ImpactedUsage[] = impact.nodes.map((n, i) => {
      const key = nodeKeys[i];
      const t = readers.nodes.get(key);
      return {
        nodeId: n.id,
        type: n.type,
        namespace: n.namespace,
        dataset: n.dataset,
        ...(n.field !== undefined ? { field: n.field } : {}),
        depth: n.depth,
        reads: t?.reads ?? 0,
        users: t?.users ?? 0,
        applications: t?.applications ?? 0,
        lastReadAt: t?.lastReadAt ?? null,
        ...(viewer.userNames ? { topUsers: readers.nodeUsers.get(key) ?? [] } : {}),
        topApplications: readers.nodeApps.get(key) ?? [],
      };
    });
    nodes.sort((a, b) => b.reads - a.reads || a.depth - b.depth || a.nodeId.localeCompare(b.nodeId));
    const fields = impact.nodes.filter((n) => n.type === 'datasetField').length;
    const datasets = new Set(impact.nodes.map((n) => `${n.namespace}\u0000${n.dataset}`)).size;
    const totals = { fields, datasets, reads: readers.reads, users: readers.users, applications: readers.applications, readNodes: nodes.filter((n) => n.reads > 0).length };
    const what = fieldLevel ? `${plural(fields, 'column')} in ${plural(datasets, 'table')}` : plural(datasets, 'table');
    const summary = `Changing ${query.field ? `${query.dataset}.${query.field}` : query.dataset} affects ${what}, read ${plural(totals.reads, 'time')} from ${window.from} to ${window.to} by ${plural(totals.users, 'user')} in ${plural(totals.applications, 'application')}.`;
    return {
      root: impact.root,
      window,
      maxDepth: impact.maxDepth,
      truncated: impact.truncated,
      totals,
      summary,
      ...(viewer.userNames ? { topUsers: readers.topUsers } : {}),
      topApplications: readers.topApplications,
      userNamesHidden: !viewer.userNames,
      nodes,
    };
  }
}

/** CSV of a weighted impact: one row per impacted node, with its readers' totals (user names only when the answer holds them). */
export function weightedImpactCsv(result: WeightedImpact): string {
  const names = !result.userNamesHidden;
  const lines = [['node_id', 'type', 'namespace', 'dataset', 'field', 'depth', 'reads', 'users', 'applications', 'last_read_at', ...(names ? ['top_users'] : []), 'top_applications'].join(',')];
  for (const n of result.nodes) {
    lines.push(
      csvLine([
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
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
