import type { CliUsage } from '../common/cli-command.js';

const HELP = `Usage: npm run lineage -- schema <setup|status|qvci> [options]

  setup     create the OL_* tables and apply pending migrations (idempotent)
            --openlineage, --openlineage-only   accepted for compatibility; both create the OL_* tables
            --dry-run                            print the DDL that would run and change nothing
  status    present and missing tables, schema version, pending migrations
  qvci      check QVCI (DBC.ColumnsJQV) and print the state with its evidence

Exit code 0 when done (status: the schema is complete), 1 when the command failed,
2 on a bad sub-command or option, 3 from status when tables are missing or migrations pending.`;

/** What `lineage --help` and the option parser need of `schema`, without loading Nest. */
export const SCHEMA_USAGE: CliUsage = {
  name: 'schema',
  summary: 'Create and inspect the OL_* tables (setup, status, qvci)',
  help: HELP,
  options: { 'dry-run': { type: 'boolean' }, openlineage: { type: 'boolean' }, 'openlineage-only': { type: 'boolean' } },
};
