import { DASHBOARD_CHANGE_DAYS, type DashboardData } from './dashboard.service.js';
import { ADMIN_ROUTES } from '../admin.routes.js';
import { renderRunChart } from './run-chart.presenter.js';
import { type Badge, formatCount, formatDateTime, formatDuration, qvciBadge, runKind, runStateBadge } from '../view-format.js';

export interface DashboardView {
  readonly title: string;
  readonly engine: { readonly label: string; readonly database: string };
  readonly schema: { readonly badge: Badge; readonly detail: string };
  readonly qvci: { readonly badge: Badge; readonly detail: string };
  readonly cache: { readonly badge: Badge; readonly detail: string };
  readonly counts: { readonly items: readonly { label: string; value: string }[]; readonly error: string | null };
  readonly lastRun: {
    readonly href: string;
    readonly badge: Badge;
    readonly kind: string;
    readonly startedAt: string;
    readonly duration: string;
    readonly edges: string;
    readonly failures: string;
    readonly message: string;
  } | null;
  readonly runsError: string | null;
  /** OpenLineage events received from producers (POST /api/v1/lineage), beside the population runs. */
  readonly ingestion: { readonly facts: readonly { label: string; value: string }[]; readonly error: string | null };
  /** Lineage changes of the last days: totals by kind and the first few (GET /api/v2/openlineage/changes answers the rest). */
  readonly changes: {
    readonly days: number;
    readonly totals: readonly { label: string; value: string }[];
    readonly items: readonly { at: string; change: 'added' | 'removed'; what: string; by: string; href: string | null }[];
    readonly more: string | null;
    readonly none: boolean;
    readonly error: string | null;
  };
  readonly chart: { readonly svg: string; readonly rows: readonly { href: string; startedAt: string; edges: string; failures: string; badge: Badge }[] };
}

