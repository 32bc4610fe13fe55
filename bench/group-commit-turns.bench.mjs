// node bench/group-commit-turns.bench.mjs --store <file.duckdb> [--dist dist] [--busy-ms 5] [--groups 15]
// What one group commit of OpenLineage ingestion costs when the event loop is busy, as it is while closed-loop readers are
// served (bench:ingest): a chain of setImmediate callbacks holds the main thread --busy-ms each, so every engine call of
// the group waits for a turn, and the median and slowest store time of groups of 1 and of 20 events is printed. The events
// are bench:ingest's (a new column edge each; jobs and targets repeat, so after the warm-up each event ends the edge its
// job's previous run wrote into its target). --store: a store to copy (a bench:ingest store kept with BENCH_DB, or any
// set-up store); the copy is written to and removed. --dist: the build to measure (npm run build first), so two builds
// can be compared back to back on the same store (ADR 0008, "Turns of the event loop").
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/service.mjs';

const { values: args } = parseArgs({ options: { store: { type: 'string' }, dist: { type: 'string', default: join(ROOT, 'dist') }, 'busy-ms': { type: 'string', default: '5' }, groups: { type: 'string', default: '15' } } });
if (!args.store) throw new Error('--store <file.duckdb> is required (a bench:ingest store kept with BENCH_DB)');
const dist = resolve(args.dist);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { EmbeddedAdapter } = await load('teradata/embedded/embedded.adapter.js');
const { IngestionRepository } = await load('lineage/ingestion/ingestion.repository.js');
const { OlStoreWriter } = await load('ol-store/ol-store.writer.js');
const { EMBEDDED_INGESTION } = await load('teradata/sql/embedded/ingestion.sql.js');
const { EMBEDDED_OL_STORE } = await load('teradata/sql/embedded/ol-store.sql.js');
// Events are prepared by this checkout's build whatever --dist is: the preparation is not what is measured.
const { prepareEvent } = await import(pathToFileURL(join(ROOT, 'dist', 'lineage/ingestion/event-preparation.js')).href);
const { OpenLineageValidator } = await import(pathToFileURL(join(ROOT, 'dist', 'lineage/ingestion/openlineage.validator.js')).href);

const dir = mkdtempSync(join(tmpdir(), 'lineage-turns-'));
const file = join(dir, 'store.duckdb');
copyFileSync(args.store, file);
const port = await EmbeddedAdapter.open(file, 4, 1024);
const repository = new IngestionRepository(port, EMBEDDED_INGESTION, new OlStoreWriter(port, EMBEDDED_OL_STORE));
const validator = new OpenLineageValidator();
const NS = 'warehouse';
let k = 0;
function event() {
  const n = k++;
  const source = { namespace: NS, name: `layer0.t${n % 100}` };
  return {
    eventType: 'COMPLETE',
    eventTime: new Date().toISOString(),
    run: { runId: randomUUID() },
    job: { namespace: NS, name: `ingest.job${n % 50}` },
    inputs: [source],
    outputs: [
      {
        namespace: NS,
        name: `bench_ingest.t${n % 500}`,
        facets: {
          columnLineage: {
            _producer: 'https://example.com/bench',
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
            fields: { [`c${n}`]: { inputFields: [{ ...source, field: 'c0', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }] } },
          },
        },
      },
    ],
    producer: 'https://example.com/bench',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}
const toStore = () => prepareEvent(event(), 0, '', { validator, lenient: true, keepKb: 256 }).event;

const busyMs = Number(args['busy-ms']);
let busy = true;
const spin = () => {
  if (!busy) return;
  const t = performance.now();
  while (performance.now() - t < busyMs);
  setImmediate(spin);
};
const figures = {};
try {
  // Warm-up on a free loop: every job's targets written once, so each later event ends an edge.
  for (let i = 0; i < 30; i++) await repository.storeEvents(Array.from({ length: 20 }, toStore));
  setImmediate(spin);
  for (const size of [1, 20]) {
    const ms = [];
    for (let i = 0; i < Number(args.groups); i++) {
      const group = Array.from({ length: size }, toStore);
      const t = performance.now();
      await repository.storeEvents(group);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    figures[size] = { median: Math.round(ms[Math.floor(ms.length / 2)]), max: Math.round(ms.at(-1)) };
  }
} finally {
  busy = false;
  await port.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${dist}: event loop held ${busyMs} ms a turn; store a group of 1: median ${figures[1].median} ms (max ${figures[1].max}), of 20: median ${figures[20].median} ms (max ${figures[20].max}); load ${loadavg()[0].toFixed(2)}`,
);
