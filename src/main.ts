import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { AdminAuthService } from './admin/admin.module.js';
import { AppModule } from './app.module.js';
import { AppError } from './common/app-error.js';
import { BootQuietLogger } from './common/boot-logger.js';
import { wantsColour, wantsPretty } from './common/logging.js';
import { type BannerFacts, bannerLogLine, passwordFilePath, startupBanner, writePasswordFile } from './common/startup-banner.js';
import type { AppConfig } from './config/app-config.js';
import { loadConfigOrExit } from './config/load-or-exit.js';
import { configureApp } from './http/configure-app.js';
import { ShutdownGate } from './http/shutdown-gate.js';

const SERVER_READ_TIMEOUT_MS = 15_000;
const SERVER_WRITE_TIMEOUT_MS = 60_000;
const SERVER_IDLE_TIMEOUT_MS = 60_000;

/** Exit code of a start-up that failed after the configuration was valid (invalid configuration: 78). 69 = EX_UNAVAILABLE. */
const START_FAILED_EXIT_CODE = 69;

/** Why the service could not start, in one line (the first line of the error's message; a system error's code spelled out). */
function startFailureLine(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const sys = err as NodeJS.ErrnoException;
  const first = err.message.split('\n')[0];
  if (sys.code === 'EADDRINUSE') return `API_PORT ${String((sys as { port?: unknown }).port ?? '')} is already in use by another process (${first})`;
  return err instanceof AppError ? first : `${err.name === 'Error' ? '' : `${err.name}: `}${first}`;
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  let app: NestExpressApplication | undefined;
  try {
    // abortOnError false + autoFlushLogs false: a failure is thrown to us and Nest prints nothing (no coloured stack trace)
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false, abortOnError: false, autoFlushLogs: false });
    await start(app, config);
  } catch (err) {
    // Every start-up failure (embedded file in use, Teradata unreachable, port taken…) is one readable line and exit code 69, never a stack trace
    process.stderr.write(`Lineage could not start: ${startFailureLine(err)}\n`);
    if (config.http.logLevel === 'debug' || config.http.logLevel === 'trace') process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    process.exit(START_FAILED_EXIT_CODE);
  }
}

async function start(app: NestExpressApplication, config: AppConfig): Promise<void> {
  const logger = app.get(Logger);
  app.useLogger(new BootQuietLogger(logger));
  app.flushLogs();
  const gate = new ShutdownGate(app.getHttpServer() as Server);
  app.use(gate.middleware);
  configureApp(app, config);

  const server = await app.listen(config.http.port);
  server.requestTimeout = SERVER_READ_TIMEOUT_MS;
  server.headersTimeout = SERVER_READ_TIMEOUT_MS;
  server.setTimeout(SERVER_WRITE_TIMEOUT_MS);
  server.keepAliveTimeout = SERVER_IDLE_TIMEOUT_MS;
  logger.log(`Lineage listening on port ${config.http.port} (${config.database.engine} engine); Swagger UI at /api/docs`, 'Bootstrap');
  announce(app, config, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests (at most ${config.http.shutdownTimeoutMs} ms)`, 'Bootstrap');
    setTimeout(() => {
      logger.error('Graceful shutdown timed out; exiting', 'Bootstrap');
      process.exit(1);
    }, config.http.shutdownTimeoutMs).unref();
    // readiness 503 and Connection: close at once, idle keep-alive sockets closed; once the in-flight requests
    // finished and every connection closed, Nest's shutdown hooks (population runs cancelled, database closed)
    gate
      .begin()
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error(`Shutdown failed: ${(err as Error).message}`, 'Bootstrap');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * The start-up banner: in a terminal (LOG_FORMAT pretty or auto on a TTY),
 * readable lines after the log with the admin, API docs and health URLs, the
 * data's location and, when ADMIN_PASSWORD is unset, the password generated
 * for this start. With JSON logs, one log line with the same facts; a
 * generated password then goes to a file only its owner can read (0600), never
 * into the log, which is collected and shipped elsewhere.
 */
function announce(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  const db = config.database;
  const pretty = wantsPretty(config.http.logFormat, process.stdout);
  const generated = app.get(AdminAuthService).takeGeneratedPassword();
  const facts: BannerFacts = {
    port: config.http.port,
    engine: db.engine,
    store: db.engine === 'embedded' ? (db.embeddedPath === ':memory:' ? 'in memory' : resolve(db.embeddedPath)) : `${db.host ?? ''}:${db.port}/${db.database}`,
    demo: db.engine === 'embedded' && db.embeddedDemo,
    adminUser: config.admin.user,
  };
  if (pretty) {
    const colour = wantsColour(process.stdout, config.http.noColor);
    process.stdout.write(`${startupBanner({ ...facts, generatedPassword: generated }, (t) => (colour ? `\x1b[1;32m${t}\x1b[0m` : t))}\n`);
    return;
  }
  let passwordFile: string | undefined;
  if (generated) {
    passwordFile = passwordFilePath(db.engine, db.embeddedPath);
    try {
      writePasswordFile(passwordFile, generated);
    } catch (err) {
      logger.warn(`Could not write the generated admin password to ${passwordFile} (${(err as Error).message}): set ADMIN_PASSWORD to sign in`, 'Bootstrap');
      passwordFile = undefined;
    }
  }
  logger.log(bannerLogLine({ ...facts, passwordFile }), 'Bootstrap');
}

await bootstrap();
