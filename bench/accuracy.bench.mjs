// npm run bench:accuracy -- [corpus.jsonl …]
// Runs the extraction engine (worker pool, as population uses it) on every case of the
// given corpus files (default: every *.jsonl in ../shared/lineage-corpus, read in place),
// writes predictions.json in the corpus format and prints the corpus scorer's figures.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SessionExtractionPool as ExtractionPool } from './lib/session-pool.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = resolve(root, '..', 'shared', 'lineage-corpus');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = args.length > 0 ? args.map((f) => resolve(f)) : readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).map((f) => join(corpusDir, f));

const DIALECTS = { ansi: 'generic', sparksql: 'spark', spark: 'spark', hive: 'hive', postgres: 'postgresql', postgresql: 'postgresql', mysql: 'mysql', tsql: 'tsql', mssql: 'tsql', snowflake: 'snowflake', bigquery: 'bigquery', redshift: 'redshift', teradata: 'teradata', oracle: 'oracle', trino: 'trino', presto: 'presto', athena: 'athena', duckdb: 'duckdb', sqlite: 'sqlite', databricks: 'databricks', clickhouse: 'clickhouse', mariadb: 'mysql', impala: 'hive', generic: 'generic' };

/** Metadata keyed by every suffix of each name, so `db.t` and `t` both find `catalog.db.t`. */
function metadataOf(schema) {
  const map = new Map();
  const counts = new Map();
  for (const name of Object.keys(schema ?? {})) {
    const parts = name.toLowerCase().split('.');
    for (let i = 0; i < parts.length; i++) {
      const k = parts.slice(i).join('.');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  for (const [name, cols] of Object.entries(schema ?? {})) {
    const parts = name.toLowerCase().split('.');
    for (let i = 0; i < parts.length; i++) {
      const k = parts.slice(i).join('.');
      if (i === 0 || counts.get(k) === 1) map.set(k, cols.map((c) => c.toLowerCase()));
    }
  }
  return map;
}

function toPrediction(results, transitive) {
  const inTables = new Set();
  const outTables = new Set();
  const lineage = new Map();
  for (const r of results) {
    // A statement that did not parse still reports the tables found in its tokens.
    r.inTables.forEach((t) => inTables.add(t));
    r.outTables.forEach((t) => outTables.add(t));
    if (r.error) continue;
    for (const e of r.columnEdges) {
      // The corpus counts as upstreams the columns of the producing expression: DIRECT edges, CASE
      // conditions and window keys. Row-level INDIRECT edges (FILTER, JOIN, GROUP_BY, SORT) are not scored.
      if (e.transformationType !== 'DIRECT' && e.transformationSubtype !== 'CONDITIONAL' && e.transformationSubtype !== 'WINDOW') continue;
      const k = `${e.target.dataset ?? ''}\u0000${e.target.field}`;
      if (!lineage.has(k)) lineage.set(k, { downstream: { table: e.target.dataset, column: e.target.field }, upstreams: [] });
      const ups = lineage.get(k).upstreams;
      if (!ups.some((u) => u.table === e.source.dataset && u.column === e.source.field)) ups.push({ table: e.source.dataset, column: e.source.field });
    }
  }
  const errors = results.filter((r) => r.error).map((r) => `${r.error.code}: ${r.error.message}`);
  const prediction = { in_tables: [...inTables], out_tables: [...outTables], column_lineage: [...lineage.values()] };
  if (errors.length === results.length && errors.length > 0 && inTables.size + outTables.size === 0) prediction.error = errors[0];
  return prediction;
}

const pool = await ExtractionPool.create({ workers: 2, deadlineMs: Number(process.env.EXTRACTION_DEADLINE_MS ?? 10000) });
const predictions = {};
let cases = 0;
const started = Date.now();
try {
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    await Promise.all(
      lines.map(async (line) => {
        const c = JSON.parse(line);
        const dialect = DIALECTS[(c.dialect ?? 'generic').toLowerCase()] ?? 'generic';
        const context = { defaultDatabase: c.default_schema ?? c.default_db ?? null, metadata: metadataOf(c.schema), dialect };
        if (c.transitive === true) {
          // A multi-statement script scored end to end: the session API, with session-scoped tables collapsed.
          const session = await pool.extractSession([c.sql], context);
          const composed = { inTables: session.inTables, outTables: session.outTables, columnEdges: session.columnEdges };
          predictions[c.id] = toPrediction([...session.statements.filter((r) => r.error), composed], true);
        } else {
          const results = await pool.extractScript(c.sql, context);
          predictions[c.id] = toPrediction(results, false);
        }
        cases++;
      }),
    );
  }
} finally {
  await pool.close();
}
const out = join(root, 'predictions.json');
writeFileSync(out, JSON.stringify(predictions, null, 1));
console.log(`extracted ${cases} cases from ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}`);
const score = spawnSync(process.execPath, [join(corpusDir, 'score.mjs'), '--pred', out, ...files, ...process.argv.slice(2).filter((a) => a.startsWith('--'))], { stdio: 'inherit' });
process.exitCode = score.status ?? 1;
