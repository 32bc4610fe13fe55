import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { COMMANDS } from './cli.commands.js';
import { AppError } from './common/app-error.js';
import type { CliCommand, CliOutput } from './common/cli-command.js';
import { closest, unknownOption } from './common/cli-suggest.js';
import { pinoParams, prettyStream, wantsColour, wantsPretty } from './common/logging.js';
import { type AppConfig, secretValues } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { loadConfigOrExit } from './config/load-or-exit.js';
import { SchemaBootstrapModule } from './schema/schema.module.js';
import { SchemaService } from './schema/schema.service.js';

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
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
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

/** The modules a command needs, without the HTTP layer. */
function cliModule(config: AppConfig, command: CliCommand, verbose: boolean, dryRun: boolean): DynamicModule {
  @Module({})
  class CliModule {}
  // The command's own words on stdout; the service's log on stderr only for warnings and errors, unless --verbose.
  const quiet = verbose ? config.http.logLevel : config.http.logLevel === 'info' || config.http.logLevel === 'debug' || config.http.logLevel === 'trace' ? 'warn' : config.http.logLevel;
  return {
    module: CliModule,
    imports: [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(pinoParams(quiet, secretValues(config), wantsPretty(config.http.logFormat, process.stderr) ? prettyStream(2, wantsColour(process.stderr, config.http.noColor)) : process.stderr)),
      // Schema commands inspect and migrate themselves; every other command gets an up-to-date embedded database, except a dry run, which changes nothing.
      SchemaBootstrapModule.forRoot({ autoMigrate: command.name !== 'schema' && !dryRun, readOnly: dryRun }),
      ...(command.modules?.(config) ?? []),
    ],
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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const meant = closest(name, COMMANDS.map((c) => c.name));
    out.error(`Unknown command "${name}".${meant ? ` Did you mean "${meant}"?` : ''}\n\n${usage()}`);
    return 2;
  }
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
  const config = loadConfigOrExit();
  const dryRun = command.name !== 'schema' && args.values['dry-run'] === true;
  let context;
  try {
    // autoFlushLogs false: a failure to start is our one line below, not Nest's coloured stack trace
    context = await NestFactory.createApplicationContext(cliModule(config, command, args.values.verbose === true, dryRun), { bufferLogs: true, abortOnError: false, autoFlushLogs: false });
    context.useLogger(context.get(Logger));
    context.flushLogs();
  } catch (err) {
    out.error(`Error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return 1;
  }
  try {
    if (dryRun) {
      // A dry run changes nothing, the schema included: it says what setup it needs instead of applying it.
      const status = await context.get(SchemaService, { strict: false }).status();
      const missing = status.tables.filter((t) => !t.present).length;
      if (missing > 0 || status.pendingMigrations.length > 0) {
        out.error(
          `A dry run changes nothing, the schema included, and this database's OL_* schema needs setup first (${missing} tables missing, ` +
            `${status.pendingMigrations.length} migrations pending): run \`npx lineage schema setup\` (a run without --dry-run sets it up too).`,
        );
        return 1;
      }
    }
    return await command.run(context, args, out);
  } catch (err) {
    if (err instanceof AppError) {
      out.error(`Error [${err.code}]: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await context.close();
  }
}

// Output piped into a command that stopped reading (`| head`): stop quietly, as command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
