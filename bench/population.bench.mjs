// Population benchmark: a generated DBQL history in a fresh embedded database
// file, populated end to end by the compiled service code (dist/), with the
// real extraction engine. Prints DBQL rows/s, distinct statements/s, peak RSS
// and the time spent reading, extracting and writing.
//
//   npm run bench:population                       50,000 DBQL rows
//   npm run bench:population -- --rows 10000 --seed 7 --batch 2000 --workers 2
import 'reflect-metadata';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    batch: { type: 'string' },
    workers: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);

const imp = (path) => import(join(DIST, path));
async function firstExisting(paths) {
  for (const p of paths) if (existsSync(join(DIST, p))) return imp(p);
  throw new Error(`none of ${paths.join(', ')} is built; run npm run build`);
}

/** Same splitting as test/support/test-database.ts. */
function splitStatements(text) {
  const out = [];
  let current = '';
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      current += '\n';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'lineage-bench-population-'));
const file = join(dir, 'lineage.duckdb');
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

try {
  // 1. a fresh database with the migrations and the generated history
  const { EmbeddedAdapter } = await imp('teradata/embedded/embedded.adapter.js');
  const setupStarted = Date.now();
  const port = await EmbeddedAdapter.open(file);
  const migrations = join(ROOT, 'database', 'migrations', 'embedded');
  for (const f of readdirSync(migrations).filter((n) => n.endsWith('.sql')).sort()) {
    for (const statement of splitStatements(readFileSync(join(migrations, f), 'utf8'))) await port.execute(statement);
  }
  const demo = await firstExisting(['teradata/embedded/demo/demo-warehouse.loader.js', 'teradata/embedded/demo/demo.loader.js', 'teradata/embedded/demo/load-demo-warehouse.js']);
  // the bench mix: ~70 % repeated BI SELECTs, ~25 % ETL, ~5 % DDL and utilities, a few pathological statements
  await demo.loadDemoWarehouse(port, { statements: rows, seed, mix: { bi: 0.7, etl: 0.25, ddl: 0.05 } });
  const [{ n: dbqlRows }] = await port.query('SELECT COUNT(*) AS n FROM DBC.DBQLogTbl');
  await port.close();
  const setupMs = Date.now() - setupStarted;
  // the generated history is garbage now: measure the run's own peak from here
  const setupPeakRss = peakRss;
  globalThis.gc?.();
  peakRss = process.memoryUsage().rss;

  // 2. the population, as `npm run lineage -- populate --dbql` runs it
  const { buildAppConfig } = await imp('config/app-config.js');
  const { loadConfig } = await imp('config/config.loader.js');
  const { ConfigModule } = await imp('config/config.module.js');
  const { PopulationModule } = await imp('population/population.module.js');
  const { SchemaBootstrapModule } = await imp('schema/schema.module.js');
  const { PopulationService } = await imp('population/population.service.js');
  const env = { EMBEDDED_DATABASE_PATH: file, EMBEDDED_DEMO: 'true', LOG_LEVEL: 'warn' };
  if (values.batch) env.POPULATION_BATCH_SIZE = values.batch;
  if (values.workers) env.EXTRACTION_WORKERS = values.workers;
  const config = buildAppConfig(loadConfig({ env }));
  class BenchModule {}
  Module({ imports: [ConfigModule.forRoot(config), SchemaBootstrapModule.forRoot({ autoMigrate: false }), PopulationModule] })(BenchModule);
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const started = Date.now();
  const summary = await app.get(PopulationService).run({ method: 'dbql', trigger: 'cli' });
  const seconds = (Date.now() - started) / 1000;
  await app.close();
  clearInterval(sampler);

  const c = summary.run.counts;
  const t = summary.timings;
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const lines = [
    `Population bench: ${fmt(Number(dbqlRows))} DBQL rows (seed ${seed}), batch ${config.population.batchSize}, ${config.population.extractionWorkers} extraction workers, deadline ${config.population.extractionDeadlineMs} ms`,
    `  setup (migrations + generated history)  ${(setupMs / 1000).toFixed(1)} s`,
    `  run state                               ${summary.run.state}${summary.error ? ` (${summary.error.message})` : ''}`,
    `  end to end                              ${seconds.toFixed(1)} s`,
    `  DBQL rows/s                             ${fmt(c.statementsRead / seconds)}`,
    `  distinct statements extracted           ${fmt(summary.distinctStatements)} (${fmt(summary.distinctStatements / seconds)}/s)`,
    `  read / parsed / skipped                 ${fmt(c.statementsRead)} / ${fmt(c.statementsParsed)} / ${fmt(c.statementsSkipped)} (${summary.skipReasons.map((r) => `${r.reason} ${r.count}`).join(', ')})`,
    `  failed / timed out                      ${fmt(c.statementsFailed)} / ${fmt(c.statementsTimedOut)} (${summary.failureReasons.map((r) => `${r.reason} ${r.count}`).join(', ')})`,
    `  edges written                           ${fmt(c.edgesWritten)}; runs ${fmt(summary.writes.runs.inserted)}, jobs ${fmt(summary.writes.jobs.inserted)}, datasets ${fmt(summary.writes.datasets.inserted)}`,
    `  time reading / extracting / writing     ${(t.readMs / 1000).toFixed(1)} s / ${(t.extractMs / 1000).toFixed(1)} s / ${(t.writeMs / 1000).toFixed(1)} s (overlapping)`,
    `  peak RSS                                ${fmt(peakRss / 1024 / 1024)} MB during the run (${fmt(setupPeakRss / 1024 / 1024)} MB while generating the history)`,
    `  targets                                 >= 1,500 DBQL rows/s: ${c.statementsRead / seconds >= 1500 ? 'met' : 'NOT met'}; RSS < 1 GB: ${peakRss < 1024 ** 3 ? 'met' : 'NOT met'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = summary.run.state === 'succeeded' ? 0 : 1;
} finally {
  clearInterval(sampler);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`  database kept at ${file}\n`);
}
