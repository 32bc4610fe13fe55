import type { Page, PopulationRunDetail } from '../../population/population-runs.service.js';
import type { PopulationFailure, PopulationProgress, PopulationRun } from '../../population/population.types.js';
import { ADMIN_ROUTES } from '../admin.routes.js';
import { type Badge, excerpt, formatCount, formatDateTime, formatDuration, runKind, runStateBadge } from '../view-format.js';

export interface RunRowView {
  readonly href: string;
  readonly shortId: string;
  readonly badge: Badge;
  readonly kind: string;
  readonly trigger: string;
  readonly startedAt: string;
  readonly duration: string;
  readonly parsed: string;
  readonly edges: string;
  readonly failures: string;
}

export interface PagerView {
  readonly page: number;
  readonly pages: number;
  readonly total: string;
  readonly prevHref: string | null;
  readonly nextHref: string | null;
}

export interface StartFormView {
  readonly method: 'dbql' | 'views' | 'fixtures';
  readonly since: string;
  readonly until: string;
  readonly dryRun: boolean;
  readonly errors: readonly string[];
}

export interface RunsListView {
  readonly title: string;
  readonly runs: readonly RunRowView[];
  readonly pager: PagerView;
  readonly form: StartFormView;
  /** Which method the form has checked. */
  readonly checked: { readonly dbql: boolean; readonly views: boolean; readonly fixtures: boolean };
}

export const RUNS_PAGE_SIZE = 20;

function pager(base: string, page: { total: number; limit: number; offset: number }, extra: Record<string, string> = {}): PagerView {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const current = Math.floor(page.offset / page.limit) + 1;
  const href = (p: number) => `${base}?${new URLSearchParams({ ...extra, page: String(p) }).toString()}`;
  return {
    page: current,
    pages,
    total: formatCount(page.total),
    prevHref: current > 1 ? href(current - 1) : null,
    nextHref: current < pages ? href(current + 1) : null,
  };
}

function duration(run: { startedAt: Date; finishedAt: Date | null }, now: Date): string {
  return formatDuration((run.finishedAt ?? now).getTime() - run.startedAt.getTime());
}

export function presentRunRow(run: PopulationRun, now: Date): RunRowView {
  return {
    href: ADMIN_ROUTES.run(run.runId),
    shortId: run.runId.slice(0, 8),
    badge: runStateBadge(run.state),
    kind: runKind(run),
    trigger: run.trigger,
    startedAt: formatDateTime(run.startedAt),
    duration: duration(run, now),
    parsed: formatCount(run.counts.statementsParsed),
    edges: formatCount(run.counts.edgesWritten),
    failures: formatCount(run.counts.statementsFailed + run.counts.statementsTimedOut),
  };
}

export function emptyStartForm(): StartFormView {
  return { method: 'dbql', since: '', until: '', dryRun: false, errors: [] };
}

export function presentRunsList(page: Page<PopulationRun>, form: StartFormView, now: Date = new Date()): RunsListView {
  return {
    title: 'Population runs',
    runs: page.items.map((r) => presentRunRow(r, now)),
    pager: pager(ADMIN_ROUTES.runs, page),
    form,
    checked: { dbql: form.method === 'dbql', views: form.method === 'views', fixtures: form.method === 'fixtures' },
  };
}

export interface FailureView {
  readonly no: number;
  readonly queryId: string;
  readonly reasonCode: string;
  readonly reason: string;
  readonly sql: string;
  readonly at: string;
}

export interface RunDetailView {
  readonly title: string;
  readonly run: {
    readonly id: string;
    readonly badge: Badge;
    readonly kind: string;
    readonly trigger: string;
    readonly runner: string;
    readonly window: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly duration: string;
    readonly message: string;
  };
  readonly counts: readonly { key: string; label: string; value: string }[];
  readonly running: boolean;
  readonly progressUrl: string;
  readonly refreshSeconds: number | null;
  /** External scripts of the page (CSP script-src 'self'). */
  readonly scripts: readonly string[];
  readonly reasons: readonly { code: string; count: string }[];
  readonly failures: readonly FailureView[];
  readonly failuresPager: PagerView;
  readonly q: string;
  readonly noFailuresText: string;
  readonly started: boolean;
  /** What a dry run's write counts mean, so they read consistently with its statement counts; null for real runs. */
  readonly dryRunNote: string | null;
}

export const FAILURES_PAGE_SIZE = 50;
/** A dry run writes nothing: its write counts are what it would have written. */
const DRY_RUN_LABELS: Partial<Record<keyof PopulationRun['counts'], string>> = {
  edgesWritten: 'Edges it would offer',
  datasetsWritten: 'Datasets it would offer',
};
export const RUN_PROGRESS_SCRIPT = '/public/js/run-progress.js';

export const COUNT_LABELS: readonly (readonly [keyof PopulationRun['counts'], string])[] = [
  ['statementsRead', 'Statements read'],
  ['statementsParsed', 'Parsed'],
  ['statementsSkipped', 'Skipped'],
  ['statementsFailed', 'Failed'],
  ['statementsTimedOut', 'Timed out'],
  ['edgesWritten', 'New edges written'],
  ['datasetsWritten', 'Datasets written'],
];