export function presentDashboard(data: DashboardData, now: Date = new Date()): DashboardView {
  const db = data.database;
  const engine = db.engine === 'teradata' ? `Teradata at ${db.host ?? '?'}:${db.port}` : `Embedded (DuckDB)${db.demo ? ' with the demo warehouse' : ''}`;

  let schema: DashboardView['schema'];
  if (!data.schema.ok) schema = { badge: { label: 'unknown', tone: 'muted' }, detail: data.schema.message };
  else {
    const s = data.schema.value;
    const missing = s.tables.filter((t) => !t.present).length;
    const pending = s.pendingMigrations.length;
    schema =
      missing > 0
        ? { badge: { label: `${missing} table${missing === 1 ? '' : 's'} missing`, tone: 'bad' }, detail: `Version ${s.version ?? 'none'}; run schema setup` }
        : pending > 0
          ? { badge: { label: `${pending} pending`, tone: 'warn' }, detail: `Version ${s.version ?? 'none'}; ${pending} migration${pending === 1 ? '' : 's'} to apply` }
          : { badge: { label: `v${s.version ?? '?'}`, tone: 'ok' }, detail: 'Up to date' };
  }

  const qvci = data.qvci.ok
    ? { badge: qvciBadge(data.qvci.value.state), detail: `Checked ${formatDateTime(data.qvci.value.checkedAt)}` }
    : { badge: { label: 'unknown', tone: 'muted' as const }, detail: data.qvci.message };

  const cache = data.cache.ok
    ? {
        badge: {
          label: data.cache.value.kind === 'in-process' ? 'in-process' : `Redis ${data.cache.value.state}`,
          tone: data.cache.value.state === 'up' ? ('ok' as const) : data.cache.value.state === 'down' ? ('bad' as const) : ('muted' as const),
        },
        detail: data.cache.value.detail,
      }
    : { badge: { label: 'unknown', tone: 'muted' as const }, detail: data.cache.message };

  const counts = data.counts.ok
    ? {
        items: [
          { label: 'Namespaces', value: formatCount(data.counts.value.namespaces) },
          { label: 'Datasets', value: formatCount(data.counts.value.datasets) },
          { label: 'Fields', value: formatCount(data.counts.value.fields) },
          { label: 'Edges', value: formatCount(data.counts.value.edges) },
        ],
        error: null,
      }
    : { items: [], error: data.counts.message };

  const runs = data.recentRuns.ok ? data.recentRuns.value : [];
  const last = runs[0];
  const lastRun = last
    ? {
        href: ADMIN_ROUTES.run(last.runId),
        badge: runStateBadge(last.state),
        kind: runKind(last),
        startedAt: formatDateTime(last.startedAt),
        duration: formatDuration((last.finishedAt ?? now).getTime() - last.startedAt.getTime()),
        edges: formatCount(last.counts.edgesWritten),
        failures: formatCount(last.counts.statementsFailed + last.counts.statementsTimedOut),
        message: last.message ?? '',
      }
    : null;

  const ingestion = data.ingestion.ok
    ? {
        facts: [
          { label: 'Events stored', value: formatCount(data.ingestion.value.stored) },
          {
            label: 'Last event',
            value: data.ingestion.value.last
              ? `${formatDateTime(data.ingestion.value.last.eventTime)}${data.ingestion.value.last.eventType ? ` ${data.ingestion.value.last.eventType}` : ''}${data.ingestion.value.last.job ? ` of ${data.ingestion.value.last.job}` : ''}${data.ingestion.value.last.producer ? ` (${data.ingestion.value.last.producer})` : ''}`
              : 'none received yet',
          },
          {
            label: 'Since start',
            value: data.ingestion.value.sinceStart
              ? `${formatCount(data.ingestion.value.sinceStart.accepted)} received, ${formatCount(data.ingestion.value.sinceStart.refused)} refused${data.ingestion.value.sinceStart.failed ? `, ${formatCount(data.ingestion.value.sinceStart.failed)} failed` : ''}`
              : 'not counted (METRICS_ENABLED is off)',
          },
        ],
        error: null,
      }
    : { facts: [], error: data.ingestion.message };

  return {
    title: 'Dashboard',
    ingestion,
    changes: presentChanges(data),
    engine: { label: engine, database: db.database },
    schema,
    qvci,
    cache,
    counts,
    lastRun,
    runsError: data.recentRuns.ok ? null : data.recentRuns.message,
    chart: {
      svg: renderRunChart(
        runs.map((r) => ({
          runId: r.runId,
          startedAt: r.startedAt,
          edgesWritten: r.counts.edgesWritten,
          failures: r.counts.statementsFailed + r.counts.statementsTimedOut,
          dryRun: r.dryRun,
        })),
      ),
      rows: runs.map((r) => ({
        href: ADMIN_ROUTES.run(r.runId),
        startedAt: formatDateTime(r.startedAt),
        edges: formatCount(r.counts.edgesWritten),
        failures: formatCount(r.counts.statementsFailed + r.counts.statementsTimedOut),
        badge: runStateBadge(r.state),
      })),
    },
  };
}

function presentChanges(data: DashboardData): DashboardView['changes'] {
  if (!data.changes.ok) return { days: DASHBOARD_CHANGE_DAYS, totals: [], items: [], more: null, none: false, error: data.changes.message };
  const c = data.changes.value;
  const pair = (n: { added: number; removed: number }) => `${formatCount(n.added)} added, ${formatCount(n.removed)} removed`;
  const explore = (namespace: string, dataset: string, field?: string) =>
    `${ADMIN_ROUTES.lineage}?${new URLSearchParams({ ns: namespace, dataset, ...(field ? { field } : {}), direction: 'both', depth: '2' }).toString()}`;
  const items = c.items.map((i) => {
    const what =
      i.kind === 'edge' && i.source
        ? `${i.source.dataset}.${i.source.field} → ${i.dataset}.${i.field ?? ''} (${(i.transformationType ?? '').toLowerCase()})`
        : i.kind === 'field'
          ? `field ${i.dataset}.${i.field ?? ''}`
          : `dataset ${i.dataset}`;
    return { at: formatDateTime(new Date(i.at)), change: i.change, what, by: i.run?.jobName ? `by ${i.run.jobName}` : '', href: explore(i.namespace, i.dataset, i.field) };
  });
  return {
    days: DASHBOARD_CHANGE_DAYS,
    totals: [
      { label: 'Edges', value: pair(c.summary.edges) },
      { label: 'Datasets', value: pair(c.summary.datasets) },
      { label: 'Fields', value: pair(c.summary.fields) },
    ],
    items,
    more: c.total > items.length ? `The first ${items.length} of ${formatCount(c.total)} changes, oldest first; GET /api/v2/openlineage/changes lists them all (CSV too).` : null,
    none: c.total === 0,
    error: null,
  };
}
