// npm run bench:scale [-- --edges 10000000 --shapes narrow,wide --seconds 10 --settle 30 --samples 5 --memory-mb 2048]
// The API at warehouse scale. Per shape (bench/lib/warehouse.mjs: narrow, the bench:api graph; wide,
// whose depth-5 upstream answers hold thousands of nodes), writes a store of --edges column edges
// straight into the embedded DuckDB with SQL, starts the built service on it from cold twice and prints:
// the time until it is ready (GET /health/ready: its lineage index built whole on the first start, read
// from the snapshot that start saved on the second, which then serves the load), depth-5 upstream column lineage at 10 connections in the
// default and the compact format (req/s, p95, p97.5, answer bytes and nodes), one client against the
// same walk as recursive SQL in DuckDB (checked to return the same nodes and edges), /health/live p99
// at 10 connections, and the resident memory the service settles at. Then sustained ingestion: --ingest-rate
// OpenLineage events a second (at most --ingest-concurrency in flight) for --ingest-seconds while 10 connections read (POST p99, the reads' figures,
// and how long until a posted edge is served); --ingest-seconds 0 leaves it out.
// BENCH_DB=<file> keeps each shape's store beside it (<name>.<shape>.<ext>) and reuses it when it was
// generated with the same --edges.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sustainedIngestion as ingestionPhase } from './lib/ingest-phase.mjs';
import { answerSizes, API, ROOT, runLoad, serviceEnv, settledRssMb, setUpSchema, snapshotSaved, startService, stopService } from './lib/service.mjs';
import { NS, warehouseShape } from './lib/warehouse.mjs';

const { values: args } = parseArgs({
  options: {
    edges: { type: 'string', default: '10000000' },
    shapes: { type: 'string', default: 'narrow,wide' },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '30' },
    samples: { type: 'string', default: '5' },
    'ingest-seconds': { type: 'string', default: '60' },
    'ingest-rate': { type: 'string', default: '200' },
    'ingest-grace': { type: 'string', default: '600' },
    'ingest-concurrency': { type: 'string', default: '64' },
    'memory-mb': { type: 'string', default: '2048' },
  },
});
const EDGES = Number(args.edges);
const SECONDS = Number(args.seconds);
const SETTLE = Number(args.settle);
const SAMPLES = Number(args.samples);
const DEPTH = 5;
const INGEST = { seconds: Number(args['ingest-seconds']), rate: Number(args['ingest-rate']), grace: Number(args['ingest-grace']), concurrency: Number(args['ingest-concurrency']) };
// Writes need a key once API_KEYS is set, and then so does every /api read.
const KEY = 'bench-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
const keep = process.env.BENCH_DB;
const dir = keep ? dirname(resolve(keep)) : mkdtempSync(join(tmpdir(), 'lineage-scale-bench-'));

/** Where a shape's store lives, and whether it can be reused (same shape and size, recorded beside it). */
function storeFor(shape) {
  const file = keep ? join(dir, `${basename(keep, extname(keep))}.${shape}${extname(keep) || '.duckdb'}`) : join(dir, `${shape}.duckdb`);
  const meta = `${file}.bench.json`;
  const reuse = keep !== undefined && existsSync(file) && existsSync(meta) && JSON.parse(readFileSync(meta, 'utf8')).edges === EDGES;
  return { file, meta, reuse };
}

const fmt = (n) => Math.round(n).toLocaleString('en');
const kb = (bytes) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;

