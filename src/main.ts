import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AppError } from './common/app-error.js';
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
  app.useLogger(logger);
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

await bootstrap();
