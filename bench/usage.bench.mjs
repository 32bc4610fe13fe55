// npm run bench:usage
// Usage-weighted impact on the bench:api graph: the narrow synthetic warehouse of --edges column edges
// (default 1,000,000; bench/lib/warehouse.mjs) with a year of column usage written straight into the daily
// aggregates (OL_FIELD_USAGE_DAY: a tenth of the fields read, each on about a quarter of the days, by one of
// 500 users in one of 12 applications), then the service started on it and GET /api/v2/usage/impact asked
// over the year, one request at a time, for two columns: a narrow answer (a column of layer 7: the few
// columns of layers 8 and 9 downstream) and a wide one (a hub: a first-layer column, everything
// downstream of it within maxDepth 5). Prints the rows, each answer's size and p50/p95/max latency, and
// the same hub walk unweighted. Target (issue 21): under 200 ms on 1M edges with a year of usage.
//
//   npm run bench:usage                              1,000,000 edges, 50 requests per answer
//   npm run bench:usage -- --edges 20000 --requests 10   a small run that proves the bench works
//   (BENCH_EDGES / BENCH_REQUESTS in the environment do the same)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rssMb, serviceEnv, setUpSchema, startService, stopService } from './lib/service.mjs';
import { NS, warehouseShape } from './lib/warehouse.mjs';

const { values } = parseArgs({ options: { edges: { type: 'string' }, requests: { type: 'string' } } });
const EDGES = Number(values.edges ?? process.env.BENCH_EDGES ?? 1_000_000);
const REQUESTS = Number(values.requests ?? process.env.BENCH_REQUESTS ?? 50);
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
    /** `REQUESTS` sequential GETs of `url` after a first one: its body and the sorted latencies. */
    const measure = async (url) => {
      const first = await fetch(url);
      if (first.status !== 200) throw new Error(`${url} answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
      const body = await first.json();
      const times = [];
      for (let i = 0; i < REQUESTS; i++) {
        const started = performance.now();
        await (await fetch(url)).arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
      return { body, size: JSON.stringify(body).length, p50: q(0.5), p95: q(0.95), max: times[times.length - 1] };
    };
    const impactUrl = (f) => `${base}/api/v2/usage/impact?namespace=${encodeURIComponent(NS)}&dataset=${f.dataset}&field=${f.field}&days=${DAYS}&to=${end}&maxDepth=5`;
    // narrow: a column of layer 7 (layers 8 and 9 below it); wide: the hub, a first-layer column
    const answers = [
      ['narrow', shape.fieldPath(7 * perLayer * 10 + 3)],
      ['wide (hub)', shape.fieldPath(0)],
    ];
    const results = {};
    for (const [name, f] of answers) {
      const r = await measure(impactUrl(f));
      results[name] = r;
      const { body } = r;
      console.log(`Usage-weighted impact, ${name}: ${f.dataset}.${f.field} (maxDepth 5, ${DAYS} days): ${fmt(body.nodes.length)} nodes${body.truncated ? ' (node cap reached)' : ''}, ${fmt(body.totals.readNodes)} of them read, ${fmt(body.totals.reads)} reads by ${fmt(body.totals.users)} users in ${fmt(body.totals.applications)} applications; answer ${fmt(r.size / 1024)} KB`);
      console.log(`  ${REQUESTS} sequential requests: p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  max ${r.max.toFixed(1)} ms  service RSS ${rssMb(service.pid)} MB`);
    }
    // the same hub walk unweighted (GET /api/v2/openlineage/impact): what the usage part adds
    const hub = shape.fieldPath(0);
    const plain = await measure(`${base}/api/v2/openlineage/impact?namespace=${encodeURIComponent(NS)}&dataset=${hub.dataset}&field=${hub.field}&maxDepth=5`);
    console.log(`  the hub's lineage impact alone (same walk, no usage): p50 ${plain.p50.toFixed(1)} ms  p95 ${plain.p95.toFixed(1)} ms`);
    const worst = Math.max(...Object.values(results).map((r) => r.p50));
    console.log(`  target (1M edges, a year of usage)      < 200 ms: ${worst < 200 ? 'met' : 'NOT met'} at p50 for both answers${EDGES < 1_000_000 ? ` (this run: ${fmt(EDGES)} edges)` : ''}`);
  } finally {
    await stopService(service);
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`  kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}
