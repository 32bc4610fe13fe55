// npm run bench:extraction
// Throughput and latency of the extraction engine (worker pool, as population uses it) over a
// generated mix of distinct Teradata statements (0.1–50 KB), against the SDK called directly
// (parse + openLineageColumnLineage) on the same statements with the same number of workers;
// then pathological statements against the deadline. Bounded: about two minutes on 2 cores.
// Env: BENCH_STATEMENTS (default 600), BENCH_DEADLINE_MS (default 5000), BENCH_SEED (default 7).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExtractionPool } from '../dist/population/extraction/extraction.pool.js';
import { createDeadlinePool } from './lib/deadline-pool.mjs';
import { generateStatements, pathologicalStatements } from './lib/teradata-statements.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.BENCH_STATEMENTS ?? 600);
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

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Samples RSS while `fn` runs; returns fn's result and the peak. */
async function withRss(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    return { ...result, peakRss: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

/** Keeps `inFlight` jobs running; records each statement's latency (= service time when inFlight = workers). */
async function runAll(run, inFlight) {
  const latency = new Array(statements.length);
  const outcomes = new Array(statements.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < statements.length) {
        const i = next++;
        const t0 = performance.now();
        outcomes[i] = await run(statements[i]);
        latency[i] = performance.now() - t0;
      }
    }),
  );
  return { wallMs: performance.now() - started, latency, outcomes };
}

async function engineRun(workers) {
  return withRss(async () => {
    const pool = await ExtractionPool.create({ workers, deadlineMs: DEADLINE_MS });
    try {
      // Warm-up: every worker loads the WASM module before timing starts.
      await Promise.all(Array.from({ length: workers * 2 }, () => pool.extract('SELECT 1')));
      const r = await runAll((sql) => pool.extract(sql, { defaultDatabase: 'etl_work' }), workers);
      const errors = {};
      let edges = 0;
      for (const o of r.outcomes) {
        if (o.error) errors[o.error.code] = (errors[o.error.code] ?? 0) + 1;
        edges += o.columnEdges.length;
      }
      return { ...r, errors, edges };
    } finally {
      await pool.close();
    }
  });
}

async function sdkRun(workers) {
  return withRss(async () => {
    const pool = await createDeadlinePool(join(here, 'lib', 'sdk-direct.worker.mjs'), { workers, deadlineMs: DEADLINE_MS });
    try {
      await Promise.all(Array.from({ length: workers * 2 }, () => pool.run('SELECT 1')));
      const r = await runAll((sql) => pool.run(sql), workers);
      const errors = {};
      let edges = 0;
      for (const o of r.outcomes) {
        if (!o.ok) errors[o.error ?? 'PARSE_FAILED'] = (errors[o.error ?? 'PARSE_FAILED'] ?? 0) + 1;
        edges += o.edges ?? 0;
      }
      return { ...r, errors, edges };
    } finally {
      await pool.close();
    }
  });
}

const mb = (n) => (n / 1024 / 1024).toFixed(1);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

console.log(`extraction bench: ${statements.length} distinct statements, ${mb(totalBytes)} MB, deadline ${DEADLINE_MS} ms, seed ${SEED}`);
console.log(`sizes: ${BUCKETS.map((b, i) => `${b.name}: ${statements.filter((s) => bucketOf(s) === i).length}`).join(', ')}\n`);

function bucketOf(sql) {
  const n = Buffer.byteLength(sql);
  return BUCKETS.findIndex((b) => n <= b.max);
}

const runs = [];
for (const workers of [1, 2]) {
  const engine = await engineRun(workers);
  const sdk = await sdkRun(workers);
  runs.push({ workers, engine, sdk });
}

console.log('THROUGHPUT                 workers  stmt/s     MB/s   peak RSS MB  failures');
for (const { workers, engine, sdk } of runs) {
  for (const [name, r] of [['engine (ExtractionPool)', engine], ['SDK direct (parse+lineage)', sdk]]) {
    const perSec = (statements.length / r.wallMs) * 1000;
    const mbs = totalBytes / 1024 / 1024 / (r.wallMs / 1000);
    console.log(`${name.padEnd(27)}${String(workers).padStart(7)}${fmt(perSec).padStart(8)}${fmt(mbs, 2).padStart(9)}${mb(r.peakRss).padStart(14)}  ${JSON.stringify(r.errors)}`);
  }
  const ratio = sdk.wallMs / engine.wallMs;
  console.log(`${'  engine / SDK direct'.padEnd(34)}${(ratio * 100).toFixed(0)} % of the direct SDK's throughput (target >= 90 %)`);
}

console.log('\nLATENCY per size bucket, ms (1 worker, one statement in flight)');
console.log('bucket        n   engine p50   p99   |  SDK p50    p99');
const one = runs.find((r) => r.workers === 1);
BUCKETS.forEach((b, i) => {
  const idx = statements.map((s, k) => (bucketOf(s) === i ? k : -1)).filter((k) => k >= 0);
  const e = idx.map((k) => one.engine.latency[k]).sort((x, y) => x - y);
  const s = idx.map((k) => one.sdk.latency[k]).sort((x, y) => x - y);
  console.log(`${b.name.padEnd(10)}${String(idx.length).padStart(5)}${fmt(percentile(e, 50)).padStart(12)}${fmt(percentile(e, 99)).padStart(7)}   |${fmt(percentile(s, 50)).padStart(8)}${fmt(percentile(s, 99)).padStart(7)}`);
});
console.log(`engine column edges produced: ${one.engine.edges} (SDK direct: ${one.sdk.edges} output fields with lineage)`);

console.log(`\nPATHOLOGICAL statements (2 workers, deadline ${DEADLINE_MS} ms; the pool must answer a plain statement right after)`);
console.log('statement                       KB     engine result               ms   next stmt ms');
const patho = await withRss(async () => {
  const pool = await ExtractionPool.create({ workers: 2, deadlineMs: DEADLINE_MS });
  try {
    await Promise.all([pool.extract('SELECT 1'), pool.extract('SELECT 1')]);
    for (const p of pathologicalStatements()) {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const t0 = performance.now();
      const r = await pool.extract(p.sql);
      const ms = performance.now() - t0;
      clearInterval(ticker);
      const t1 = performance.now();
      const after = await pool.extract('SEL a FROM db.t');
      const afterMs = performance.now() - t1;
      const result = r.error ? r.error.code : `ok, ${r.columnEdges.length} edges`;
      const held = ms > DEADLINE_MS + 500 ? '  HELD PAST DEADLINE' : '';
      console.log(`${p.name.padEnd(28)}${String(Math.round(p.sql.length / 1024)).padStart(6)}     ${result.padEnd(24)}${fmt(ms, 0).padStart(7)}${fmt(afterMs, 0).padStart(9)}${after.error ? ' (next failed)' : ''}  event loop ticks: ${ticks}${held}`);
    }
  } finally {
    await pool.close();
  }
  return {};
});
console.log(`peak RSS during pathological run: ${mb(patho.peakRss)} MB; process max RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
