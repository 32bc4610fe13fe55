// npm run bench:usage
// Usage-weighted impact on the bench:api graph: the narrow synthetic warehouse of BENCH_EDGES column edges
// (default 1,000,000; bench/lib/warehouse.mjs) with a year of column usage written straight into the daily
// aggregates (OL_FIELD_USAGE_DAY: a tenth of the fields read, each on about a quarter of the days, by one of
// 500 users in one of 12 applications), then the service started on it and GET /api/v2/usage/impact of a
// hub column (a first-layer column: everything downstream of it within maxDepth 5) asked over the year,
// one request at a time. Prints the rows, the answer's size and p50/p90/p99/max latency. Target (issue 21):
// under 200 ms on 1M edges with a year of usage.
//
//   BENCH_EDGES=20000 npm run bench:usage      a small run that proves the bench works
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssMb, serviceEnv, setUpSchema, startService, stopService } from './lib/service.mjs';
import { NS, warehouseShape } from './lib/warehouse.mjs';

const EDGES = Number(process.env.BENCH_EDGES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const DAYS = 365;
const shape = warehouseShape('narrow', EDGES);
const perLayer = shape.datasets / shape.layers;
const dir = mkdtempSync(join(tmpdir(), 'lineage-usage-bench-'));
const file = join(dir, 'bench.duckdb');
const env = serviceEnv(file, { LOG_LEVEL: 'warn' });
const end = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const dsOf = (f) => `'${NS}/layer' || ((${f} // 10) // ${perLayer}) || '.t' || (${f} // 10)`;

try {
  console.log(`Generating ${fmt(EDGES)} edges over ${fmt(shape.fields)} fields in ${fmt(shape.datasets)} datasets, and a year of usage…`);
  const t0 = Date.now();
  setUpSchema(env);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  for (const sql of shape.statements) await c.run(sql);
  await c.run(`INSERT INTO OL_FIELD_USAGE_DAY
    SELECT DATE '${end}' - CAST(d AS INTEGER), ${dsOf('f')}, 'c' || (f % 10), 'user' || (hash(f * 7 + d) % 500), 'app' || (hash(f) % 12), 'client' || (hash(f * 3 + d) % 50), 'N',
      CAST(1 + hash(f + d) % 20 AS INTEGER) AS r, CAST(1 + hash(f + d) % 20 AS INTEGER), CAST(hash(f * 5 + d) % 3 AS INTEGER), TIMESTAMP '${end} 12:00:00' - INTERVAL (d) DAY
    FROM range(${shape.fields}) a(f), range(${DAYS}) b(d) WHERE hash(f) % 10 = 0 AND hash(f * 366 + d) % 4 = 0`);
  await c.run(`INSERT INTO OL_DATASET_USAGE_DAY
    SELECT usage_day, dataset_id, user_name, app_id, client_id, via_view, CAST(MAX(read_count) AS INTEGER), MAX(last_read_at)
    FROM OL_FIELD_USAGE_DAY GROUP BY usage_day, dataset_id, user_name, app_id, client_id, via_view`);
  const count = async (table) => Number((await c.runAndReadAll(`SELECT COUNT(*) AS n FROM ${table}`)).getRowObjectsJS()[0].n);
  const fieldRows = await count('OL_FIELD_USAGE_DAY');
  const datasetRows = await count('OL_DATASET_USAGE_DAY');
  c.closeSync();
  instance.closeSync();
  console.log(`Generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${fmt(fieldRows)} field usage rows, ${fmt(datasetRows)} dataset usage rows (${DAYS} days ending ${end})`);

  const { service, base, indexLine } = await startService(env, join(dir, 'service.log'));
  console.log(indexLine);
  try {
    const hub = shape.fieldPath(0);
    const url = `${base}/api/v2/usage/impact?namespace=${encodeURIComponent(NS)}&dataset=${hub.dataset}&field=${hub.field}&days=${DAYS}&to=${end}&maxDepth=5`;
    const first = await fetch(url);
    if (first.status !== 200) throw new Error(`impact answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
    const body = await first.json();
    const size = JSON.stringify(body).length;
    const times = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
    // the same walk unweighted (GET /api/v2/openlineage/impact): what the usage part adds
    const plainUrl = `${base}/api/v2/openlineage/impact?namespace=${encodeURIComponent(NS)}&dataset=${hub.dataset}&field=${hub.field}&maxDepth=5`;
    const plain = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      await (await fetch(plainUrl)).arrayBuffer();
      plain.push(performance.now() - started);
    }
    plain.sort((a, b) => a - b);
    console.log(`Usage-weighted impact of ${hub.dataset}.${hub.field} (maxDepth 5, ${DAYS} days): ${fmt(body.nodes.length)} nodes${body.truncated ? ' (node cap reached)' : ''}, ${fmt(body.totals.readNodes)} of them read, ${fmt(body.totals.reads)} reads by ${fmt(body.totals.users)} users in ${fmt(body.totals.applications)} applications; answer ${fmt(size / 1024)} KB`);
    console.log(`  ${REQUESTS} sequential requests: p50 ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms  max ${times[times.length - 1].toFixed(1)} ms  service RSS ${rssMb(service.pid)} MB`);
    console.log(`  the lineage impact alone (same walk, no usage): p50 ${plain[Math.floor(plain.length / 2)].toFixed(1)} ms`);
    console.log(`  target (1M edges, a year of usage)      < 200 ms: ${Number(q(0.5)) < 200 ? 'met' : 'NOT met'} at p50${EDGES < 1_000_000 ? ` (this run: ${fmt(EDGES)} edges)` : ''}`);
  } finally {
    await stopService(service);
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`  kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
