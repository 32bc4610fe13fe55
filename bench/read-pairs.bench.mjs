// node bench/read-pairs.bench.mjs --store <file> [--shape narrow|wide] [--edges 1000000] [--format json|compact]
//                                  [--pairs 2] [--seconds 10] [--a LINEAGE_RENDER_THREADS=1] [--b LINEAGE_RENDER_THREADS=2]
// Reads of one store under two settings, side by side: the built service on the store (kept as it is: a store
// bench:api or bench:scale generated, with its index snapshot beside it) once with the settings of --a, once with
// those of --b (comma-separated NAME=value pairs), then again, --pairs times; each run 10 connections of depth-5
// upstream answers from the shape's start fields for --seconds after a 5 s warm-up. Prints per run req/s, p95 and
// the service's CPU per answer (all threads, from /proc). On a machine whose speed moves from one minute to the
// next (ADR 0010, "Two render threads on two cores"), only such pairs say whether a setting helps.
import { parseArgs } from 'node:util';
import { cpuSeconds, runLoad, serviceEnv, startService, stopService, upstreamPaths } from './lib/service.mjs';
import { warehouseShape } from './lib/warehouse.mjs';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string' },
    shape: { type: 'string', default: 'narrow' },
    edges: { type: 'string', default: '1000000' },
    format: { type: 'string', default: 'json' },
    pairs: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    a: { type: 'string', default: 'LINEAGE_RENDER_THREADS=1' },
    b: { type: 'string', default: 'LINEAGE_RENDER_THREADS=2' },
  },
});
if (!args.store) {
  console.error('--store <file> is required: an embedded store bench:api or bench:scale generated (BENCH_DB=<file>)');
  process.exit(2);
}
const settings = (text) => Object.fromEntries(text.split(',').filter(Boolean).map((kv) => kv.split('=')));
const shape = warehouseShape(args.shape, Number(args.edges));
const paths = upstreamPaths(shape, 2000, { query: args.format === 'compact' ? '&format=compact' : '' });

async function run(label, extra) {
  const { service, base } = await startService(serviceEnv(args.store, { LINEAGE_INDEX_SNAPSHOT: `${args.store}.index`, ...extra }), '/tmp/read-pairs.service.log', 600_000);
  try {
    runLoad('/tmp', base, paths, { duration: 5 });
    const before = cpuSeconds(service.pid);
    const r = runLoad('/tmp', base, paths, { duration: Number(args.seconds) });
    const answers = r.requests.average * Number(args.seconds);
    console.log(`${label.padEnd(40)} ${Math.round(r.requests.average).toString().padStart(6)} req/s  p95 ${String(r.latency.p95).padStart(7)} ms  ${((1000 * (cpuSeconds(service.pid) - before)) / answers).toFixed(2)} ms CPU an answer  non-2xx ${r.non2xx}`);
  } finally {
    await stopService(service);
  }
}

console.log(`${args.shape} store ${args.store}, ${args.format} answers, ${args.seconds} s per run`);
for (let k = 0; k < Number(args.pairs); k++) {
  await run(`a: ${args.a}`, settings(args.a));
  await run(`b: ${args.b}`, settings(args.b));
}
