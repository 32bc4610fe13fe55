import type { CliEntry } from './common/cli-command.js';
import { POPULATE_USAGE } from './population/population.cli-usage.js';
import { SCHEMA_USAGE } from './schema/schema.cli-usage.js';

/**
 * The CLI's command registry, in its own file so tests can read it (cli.ts runs on import). Each command's
 * implementation is imported only when that command runs, so `--help`, `--version` and a mistyped command answer
 * without loading Nest.
 */
export const COMMANDS: readonly CliEntry[] = [
  { usage: SCHEMA_USAGE, load: async () => (await import('./schema/schema.cli.js')).SCHEMA_COMMAND },
  { usage: POPULATE_USAGE, load: async () => (await import('./population/population.cli.js')).POPULATE_COMMAND },
];
