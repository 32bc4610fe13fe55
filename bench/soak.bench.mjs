// npm run bench:soak [-- --minutes 10 --ingest-rate 20 --distinct-edges 2000 --connections 10 --memory-mb N (EMBEDDED_MEMORY_LIMIT_MB)]
// Faults over time: the built service on a fresh embedded store with the demo warehouse, driven for
// --minutes by three things at once, as production drives it:
//   - reads: column and table lineage, impact and search over the demo tables, 10 connections (bench/lib/load.mjs);
//   - OpenLineage writes: --ingest-rate events a second (bench/lib/ingest.mjs), each a new run of one of
//     --distinct-edges column edges (default 2,000: scheduled jobs re-emit the same lineage; 0 = a new edge every event,
//     so the graph itself keeps growing and so does the memory that holds it);
//   - population: a DBQL run every 2 minutes (POPULATION_SCHEDULE), over the demo's query log.
// Prints the resident memory of every minute (lowest and highest of samples every 5 s: the lowest is what stays
// once garbage is collected), then the errors of each driver (non-2xx answers, failed posts, failed population
// runs) and the growth of the lowest RSS from minute 3 to the last minute. Exits 1 when there was an error or
// memory grew by 10 % or more after the first two minutes (a leak), 0 otherwise.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { API, rssMb, runScript, serviceEnv, startService, stopService } from './lib/service.mjs';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'ingest-rate': { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    'memory-mb': { type: 'string' },
    'distinct-edges': { type: 'string', default: '2000' },
  },
});
const MINUTES = Number(args.minutes);
const KEY = 'soak-key-0123456789abcdef';
const NS = 'teradata://demo-warehouse:1025';
const dir = mkdtempSync(join(tmpdir(), 'lineage-soak-'));
const headers = { 'x-api-key': KEY };

const env = serviceEnv(join(dir, 'soak.duckdb'), {
  API_KEYS: KEY,
  EMBEDDED_DEMO: 'true',
  POPULATION_SCHEDULE: '*/2 * * * *',
  CACHE_TTL_SECONDS: '5',
  ...(args['memory-mb'] ? { EMBEDDED_MEMORY_LIMIT_MB: args['memory-mb'] } : {}),
});
const logFile = join(dir, 'service.log');
const { service, base, readyMs } = await startService(env, logFile, 300_000);
console.log(`service ready after ${(readyMs / 1000).toFixed(1)} s (demo warehouse; population every 2 minutes)`);

