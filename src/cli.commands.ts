import type { CliCommand } from './common/cli-command.js';
import { POPULATE_COMMAND } from './population/population.cli.js';
import { SCHEMA_COMMAND } from './schema/schema.cli.js';

/** The CLI's command registry, in its own file so tests can read it (cli.ts runs on import). */
export const COMMANDS: readonly CliCommand[] = [SCHEMA_COMMAND, POPULATE_COMMAND];
