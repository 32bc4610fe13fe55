import type { CliCommand, CliOutput } from '../common/cli-command.js';
import { AppError } from '../common/app-error.js';
import { OpenLineageEmitModule } from '../openlineage-emit/openlineage-emit.module.js';
import { OpenLineageEmitter } from '../openlineage-emit/openlineage-emitter.service.js';
import { EMIT_ONLY_ATTEMPTS, POPULATE_USAGE } from './population.cli-usage.js';
import { PopulationInvalidOptionsError } from './population.errors.js';
import { PopulationModule } from './population.module.js';
import { PopulationService } from './population.service.js';
import type { PopulationProgress, PopulationSummary } from './population.types.js';

/** Exit code after a signal cancelled the run: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type CancelSignal = keyof typeof SIGNAL_EXIT_CODES;

/** Parses an ISO date (taken as UTC midnight) or date-time. */
export function parseWhen(name: string, value: string | boolean | undefined): Date | undefined {
  if (value === undefined || value === false) return undefined;
  const text = String(value).trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    throw new PopulationInvalidOptionsError(`--${name} "${text}" is not an ISO date or date-time (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)`);
  }
  const iso = text.length === 10 ? `${text}T00:00:00Z` : text.replace(' ', 'T');
  // without a zone the time is UTC (DBQL StartTime is logged in the database's time zone, usually UTC)
  const date = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(date.getTime())) throw new PopulationInvalidOptionsError(`--${name} "${text}" is not a valid date/time`);
  return date;
}

function bar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** The bar's line; `done` fills it (a run that succeeded read its whole window, whatever its last progress said). */
function progressLine(p: Pick<PopulationProgress, 'counts' | 'position' | 'windowSince' | 'windowUntil'>, done = false): string {
  const c = p.counts;
  let fraction = done ? 1 : 0;
  if (!done && p.position && p.windowSince && p.windowUntil && p.windowUntil > p.windowSince) {
    fraction = (p.position.getTime() - p.windowSince.getTime()) / (p.windowUntil.getTime() - p.windowSince.getTime());
  }
  return `${bar(fraction)} ${Math.round(fraction * 100)}%  read ${c.statementsRead}  parsed ${c.statementsParsed}  skipped ${c.statementsSkipped}  failed ${c.statementsFailed}  timed out ${c.statementsTimedOut}  edges ${c.edgesWritten}`;
}

export function printSummary(summary: PopulationSummary, out: CliOutput): void {
  const { run } = summary;
  const c = run.counts;
  const w = summary.writes;
  out.line(`Population run ${run.runId} (${run.method}${run.dryRun ? ', dry run' : ''}): ${run.state}`);
  if (run.windowSince || run.windowUntil) out.line(`  window            ${run.windowSince?.toISOString() ?? '…'} → ${run.windowUntil?.toISOString() ?? '…'}`);
  out.line(`  statements read   ${c.statementsRead}${run.method === 'views' ? ' (view definitions)' : ''}`);
  out.line(`  parsed            ${c.statementsParsed} (${summary.distinctStatements} distinct statements extracted)`);
  out.line(`  skipped           ${c.statementsSkipped}${summary.skipReasons.length ? ` (${summary.skipReasons.map((r) => `${r.reason} ${r.count}`).join(', ')})` : ''}`);
  out.line(`  failed            ${c.statementsFailed}`);
  out.line(`  timed out         ${c.statementsTimedOut}`);
  if (run.method !== 'views' && summary.views.read > 0) {
    out.line(`  view definitions  ${summary.views.read} read, ${summary.views.parsed} parsed, ${summary.views.failed} failed`);
  }
  for (const r of summary.failureReasons) out.line(`    ${r.reason.padEnd(32)} ${r.count}`);
  const verb = run.dryRun ? 'would write' : 'written';
  out.line(`  edges ${verb.padEnd(11)} ${run.dryRun ? w.edges.inserted : c.edgesWritten}${run.dryRun ? '' : ` new, ${w.edges.present} already present`}${w.edgesDeactivated ? `, ${w.edgesDeactivated} deactivated` : ''}${w.edgesReactivated ? `, ${w.edgesReactivated} reactivated` : ''}`);
  out.line(
    `  rows ${run.dryRun ? 'offered' : 'new/present'}  datasets ${w.datasets.inserted}/${w.datasets.present}, fields ${w.fields.inserted}/${w.fields.present}, jobs ${w.jobs.inserted}/${w.jobs.present}, runs ${w.runs.inserted}/${w.runs.present}`,
  );
  if (summary.sampleEdges.length > 0) {
    out.line('  sample of edges:');
    for (const e of summary.sampleEdges) out.line(`    ${e.source} → ${e.target}  (${e.transformation})`);
  }
  const t = summary.timings;
  out.line(`  time              ${(t.totalMs / 1000).toFixed(1)} s (read ${(t.readMs / 1000).toFixed(1)} s, extract ${(t.extractMs / 1000).toFixed(1)} s, write ${(t.writeMs / 1000).toFixed(1)} s)`);
  if (run.dryRun) out.line('  dry run: nothing was written (no lineage rows, watermark unchanged)');
}

