// Population benchmark: a generated DBQL history in a fresh embedded database
// file, populated end to end by the compiled service code (dist/), with the
// real extraction engine. Prints DBQL rows/s, distinct statements/s, peak RSS
// (with MALLOC_ARENA_MAX=2, as npm start and the deployment examples run the service;
// another value in the environment is kept and printed)
// and the time spent reading, extracting and writing.
//
//   npm run bench:population                       50,000 DBQL rows
//   npm run bench:population -- --rows 10000 --seed 7 --batch 2000 --workers 2
//   npm run bench:population -- --teradata         the same run on the Teradata
//     dialect: TeradataAdapter and the Teradata catalogs, each statement answered
//     by its embedded twin (test/support/teradata-on-embedded.mjs) after a parse
//     check; prints the statements sent per million DBQL rows
//   npm run bench:population -- --teradata --flush-rows 500000   POPULATION_FLUSH_ROWS (rows the
//     Teradata path holds before it commits; 0 = every batch)
//   npm run bench:population -- --embedded-flush-rows 8000000   EMBEDDED_POPULATION_FLUSH_ROWS, the same on the
//     embedded engine (the builder's memory at a bound, without the Teradata double's)
//   npm run bench:population -- --teradata --sequence   also prints every statement in the order sent
//     (a run of the same catalog entry as one line with its count): where each commit's statements go
//   npm run bench:population -- --memory-mb 512      the embedded engine's memory limit
//   npm run bench:population -- --days 1             the history over one day
//     (default 7): a busy day's density, as the DBQL slices see it
//   npm run bench:population -- --usage on|off       column usage (issue 21) on or off; by default
//     both, each in a process of its own on a copy of the same history, then the ratio
//   node --expose-gc bench/population.bench.mjs --rows 5000000 --days 1 --setup-only <file>   writes a history
//     and stops (generating a busy day takes ~10 minutes); then, any time later,
//   npm run bench:population -- --rows 5000000 --days 1 --usage on --history-file <copy of file>   runs on it
//     (the file is moved into the run's directory; the window starts at its first row)
import 'reflect-metadata';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    batch: { type: 'string' },
    'flush-rows': { type: 'string' },
    'embedded-flush-rows': { type: 'string' },
    workers: { type: 'string' },
    keep: { type: 'boolean', default: false },
    teradata: { type: 'boolean', default: false },
    sequence: { type: 'boolean', default: false },
    days: { type: 'string', default: '7' },
    'memory-mb': { type: 'string' },
    usage: { type: 'string', default: 'both' },
    // internal: run on a copy of this history instead of generating one (the usage on/off pair)
    'history-file': { type: 'string' },
    // internal: the child process that writes the history (its memory is not the run's)
    'setup-only': { type: 'string' },
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

/** TeradataAdapter over a driver double that answers each Teradata statement with its embedded twin on the bench's file. */
async function teradataOnEmbedded(path, config) {
  const { parse } = await import('@polyglot-sql/sdk');
  const { TeradataOnEmbedded } = await import('../test/support/teradata-on-embedded.mjs');
  const { EmbeddedAdapter } = await imp('teradata/embedded/embedded.adapter.js');
  const { TeradataAdapter } = await imp('teradata/teradata/teradata.adapter.js');
  const names = ['dictionary', 'ingestion', 'lineage', 'ol-store', 'population', 'schema', 'usage'];
  const catalogs = { teradata: {}, embedded: {} };
  for (const dialect of ['teradata', 'embedded']) {
    for (const name of names) {
      const mod = await imp(`teradata/sql/${dialect}/${name}.sql.js`);
      catalogs[dialect][name === 'ol-store' ? 'olStore' : name] = Object.values(mod)[0];
    }
  }
  const embedded = await EmbeddedAdapter.open(path, 4, config.database.embeddedMemoryLimitMb);
  const [{ first }] = await embedded.query('SELECT MIN(CollectTimeStamp) AS first FROM DBC.DBQLogTbl');
  const driver = new TeradataOnEmbedded(embedded, catalogs, parse);
  // the statements are counted, their parameters not kept: the run's memory is then the service's, not the double's records
  driver.keepParams = false;
  const adapter = await TeradataAdapter.connect(config.database, { driver, sleep: async () => undefined });
  return { driver, adapter, embedded, since: first };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const dir = mkdtempSync(join(tmpdir(), 'lineage-bench-population-'));
const file = join(dir, 'lineage.duckdb');
let peakRss = process.memoryUsage().rss;
/** What the process held when RSS peaked: the JS heap, and memory outside it (buffers, the engine's native allocations). */
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = m;
  }
}, 100);

