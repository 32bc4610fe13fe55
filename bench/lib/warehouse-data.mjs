// The database side of the API benchmarks, in a process of its own so DuckDB's memory and threads stay
// out of the process that drives the load: node warehouse-data.mjs <spec.json>, the spec holding
// { file, shape, edges, reuse, samples, depth }. Writes the shape's graph into the (set-up, empty) store
// unless reusing it, then times the upstream walk as recursive SQL from `samples` start fields, one
// query at a time. Prints one JSON line: { generatedSeconds, counts, sql: [{ start, ms, nodes, edges }] }.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { recursiveUpstream, warehouseShape } from './warehouse.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const shape = warehouseShape(spec.shape, spec.edges);
const instance = await DuckDBInstance.create(spec.file);
const c = await instance.connect();
let generatedSeconds = 0;
if (!spec.reuse) {
  const t0 = performance.now();
  for (const sql of shape.statements) await c.run(sql);
  await c.run('CHECKPOINT');
  generatedSeconds = (performance.now() - t0) / 1000;
}
const count = async (table) => Number((await c.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
const counts = { edges: await count('OL_COLUMN_LINEAGE'), fields: await count('OL_DATASET_FIELD'), datasets: await count('OL_DATASET') };
const sql = [];
for (const f of shape.startFields(spec.samples)) {
  const start = shape.fieldPath(f);
  const t0 = performance.now();
  const found = await recursiveUpstream(c, start, spec.depth);
  sql.push({ start, ms: performance.now() - t0, ...found });
}
c.closeSync();
instance.closeSync();
process.stdout.write(JSON.stringify({ generatedSeconds, counts, sql }));