/** Waits for the first-start demo population to finish: reads then have lineage to walk. */
async function firstRun() {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${base}${API}/datasets/mart_sales.daily_sales/lineage?direction=upstream&maxDepth=2`, { headers });
    if (res.ok && (await res.json()).nodes.length > 1) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo population never produced lineage');
}

let exitCode = 0;
try {
  await firstRun();
  const tables = ['mart_sales.daily_sales', 'core.sales_order', 'core.customer', 'stg_sales.product_raw'];
  const paths = [
    `${API}/datasets/mart_sales.daily_sales/fields/net_amount_eur/lineage?direction=upstream&maxDepth=5`,
    `${API}/datasets/core.sales_order/fields/order_id/lineage?direction=both&maxDepth=20&format=compact`,
    `${API}/impact?dataset=core.sales_order&field=order_id`,
    `${API}/datasets?q=sales&limit=20`,
    ...tables.map((t) => `${API}/datasets/${t}/lineage?direction=both&maxDepth=3`),
    '/health/ready',
  ];
  // Every path must answer 2xx before the soak: a non-2xx during it is then a fault, not a wrong path.
  for (const path of paths) {
    const res = await fetch(base + path, { headers });
    if (!res.ok) throw new Error(`${path} answers ${res.status} before the soak: ${(await res.text()).slice(0, 200)}`);
  }
  const sources = [
    { dataset: 'core.sales_order', field: 'order_id' },
    { dataset: 'core.customer', field: 'customer_id' },
  ];
  const seconds = MINUTES * 60;
  const samples = [];
  const started = Date.now();
  /** The service's own account of its memory (Prometheus default metrics and the index gauge), in MB. */
  const memory = async () => {
    const text = await (await fetch(`${base}/metrics`, { headers })).text();
    const mb = (name) => Math.round(Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN) / 1048576);
    return { heap: mb('lineage_nodejs_heap_size_used_bytes'), external: mb('lineage_nodejs_external_memory_bytes') };
  };
  // RSS every 5 s; per minute its lowest and highest (the lowest is what stays once garbage is collected).
  const perMinute = new Map();
  const sampler = setInterval(() => {
    const minute = Math.floor((Date.now() - started) / 60_000);
    const rss = rssMb(service.pid);
    const m = perMinute.get(minute) ?? { low: Infinity, high: 0 };
    perMinute.set(minute, { low: Math.min(m.low, rss), high: Math.max(m.high, rss) });
  }, 5_000);
  const reporter = setInterval(async () => {
    const minute = Math.round((Date.now() - started) / 60_000);
    const m = perMinute.get(minute - 1);
    if (!m) return;
    samples.push({ minute, rss: m.low });
    const own = await memory().catch(() => ({}));
    console.log(`minute ${String(minute).padStart(2)}: RSS ${m.low}–${m.high} MB (JS heap used ${own.heap} MB, external ${own.external} MB)`);
  }, 60_000);
  const [reads, ingest] = await Promise.all([
    runScript('load.mjs', join(dir, 'load-spec.json'), { url: base, paths, connections: Number(args.connections), duration: seconds, headers }),
    runScript('ingest.mjs', join(dir, 'ingest-spec.json'), { url: base, key: KEY, namespace: NS, sources, rate: Number(args['ingest-rate']), concurrency: 8, duration: seconds, probeEvery: 30, grace: 60, distinct: Number(args['distinct-edges']) }),
  ]).finally(() => {
    clearInterval(sampler);
    clearInterval(reporter);
  });

  // Population runs of the soak (the scheduled ones and the first-start one), as the service recorded them.
  const runs = readFileSync(logFile, 'utf8')
    .split('\n')
    .map((l) => /Population run \S+ (succeeded|failed|cancelled)/.exec(l)?.[1])
    .filter((state) => state !== undefined);
  const failedRuns = runs.filter((r) => r !== 'succeeded').length;
  // Growth: the lowest RSS of the last minute against that of minute 3 (the first after the first two).
  const after2 = samples.filter((s) => s.minute >= 3);
  const growth = after2.length >= 2 ? (after2.at(-1).rss - after2[0].rss) / after2[0].rss : 0;
  const readErrors = reads.non2xx + reads.errors + reads.timeouts;
  console.log(
    `\nreads: ${Math.round(reads.requests.average)} req/s, p95 ${reads.latency.p95} ms, ${reads.non2xx} non-2xx, ${reads.errors} errors, ${reads.timeouts} timeouts\n` +
      `OpenLineage writes: ${ingest.posts} posted (${ingest.rate.toFixed(1)}/s), ${ingest.failures} failed${ingest.failures > 0 ? ` ${JSON.stringify(ingest.failureKinds)}` : ''}, POST p99 ${ingest.p99} ms\n` +
      `population runs: ${runs.length} (${failedRuns} not succeeded)\n` +
      `lowest RSS in minute 3: ${after2[0]?.rss ?? '?'} MB, in the last minute: ${after2.at(-1)?.rss ?? '?'} MB (${(growth * 100).toFixed(1)} %)`,
  );
  const errors = readErrors + ingest.failures + failedRuns;
  console.log(`errors: ${errors} (must be 0); memory growth after minute 2: ${(growth * 100).toFixed(1)} % (must stay under 10 %)`);
  if (errors > 0 || growth >= 0.1) exitCode = 1;
} finally {
  await stopService(service);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
