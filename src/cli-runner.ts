import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AppError } from './common/app-error.js';
import type { CliCommand, CliOutput } from './common/cli-command.js';
import { pinoParams, prettyStream, wantsColour, wantsPretty } from './common/logging.js';
import { type AppConfig, secretValues } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { loadConfigOrExit } from './config/load-or-exit.js';
import { SchemaBootstrapModule } from './schema/schema.module.js';
import { SchemaService } from './schema/schema.service.js';

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

/** Runs a parsed command line inside a Nest application context (loaded only once the command line is valid). */
export async function runCommand(command: CliCommand, args: { positionals: string[]; values: Record<string, string | boolean | undefined> }, out: CliOutput): Promise<number> {
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
