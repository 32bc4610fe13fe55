import type { CliUsage } from '../common/cli-command.js';

/** Attempts per batch of `populate --emit-only` before it reports the events undelivered (waits 1, 2, 4, 8 s between, at most OPENLINEAGE_RETRY_MAX_SECONDS). */
export const EMIT_ONLY_ATTEMPTS = 5;

const HELP = `Usage: npm run lineage -- populate (--dbql [--since ISO] [--until ISO] | --views [--since ISO] | --fixtures) [--dry-run]
       npm run lineage -- populate --emit-only --since ISO [--until ISO]

  --dbql        mine the DBQL query log (DBC.DBQLogTbl + DBC.DBQLSQLTbl); each run first reads
                the view definitions changed since the last one (POPULATION_VIEW_DEFINITIONS)
  --views       mine the view definitions of the dictionary (DBC.TablesV.RequestText, SHOW VIEW
                where it is cut) changed since the last run
  --fixtures    write the demo warehouse's known mappings (database/fixtures/demo-mappings.json)
  --since ISO   window start (DBQL StartTime, or for --views LastAlterTimeStamp; inclusive),
                e.g. 2026-01-31 or 2026-01-31T08:00:00Z; without it the run continues from the
                stored watermark, with it the watermark stays where it is
  --until ISO   DBQL window end (exclusive); default now
  --dry-run     show what would be written (counts, a sample of edges); write nothing
  --emit-only   mine nothing: send again to OPENLINEAGE_URL the OpenLineage events of the
                finished population runs started in [--since, --until) (docs/openlineage.md);
                the consumer keeps one copy of what it already has

Only one run at a time across replicas: a second start is refused.
Ctrl-C (or SIGTERM) cancels the run: it is recorded as cancelled, the lock is released.
Exit code 0 when the run succeeded, 1 when it failed or could not start, 2 on bad options,
130 after Ctrl-C (SIGINT), 143 after SIGTERM. With --emit-only: 0 when every event was
delivered, 1 when some were not (after ${EMIT_ONLY_ATTEMPTS} attempts per batch) or were refused.`;

/** What `lineage --help` and the option parser need of `populate`, without loading the population module. */
export const POPULATE_USAGE: CliUsage = {
  name: 'populate',
  summary: 'Populate lineage from DBQL, from view definitions or from the demo fixtures',
  help: HELP,
  options: { dbql: { type: 'boolean' }, views: { type: 'boolean' }, fixtures: { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'emit-only': { type: 'boolean' } },
};
