import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS } from './cli.commands.js';
import type { CliOutput } from './common/cli-command.js';
import { closest, unknownOption } from './common/cli-suggest.js';

/** Every exit code of the CLI (commands' own help repeats theirs). */
const EXIT_CODES = [
  ['0', 'done'],
  ['1', 'the command failed (a failed run, an unreachable database: one line says why)'],
  ['2', 'bad command line (unknown command or option, a bad value)'],
  ['3', 'schema status: the OL_* schema is incomplete (tables missing or migrations pending)'],
  ['78', 'invalid configuration (every bad variable named)'],
  ['130', 'interrupted by Ctrl-C (SIGINT); a population run is recorded as cancelled'],
  ['143', 'stopped by SIGTERM; likewise'],
] as const;

function usage(): string {
  return [
    'Usage: npx lineage <command> [options]      (or: npm run lineage -- <command> [options])',
    '',
    'Commands:',
    ...COMMANDS.map(({ usage: c }) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options:',
    '  --help, -h      this help; `npx lineage <command> --help` for a command\'s options',
    '  --version, -V   the version',
    '  --verbose       with a command: the service\'s log lines on stderr too (LOG_LEVEL, default info)',
    '',
    'Exit codes:',
    ...EXIT_CODES.map(([code, meaning]) => `  ${code.padEnd(4)} ${meaning}`),
    '',
    'Configuration comes from the environment, .env and config.yaml (see .env.example).',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return `lineage ${pkg.version}`;
}

function consoleOutput(): CliOutput {
  const tty = process.stdout.isTTY === true;
  let lastProgress = 0;
  return {
    line: (text = '') => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    progress: (text, final = false) => {
      if (final) {
        process.stdout.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
        return;
      }
      if (tty) {
        process.stdout.write(`\r\x1b[2K${text}`);
        return;
      }
      const now = Date.now();
      if (now - lastProgress >= 2000) {
        lastProgress = now;
        process.stdout.write(`${text}\n`);
      }
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const out = consoleOutput();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.line(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    out.line(version());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.usage.name === name);
  if (!entry) {
    const meant = closest(name, COMMANDS.map((c) => c.usage.name));
    out.error(`Unknown command "${name}".${meant ? ` Did you mean "${meant}"?` : ''}\n\n${usage()}`);
    return 2;
  }
  const command = entry.usage;
  let args: { positionals: string[]; values: Record<string, string | boolean | undefined> };
  const options = { ...command.options, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } } as const;
  try {
    args = parseArgs({ args: rest, options, allowPositionals: true, strict: true }) as typeof args;
  } catch (err) {
    const message = (err as Error).message;
    const typed = unknownOption(message);
    const meant = typed ? closest(typed, Object.keys(options).map((o) => `--${o}`)) : undefined;
    out.error(`${typed ? `Unknown option ${typed}.${meant ? ` Did you mean ${meant}?` : ''}` : message}\n\n${command.help}`);
    return 2;
  }
  if (args.values.help) {
    out.line(command.help);
    return 0;
  }
  return (await import('./cli-runner.js')).runCommand(await entry.load(), args, out);
}

// Output piped into a command that stopped reading (`| head`): stop quietly, as command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
