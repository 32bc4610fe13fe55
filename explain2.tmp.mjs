import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(process.argv[2]);
const c = await inst.connect();
const sql = process.argv[3];
for (let i = 0; i < 3; i++) { const t = performance.now(); await c.runAndReadAll(sql); console.log('ms', (performance.now() - t).toFixed(2)); }
const r = await c.runAndReadAll('EXPLAIN ANALYZE ' + sql);
console.log(r.getRows().map((x) => x[1]).join('\n').replace(/'[0-9a-f]{20,}'/g, "'…'"));
