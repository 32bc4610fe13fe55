import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AppError } from './common/app-error.js';
import { loadConfigOrExit } from './config/load-or-exit.js';
import { configureApp } from './http/configure-app.js';

const SERVER_READ_TIMEOUT_MS = 15_000;
const SERVER_WRITE_TIMEOUT_MS = 60_000;
const SERVER_IDLE_TIMEOUT_MS = 60_000;

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  } catch (err) {
    // A known failure (embedded file in use, Teradata unreachable…) is one readable line, not a stack trace.
    if (err instanceof AppError) {
      process.stderr.write(`Lineage could not start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.flushLogs();
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
    server.closeIdleConnections();
    app
      .close()
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