export const POPULATE_COMMAND: CliCommand = {
  ...POPULATE_USAGE,
  modules: () => [PopulationModule, OpenLineageEmitModule],
  async run(context, args, out) {
    const { values } = args;
    if (values['emit-only'] === true) return emitOnly(context.get(OpenLineageEmitter), values, out);
    const methods = (['dbql', 'views', 'fixtures'] as const).filter((m) => values[m] === true);
    if (methods.length !== 1) {
      out.error(`Choose one of --dbql, --views or --fixtures.\n\n${POPULATE_USAGE.help}`);
      return 2;
    }
    let since: Date | undefined;
    let until: Date | undefined;
    try {
      since = parseWhen('since', values.since);
      until = parseWhen('until', values.until);
      if (since && until && since >= until) throw new PopulationInvalidOptionsError(`--since (${since.toISOString()}) must be before --until (${until.toISOString()})`);
    } catch (err) {
      out.error((err as Error).message);
      return 2;
    }
    const population = context.get(PopulationService);
    // Ctrl-C (SIGINT) or SIGTERM cancels the run as the admin page's cancel does: recorded 'cancelled', lock released; a second one exits at once
    const cancel = new AbortController();
    let received: CancelSignal | null = null;
    const onSignal = (signal: CancelSignal): void => {
      if (received) process.exit(SIGNAL_EXIT_CODES[signal]);
      received = signal;
      out.progress('');
      out.error(`${signal} received: cancelling the run (again to exit at once)`);
      cancel.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let summary: PopulationSummary;
    try {
      summary = await population.run({
        method: methods[0],
        trigger: 'cli',
        since,
        until,
        dryRun: values['dry-run'] === true,
        onProgress: (p) => out.progress(progressLine(p)),
        signal: cancel.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (summary.run.state === 'succeeded') {
      out.progress(progressLine({ counts: summary.run.counts, position: null, windowSince: null, windowUntil: null }, true), true);
    } else out.progress('');
    printSummary(summary, out);
    if (summary.error) {
      const e = summary.error;
      out.error(e instanceof AppError ? `Error [${e.code}]: ${e.message}` : `Error: ${e.message}`);
    }
    if (received) return SIGNAL_EXIT_CODES[received];
    return summary.run.state === 'succeeded' ? 0 : 1;
  },
};

/** `populate --emit-only`: re-sends the events of the population runs started in the window; mines nothing. */
async function emitOnly(emitter: OpenLineageEmitter, values: Record<string, string | boolean | undefined>, out: CliOutput): Promise<number> {
  if ((['dbql', 'views', 'fixtures', 'dry-run'] as const).some((o) => values[o] === true)) {
    out.error('--emit-only mines nothing: it takes --since and --until only.');
    return 2;
  }
  if (!emitter.enabled) {
    out.error('--emit-only needs OPENLINEAGE_URL (the consumer to send to).');
    return 2;
  }
  let since: Date | undefined;
  let until: Date;
  try {
    since = parseWhen('since', values.since);
    until = parseWhen('until', values.until) ?? new Date();
  } catch (err) {
    out.error((err as Error).message);
    return 2;
  }
  if (!since) {
    out.error('--emit-only needs --since (the start of the window of population runs to send again).');
    return 2;
  }
  if (since >= until) {
    out.error(`--since (${since.toISOString()}) must be before --until (${until.toISOString()})`);
    return 2;
  }
  const result = await emitter.resend(since, until, { maxAttempts: EMIT_ONLY_ATTEMPTS });
  out.line(`OpenLineage: ${result.runs} population run(s) started ${since.toISOString()} → ${until.toISOString()} sent to ${emitter.config.target}`);
  out.line(`  events delivered  ${result.delivered}`);
  out.line(`  refused           ${result.rejected}`);
  out.line(`  not delivered     ${result.undelivered}`);
  return result.undelivered === 0 && result.rejected === 0 ? 0 : 1;
}
