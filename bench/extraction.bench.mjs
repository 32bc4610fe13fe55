// npm run bench:extraction
// Throughput and latency of the extraction engine (worker pool, as population uses it) over a
// generated mix of distinct Teradata statements (0.1–50 KB), against the SDK called directly on the
// same statements with the same number of workers: parse + openLineageColumnLineage (what one
// would do without the engine) and parse() alone (the floor of any AST-based engine). Then
// pathological statements against the deadline. Each configuration runs in its own child process,
// so peak RSS (main thread + its workers) is measured per configuration; engine and parse() run twice,
// alternating, and the faster run counts (the machine may be shared).
// Env: BENCH_STATEMENTS (default 400), BENCH_DEADLINE_MS (default 5000), BENCH_SEED (default 7).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExtractionPool } from '../dist/population/extraction/extraction.pool.js';
import { createDeadlinePool } from './lib/deadline-pool.mjs';
import { generateStatements, pathologicalStatements } from './lib/teradata-statements.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.BENCH_STATEMENTS ?? 400);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 5000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const BUCKETS = [
  { name: '0.1-1 KB', max: 1024 },
  { name: '1-5 KB', max: 5 * 1024 },
  { name: '5-20 KB', max: 20 * 1024 },
  { name: '20-50 KB', max: Infinity },
];
const statements = generateStatements({ count: COUNT, seed: SEED });
const totalBytes = statements.reduce((n, s) => n + Buffer.byteLength(s), 0);
const bucketOf = (sql) => BUCKETS.findIndex((b) => Buffer.byteLength(sql) <= b.max);

// ---------------------------------------------------------------- child: one configuration
async function measure(kind, workers) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  let run;
  let close;
  if (kind === 'engine') {
    const pool = await ExtractionPool.create({ workers, deadlineMs: DEADLINE_MS });
    run = async (sql) => {
      const r = await pool.extract(sql, { defaultDatabase: 'etl_work' });
      return { failure: r.error?.code, edges: r.columnEdges.length };
    };
    close = () => pool.close();
  } else {
    const pool = await createDeadlinePool(join(here, 'lib', 'sdk-direct.worker.mjs'), { workers, deadlineMs: DEADLINE_MS, workerData: { mode: kind === 'sdk-parse' ? 'parse' : 'lineage' } });
    await Promise.all(Array.from({ length: workers * 2 }, () => pool.run('SELECT 1')));
    run = async (sql) => {
      const r = await pool.run(sql);
      return { failure: r.ok ? undefined : (r.error ?? 'PARSE_FAILED'), edges: r.edges ?? 0 };
    };
    close = () => pool.close();
  }
  // `workers` statements in flight: each latency is that statement's service time.
  const latency = new Array(statements.length);
  const failures = {};
  let edges = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < statements.length) {
        const i = next++;
        const t0 = performance.now();
        const r = await run(statements[i]);
        latency[i] = performance.now() - t0;
        if (r.failure) failures[r.failure] = (failures[r.failure] ?? 0) + 1;
        edges += r.edges;
      }
    }),
  );
  const wallMs = performance.now() - started;
  await close();
  clearInterval(sampler);
  return { kind, workers, wallMs, latency, failures, edges, peakRss: peak };
}

async function pathological() {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const pool = await ExtractionPool.create({ workers: 2, deadlineMs: DEADLINE_MS });
  const rows = [];
  for (const p of pathologicalStatements()) {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const r = await pool.extract(p.sql);
    const ms = performance.now() - t0;
    clearInterval(ticker);
    const t1 = performance.now();
    const after = await pool.extract('SEL a FROM db.t');
    rows.push({ name: p.name, kb: Math.round(p.sql.length / 1024), result: r.error ? r.error.code : `ok, ${r.columnEdges.length} edges`, ms, nextMs: performance.now() - t1, nextOk: !after.error, ticks });
  }
  const stats = { ...pool.stats };
  await pool.close();
  clearInterval(sampler);
  return { rows, stats, peakRss: peak };
}

