// npm run bench:api
// Generates a synthetic warehouse graph of 1,000,000 column edges (200,000 fields in 20,000 datasets,
// 10 layers, fan-in about 5.5, some back edges that make cycles: the narrow shape of
// bench/lib/warehouse.mjs) with a year of history (52 weekly releases replacing 10 % of the edges in all:
// historyStatements) into a fresh embedded database, starts the service on it, drives it over
// loopback with autocannon and prints, per scenario, p50/p97.5/p99 latency and requests/s, the
// service's RSS, and the same lineage computed by a recursive SQL query in the database (how the
// original application and Marquez do it). As of a past instant (ADR 0024): depth-5 column lineage asOf a
// random instant of the year against the present-day figures, /changes of one week, and the index's memory
// with the history against without it (the same store, its history deleted, on a copy). Then the same
// number of edges in the wide shape (depth-5 answers of thousands of nodes): depth-5 upstream at 10
// connections in the json and compact formats.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerSizes, API, freePort, marquezPaths, rssMb, runLoad, serviceEnv, settledRssMb, setUpSchema, startService, stopService, upstreamPaths } from './lib/service.mjs';
import { historyStatements, NS, warehouseShape } from './lib/warehouse.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EDGES = Number(process.env.BENCH_EDGES ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const NARROW = warehouseShape('narrow', EDGES);
const FIELDS = NARROW.fields;
const datasets = NARROW.datasets;
// BENCH_DB=<file> keeps the generated database there and reuses it on the next run (for profiling); the
// wide shape's beside it, as <name>.wide.<ext>.
const keep = process.env.BENCH_DB;
const dataMode = process.argv[2] === '--data';
const pruneMode = process.argv[2] === '--prune-history';
const dir = dataMode ? dirname(process.env.BENCH_DATA_FILE) : keep ? dirname(resolve(keep)) : mkdtempSync(join(tmpdir(), 'lineage-api-bench-'));
const file = dataMode ? process.env.BENCH_DATA_FILE : keep ? resolve(keep) : join(dir, 'bench.duckdb');
const reuse = dataMode ? process.env.BENCH_DATA_REUSE === '1' : keep !== undefined && existsSync(file);
// The service as `npm start` runs it (MALLOC_ARENA_MAX=2 unless set: operations guide, Sizing), cache off, no rate limit.
const env = serviceEnv(file);

const fieldPath = NARROW.fieldPath;

// The store without its history (this file with --prune-history <file>, on a copy): what ended (ended
// edges, earlier intervals, ended fields and datasets) deleted, what is true now kept as it is.
if (pruneMode) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(process.argv[3]);
  const c = await instance.connect();
  for (const sql of [
    'DELETE FROM OL_LINEAGE_HISTORY',
    "DELETE FROM OL_COLUMN_LINEAGE WHERE is_active = 'N'",
    'DELETE FROM OL_DATASET_FIELD WHERE valid_to IS NOT NULL',
    'DELETE FROM OL_DATASET WHERE valid_to IS NOT NULL',
    'CHECKPOINT',
  ])
    await c.run(sql);
  c.closeSync();
  instance.closeSync();
  process.exit(0);
}

// The database work runs in a child process (this file with --data): DuckDB's memory and threads then
// stay out of the process that drives the load.
if (dataMode) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  if (!reuse) for (const sql of NARROW.statements) await c.run(sql);
  // The year of history (a reused database from before it gets it now).
  const releasesOf = async () => (await c.runAndReadAll("SELECT epoch_ms(event_time) AS t FROM OL_RUN WHERE run_id LIKE 'bench\\_step\\_%' ESCAPE '\\' ORDER BY event_time")).getRowObjectsJS().map((r) => Number(r.t));
  if ((await releasesOf()).length === 0) {
    for (const sql of historyStatements(Date.now()).statements) await c.run(sql);
    await c.run('CHECKPOINT');
  }
  const releases = await releasesOf();
  // Recursive SQL reference: upstream depth 5 from sample fields, as the original application walks it.
  const samples = Array.from({ length: 20 }, (_, k) => fieldPath(FIELDS - 1 - k * 997));
  const started = performance.now();
  let rows = 0;
  for (const s of samples) {
    const r = await c.runAndReadAll(
      `WITH RECURSIVE up(ds, f, depth) AS (
         SELECT ?::VARCHAR, ?::VARCHAR, 0
         UNION
         SELECT l.source_dataset, l.source_field, up.depth + 1 FROM up JOIN OL_COLUMN_LINEAGE l ON l.target_dataset = up.ds AND l.target_field = up.f AND l.is_active = 'Y'
         WHERE up.depth < 5)
       SELECT COUNT(DISTINCT ds || '.' || f) AS n FROM up`,
      [s.dataset, s.field],
    );
    rows += Number(r.getRowObjectsJS()[0].n);
  }
  const recursiveMs = (performance.now() - started) / samples.length;
  c.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify({ recursiveMs, recursiveNodes: rows / samples.length, releases }));
  process.exit(0);
}