/** One shape, from an empty store to the figures. */
async function benchShape(name) {
  const shape = warehouseShape(name, EDGES);
  const store = storeFor(name);
  // A write to a store of millions of edges loads its key indexes (OL_COLUMN_LINEAGE's alone: several hundred MB
  // at 10 M), which the embedded engine cannot spill: under the default 256 MB the ingestion phase runs out of memory.
  const env = serviceEnv(store.file, { API_KEYS: KEY, EMBEDDED_MEMORY_LIMIT_MB: args['memory-mb'] });
  console.log(`\n== ${name}: ${store.reuse ? `reusing ${store.file}` : `generating ${fmt(EDGES)} edges over ${fmt(shape.fields)} fields in ${fmt(shape.datasets)} datasets`}`);
  if (!store.reuse) {
    rmSync(store.file, { force: true });
    rmSync(`${store.file}.wal`, { force: true });
    setUpSchema(env);
  }
  const specFile = join(dir, `data-spec.${name}.json`);
  writeFileSync(specFile, JSON.stringify({ file: store.file, shape: name, edges: EDGES, reuse: store.reuse, samples: SAMPLES, depth: DEPTH }));
  const t0 = Date.now();
  const child = spawnSync(process.execPath, [join(ROOT, 'bench', 'lib', 'warehouse-data.mjs'), specFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`generating the ${name} store failed`);
  const data = JSON.parse(child.stdout);
  if (!store.reuse) writeFileSync(store.meta, JSON.stringify({ shape: name, edges: EDGES }));
  const sqlMs = data.sql.reduce((s, q) => s + q.ms, 0) / data.sql.length;
  console.log(
    `${store.reuse ? 'opened' : `generated in ${data.generatedSeconds.toFixed(1)} s`} (${((Date.now() - t0) / 1000).toFixed(1)} s with the recursive SQL): ` +
      `${fmt(data.counts.edges)} edges, ${fmt(data.counts.fields)} fields, ${fmt(data.counts.datasets)} datasets`,
  );

  // First start on this store: no snapshot, the index is built whole from the store (and saved).
  rmSync(`${store.file}.index`, { force: true });
  const firstLog = join(dir, `service.${name}.first.log`);
  const first = await startService(env, firstLog, 3_600_000);
  const savedLine = await snapshotSaved(firstLog).finally(() => stopService(first.service));
  console.log(`first start (no snapshot): ready after ${(first.readyMs / 1000).toFixed(1)} s (${first.indexLine}); ${savedLine}`);
  // Every later start: the index read from its snapshot, then the change log's tail.
  const { service, base, readyMs, indexLine } = await startService(env, join(dir, `service.${name}.log`), 3_600_000);
  try {
    console.log(`restart (snapshot): ready ${(readyMs / 1000).toFixed(1)} s after the process started (${indexLine})`);
    const url = (f, extra = '') => {
      const p = shape.fieldPath(f);
      return `${API}/datasets/${p.dataset}/fields/${p.field}/lineage?direction=upstream&maxDepth=${DEPTH}${extra}`;
    };
    const starts = shape.startFields(2000);
    const defaultPaths = starts.map((f) => url(f));
    const compactPaths = starts.map((f) => url(f, '&format=compact'));

    // The recursive SQL and the service must agree on what the walk finds.
    const agree = [];
    for (const q of data.sql) {
      const graph = await (await fetch(`${base}${API}/datasets/${q.start.dataset}/fields/${q.start.field}/lineage?direction=upstream&maxDepth=${DEPTH}`, { headers })).json();
      agree.push(graph.truncated || (graph.nodes.length === q.nodes && graph.edges.length === q.edges));
    }
    const sizes = { json: await answerSizes(base, defaultPaths.slice(0, 20), headers), compact: await answerSizes(base, compactPaths.slice(0, 20), headers) };

    // Steady state, as a service that built its index and then serves for hours: the build's garbage collected, the code warm.
    await new Promise((r) => setTimeout(r, Math.min(SETTLE, 20) * 1000));
    runLoad(dir, base, [...defaultPaths.slice(0, 500), ...compactPaths.slice(0, 500)], { duration: Math.min(SECONDS, 5), headers });
    const results = {};
    for (const [label, paths] of [['json', defaultPaths], ['compact', compactPaths]]) {
      const r = runLoad(dir, base, paths, { duration: SECONDS, headers });
      results[label] = r;
      const s = sizes[label];
      console.log(
        `depth-5 upstream, ${label.padEnd(7)} 10 conn: ${fmt(r.requests.average).padStart(6)} req/s  p95 ${String(r.latency.p95).padStart(6)} ms  p97.5 ${String(r.latency.p97_5).padStart(5)} ms` +
          `  ${kb(s.bytes).padStart(8)}/answer  ${fmt(s.nodes)} nodes  ${fmt(s.edges)} edges  non-2xx ${r.non2xx}`,
      );
    }
    const one = runLoad(dir, base, defaultPaths, { connections: 1, duration: Math.min(SECONDS, 5), headers });
    const oneMs = 1000 / one.requests.average;
    console.log(
      `one client: ${oneMs.toFixed(2)} ms per answer vs recursive SQL in DuckDB ${sqlMs.toFixed(1)} ms (${data.sql.length} start fields, ` +
        `${fmt(data.sql.reduce((s, q) => s + q.nodes, 0) / data.sql.length)} nodes, ${fmt(data.sql.reduce((s, q) => s + q.edges, 0) / data.sql.length)} edges): ` +
        `${(sqlMs / oneMs).toFixed(0)}x; same nodes and edges: ${agree.every(Boolean) ? 'yes' : `NO (${agree.filter(Boolean).length}/${agree.length})`}`,
    );
    const live = runLoad(dir, base, ['/health/live'], { duration: Math.min(SECONDS, 5) });
    console.log(`/health/live, 10 conn: p99 ${live.latency.p99} ms, ${fmt(live.requests.average)} req/s`);
    const rss = await settledRssMb(service.pid, SETTLE);
    console.log(`settled RSS: ${rss} MB`);
    // Ingestion adds edges to the store: a later run generates it afresh rather than reuse it.
    if (INGEST.seconds > 0) rmSync(store.meta, { force: true });
    const ingest = INGEST.seconds > 0 ? await sustainedIngestion(shape, base, defaultPaths) : undefined;
    return { name, data, firstMs: first.readyMs, readyMs, indexLine, results, sizes, oneMs, sqlMs, live, rss, ingest };
  } finally {
    await stopService(service);
  }
}

/** The ingestion phase (bench/lib/ingest-phase.mjs) on this shape's warehouse. */
function sustainedIngestion(shape, base, readPaths) {
  const sources = shape.startFields(50).map((f) => shape.fieldPath(f));
  return ingestionPhase({ dir, base, key: KEY, namespace: NS, sources, readPaths, headers, rate: INGEST.rate, concurrency: INGEST.concurrency, seconds: INGEST.seconds, grace: INGEST.grace });
}

const started = Date.now();
const figures = [];
try {
  for (const name of args.shapes.split(',')) figures.push(await benchShape(name.trim()));
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`\nSummary (${fmt(EDGES)} edges per shape; ${((Date.now() - started) / 1000).toFixed(0)} s in all):`);
console.log('shape    generate  first  ready   RSS     json req/s  p95     compact req/s  p95     json/compact bytes  nodes  1 client vs SQL  live p99');
for (const f of figures) {
  console.log(
    [
      f.name.padEnd(8),
      `${f.data.generatedSeconds.toFixed(0)} s`.padStart(8),
      `${(f.firstMs / 1000).toFixed(0)} s`.padStart(6),
      `${(f.readyMs / 1000).toFixed(1)} s`.padStart(6),
      `${f.rss} MB`.padStart(7),
      fmt(f.results.json.requests.average).padStart(11),
      `${f.results.json.latency.p95} ms`.padStart(7),
      fmt(f.results.compact.requests.average).padStart(14),
      `${f.results.compact.latency.p95} ms`.padStart(7),
      `${kb(f.sizes.json.bytes)} / ${kb(f.sizes.compact.bytes)}`.padStart(19),
      fmt(f.sizes.json.nodes).padStart(6),
      `${(f.sqlMs / f.oneMs).toFixed(0)}x`.padStart(16),
      `${f.live.latency.p99} ms`.padStart(9),
    ].join(' '),
  );
}
for (const f of figures.filter((x) => x.ingest)) {
  const i = f.ingest;
  console.log(
    // sustainedIngestion's p99 is the served time's (s); the POST's is postP99 (ms)
    `${f.name}: ingestion ${i.rate.toFixed(0)} events/s (${INGEST.rate} asked), POST p50 ${i.p50} ms p99 ${i.postP99} ms, reads meanwhile ${Math.round(i.reads.requests.average)} req/s p95 ${i.reads.latency.p95} ms, ` +
      `posted edge served after ${Number.isNaN(i.median) ? 'never' : `${i.median.toFixed(2)} s median, ${i.p99.toFixed(2)} s p99, ${i.max.toFixed(2)} s max`}`,
  );
}
