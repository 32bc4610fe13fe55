import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { COMMANDS } from './cli.commands.js';
import { AppError } from './common/app-error.js';
import type { CliCommand, CliOutput } from './common/cli-command.js';
import { pinoParams } from './common/logging.js';
import { type AppConfig, secretValues } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { loadConfigOrExit } from './config/load-or-exit.js';
import { SchemaBootstrapModule } from './schema/schema.module.js';

function usage(): string {
  return [
    'Usage: npm run lineage -- <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `npm run lineage -- <command> --help` for a command\'s options.',
    'Configuration comes from the environment, .env and config.yaml (see .env.example).',
  ].join('\n');
}

function consoleOutput(): CliOutput {
  const tty = process.stdout.isTTY === true;
  let lastProgress = 0;
  return {
    line: (text = '') => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    progress: (text) => {
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
function cliModule(config: AppConfig, command: CliCommand): DynamicModule {
  @Module({})
  class CliModule {}
  const quiet = config.http.logLevel === 'info' ? 'warn' : config.http.logLevel;
  return {
    module: CliModule,
    imports: [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(pinoParams(quiet, secretValues(config), process.stderr)),
      // Schema commands inspect and migrate themselves; every other command gets an up-to-date embedded database.
      SchemaBootstrapModule.forRoot({ autoMigrate: command.name !== 'schema' }),
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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let args: { positionals: string[]; values: Record<string, string | boolean | undefined> };
  try {
    args = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as typeof args;
  } catch (err) {
    out.error(`${(err as Error).message}\n\n${command.help}`);
    return 2;
  }
  if (args.values.help) {
    out.line(command.help);
    return 0;
  }
  const config = loadConfigOrExit();
  let context;
  try {
    // autoFlushLogs false: a failure to start is our one line below, not Nest's coloured stack trace
    context = await NestFactory.createApplicationContext(cliModule(config, command), { bufferLogs: true, abortOnError: false, autoFlushLogs: false });
    context.useLogger(context.get(Logger));
    context.flushLogs();
  } catch (err) {
    out.error(`Error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return 1;
  }
  try {
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

process.exitCode = await main(process.argv.slice(2));