if (process.argv[2] === '--child') {
  const result = process.argv[3] === 'pathological' ? await pathological() : await measure(process.argv[3], Number(process.argv[4]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- parent: run children, report
function child(...args) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const mb = (n) => (n / 1024 / 1024).toFixed(1);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

console.log(`extraction bench: ${statements.length} distinct statements, ${mb(totalBytes)} MB, deadline ${DEADLINE_MS} ms, seed ${SEED}`);
console.log(`sizes: ${BUCKETS.map((b, i) => `${b.name}: ${statements.filter((s) => bucketOf(s) === i).length}`).join(', ')}\n`);

const LABEL = { engine: 'engine (ExtractionPool)', 'sdk-lineage': 'SDK parse + lineage', 'sdk-parse': 'SDK parse() only' };
// The machine may be shared: engine and parse() alternate twice and the faster run of each counts
// (the slow SDK lineage path runs once).
const runs = [];
for (const workers of [1, 2]) {
  const tries = { engine: [], 'sdk-parse': [] };
  for (let round = 0; round < 2; round++) for (const kind of ['engine', 'sdk-parse']) tries[kind].push(child(kind, String(workers)));
  for (const kind of ['engine', 'sdk-parse']) runs.push(tries[kind].sort((a, b) => a.wallMs - b.wallMs)[0]);
  runs.push(child('sdk-lineage', String(workers)));
}

console.log('THROUGHPUT                workers   stmt/s    MB/s   peak RSS MB  failures');
for (const workers of [1, 2]) {
  const of = (kind) => runs.find((r) => r.kind === kind && r.workers === workers);
  for (const kind of ['engine', 'sdk-lineage', 'sdk-parse']) {
    const r = of(kind);
    const perSec = (statements.length / r.wallMs) * 1000;
    console.log(`${LABEL[kind].padEnd(26)}${String(workers).padStart(7)}${fmt(perSec).padStart(9)}${fmt(totalBytes / 1024 / 1024 / (r.wallMs / 1000), 2).padStart(8)}${mb(r.peakRss).padStart(14)}  ${JSON.stringify(r.failures)}`);
  }
  console.log(`  engine: ${fmt((of('sdk-lineage').wallMs / of('engine').wallMs) * 100, 0)} % of the throughput of SDK parse + lineage (target >= 90 %), ${fmt((of('sdk-parse').wallMs / of('engine').wallMs) * 100, 0)} % of parse() alone`);
}

console.log('\nLATENCY per size bucket, ms (1 worker, one statement in flight)');
console.log('bucket        n  engine p50    p99  | SDK+lineage p50    p99  | parse p50    p99');
const one = (kind) => runs.find((r) => r.kind === kind && r.workers === 1);
BUCKETS.forEach((b, i) => {
  const idx = statements.map((s, k) => (bucketOf(s) === i ? k : -1)).filter((k) => k >= 0);
  const cols = ['engine', 'sdk-lineage', 'sdk-parse'].map((kind) => idx.map((k) => one(kind).latency[k]).sort((x, y) => x - y));
  console.log(`${b.name.padEnd(10)}${String(idx.length).padStart(5)}${cols.map((c, j) => `${fmt(pct(c, 50)).padStart(j === 1 ? 17 : 11)}${fmt(pct(c, 99)).padStart(7)}  |`).join('').replace(/\|$/, '')}`);
});
console.log(`column edges: engine ${one('engine').edges}; SDK parse + lineage: ${one('sdk-lineage').edges} output fields with lineage`);

const patho = child('pathological');
console.log(`\nPATHOLOGICAL statements (2 workers, deadline ${DEADLINE_MS} ms; then a plain statement on the same pool)`);
console.log('statement                      KB   engine result               ms   next stmt  event-loop ticks');
for (const p of patho.rows) {
  const held = p.ms > DEADLINE_MS + 500 ? '  HELD PAST DEADLINE' : '';
  console.log(`${p.name.padEnd(27)}${String(p.kb).padStart(6)}   ${p.result.padEnd(24)}${fmt(p.ms, 0).padStart(7)}${(p.nextOk ? ` ok ${fmt(p.nextMs, 0)} ms` : ' FAILED').padStart(12)}${String(p.ticks).padStart(10)}${held}`);
}
console.log(`pool stats: ${JSON.stringify(patho.stats)}; peak RSS: ${mb(patho.peakRss)} MB`);
