import { DuckDBInstance, DuckDBListValue, LIST, VARCHAR } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/exp.duckdb', { memory_limit: '1024MB' });
const c = await db.connect(); if (process.env.T1) await c.run('SET threads=' + process.env.T1);
const q = async (s, p) => (await c.runAndReadAll(s, p)).getRowObjectsJS();
console.log(await q(`SELECT name, value FROM duckdb_settings() WHERE name LIKE '%index%' OR name = 'threads'`));
const have = (await q(`SELECT field_id v FROM OL_DATASET_FIELD USING SAMPLE 32 ROWS`)).map((r) => r.v);
const ids = [...have, ...have.map((v) => v + 'x')];
const cols = `field_id, dataset_id, opened_by, valid_from, valid_to, closed_by`;
async function time(label, sql, bind, reps = 30) {
  const p = await c.prepare(sql); bind(p); const r = await p.runAndReadAll(); const n = r.getRowObjectsJS().length;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) { bind(p); await p.run(); }
  console.log(label.padEnd(14), ((performance.now() - t0) / reps).toFixed(2), 'ms', n, 'rows');
}
const list = (p, i = 1) => p.bindList(i, new DuckDBListValue(ids), LIST(VARCHAR));
await time('IN params', `SELECT ${cols} FROM OL_DATASET_FIELD WHERE field_id IN (${ids.map(() => '?').join(',')})`, (p) => ids.forEach((v, i) => p.bindVarchar(i + 1, v)));
await time('= ANY list', `SELECT ${cols} FROM OL_DATASET_FIELD WHERE field_id = ANY(?)`, list);
await time('IN unnest', `SELECT ${cols} FROM OL_DATASET_FIELD WHERE field_id IN (SELECT unnest(?))`, list);
await time('join unnest', `SELECT ${cols} FROM (SELECT unnest(?) AS k) s JOIN OL_DATASET_FIELD f ON f.field_id = s.k`, list);
await time('list_contains', `SELECT ${cols} FROM OL_DATASET_FIELD WHERE list_contains(?, field_id)`, list);
{ const p = await c.prepare(`SELECT ${cols} FROM OL_DATASET_FIELD WHERE field_id = ?`); const t0 = performance.now(); for (let r = 0; r < 5; r++) for (const v of ids) { p.bindVarchar(1, v); await p.run(); } console.log('= per key'.padEnd(14), ((performance.now() - t0) / 5).toFixed(2), 'ms for', ids.length); }
await time('IN 1 key', `SELECT ${cols} FROM OL_DATASET_FIELD WHERE field_id IN (?)`, (p) => p.bindVarchar(1, ids[0]));
await time('SELECT 1', `SELECT 1 WHERE 1 = ?`, (p) => p.bindInteger(1, 1));
for (const cs of ['field_id', 'valid_from', 'valid_to', 'opened_by', 'closed_by', 'dataset_id', 'field_id, valid_from, valid_to']) await time('cols ' + cs, `SELECT ${cs} FROM OL_DATASET_FIELD WHERE field_id IN (${ids.map(() => '?').join(',')})`, (p) => ids.forEach((v, i) => p.bindVarchar(i + 1, v)));
await time('COUNT', `SELECT count(*) FROM OL_DATASET_FIELD WHERE field_id IN (${ids.map(() => '?').join(',')})`, (p) => ids.forEach((v, i) => p.bindVarchar(i + 1, v)));
