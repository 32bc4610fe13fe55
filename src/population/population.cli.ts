import type { CliCommand } from '../common/cli-command.js';

/** Placeholder: `populate --dbql|--fixtures` lands with the population module. */
export const POPULATE_COMMAND: CliCommand = {
  name: 'populate',
  summary: 'Populate lineage from DBQL or from the demo fixtures',
  help: 'Usage: npm run lineage -- populate (--dbql [--since ISO] [--until ISO] | --fixtures) [--dry-run]',
  options: { dbql: { type: 'boolean' }, fixtures: { type: 'boolean' }, since: { type: 'string' }, until: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(_context, _args, out) {
    out.error('populate is not available yet');
    return 2;
  },
};
