import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create('/tmp/exp.duckdb', { memory_limit: '1024MB' });
const c = await db.connect(); if (process.env.T1) await c.run('SET threads=' + process.env.T1);
const q = async (s, p) => (await c.runAndReadAll(s, p)).getRowObjectsJS();
const pick = async (col, t, n) => (await q(`SELECT ${col} v FROM ${t} USING SAMPLE ${n} ROWS`)).map((r) => r.v);
const N = 32;
const lists = {
  F: [...await pick('field_id', 'OL_DATASET_FIELD', N), ...Array.from({length: N}, (_, i) => 'nofield' + i)],
  E: Array.from({length: N}, (_, i) => 12345678901 + i),
  R: Array.from({length: N}, (_, i) => 'norun' + i),
  N: await pick('namespace_id', 'OL_NAMESPACE', 1),
  D: await pick('dataset_id', 'OL_DATASET', N),
  J: await pick('job_id', 'OL_JOB', N),
  I: [''], O: [''],
  L: Array.from({length: N}, (_, i) => 'noedge' + i),
};
const branches = {
  F: `SELECT 'F' AS kind, field_id AS k1, dataset_id AS k2, opened_by AS k3, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET_FIELD WHERE field_id IN (?)`,
  E: `SELECT 'E', event_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_EVENT WHERE event_key IN (?)`,
  R: `SELECT 'R', run_id, job_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN WHERE run_id IN (?)`,
  N: `SELECT 'N', namespace_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_NAMESPACE WHERE namespace_id IN (?)`,
  D: `SELECT 'D', dataset_id, NULL, NULL, valid_from, valid_to, opened_by, closed_by FROM OL_DATASET WHERE dataset_id IN (?)`,
  J: `SELECT 'J', job_id, NULL, NULL, NULL, NULL, NULL, NULL FROM OL_JOB WHERE job_id IN (?)`,
  I: `SELECT 'I', run_id, dataset_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN_INPUT WHERE run_id IN (?)`,
  O: `SELECT 'O', run_id, dataset_id, NULL, NULL, NULL, NULL, NULL FROM OL_RUN_OUTPUT WHERE run_id IN (?)`,
  L: `SELECT 'L', lineage_id, is_active, run_id, valid_from, valid_to, opened_by, closed_by FROM OL_COLUMN_LINEAGE WHERE lineage_id IN (?)`,
};
const expand = (sql, list) => sql.replace('IN (?)', `IN (${list.map(() => '?').join(', ')})`);
async function time(label, sql, params, reps = 20) {
  const p = await c.prepare(sql); p.bind(params);
  await p.run();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) { p.bind(params); await p.run(); }
  console.log(label.padEnd(12), ((performance.now() - t0) / reps).toFixed(2), 'ms');
}
for (const [k, sql] of Object.entries(branches)) await time(k, expand(sql, lists[k]), lists[k]);
const keys = Object.keys(branches);
await time('UNION', keys.map((k) => expand(branches[k], lists[k])).join('\nUNION ALL '), keys.flatMap((k) => lists[k]));
if (process.env.EXPLAIN) { const r = await q('EXPLAIN ANALYZE ' + expand(branches[process.env.EXPLAIN], lists[process.env.EXPLAIN]).replace(/\?/g, () => "'x'")); console.log(r[0].explain_value); }
for (const k of (process.env.EX ?? '').split(',').filter(Boolean)) {
  const sql = expand(branches[k], lists[k]);
  let i = 0; const lit = sql.replace(/\?/g, () => { const v = lists[k][i++]; return typeof v === 'string' ? `'${v}'` : String(v); });
  const p = await c.prepare('EXPLAIN ANALYZE ' + sql); p.bind(lists[k]); const r = (await p.runAndReadAll()).getRowObjectsJS();
  console.log(k, r[0].explain_value);
  await time(k + ' literal', lit, []);
}