export function presentRunDetail(detail: PopulationRunDetail, failures: Page<PopulationFailure>, q: string, options: { started?: boolean; now?: Date } = {}): RunDetailView {
  const now = options.now ?? new Date();
  const run = detail.run;
  const running = run.state === 'running';
  const window =
    run.method === 'fixtures'
      ? 'not applicable (fixtures)'
      : run.method === 'views'
        ? `views altered since ${run.windowSince ? formatDateTime(run.windowSince) : 'the watermark'}`
        : `${formatDateTime(run.windowSince)} → ${run.windowUntil ? formatDateTime(run.windowUntil) : 'now'}`;
  return {
    title: `Run ${run.runId.slice(0, 8)}`,
    run: {
      id: run.runId,
      badge: runStateBadge(run.state),
      kind: runKind(run),
      trigger: run.trigger,
      runner: run.runner ?? '—',
      window,
      startedAt: formatDateTime(run.startedAt),
      finishedAt: formatDateTime(run.finishedAt),
      duration: duration(run, now),
      message: run.message ?? '',
    },
    counts: COUNT_LABELS.map(([key, label]) => ({ key, label: run.dryRun ? (DRY_RUN_LABELS[key] ?? label) : label, value: formatCount(run.counts[key]) })),
    running,
    progressUrl: ADMIN_ROUTES.runProgress(run.runId),
    refreshSeconds: running ? 3 : null,
    scripts: running ? [RUN_PROGRESS_SCRIPT] : [],
    reasons: detail.failureReasons.map((r) => ({ code: r.reason, count: formatCount(r.count) })),
    failures: failures.items.map((f) => ({
      no: f.failureNo,
      queryId: f.queryId ?? '—',
      reasonCode: f.reasonCode,
      reason: f.reason,
      sql: excerpt(f.sqlExcerpt, 400),
      at: formatDateTime(f.createdAt),
    })),
    failuresPager: pager(ADMIN_ROUTES.run(run.runId), failures, q ? { q } : {}),
    q,
    noFailuresText: q ? `No failure matches “${q}”.` : 'This run recorded no failures.',
    // "Run started." only while it runs: once finished, the page shows the outcome instead.
    started: options.started === true && running,
    dryRunNote: run.dryRun
      ? 'A dry run counts every row it would offer to the store, new or already there: the edges of the statements it parsed, and the datasets of those statements and of the dictionary tables and views it read (so datasets can be offered when no statement parsed). A real run counts only the rows that were new.'
      : null,
  };
}

/**
 * How far a running DBQL run is through its window: the share of the window
 * (windowSince → windowUntil) before the last statement it committed, and the
 * time left if it goes on at the pace it has had since it started. Null parts
 * when the window or the position is not known yet (or for views/fixtures
 * runs, which have no time window to go through).
 */
export function windowProgress(
  p: Pick<PopulationProgress, 'position' | 'windowSince' | 'windowUntil' | 'startedAt'>,
  now: Date,
): { percent: number | null; timeLeft: string | null; text: string } {
  if (!p.position || !p.windowSince || !p.windowUntil || p.windowUntil <= p.windowSince) return { percent: null, timeLeft: null, text: 'Reading the first batch…' };
  const fraction = Math.min(1, Math.max(0, (p.position.getTime() - p.windowSince.getTime()) / (p.windowUntil.getTime() - p.windowSince.getTime())));
  const percent = Math.floor(fraction * 100);
  const elapsed = now.getTime() - p.startedAt.getTime();
  const timeLeft = fraction > 0.01 && elapsed > 0 ? formatDuration((elapsed * (1 - fraction)) / fraction) : null;
  return { percent, timeLeft, text: `${percent} % of the window done${timeLeft ? `, about ${timeLeft} left` : ''}` };
}

/** The JSON the progress script polls: counts already formatted, the state, and how far through the window. */
export function presentProgress(
  progress: PopulationProgress,
  now: Date = new Date(),
): {
  runId: string;
  state: string;
  running: boolean;
  counts: Record<string, string>;
  batches: number;
  position: string | null;
  percent: number | null;
  timeLeft: string | null;
  progressText: string;
} {
  const done = windowProgress(progress, now);
  return {
    percent: done.percent,
    timeLeft: done.timeLeft,
    progressText: done.text,
    runId: progress.runId,
    state: progress.state,
    running: progress.state === 'running',
    counts: Object.fromEntries(COUNT_LABELS.map(([key]) => [key, formatCount(progress.counts[key])])),
    batches: progress.batches,
    position: progress.position ? formatDateTime(progress.position) : null,
  };
}

/** The form's labels for the CLI options a population refusal names. */
const FORM_WORDS: readonly (readonly [RegExp, string])[] = [
  [/--since\b/g, '“Since”'],
  [/--until\b/g, '“Until”'],
  [/--dry-run\b/g, '“Dry run”'],
  [/--dbql\b/g, 'DBQL'],
  [/--views\b/g, 'View definitions'],
  [/--fixtures\b/g, 'Fixtures'],
];

/**
 * A population refusal in the words of the web form: the CLI's option names
 * (`--since`) become the form's labels, ISO instants the page's UTC format.
 */
export function inFormWords(message: string): string {
  let text = message;
  for (const [flag, label] of FORM_WORDS) text = text.replace(flag, label);
  return text.replace(/(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z/g, '$1 $2 UTC');
}
