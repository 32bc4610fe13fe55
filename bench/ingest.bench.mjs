// npm run bench:ingest [-- --edges 1000000 --shapes narrow,wide --seconds 60 --rate 200 --concurrency 64 --grace 60 --memory-mb 1024
//                          --population-rows 200000 --population-seconds 60 --alone-seconds 20]
// Sustained OpenLineage ingestion on a warehouse-sized store. Per shape (bench/lib/warehouse.mjs: narrow, the bench:api
// graph; wide, whose depth-5 upstream answers hold thousands of nodes), writes a store of --edges column edges straight
// into the embedded DuckDB, starts the built service on it, waits until it is ready, then posts --rate RunEvents a second
// (each a new column edge) for --seconds while 10
// connections read depth-5 upstream answers, and prints: events/s reached, POST p50/p99, failures, the reads' req/s and
// p95 meanwhile, and how long until a posted edge is served by the lineage routes (a probe every second: median, p99,
// max). Targets (issue 16, the live-index issue): >= 200 events/s sustained, POST p99 <= 250 ms, served p99 <= 1 s.
// Then (unless --population-rows 0) a DBQL population run over a history of that many rows written into the same store
// (bench/population.bench.mjs --setup-only), started from the admin pages while 10 connections read for
// --population-seconds: how long each of its commits took to be served by the lineage routes (the service's
// lineage_index_visible_seconds; target: within 2 s of its commit). First (unless --alone-seconds 0), --rate events a
// second without readers, after 3 s of the same unmeasured (a fresh service's first groups plan every statement): the
// service's CPU time per event, in all and on its main thread (what a core sustains), and POST p50/p99 warm.
// Events arrive as from many independent producers: each is posted when due, whatever is in flight (up to
// --concurrency, a guard): by Little's law 200 events/s answered in 100 ms are 20 in flight. A cap of a few in flight
// would instead measure one producer posting back to back, which bounds the rate by the latency alone.
// BENCH_DB=<file> keeps each shape's store beside it (<name>.<shape>.<ext>) and reuses it when it was generated with the
// same --edges (ingestion adds to it: the bench then marks it stale, and the next run generates it afresh).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ingestionCost, sustainedIngestion } from './lib/ingest-phase.mjs';
import { POPULATION_SERVICE_ENV, populationWhileReading, writeDbqlHistory } from './lib/population-phase.mjs';
import { ROOT, serviceEnv, setUpSchema, startService, stopService, upstreamPaths } from './lib/service.mjs';
import { NS, warehouseShape } from './lib/warehouse.mjs';

const { values: args } = parseArgs({
  options: {
    edges: { type: 'string', default: '1000000' },
    shapes: { type: 'string', default: 'narrow,wide' },
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '64' },
    grace: { type: 'string', default: '60' },
    'memory-mb': { type: 'string', default: '1024' },
    'population-rows': { type: 'string', default: '200000' },
    'population-seconds': { type: 'string', default: '60' },
    'alone-seconds': { type: 'string', default: '20' },
  },
});
const EDGES = Number(args.edges);
const POPULATION_ROWS = Number(args['population-rows']);
const KEY = 'bench-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
const keep = process.env.BENCH_DB;
const dir = keep ? dirname(resolve(keep)) : mkdtempSync(join(tmpdir(), 'lineage-ingest-bench-'));
const fmt = (n) => Math.round(n).toLocaleString('en');