/** Step 1, in a child process: a fresh database with the migrations and the generated history. */
async function setup(path) {
  const { EmbeddedAdapter } = await imp('teradata/embedded/embedded.adapter.js');
  const port = await EmbeddedAdapter.open(path);
  const migrations = join(ROOT, 'database', 'migrations', 'embedded');
  for (const f of readdirSync(migrations).filter((n) => n.endsWith('.sql')).sort()) {
    for (const statement of splitStatements(readFileSync(join(migrations, f), 'utf8'))) await port.execute(statement);
  }
  const demo = await firstExisting(['teradata/embedded/demo/demo-warehouse.loader.js', 'teradata/embedded/demo/demo.loader.js', 'teradata/embedded/demo/load-demo-warehouse.js']);
  // the bench mix: ~70 % repeated BI SELECTs, ~25 % ETL, ~5 % DDL and utilities, a few pathological statements
  // the history ends an hour ago (past DBQL's flush lag), as a day of the log read the next morning would
  const days = Number(values.days);
  const historyStart = new Date(Date.now() - days * 86_400_000 - 3_600_000);
  await demo.loadDemoWarehouse(port, { statements: rows, seed, days, start: historyStart, mix: { bi: 0.7, etl: 0.25, ddl: 0.05 } });
  const [{ n }] = await port.query('SELECT COUNT(*) AS n FROM DBC.DBQLogTbl');
  await port.close();
  return Number(n);
}

/** `--usage both`: one history, then a run with usage off and one with it on, each in its own process (their peak RSS apart). */
async function usagePair() {
  const { copyFileSync } = await import('node:fs');
  const pairDir = mkdtempSync(join(tmpdir(), 'lineage-bench-usage-'));
  try {
    const history = join(pairDir, 'history.duckdb');
    const args = process.argv.slice(2).filter((a, i, all) => a !== '--usage' && all[i - 1] !== '--usage' && !a.startsWith('--usage='));
    const setup = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=20000', import.meta.filename, ...args, '--setup-only', history], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (setup.status !== 0) throw new Error(`history setup failed: ${setup.stderr}`);
    const figures = {};
    for (const mode of ['off', 'on']) {
      const copy = join(pairDir, `run-${mode}.duckdb`);
      copyFileSync(history, copy);
      const run = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...args, '--usage', mode, '--history-file', copy], { encoding: 'utf8', maxBuffer: 1 << 24 });
      process.stdout.write(run.stdout.split('\n').filter((l) => !l.startsWith('BENCH_JSON ')).join('\n'));
      if (run.status !== 0) throw new Error(`the run with usage ${mode} failed: ${run.stderr}`);
      figures[mode] = JSON.parse(/^BENCH_JSON (.*)$/m.exec(run.stdout)[1]);
    }
    const { on, off } = figures;
    process.stdout.write(
      `Usage on vs off: ${fmt(on.rowsPerSecond)} vs ${fmt(off.rowsPerSecond)} DBQL rows/s (${((on.rowsPerSecond / off.rowsPerSecond) * 100).toFixed(0)} %), CPU ${on.cpuSeconds.toFixed(1)} vs ${off.cpuSeconds.toFixed(1)} s, peak RSS ${fmt(on.peakRssMb)} vs ${fmt(off.peakRssMb)} MB; ` +
        `targets with usage on: >= 5,000 rows/s ${on.rowsPerSecond >= 5000 ? 'met' : 'NOT met'}, peak RSS < 1 GB ${on.peakRssMb < 1024 ? 'met' : 'NOT met'}\n`,
    );
  } finally {
    rmSync(pairDir, { recursive: true, force: true });
  }
}

if (values.usage === 'both' && !values['setup-only'] && !values['history-file']) {
  await usagePair();
  process.exit(0);
}

if (values['setup-only']) {
  const dbqlRows = await setup(values['setup-only']);
  process.stdout.write(`${JSON.stringify({ dbqlRows, peakRss: Math.max(peakRss, process.memoryUsage().rss) })}\n`);
  process.exit(0);
}

