import { describe, expect, it } from 'vitest';
import type { PopulationFailure, PopulationRun } from '../../population/population.types.js';
import { emptyStartForm, inFormWords, presentProgress, presentRunDetail, presentRunsList, windowProgress } from './runs.presenter.js';

const counts = { statementsRead: 12, statementsSkipped: 1, statementsParsed: 9, statementsFailed: 2, statementsTimedOut: 1, edgesWritten: 1234, datasetsWritten: 4 };

function aRun(overrides: Partial<PopulationRun> = {}): PopulationRun {
  return {
    runId: '3f2a9c1e-0000-4000-8000-000000000001',
    trigger: 'admin',
    method: 'dbql',
    dryRun: false,
    windowSince: new Date('2026-11-01T00:00:00Z'),
    windowUntil: new Date('2026-11-02T00:00:00Z'),
    state: 'succeeded',
    startedAt: new Date('2026-11-23T10:00:00Z'),
    finishedAt: new Date('2026-11-23T10:01:05Z'),
    heartbeatAt: null,
    counts,
    message: null,
    runner: 'host:1',
    ...overrides,
  };
}

function aFailure(overrides: Partial<PopulationFailure> = {}): PopulationFailure {
  return {
    runId: aRun().runId,
    failureNo: 1,
    queryId: '163870000000123',
    reasonCode: 'EXTRACTION_PARSE_ERROR',
    reason: 'Unexpected token',
    sqlExcerpt: 'SEL   *\n  FROM t',
    createdAt: new Date('2026-11-23T10:00:30Z'),
    ...overrides,
  };
}

describe('runs list presenter', () => {
  it('shows each run with state, kind, duration and counts, and pages newest first', () => {
    const view = presentRunsList({ items: [aRun({ dryRun: true, method: 'fixtures' })], total: 45, limit: 20, offset: 20 }, emptyStartForm());
    expect(view.runs[0]).toMatchObject({
      href: '/admin/runs/3f2a9c1e-0000-4000-8000-000000000001',
      shortId: '3f2a9c1e',
      badge: { label: 'succeeded', tone: 'ok' },
      kind: 'Fixtures (dry run)',
      duration: '1 min 05 s',
      edges: '1,234',
      failures: '3',
    });
    expect(view.pager).toEqual({ page: 2, pages: 3, total: '45', prevHref: '/admin/runs?page=1', nextHref: '/admin/runs?page=3' });
  });

  it('names view-definition runs and checks the method the form was sent with', () => {
    const view = presentRunsList({ items: [aRun({ method: 'views' })], total: 1, limit: 20, offset: 0 }, { ...emptyStartForm(), method: 'views' });
    expect(view.runs[0].kind).toBe('View definitions');
    expect(view.checked).toEqual({ dbql: false, views: true, fixtures: false });
    expect(presentRunsList({ items: [], total: 0, limit: 20, offset: 0 }, emptyStartForm()).checked).toEqual({ dbql: true, views: false, fixtures: false });
  });
});

describe('run detail presenter', () => {
  const detail = (run: PopulationRun) => ({
    run,
    failureReasons: [{ reason: 'EXTRACTION_PARSE_ERROR', count: 2 }],
    failures: { items: [aFailure()], total: 1, limit: 50, offset: 0 },
  });

  it('loads the progress script and a no-script refresh only while the run is going', () => {
    const running = presentRunDetail(detail(aRun({ state: 'running', finishedAt: null })), detail(aRun()).failures, '', { now: new Date('2026-11-23T10:00:10Z') });
    expect(running.running).toBe(true);
    expect(running.scripts).toEqual(['/public/js/run-progress.js']);
    expect(running.refreshSeconds).toBe(3);
    expect(running.run.duration).toBe('10.0 s');
    expect(running.progressUrl).toBe('/admin/api/runs/3f2a9c1e-0000-4000-8000-000000000001/progress');
    const done = presentRunDetail(detail(aRun()), detail(aRun()).failures, '');
    expect(done.scripts).toEqual([]);
    expect(done.refreshSeconds).toBeNull();
  });

  it('shows the window, the failures with a flattened SQL excerpt, and search paging that keeps q', () => {
    const view = presentRunDetail(detail(aRun()), { items: [aFailure()], total: 120, limit: 50, offset: 50 }, 'token');
    expect(view.run.window).toBe('2026-11-01 00:00:00 UTC → 2026-11-02 00:00:00 UTC');
    expect(view.failures[0]).toMatchObject({ queryId: '163870000000123', reasonCode: 'EXTRACTION_PARSE_ERROR', sql: 'SEL * FROM t' });
    expect(view.failuresPager.prevHref).toBe('/admin/runs/3f2a9c1e-0000-4000-8000-000000000001?q=token&page=1');
    expect(view.noFailuresText).toBe('No failure matches “token”.');
    expect(view.counts.find((c) => c.key === 'edgesWritten')?.value).toBe('1,234');
  });

  it('labels the write counts of a dry run as what it would offer, and says where offered datasets come from', () => {
    const view = presentRunDetail(detail(aRun({ dryRun: true })), detail(aRun()).failures, '');
    expect(view.counts.find((c) => c.key === 'edgesWritten')).toEqual({ key: 'edgesWritten', label: 'Edges it would offer', value: '1,234' });
    expect(view.dryRunNote).toMatch(/datasets can be offered when no statement parsed/);
    expect(presentRunDetail(detail(aRun()), detail(aRun()).failures, '').dryRunNote).toBeNull();
    expect(view.run.kind).toBe('DBQL (dry run)');
  });

  it('says the window does not apply to fixtures runs', () => {
    expect(presentRunDetail(detail(aRun({ method: 'fixtures' })), detail(aRun()).failures, '').run.window).toBe('not applicable (fixtures)');
  });

  it('gives a view-definition run the LastAlterTimeStamp it read from', () => {
    const fromWatermark = presentRunDetail(detail(aRun({ method: 'views', windowSince: null, windowUntil: null })), detail(aRun()).failures, '');
    expect(fromWatermark.run.window).toBe('views altered since the watermark');
    expect(presentRunDetail(detail(aRun({ method: 'views', windowUntil: null })), detail(aRun()).failures, '').run.window).toBe('views altered since 2026-11-01 00:00:00 UTC');
  });
});

