import type { CliCommand } from '../common/cli-command.js';

/** Placeholder: `schema setup|status|qvci` lands with the schema module. */
export const SCHEMA_COMMAND: CliCommand = {
  name: 'schema',
  summary: 'Create and inspect the OL_* tables (setup, status, qvci)',
  help: 'Usage: npm run lineage -- schema <setup|status|qvci> [--dry-run] [--openlineage] [--openlineage-only]',
  options: { 'dry-run': { type: 'boolean' }, openlineage: { type: 'boolean' }, 'openlineage-only': { type: 'boolean' } },
  async run(_context, _args, out) {
    out.error('schema commands are not available yet');
    return 2;
  },
};