console.log(reuse ? `Reusing ${file}` : `Generating ${EDGES.toLocaleString()} edges over ${FIELDS.toLocaleString()} fields in ${datasets.toLocaleString()} datasets…`);
if (!reuse) {
  const setup = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'schema', 'setup', '--openlineage'], { env, encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`schema setup failed: ${setup.stderr}`);
}
const t0 = Date.now();
const data = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--data'], { env: { ...process.env, BENCH_DATA_FILE: file, BENCH_DATA_REUSE: reuse ? '1' : '0' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
if (data.status !== 0) throw new Error('generating the benchmark database failed');
const { recursiveMs, recursiveNodes, releases } = JSON.parse(data.stdout);
console.log(`${reuse ? 'Opened' : 'Generated'} in ${((Date.now() - t0) / 1000).toFixed(1)} s; recursive SQL (DuckDB) upstream depth 5: ${recursiveMs.toFixed(1)} ms per query, ${recursiveNodes.toFixed(0)} nodes on average`);

const WEEK_MS = 7 * 86_400_000;
const historyStart = releases[0] - WEEK_MS / 2;

const port = await freePort();
// The service logs to a file: a pipe read by this process would take CPU from autocannon and the service.
const logFile = join(dir, 'service.log');
const service = spawn(process.execPath, [join(root, 'dist', 'main.js')], { env: { ...env, API_PORT: String(port) }, stdio: ['ignore', openSync(logFile, 'w'), 'inherit'] });
let indexLine = '';
await new Promise((res, rej) => {
  const started = Date.now();
  const timer = setInterval(() => {
    const m = /"msg":"(Lineage index ready[^"]*)"/.exec(readFileSync(logFile, 'utf8'));
    if (m && !/ 0 edges/.test(m[1])) {
      indexLine = m[1];
      clearInterval(timer);
      res();
    } else if (Date.now() - started > 180_000) {
      clearInterval(timer);
      rej(new Error('service did not build its index in 180 s'));
    }
  }, 250);
  service.on('exit', (code) => {
    clearInterval(timer);
    rej(new Error(`service exited with ${code}`));
  });
});
console.log(indexLine);
const base = `http://127.0.0.1:${port}`;
const nodeUrl = (f, dir, depth) => {
  const p = fieldPath(f);
  return `${API}/datasets/${p.dataset}/fields/${p.field}/lineage?direction=${dir}&maxDepth=${depth}`;
};

