// Running the built service for the API benchmarks: on an embedded store, logging to a file (a pipe read
// by the driver would take CPU from the load generator and the service), with the load generator
// (load.mjs) in a process of its own.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NS } from './warehouse.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API = '/api/v2/openlineage';

export function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** CPU seconds the process `pid` (or its thread `tid`) has used so far: utime + stime of /proc, in clock ticks of CLK_TCK. */
export function cpuSeconds(pid, tid = undefined) {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Marquez's column-lineage paths (GET /api/v1/column-lineage) of the same start fields as upstreamPaths. */
export function marquezPaths(shape, count, { depth = 5 } = {}) {
  return shape.startFields(count).map((f) => {
    const p = shape.fieldPath(f);
    return `/api/v1/column-lineage?nodeId=${encodeURIComponent(`datasetField:${NS}:${p.dataset}:${p.field}`)}&depth=${depth}`;
  });
}

/** Column lineage upstream of `count` start fields of a warehouse shape (warehouse.mjs), as API paths; `query` is appended (e.g. '&format=compact'). */
export function upstreamPaths(shape, count, { depth = 5, query = '' } = {}) {
  return shape.startFields(count).map((f) => {
    const p = shape.fieldPath(f);
    return `${API}/datasets/${p.dataset}/fields/${p.field}/lineage?direction=upstream&maxDepth=${depth}${query}`;
  });
}

export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** The environment a benchmarked service runs with: embedded store `file`, cache off, no rate limit. */
export function serviceEnv(file, extra = {}) {
  // MALLOC_ARENA_MAX=2 as npm start and the deployment examples set it (docs/operations_guide.md, Sizing).
  return { MALLOC_ARENA_MAX: '2', ...process.env, EMBEDDED_DATABASE_PATH: file, EMBEDDED_DEMO: 'false', REDIS_ADDR: '', CACHE_TTL_SECONDS: '0', RATE_LIMIT_MAX: '10000000', LOG_LEVEL: 'info', QVCI_CHECK_SCHEDULE: '', LINEAGE_NODE_CAP: '5000', ...extra };
}

/** Creates the OL_* tables in a new store. */
export function setUpSchema(env) {
  const setup = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'schema', 'setup', '--openlineage'], { env, encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`schema setup failed: ${setup.stderr}`);
}

/**
 * Starts dist/main.js (with PROF_ARGS, when set, as node's own flags: e.g. PROF_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'
 * profiles the service's threads while a bench drives it) and resolves once it is ready (GET /health/ready answers 200: database, schema and
 * lineage index): { service, base, readyMs (from spawning the process), indexLine (the service's own log
 * line: how the index came to be — read from its snapshot or built from the store —, counts, time) }.
 */
export async function startService(env, logFile, timeoutMs = 180_000) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const service = spawn(process.execPath, [...(process.env.PROF_ARGS ? process.env.PROF_ARGS.split(' ') : []), join(ROOT, 'dist', 'main.js')], { env: { ...env, API_PORT: String(port) }, stdio: ['ignore', openSync(logFile, 'w'), 'inherit'] });
  let exited;
  service.on('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`service exited with ${exited}`);
    if (Date.now() - started > timeoutMs) throw new Error(`service was not ready in ${timeoutMs / 1000} s`);
    const ready = await fetch(`${base}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = Date.now() - started;
  const m = /"msg":"(Lineage index ready[^"]*)"/.exec(readFileSync(logFile, 'utf8'));
  return { service, base, readyMs, indexLine: m ? m[1] : 'no index log line' };
}

/** Resolves once the service's log says its index snapshot was saved (a first start writes one after its whole build). */
export async function snapshotSaved(logFile, timeoutMs = 600_000) {
  const started = Date.now();
  for (;;) {
    const m = /"msg":"(Lineage index snapshot saved[^"]*)"/.exec(readFileSync(logFile, 'utf8'));
    if (m) return m[1];
    if (Date.now() - started > timeoutMs) throw new Error('the service saved no index snapshot');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function stopService(service) {
  if (service.exitCode !== null) return;
  service.kill('SIGTERM');
  await new Promise((r) => service.on('exit', r));
}

/** Drives `paths` round-robin with autocannon (load.mjs, its own process); autocannon's figures plus p95 from every response. */
export function runLoad(dir, base, paths, { connections = 10, duration = 10, headers } = {}) {
  const spec = join(dir, 'load-spec.json');
  writeFileSync(spec, JSON.stringify({ url: base, paths, connections, duration, headers }));
  const run = spawnSync(process.execPath, [join(ROOT, 'bench', 'lib', 'load.mjs'), spec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`load generator failed on ${paths[0]}`);
  return JSON.parse(run.stdout);
}

/** Runs a bench/lib script on a JSON spec in a process of its own without blocking this one; resolves to its JSON output. */
export function runScript(script, specFile, spec) {
  writeFileSync(specFile, JSON.stringify(spec));
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', script), specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`${script} exited with ${code}`))));
  });
}

/** Lowest resident memory over `seconds` of idleness: what the service settles at once V8's memory reducer has run. */
export async function settledRssMb(pid, seconds) {
  let rss = Infinity;
  for (let k = 0; k < seconds; k++) {
    await new Promise((r) => setTimeout(r, 1000));
    rss = Math.min(rss, rssMb(pid));
  }
  return rss;
}

/** Mean body bytes and node count of the answers to `paths` (compact answers count nodes.dataset). */
export async function answerSizes(base, paths, headers = {}) {
  let bytes = 0;
  let nodes = 0;
  let edges = 0;
  for (const p of paths) {
    const res = await fetch(base + p, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    const graph = JSON.parse(body.toString('utf8'));
    bytes += body.length;
    // Marquez's shape ({graph: [nodes with their inEdges]}), the json form, or the compact one
    nodes += Array.isArray(graph.graph) ? graph.graph.length : Array.isArray(graph.nodes) ? graph.nodes.length : graph.nodes.dataset.length;
    edges += Array.isArray(graph.graph) ? graph.graph.reduce((n, g) => n + g.inEdges.length, 0) : graph.format === 'compact' ? graph.edges.length / 3 : graph.edges.length;
  }
  return { bytes: bytes / paths.length, nodes: nodes / paths.length, edges: edges / paths.length };
}