try {
  // 1. the history, written by a child process: generating it holds every row, which is not what the run holds
  const setupStarted = Date.now();
  let dbqlRows;
  let historyFirst = null;
  let setupPeakRss = 0;
  if (values['history-file']) {
    const { renameSync } = await import('node:fs');
    renameSync(values['history-file'], file);
    const { EmbeddedAdapter } = await imp('teradata/embedded/embedded.adapter.js');
    const port = await EmbeddedAdapter.open(file);
    dbqlRows = Number((await port.query('SELECT COUNT(*) AS n FROM DBC.DBQLogTbl'))[0].n);
    // a history written earlier (a kept one) may start before the first run's lookback: the window starts at its first row
    historyFirst = (await port.query('SELECT MIN(CollectTimeStamp) AS first FROM DBC.DBQLogTbl'))[0].first;
    await port.close();
  } else {
    // a busy day's history does not fit V8's default heap while it is generated
    const child = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=20000', import.meta.filename, ...process.argv.slice(2), '--setup-only', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`history setup failed: ${child.stderr}`);
    ({ dbqlRows, peakRss: setupPeakRss } = JSON.parse(child.stdout.trim().split('\n').pop()));
  }
  const setupMs = Date.now() - setupStarted;
  peakRss = process.memoryUsage().rss;
  atPeak = process.memoryUsage();

  // 2. the population, as `npm run lineage -- populate --dbql` runs it
  const { buildAppConfig } = await imp('config/app-config.js');
  const { loadConfig } = await imp('config/config.loader.js');
  const { ConfigModule } = await imp('config/config.module.js');
  const { PopulationModule } = await imp('population/population.module.js');
  const { SchemaBootstrapModule } = await imp('schema/schema.module.js');
  const { PopulationService } = await imp('population/population.service.js');
  const env = { EMBEDDED_DATABASE_PATH: file, EMBEDDED_DEMO: 'true', LOG_LEVEL: 'warn' };
  if (values.batch) env.POPULATION_BATCH_SIZE = values.batch;
  if (values['flush-rows']) env.POPULATION_FLUSH_ROWS = values['flush-rows'];
  if (values['embedded-flush-rows']) env.EMBEDDED_POPULATION_FLUSH_ROWS = values['embedded-flush-rows'];
  if (values.workers) env.EXTRACTION_WORKERS = values.workers;
  if (values['memory-mb']) env.EMBEDDED_MEMORY_LIMIT_MB = values['memory-mb'];
  env.USAGE_ENABLED = values.usage === 'off' ? 'false' : 'true';
  let teradata = null;
  if (values.teradata) Object.assign(env, { TERADATA_HOST: 'td.bench.invalid', TERADATA_PASSWORD: 'bench' });
  const config = buildAppConfig(loadConfig({ env }));
  class BenchModule {}
  Module({ imports: [ConfigModule.forRoot(config), SchemaBootstrapModule.forRoot({ autoMigrate: false }), PopulationModule] })(BenchModule);
  let app;
  let since;
  if (values.teradata) {
    teradata = await teradataOnEmbedded(file, config);
    since = teradata.since;
    const { Test } = await import('@nestjs/testing');
    const { DatabasePort } = await imp('teradata/database.port.js');
    Logger.overrideLogger(['error', 'warn']);
    const module = await Test.createTestingModule({ imports: [BenchModule] }).overrideProvider(DatabasePort).useValue(teradata.adapter).compile();
    app = await module.init();
  } else {
    app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
    if (historyFirst) since = historyFirst;
  }
  // the curve: at each milestone of DBQL rows read, the run's peak RSS so far, its JS heap and, on the embedded engine, what DuckDB holds
  const { DatabasePort } = await imp('teradata/database.port.js');
  const store = teradata ? teradata.embedded : app.get(DatabasePort);
  const milestones = [50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 10_000_000];
  const curve = [];
  let probing = false;
  const onProgress = (p) => {
    const read = p.counts.statementsRead;
    if (probing || milestones.length === 0 || read < milestones[0]) return;
    while (milestones.length > 0 && read >= milestones[0]) milestones.shift();
    const m = process.memoryUsage();
    // the heap's live part: what a full collection leaves (node --expose-gc, as npm run bench:population starts it)
    globalThis.gc?.();
    const live = process.memoryUsage().heapUsed;
    const point = { read, seconds: (Date.now() - started) / 1000, rss: m.rss, peak: Math.max(peakRss, m.rss), heap: m.heapUsed, live, engine: null };
    curve.push(point);
    probing = true;
    store
      .query('SELECT tag, memory_usage_bytes AS used, temporary_storage_bytes AS spilled FROM duckdb_memory()')
      .then((rows) => {
        const mb = (n) => Number(n) / 1024 / 1024;
        const tags = rows.filter((r) => mb(r.used) >= 1).map((r) => `${r.tag.toLowerCase()} ${fmt(mb(r.used))}`);
        point.engine = { used: rows.reduce((a, r) => a + Number(r.used), 0), spilled: rows.reduce((a, r) => a + Number(r.spilled), 0), tags };
      })
      .catch(() => undefined)
      .finally(() => (probing = false));
  };
  const started = Date.now();
  const cpuStarted = process.cpuUsage();
  const summary = await app.get(PopulationService).run({ method: 'dbql', trigger: 'cli', onProgress, ...(since ? { since } : {}) });
  const seconds = (Date.now() - started) / 1000;
  // CPU time of the whole process (main thread, extraction workers, the engine's threads): the work done, less sensitive than wall time to a busy machine
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await app.close();
  if (teradata) {
    await teradata.adapter.close();
    await teradata.embedded.close();
  }
  clearInterval(sampler);

  const c = summary.run.counts;
  const t = summary.timings;
  const lines = [
    `Population bench: ${fmt(Number(dbqlRows))} DBQL rows over ${values.days} day(s) (seed ${seed}), column usage ${config.usage.enabled ? 'on' : 'off'}, batch ${config.population.batchSize}${values.teradata ? `, flush at ${fmt(config.population.flushRows)} rows held` : ''}, ${config.population.extractionWorkers} extraction workers, deadline ${config.population.extractionDeadlineMs} ms, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}`,
    `  setup (migrations + generated history)  ${(setupMs / 1000).toFixed(1)} s`,
    `  run state                               ${summary.run.state}${summary.error ? ` (${summary.error.message})` : ''}`,
    `  end to end                              ${seconds.toFixed(1)} s`,
    `  DBQL rows/s                             ${fmt(c.statementsRead / seconds)}`,
    `  CPU time (all threads)                  ${cpuSeconds.toFixed(1)} s (${fmt(c.statementsRead / cpuSeconds)} DBQL rows per CPU second; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
    `  distinct statements extracted           ${fmt(summary.distinctStatements)} (${fmt(summary.distinctStatements / seconds)}/s)`,
    `  read / parsed / skipped                 ${fmt(c.statementsRead)} / ${fmt(c.statementsParsed)} / ${fmt(c.statementsSkipped)} (${summary.skipReasons.map((r) => `${r.reason} ${r.count}`).join(', ')})`,
    `  failed / timed out                      ${fmt(c.statementsFailed)} / ${fmt(c.statementsTimedOut)} (${summary.failureReasons.map((r) => `${r.reason} ${r.count}`).join(', ')})`,
    `  edges written                           ${fmt(c.edgesWritten)}; runs ${fmt(summary.writes.runs.inserted)}, jobs ${fmt(summary.writes.jobs.inserted)}, datasets ${fmt(summary.writes.datasets.inserted)}`,
    `  time reading / extracting / writing     ${(t.readMs / 1000).toFixed(1)} s / ${(t.extractMs / 1000).toFixed(1)} s / ${(t.writeMs / 1000).toFixed(1)} s (overlapping)`,
    `  peak RSS                                ${fmt(peakRss / 1024 / 1024)} MB during the run (the history was generated by another process, peak ${fmt(setupPeakRss / 1024 / 1024)} MB); at the peak: JS heap ${fmt(atPeak.heapUsed / 1024 / 1024)} MB, array buffers ${fmt(atPeak.arrayBuffers / 1024 / 1024)} MB, the rest (engine, threads, code) ${fmt((atPeak.rss - atPeak.heapTotal - atPeak.external) / 1024 / 1024)} MB`,
    ...curve.map(
      (p) =>
        `  RSS at ${fmt(p.read).padStart(9)} rows read              ${fmt(p.rss / 1024 / 1024)} MB (peak so far ${fmt(p.peak / 1024 / 1024)} MB, JS heap ${fmt(p.heap / 1024 / 1024)} MB, ${fmt(p.live / 1024 / 1024)} MB live${p.engine ? `, engine buffers ${fmt(p.engine.used / 1024 / 1024)} MB, spilled ${fmt(p.engine.spilled / 1024 / 1024)} MB: ${p.engine.tags.join(', ')}` : ''}) after ${p.seconds.toFixed(0)} s`,
    ),
    `  targets (a busy day)                    >= 8,000 DBQL rows/s: ${c.statementsRead / seconds >= 8000 ? "met" : "NOT met"}; run peak RSS < 1 GB: ${peakRss < 1024 ** 3 ? "met" : "NOT met"}`,
  ];
  if (teradata) {
    const { driver } = teradata;
    const perMillion = (n) => fmt((n * 1_000_000) / c.statementsRead);
    const reads = driver.count('population.dbqlSlice');
    lines.splice(1, 0, '  engine                                  Teradata dialect (TeradataAdapter + Teradata catalogs), answered by the embedded engine');
    lines.push(
      `  statements sent                         ${fmt(driver.recorded.length)} (${fmt(driver.commits)} commits, ${fmt(driver.count('population.upsertWatermark'))} of them moving a watermark); ${driver.unparsed.length} did not parse as Teradata`,
      `  per million DBQL rows                   ${perMillion(driver.recorded.length)} statements: ${perMillion(reads)} DBQL slice reads, ${perMillion(driver.count('olStore.'))} OL_* writes, ${perMillion(driver.count('population.') - reads)} run bookkeeping, ${perMillion(driver.count('dictionary.') + driver.count('schema.'))} dictionary`,
      `  target                                  <= 100 DBQL reads per million rows: ${(reads * 1_000_000) / c.statementsRead <= 100 ? 'met' : 'NOT met'}; <= 100 statements of any kind: ${(driver.recorded.length * 1_000_000) / c.statementsRead <= 100 ? 'met' : 'NOT met'} (${fmt(driver.commits)} commits, POPULATION_FLUSH_ROWS ${fmt(config.population.flushRows)}; ${perMillion(driver.count('usage.'))} usage writes per million)`,
    );
    // where the statements went: the most frequent catalog entries
    const byName = new Map();
    for (const r of driver.recorded) byName.set(r.name, (byName.get(r.name) ?? 0) + 1);
    const top = [...byName].sort((a, b) => b[1] - a[1]);
    lines.push(`  most sent                               ${top.map(([name, n]) => `${name} ${fmt(n)}`).join(', ')}`);
    if (values.sequence) {
      const runs = [];
      const commitsAt = new Set(driver.commitsAt);
      for (const [i, r] of driver.recorded.entries()) {
        if (commitsAt.has(i)) runs.push({ name: '-- COMMIT', n: 1 });
        const last = runs.at(-1);
        if (last && last.name === r.name) last.n++;
        else runs.push({ name: r.name, n: 1 });
      }
      if (commitsAt.has(driver.recorded.length)) runs.push({ name: '-- COMMIT', n: 1 });
      lines.push('  in the order sent', ...runs.map((r) => `    ${r.name}${r.n > 1 ? ` x${r.n}` : ''}`));
    }
    for (const u of driver.unparsed.slice(0, 3)) lines.push(`    not Teradata: ${u.sql.slice(0, 120)} (${u.error})`);
  }
  if (config.usage.enabled && !teradata) {
    const [u] = await (async () => {
      const { EmbeddedAdapter } = await imp('teradata/embedded/embedded.adapter.js');
      const port = await EmbeddedAdapter.open(file);
      const rows = await port.query('SELECT (SELECT COUNT(*) FROM OL_FIELD_USAGE_DAY) AS fields, (SELECT COUNT(*) FROM OL_DATASET_USAGE_DAY) AS datasets, (SELECT SUM(read_count) FROM OL_DATASET_USAGE_DAY WHERE via_view = \'N\') AS reads');
      await port.close();
      return rows;
    })();
    lines.push(`  usage rows written                      ${fmt(Number(u.fields))} field-days, ${fmt(Number(u.datasets))} dataset-days (${fmt(Number(u.reads ?? 0))} table reads counted)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ rowsPerSecond: c.statementsRead / seconds, peakRssMb: peakRss / 1024 / 1024, cpuSeconds })}\n`);
  process.exitCode = summary.run.state === 'succeeded' ? 0 : 1;
} finally {
  clearInterval(sampler);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`  database kept at ${file}\n`);
}
