import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(process.argv[2]);
const c = await inst.connect();
const ids = (await (await c.run('SELECT lineage_id FROM OL_COLUMN_LINEAGE USING SAMPLE 200')).getRows()).map(r => r[0]);
for (const n of [1, 10, 100, 1000]) {
  const sql = `SELECT lineage_id, is_active, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (${ids.slice(0, Math.min(n, 200)).map(() => '?').join(',')})`;
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) { const p = await c.prepare(sql); p.bind(ids.slice(0, Math.min(n, 200))); await (await p.run()).getRows(); }
  console.log('IN params', n, ((performance.now() - t0) / 5).toFixed(2), 'ms');
}
const p = await c.prepare(`EXPLAIN SELECT lineage_id FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (?, ?)`); p.bind([ids[0], ids[1]]);
console.log((await (await p.run()).getRows()).map(r => r[1]).join('\n').slice(0, 1500));
console.log((await (await c.run(`SELECT * FROM duckdb_indexes()`)).getRows()).map(r => r.join(' | ')).join('\n').slice(0, 800));
console.log((await (await c.run(`SELECT current_setting('index_scan_max_count'), current_setting('index_scan_percentage'), version()`)).getRows()));
