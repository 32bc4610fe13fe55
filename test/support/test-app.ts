import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../src/app.module.js';
import { type AppConfig, buildAppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/config.loader.js';
import { configureApp } from '../../src/http/configure-app.js';
import { LineageIndexService } from '../../src/lineage/lineage-index.service.js';
import { BUSY_MACHINE_DEADLINE_MS } from './busy-machine.js';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly config: AppConfig;
  /** Base URL of the listening server (real HTTP over loopback). */
  readonly url: string;
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * The whole service as main.ts builds it, on an embedded database in a temp
 * folder, listening on an ephemeral loopback port. `env` overrides the
 * configuration exactly as environment variables would; `options.port`
 * listens on that port instead (a consumer started where a producer already
 * sends).
 */
export async function startTestApp(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-app-'));
  const config = buildAppConfig(
    loadConfig({
      env: {
        EMBEDDED_DATABASE_PATH: join(dir, 'lineage.duckdb'),
        EMBEDDED_DEMO: 'false',
        REDIS_ADDR: '',
        LOG_LEVEL: 'silent',
        QVCI_CHECK_SCHEDULE: '',
        EXTRACTION_DEADLINE_MS: BUSY_MACHINE_DEADLINE_MS,
        ...env,
      },
    }),
  );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(options.port ?? 0, '127.0.0.1');
  // As a load balancer waits for /health/ready: lineage routes answer 503 until the index is built (a few ms here).
  // A store without the OL_* tables never gets one; a few attempts, then the test sees what the service does.
  const indexes = app.get(LineageIndexService);
  for (let attempt = 0; attempt < 20 && !indexes.current(); attempt++) {
    await indexes.refresh();
    if (!indexes.current()) await new Promise((r) => setTimeout(r, 25));
  }
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