async function benchShape(name) {
  const shape = warehouseShape(name, EDGES);
  const file = keep ? join(dir, `${basename(keep, extname(keep))}.${name}${extname(keep) || '.duckdb'}`) : join(dir, `${name}.duckdb`);
  const meta = `${file}.bench.json`;
  // A DBQL history ends an hour before it is written: a kept store's would fall out of the run's window, so it is written afresh.
  const reuse = POPULATION_ROWS === 0 && keep !== undefined && existsSync(file) && existsSync(meta) && JSON.parse(readFileSync(meta, 'utf8')).edges === EDGES;
  const env = serviceEnv(file, {
    API_KEYS: KEY,
    EMBEDDED_MEMORY_LIMIT_MB: args['memory-mb'],
    LINEAGE_INDEX_SNAPSHOT: 'off',
    // the history is read where it was written; EMBEDDED_DEMO stays off, or a first start would populate from it at once
    ...(POPULATION_ROWS > 0 ? POPULATION_SERVICE_ENV : {}),
  });
  console.log(`\n== ${name}: ${reuse ? `reusing ${file}` : `generating ${fmt(EDGES)} edges over ${fmt(shape.fields)} fields in ${fmt(shape.datasets)} datasets`}`);
  if (!reuse) {
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
    if (POPULATION_ROWS > 0) {
      console.log(`writing ${fmt(POPULATION_ROWS)} rows of DBQL history`);
      writeDbqlHistory(file, POPULATION_ROWS);
    } else setUpSchema(env);
  }
  const specFile = join(dir, `data-spec.${name}.json`);
  writeFileSync(specFile, JSON.stringify({ file, shape: name, edges: EDGES, reuse, samples: 0, depth: 5 }));
  const child = spawnSync(process.execPath, [join(ROOT, 'bench', 'lib', 'warehouse-data.mjs'), specFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`generating the ${name} store failed`);
  const data = JSON.parse(child.stdout);
  console.log(`${reuse ? 'opened' : `generated in ${data.generatedSeconds.toFixed(1)} s`}: ${fmt(data.counts.edges)} edges, ${fmt(data.counts.fields)} fields, ${fmt(data.counts.datasets)} datasets`);
  // Ingestion adds edges to the store: a later run generates it afresh rather than reuse it.
  rmSync(meta, { force: true });
  const { service, base, readyMs, indexLine } = await startService(env, join(dir, `service.${name}.log`), 1_800_000);
  try {
    console.log(`service ready after ${(readyMs / 1000).toFixed(1)} s (${indexLine})`);
    const readPaths = upstreamPaths(shape, 2000);
    const sources = shape.startFields(50).map((f) => shape.fieldPath(f));
    const alone = Number(args['alone-seconds']);
    const cost = alone > 0 ? await ingestionCost({ dir, base, key: KEY, namespace: NS, sources, pid: service.pid, rate: Number(args.rate), seconds: alone }) : undefined;
    const load = loadavg()[0];
    const figures = await sustainedIngestion({
      dir, base, key: KEY, namespace: NS, sources, readPaths, headers,
      rate: Number(args.rate), concurrency: Number(args.concurrency), seconds: Number(args.seconds), grace: Number(args.grace), probeEvery: 1,
    });
    const population = POPULATION_ROWS > 0 ? await populationWhileReading({ dir, base, readPaths, headers, seconds: Number(args['population-seconds']) }) : undefined;
    return { name, load, ...figures, population, cost };
  } finally {
    await stopService(service);
  }
}

const results = [];
try {
  for (const name of args.shapes.split(',')) results.push(await benchShape(name.trim()));
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
console.log(`\nSummary (${fmt(EDGES)} edges per shape, ${args.rate} events/s asked for ${args.seconds} s; targets: >= 200 events/s, POST p99 <= 250 ms, served p99 <= 1 s, 0 failures):`);
for (const r of results) {
  const met = r.rate >= 200 * 0.98 && r.postP99 <= 250 && r.p99 <= 1 && r.failures === 0;
  console.log(
    `${r.name.padEnd(7)} ${r.rate.toFixed(0).padStart(4)} events/s  POST p50 ${r.p50} ms p99 ${r.postP99} ms  served p50 ${r.median?.toFixed(2)} s p99 ${r.p99?.toFixed(2)} s  ` +
      `failures ${r.failures}  reads ${Math.round(r.reads.requests.average)} req/s p95 ${r.reads.latency.p95} ms  load at start ${r.load.toFixed(2)}  ${met ? 'targets met' : 'TARGETS NOT MET'}`,
  );
  if (r.cost) console.log(`        alone: service CPU ${r.cost.cpuMsPerEvent.toFixed(2)} ms an event (main thread ${r.cost.mainMsPerEvent.toFixed(2)} ms) at ${r.cost.rate.toFixed(0)} events/s, POST p99 ${r.cost.p99} ms`);
  const p = r.population;
  if (p) console.log(`        population: ${p.commits} commits, ${p.within2s} served within 2 s (slowest <= ${p.slowestAtMost} s, mean ${p.meanSeconds.toFixed(2)} s), run ${p.state}  ${p.targetMet ? 'target met' : 'TARGET NOT MET'}`);
}
