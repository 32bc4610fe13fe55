import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../../src/app.module.js';
import { type AppConfig, buildAppConfig } from '../../../src/config/app-config.js';
import { loadConfig } from '../../../src/config/config.loader.js';
import { configureApp } from '../../../src/http/configure-app.js';
import { ExportService } from '../../../src/lineage/export/export.service.js';
import { LineageExportController } from '../../../src/lineage/export/lineage-export.controller.js';
import { IngestionRepository } from '../../../src/lineage/ingestion/ingestion.repository.js';
import { OpenLineageIngestionController } from '../../../src/lineage/ingestion/openlineage-ingestion.controller.js';
import { OpenLineageIngestionService } from '../../../src/lineage/ingestion/openlineage-ingestion.service.js';
import { PROJECT_ROOT } from '../../support/test-database.js';
import type { TestApp } from '../../support/test-app.js';

export const API_KEY = 'test-key-123456';
export const GOLDEN_DIR = join(PROJECT_ROOT, 'test', 'golden', 'openlineage');

/** A golden file, parsed afresh (tests may change their copy). */
export function golden<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, `${name}.json`), 'utf8')) as T;
}

/** The export and ingestion controllers and their providers, for as long as LineageModule does not register them. */
@Module({})
class IngestionHarnessModule {
  static around(config: AppConfig): DynamicModule {
    return {
      module: IngestionHarnessModule,
      imports: [AppModule.forRoot(config)],
      controllers: [OpenLineageIngestionController, LineageExportController],
      providers: [OpenLineageIngestionService, IngestionRepository, ExportService],
    };
  }
}

function isWired(app: NestExpressApplication): boolean {
  try {
    app.get(OpenLineageIngestionService, { strict: false });
    app.get(ExportService, { strict: false });
    return true;
  } catch {
    return false;
  }
}

/**
 * The whole service as main.ts builds it (AppModule.forRoot + configureApp)
 * on a fresh embedded database, over real HTTP. When AppModule does not
 * serve the ingestion and export routes yet, the same app is built with
 * those controllers and providers added around it (LineageModule is global,
 * so LineageService and the API key guard apply to them as well).
 */
export async function startIngestionApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lineage-ingest-'));
  const config = buildAppConfig(
    loadConfig({
      env: {
        EMBEDDED_DATABASE_PATH: join(dir, 'lineage.duckdb'),
        EMBEDDED_DEMO: 'false',
        API_KEYS: API_KEY,
        REDIS_ADDR: '',
        LOG_LEVEL: 'silent',
        QVCI_CHECK_SCHEDULE: '',
        POPULATION_SCHEDULE: '',
        ...env,
      },
    }),
  );
  const options = { bodyParser: false, logger: false as const, bufferLogs: true };
  let app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), options);
  if (!isWired(app)) {
    await app.close();
    app = await NestFactory.create<NestExpressApplication>(IngestionHarnessModule.around(config), options);
  }
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
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
