import type { NodeUsage, Page, UnusedNode, UsageWindow, WeightedImpact } from '../../usage/usage.types.js';
import { formatCount, formatDateTime } from '../view-format.js';

/** View models of the admin usage pages (pure): the unused report and the usage-weighted impact view. */

const PAGE_SIZE = 50;
export const ADMIN_USAGE_PAGE_SIZE = PAGE_SIZE;

const explorerHref = (namespace: string, dataset: string, field?: string) =>
  `/admin/lineage?${new URLSearchParams({ ns: namespace, dataset, ...(field ? { field } : {}) }).toString()}`;
const impactHref = (namespace: string, dataset: string, field: string | undefined, days: number) =>
  `/admin/usage/impact?${new URLSearchParams({ ns: namespace, dataset, ...(field ? { field } : {}), days: String(days) }).toString()}`;

export interface UnusedView {
  readonly title: string;
  readonly form: { readonly level: 'dataset' | 'field'; readonly days: number };
  readonly levelDataset: boolean;
  readonly window: string;
  readonly total: string;
  readonly truncated: boolean;
  readonly rows: readonly { name: string; sourceType: string; lastRead: string; explorerHref: string; impactHref: string }[];
  readonly pager: { page: number; pages: number; total: number; prevHref: string | null; nextHref: string | null } | null;
}

export function presentUnused(result: Page<UnusedNode> & { window: UsageWindow; truncated: boolean }, level: 'dataset' | 'field', days: number, page: number): UnusedView {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const href = (p: number) => `/admin/usage/unused?${new URLSearchParams({ level, days: String(days), page: String(p) }).toString()}`;
  return {
    title: 'Unused datasets and fields',
    form: { level, days },
    levelDataset: level === 'dataset',
    window: `${result.window.from} – ${result.window.to}`,
    total: formatCount(result.total),
    truncated: result.truncated,
    rows: result.items.map((n) => ({
      name: n.field ? `${n.dataset}.${n.field}` : n.dataset,
      sourceType: n.sourceType ?? '',
      lastRead: n.lastReadDay ?? 'never',
      explorerHref: explorerHref(n.namespace, n.dataset, n.field),
      impactHref: impactHref(n.namespace, n.dataset, n.field, days),
    })),
    pager: result.total > PAGE_SIZE ? { page, pages, total: result.total, prevHref: page > 1 ? href(page - 1) : null, nextHref: page < pages ? href(page + 1) : null } : null,
  };
}

export interface ImpactView {
  readonly title: string;
  readonly form: { readonly ns: string; readonly dataset: string; readonly field: string; readonly days: number };
  readonly result: {
    readonly summary: string;
    readonly window: string;
    readonly totals: readonly { label: string; value: string }[];
    readonly truncated: boolean;
    readonly topUsers: readonly { name: string; reads: string }[];
    readonly topApplications: readonly { name: string; reads: string; users: string }[];
    readonly rows: readonly { name: string; depth: number; reads: string; users: string; applications: string; lastRead: string; readers: string; explorerHref: string; unread: boolean }[];
    readonly csvHref: string;
  } | null;
}

export function presentImpact(form: ImpactView['form'], impact: WeightedImpact | null): ImpactView {
  if (!impact) return { title: 'Usage-weighted impact', form, result: null };
  const csv = new URLSearchParams({ ...(form.ns ? { namespace: form.ns } : {}), dataset: form.dataset, ...(form.field ? { field: form.field } : {}), days: String(form.days) });
  return {
    title: 'Usage-weighted impact',
    form,
    result: {
      summary: impact.summary,
      window: `${impact.window.from} – ${impact.window.to}`,
      totals: [
        { label: 'Columns affected', value: formatCount(impact.totals.fields) },
        { label: 'Tables affected', value: formatCount(impact.totals.datasets) },
        { label: 'Reads', value: formatCount(impact.totals.reads) },
        { label: 'Users', value: formatCount(impact.totals.users) },
        { label: 'Applications', value: formatCount(impact.totals.applications) },
        { label: 'Affected nodes read', value: formatCount(impact.totals.readNodes) },
      ],
      truncated: impact.truncated,
      topUsers: (impact.topUsers ?? []).map((u) => ({ name: u.user || '(none)', reads: formatCount(u.reads) })),
      topApplications: impact.topApplications.map((a) => ({ name: a.application || '(none)', reads: formatCount(a.reads), users: formatCount(a.users) })),
      rows: impact.nodes.map((n) => ({
        name: n.field ? `${n.dataset}.${n.field}` : n.dataset,
        depth: n.depth,
        reads: formatCount(n.reads),
        users: formatCount(n.users),
        applications: formatCount(n.applications),
        lastRead: formatDateTime(n.lastReadAt ? new Date(n.lastReadAt) : null),
        readers: (n.topUsers ?? []).map((u) => `${u.user} (${formatCount(u.reads)})`).join(', '),
        explorerHref: explorerHref(n.namespace, n.dataset, n.field),
        unread: n.reads === 0,
      })),
      csvHref: `/admin/usage/impact.csv?${csv.toString()}`,
    },
  };
}

/** What the explorer's detail panel draws: reads per day (sparkline points), top users and applications. */
export interface UsagePanelJson {
  readonly nodeId: string;
  readonly window: UsageWindow;
  readonly totals: NodeUsage['totals'];
  readonly days: NodeUsage['days'];
  readonly topUsers: NonNullable<NodeUsage['topUsers']>;
  readonly topApplications: NodeUsage['topApplications'];
}

export function presentPanel(usage: NodeUsage): UsagePanelJson {
  return { nodeId: usage.nodeId, window: usage.window, totals: usage.totals, days: usage.days, topUsers: usage.topUsers ?? [], topApplications: usage.topApplications };
}