async function scenario(name, paths, { connections = 10, duration = DURATION } = {}) {
  const spec = join(dir, 'load-spec.json');
  writeFileSync(spec, JSON.stringify({ url: base, paths, connections, duration }));
  const run = spawnSync(process.execPath, [join(root, 'bench', 'lib', 'load.mjs'), spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`load generator failed for ${name}`);
  const result = JSON.parse(run.stdout);
  const l = result.latency;
  const line = `${name.padEnd(44)} p50 ${String(l.p50).padStart(5)} ms  p97.5 ${String(l.p97_5).padStart(5)} ms  p99 ${String(l.p99).padStart(5)} ms  ${Math.round(result.requests.average).toString().padStart(6)} req/s  non-2xx ${result.non2xx}  RSS ${rssMb(service.pid)} MB`;
  console.log(line);
  return result;
}

try {
  const mid = Array.from({ length: 2000 }, (_, k) => FIELDS - 1 - ((k * 7919) % (FIELDS / 2)));
  const col5Paths = mid.map((f) => nodeUrl(f, 'upstream', 5));
  // Steady state, as a service that built its index at start and then serves for hours: the garbage of
  // the build collected (V8's memory reducer runs on an idle process within about 20 s), the code warm.
  await new Promise((r) => setTimeout(r, 20_000));
  await scenario('warm-up', col5Paths, { duration: 10 });
  const col5 = await scenario('column lineage, upstream, depth 5, cache off', col5Paths);
  // One client at a time: the same footing as the recursive SQL, which is timed one query at a time.
  const col5seq = await scenario('the same, one client (sequential)', col5Paths, { connections: 1, duration: 5 });
  // The Marquez-compatible route (docs/openlineage.md), served from the same index: same fields, same depth.
  const marquezFieldPaths = marquezPaths(NARROW, 2000);
  // The first answer to meet a field reads its type (kept beside the index from then on): once over every path first.
  await scenario('warm-up, Marquez (reads each field type once)', marquezFieldPaths, { duration: 10 });
  const marquez = await scenario('Marquez /api/v1/column-lineage, depth 5', marquezFieldPaths);
  const marquezSize = await answerSizes(base, marquezFieldPaths.slice(0, 20));
  console.log(`  (Marquez answers: ${Math.round(marquezSize.bytes / 1024)} KB, ${Math.round(marquezSize.nodes)} nodes, ${Math.round(marquezSize.edges)} edges each)`);
  // Marquez's table lineage (datasets, and the jobs between them) of the same fields' datasets, at depths 2 and 5.
  const marquezTables = (depth) => NARROW.startFields(500).map((f) => `/api/v1/lineage?nodeId=${encodeURIComponent(`dataset:${NS}:${fieldPath(f).dataset}`)}&depth=${depth}`);
  const marquezTable2 = await scenario('Marquez /api/v1/lineage, depth 2', marquezTables(2));
  const marquezTable5 = await scenario('Marquez /api/v1/lineage, depth 5', marquezTables(5));
  // As of a past instant: the same fields and depth, each as of an instant drawn over the year of history.
  const instant = (k) => new Date(historyStart + (((k * 2654435761) % 1_000_003) / 1_000_003) * (Date.now() - historyStart)).toISOString();
  const asOfPaths = mid.map((f, k) => `${nodeUrl(f, 'upstream', 5)}&asOf=${instant(k)}`);
  await scenario('warm-up, asOf', asOfPaths, { duration: 5 });
  const asOf = await scenario('column lineage, upstream, depth 5, asOf a past instant', asOfPaths);
  // What changed in one week: each week of releases after the first (whose week holds the whole graph's start), one client at a time.
  const weekPaths = releases.slice(1).map((r) => `${API}/changes?since=${new Date(r - WEEK_MS / 2).toISOString()}&until=${new Date(r + WEEK_MS / 2).toISOString()}`);
  const weekSample = await fetch(base + weekPaths[0]).then((r) => r.json());
  const changes = await scenario('/changes of one week (JSON, first page)', weekPaths, { connections: 1, duration: 5 });
  // Worst node: a first-layer field walked downstream at depth 20 (cycles bring it back round); capped by LINEAGE_NODE_CAP.
  const worst = [];
  for (let k = 0; k < 5; k++) {
    const started = performance.now();
    const res = await fetch(base + nodeUrl(k * 13, 'both', 20));
    const body = await res.json();
    worst.push({ ms: performance.now() - started, nodes: body.nodes.length, truncated: body.truncated });
  }
  const worstMs = Math.max(...worst.map((w) => w.ms));
  console.log(`column lineage, both, depth 20, worst of 5 start nodes: ${worstMs.toFixed(0)} ms (${worst.map((w) => `${w.nodes} nodes${w.truncated ? ' truncated' : ''}`).join(', ')})`);
  const live = await scenario('/health/live, 10 connections', ['/health/live']);
  const live50 = await scenario('/health/live, 50 connections', ['/health/live']);
  // Resident memory right after the traffic (garbage the collector has not reclaimed yet included),
  // then once V8's memory reducer has run on the idle service (it does within about 20 s).
  const rssAfterTraffic = rssMb(service.pid);
  let rss = Infinity;
  for (let k = 0; k < 30; k++) {
    await new Promise((r) => setTimeout(r, 1000));
    rss = Math.min(rss, rssMb(service.pid));
  }
  const p95 = col5.latency.p97_5;
  console.log('');
  console.log('Targets (2-core machine; autocannon reports p97.5, used for p95):');
  console.log(`  column depth 5 p95 < 25 ms at >= 1,500 req/s: p97.5 ${p95} ms, ${Math.round(col5.requests.average)} req/s  ${p95 < 25 && col5.requests.average >= 1500 ? 'MET' : 'NOT MET'}`);
  console.log(`  Marquez column-lineage depth 5 at the same figures: p97.5 ${marquez.latency.p97_5} ms, ${Math.round(marquez.requests.average)} req/s  ${marquez.latency.p97_5 < 25 && marquez.requests.average >= 1500 ? 'MET' : 'NOT MET'}`);
  console.log(`  Marquez table lineage (the datasets' metadata read from the store, once per graph generation): depth 2 ${Math.round(marquezTable2.requests.average)} req/s at p97.5 ${marquezTable2.latency.p97_5} ms, depth 5 ${Math.round(marquezTable5.requests.average)} req/s at p97.5 ${marquezTable5.latency.p97_5} ms (no target of its own)`);
  console.log(`  depth 20 from the worst node < 1 s (capped, flagged): ${worstMs.toFixed(0)} ms  ${worstMs < 1000 ? 'MET' : 'NOT MET'}`);
  const seqMs = 1000 / col5seq.requests.average;
  const ratio = recursiveMs / seqMs;
  console.log(`  >= 20x faster than recursive SQL (one query at a time each): ${recursiveMs.toFixed(1)} ms vs ${seqMs.toFixed(2)} ms per answer = ${ratio.toFixed(0)}x  ${ratio >= 20 ? 'MET' : 'NOT MET'}` + ` (under 10-connection load, p50 ${col5.latency.p50} ms = ${(recursiveMs / Math.max(0.01, col5.latency.p50)).toFixed(0)}x)`);
  console.log(`  /health/live p99 < 5 ms at >= 8,000 req/s (10 connections): p99 ${live.latency.p99} ms, ${Math.round(live.requests.average)} req/s  ${live.latency.p99 < 5 && live.requests.average >= 8000 ? 'MET' : 'NOT MET'}` + ` (50 connections: p99 ${live50.latency.p99} ms, ${Math.round(live50.requests.average)} req/s)`);
  const indexMb = /([\d.]+) MB of arrays/.exec(indexLine)?.[1] ?? '?';
  console.log(`  service RSS with the index < 400 MB (settled): ${rss} MB  ${rss < 400 ? 'MET' : 'NOT MET'} (index arrays ${indexMb} MB; ${rssAfterTraffic} MB right after the traffic, before the collector caught up)`);
  const ratio95 = asOf.latency.p97_5 / Math.max(0.01, col5.latency.p97_5);
  const ratioRps = col5.requests.average / Math.max(1, asOf.requests.average);
  console.log(
    `  column depth 5 asOf a past instant within 1.5x of the present: p97.5 ${asOf.latency.p97_5} ms vs ${col5.latency.p97_5} ms (${ratio95.toFixed(2)}x), ${Math.round(asOf.requests.average)} vs ${Math.round(col5.requests.average)} req/s (${ratioRps.toFixed(2)}x)  ${ratio95 <= 1.5 && ratioRps <= 1.5 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `  /changes of one week < 200 ms: p97.5 ${changes.latency.p97_5} ms, p50 ${changes.latency.p50} ms (${weekSample.total} changes a week, a page of ${weekSample.items?.length})  ${changes.latency.p97_5 < 200 ? 'MET' : 'NOT MET'}`,
  );
} finally {
  service.kill('SIGTERM');
  await new Promise((r) => service.on('exit', r));
}

// The index's memory with the year of history and without it: the same store, idle, once each; without =
// a copy whose history is deleted before the service starts (--prune-history: the index then holds what is
// true now only, as a store before V0008 did).
{
  const footprint = async (storeFile, extra, log) => {
    const { service: s } = await startService({ ...env, EMBEDDED_DATABASE_PATH: storeFile, LINEAGE_INDEX_SNAPSHOT: 'off', ...extra }, join(dir, log));
    try {
      await new Promise((r) => setTimeout(r, 20_000));
      const rss = await settledRssMb(s.pid, 10);
      // (read now: the log line may reach the file after /health/ready answers)
      const line = /"msg":"(Lineage index ready[^"]*)"/.exec(readFileSync(join(dir, log), 'utf8'))?.[1] ?? '';
      return { rss, arrays: Number(/([\d.]+) MB of arrays/.exec(line)?.[1] ?? NaN), edges: /, (\d+) edges,/.exec(line)?.[1] ?? '?' };
    } finally {
      await stopService(s);
    }
  };
  const withHistory = await footprint(file, {}, 'service.history.log');
  const present = join(dir, 'present.duckdb');
  copyFileSync(file, present);
  const pruned = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--prune-history', present], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (pruned.status !== 0) throw new Error('deleting the history of the copy failed');
  const without = await footprint(present, {}, 'service.present.log');
  for (const f of [present, `${present}.wal`]) rmSync(f, { force: true });
  const arraysRatio = withHistory.arrays / without.arrays;
  const rssRatio = withHistory.rss / without.rss;
  console.log('');
  console.log(`index with a year of history: ${withHistory.arrays} MB of arrays, RSS ${withHistory.rss} MB (settled); without it: ${without.arrays} MB of arrays, RSS ${without.rss} MB (${without.edges} edges true now)`);
  console.log(`  index RSS with history <= 1.3x without: arrays ${arraysRatio.toFixed(2)}x, service RSS ${rssRatio.toFixed(2)}x  ${arraysRatio <= 1.3 && rssRatio <= 1.3 ? 'MET' : 'NOT MET'}`);
}

// The wide shape, same number of edges: answers of thousands of nodes, where the size of the answer is the cost.
try {
  const wide = warehouseShape('wide', EDGES);
  const wideFile = keep ? join(dir, `${basename(keep, extname(keep))}.wide${extname(keep) || '.duckdb'}`) : join(dir, 'wide.duckdb');
  const wideMeta = `${wideFile}.bench.json`;
  const wideReuse = keep !== undefined && existsSync(wideFile) && existsSync(wideMeta) && JSON.parse(readFileSync(wideMeta, 'utf8')).edges === EDGES;
  const wideEnv = { ...env, EMBEDDED_DATABASE_PATH: wideFile };
  console.log('');
  console.log(wideReuse ? `Reusing ${wideFile}` : `Wide shape: generating ${EDGES.toLocaleString()} edges over ${wide.fields.toLocaleString()} fields in ${wide.datasets.toLocaleString()} datasets…`);
  if (!wideReuse) {
    rmSync(wideFile, { force: true });
    setUpSchema(wideEnv);
  }
  const spec = join(dir, 'data-spec.wide.json');
  writeFileSync(spec, JSON.stringify({ file: wideFile, shape: 'wide', edges: EDGES, reuse: wideReuse, samples: 0, depth: 5 }));
  const made = spawnSync(process.execPath, [join(root, 'bench', 'lib', 'warehouse-data.mjs'), spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (made.status !== 0) throw new Error('generating the wide benchmark database failed');
  if (!wideReuse) writeFileSync(wideMeta, JSON.stringify({ shape: 'wide', edges: EDGES }));
  const { service: wideService, base: wideBase, indexLine: wideIndex } = await startService(wideEnv, join(dir, 'service.wide.log'));
  try {
    console.log(wideIndex);
    const paths = upstreamPaths(wide, 2000);
    await new Promise((r) => setTimeout(r, 20_000));
    runLoad(dir, wideBase, paths.slice(0, 500).flatMap((p) => [p, `${p}&format=compact`]), { duration: 10 });
    // Marquez's column lineage of the same fields: warmed (each field's type read once), then measured with the others
    runLoad(dir, wideBase, marquezPaths(wide, 2000), { duration: 10 });
    for (const format of ['json', 'compact', 'marquez']) {
      const formatPaths = format === 'json' ? paths : format === 'compact' ? paths.map((p) => `${p}&format=compact`) : marquezPaths(wide, 2000);
      const size = await answerSizes(wideBase, formatPaths.slice(0, 20));
      const r = runLoad(dir, wideBase, formatPaths, { duration: DURATION });
      console.log(
        `${(format === 'marquez' ? 'wide, Marquez /api/v1/column-lineage, depth 5' : `wide, column lineage, upstream, depth 5, ${format}`).padEnd(44)} p50 ${String(r.latency.p50).padStart(5)} ms  p95 ${String(r.latency.p95).padStart(6)} ms  p97.5 ${String(r.latency.p97_5).padStart(5)} ms  ` +
          `${Math.round(r.requests.average).toString().padStart(6)} req/s  ${Math.round(size.bytes / 1024)} KB, ${Math.round(size.nodes)} nodes, ${Math.round(size.edges)} edges per answer  non-2xx ${r.non2xx}  RSS ${rssMb(wideService.pid)} MB`,
      );
    }
  } finally {
    await stopService(wideService);
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
