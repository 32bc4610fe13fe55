// The population phase of bench:ingest: a DBQL population run, started from the admin pages as an operator starts one,
// while 10 connections read depth-5 upstream answers (load.mjs). Its figure is the live-index issue's "a population run's
// batch is served within 2 s of its commit": the service's own histogram lineage_index_visible_seconds{writer="population"}
// (from each batch's commit until the lineage index serves it), read from /metrics before and after the run.
// The store must hold a DBQL history (writeDbqlHistory) and the service run with POPULATION_SERVICE_ENV (the
// admin password; EMBEDDED_DEMO=false, or its first start would populate from that history by itself).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, runScript } from './service.mjs';

const ADMIN_PASSWORD = 'bench-admin-password-0123456789';
/** What the service needs for this phase: the admin password it signs in with (EMBEDDED_DEMO stays off, as serviceEnv has it). */
export const POPULATION_SERVICE_ENV = { ADMIN_PASSWORD };

/** The OL_* schema and a day of DBQL history (`rows` rows, ending an hour ago) in a new store `file`, as bench:population writes them. */
export function writeDbqlHistory(file, rows) {
  const run = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'bench', 'population.bench.mjs'), '--rows', String(rows), '--days', '1', '--setup-only', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error('writing the DBQL history failed');
}

/** An admin session on `base`: signs in, and posts forms with the session's CSRF token. */
async function adminSession(base, password) {
  let cookies = '';
  const keep = (res) => {
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length > 0) cookies = set.join('; ');
  };
  const csrfOf = async (path) => {
    const res = await fetch(base + path, { headers: { cookie: cookies } });
    keep(res);
    const m = /name="_csrf" value="([^"]*)"/.exec(await res.text());
    if (!m) throw new Error(`no CSRF token on ${path} (HTTP ${res.status})`);
    return m[1];
  };
  const post = async (path, form, tokenFrom = path) => {
    const body = new URLSearchParams({ ...form, _csrf: await csrfOf(tokenFrom) });
    const res = await fetch(base + path, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, body });
    keep(res);
    return res;
  };
  const login = await post('/admin/login', { username: 'admin', password, next: '/admin/runs' });
  if (login.status !== 302) throw new Error(`admin sign-in refused (HTTP ${login.status})`);
  return { post, get: (path) => fetch(base + path, { headers: { cookie: cookies } }) };
}

/** The count and per-bucket counts of lineage_index_visible_seconds{writer="population"} on /metrics. */
async function visibleHistogram(base, headers) {
  const text = await (await fetch(`${base}/metrics`, { headers })).text();
  const buckets = new Map();
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('lineage_index_visible_seconds') || !line.includes('writer="population"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const le = /le="([^"]+)"/.exec(line);
    if (le) buckets.set(le[1], value);
    else if (line.startsWith('lineage_index_visible_seconds_count')) count = value;
    else if (line.startsWith('lineage_index_visible_seconds_sum')) sum = value;
  }
  return { count, sum, buckets };
}

const local = (ms) => new Date(ms).toISOString().slice(0, 16);

/**
 * Starts a DBQL run over the last two days (the admin form's local minutes: the whole history writeDbqlHistory wrote)
 * while 10 connections read for `seconds`, waits until the run ends (at most `timeoutSeconds`), prints one line and
 * returns the figures: the run's commits and how many were served within 1 s and 2 s, their mean and the upper bound
 * of the slowest one's bucket; whether the target (every commit served within 2 s, the run succeeded) is met; the
 * reads' figures.
 */
export async function populationWhileReading({ dir, base, readPaths, headers, seconds, timeoutSeconds = 1800 }) {
  const until = Date.now();
  const since = until - 2 * 86_400_000;
  const admin = await adminSession(base, ADMIN_PASSWORD);
  const before = await visibleHistogram(base, headers);
  const reads = runScript('load.mjs', join(dir, 'load-spec.population.json'), { url: base, paths: readPaths, connections: 10, duration: seconds, headers });
  const started = performance.now();
  const res = await admin.post('/admin/runs', { method: 'dbql', since: local(since), until: local(until) }, '/admin/runs');
  const location = res.headers.get('location') ?? '';
  const runId = /\/admin\/runs\/([0-9a-f-]{36})/.exec(location)?.[1];
  if (res.status !== 303 || !runId) throw new Error(`the population run did not start (HTTP ${res.status}${location ? `, to ${location}` : ''})`);
  let progress;
  for (;;) {
    progress = await (await admin.get(`/admin/api/runs/${runId}/progress`)).json();
    if (!progress.running) break;
    if (performance.now() - started > timeoutSeconds * 1000) throw new Error(`the population run ${runId} had not ended after ${timeoutSeconds} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const runSeconds = (performance.now() - started) / 1000;
  const readFigures = await reads;
  // the last commit's apply may still be running when the run's state says it ended
  let after = await visibleHistogram(base, headers);
  for (let i = 0; i < 20 && after.count === before.count; i++) {
    await new Promise((r) => setTimeout(r, 250));
    after = await visibleHistogram(base, headers);
  }
  const commits = after.count - before.count;
  const within = (le) => (after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0);
  const bounds = [...after.buckets.keys()].filter((le) => le !== '+Inf').map(Number).sort((a, b) => a - b);
  const slowest = bounds.find((b) => within(String(b)) === commits) ?? Infinity;
  const figures = {
    runId,
    state: progress.state,
    runSeconds,
    dbqlRows: progress.counts.statementsRead,
    edgesWritten: progress.counts.edgesWritten,
    commits,
    within1s: within('1'),
    within2s: within('2'),
    meanSeconds: commits > 0 ? (after.sum - before.sum) / commits : NaN,
    slowestAtMost: slowest,
    targetMet: commits > 0 && within('2') === commits && progress.state === 'succeeded',
    reads: readFigures,
  };
  console.log(
    `population run (${figures.state}, ${figures.dbqlRows} DBQL rows, ${figures.edgesWritten} new edges, in ${runSeconds.toFixed(1)} s) while 10 conn read: ${commits} commits, ` +
      `${figures.within1s} served within 1 s and ${figures.within2s} within 2 s of their commit (mean ${figures.meanSeconds.toFixed(2)} s, slowest <= ${slowest} s); ` +
      `reads ${Math.round(readFigures.requests.average)} req/s p95 ${readFigures.latency.p95} ms, ${readFigures.non2xx} non-2xx`,
  );
  return figures;
}