describe('progress JSON', () => {
  it('formats the counts and says whether the run is still going', () => {
    const json = presentProgress({
      runId: 'r',
      state: 'running',
      method: 'dbql',
      dryRun: false,
      counts,
      batches: 3,
      position: new Date('2026-11-01T05:00:00Z'),
      windowSince: null,
      windowUntil: null,
      startedAt: new Date(),
      heartbeatAt: null,
      live: true,
    });
    expect(json).toMatchObject({ running: true, batches: 3, position: '2026-11-01 05:00:00 UTC' });
    expect(json.counts.edgesWritten).toBe('1,234');
  });
});

describe('how far a running run is', () => {
  const since = new Date('2026-11-01T00:00:00Z');
  const until = new Date('2026-11-02T00:00:00Z');
  const startedAt = new Date('2026-11-23T10:00:00Z');

  it('gives the share of the window before the last statement committed, and the time left at the pace so far', () => {
    // A quarter of the day's window in 2 minutes: 6 more minutes to go.
    const p = windowProgress({ position: new Date('2026-11-01T06:00:00Z'), windowSince: since, windowUntil: until, startedAt }, new Date('2026-11-23T10:02:00Z'));
    expect(p).toEqual({ percent: 25, timeLeft: '6 min 00 s', text: '25 % of the window done, about 6 min 00 s left' });
    const json = presentProgress(
      { runId: 'r', state: 'running', method: 'dbql', dryRun: false, counts, batches: 3, position: new Date('2026-11-01T06:00:00Z'), windowSince: since, windowUntil: until, startedAt, heartbeatAt: null, live: true },
      new Date('2026-11-23T10:02:00Z'),
    );
    expect(json).toMatchObject({ percent: 25, timeLeft: '6 min 00 s' });
  });

  it('says nothing it cannot know: before the first batch, or without a window', () => {
    expect(windowProgress({ position: null, windowSince: since, windowUntil: until, startedAt }, new Date())).toEqual({ percent: null, timeLeft: null, text: 'Reading the first batch…' });
    expect(windowProgress({ position: since, windowSince: null, windowUntil: null, startedAt }, new Date()).percent).toBeNull();
  });

  it('shows "Run started." only while the run is running', () => {
    const detail = (run: PopulationRun) => ({ run, failureReasons: [], failures: { items: [], total: 0, limit: 50, offset: 0 } });
    const running = aRun({ state: 'running', finishedAt: null });
    expect(presentRunDetail(detail(running), detail(running).failures, '', { started: true }).started).toBe(true);
    expect(presentRunDetail(detail(aRun()), detail(aRun()).failures, '', { started: true }).started).toBe(false);
  });
});

describe('form errors in words', () => {
  it('names the form fields, not the CLI options, and writes instants as the page does', () => {
    expect(inFormWords('--since (2026-11-05T10:00:00.000Z) must be before --until (2026-11-01T10:00:00.000Z)')).toBe(
      '“Since” (2026-11-05 10:00:00 UTC) must be before “Until” (2026-11-01 10:00:00 UTC)',
    );
    expect(inFormWords('--since and --until apply to DBQL population only')).toBe('“Since” and “Until” apply to DBQL population only');
    expect(inFormWords('A population run is already running')).toBe('A population run is already running');
  });
});
