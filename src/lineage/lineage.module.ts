import { CacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import { RedisConfig } from '../config/app-config.js';
import { OlStoreModule } from '../ol-store/ol-store.module.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { ExportService } from './export/export.service.js';
import { LineageExportController } from './export/lineage-export.controller.js';
import { IngestionRepository } from './ingestion/ingestion.repository.js';
import { OpenLineageIngestionController } from './ingestion/openlineage-ingestion.controller.js';
import { OpenLineageIngestionService } from './ingestion/openlineage-ingestion.service.js';
import { CacheHealthIndicator } from './cache.health.js';
import { GraphRenderPool } from './graph-render.pool.js';
import { LineageCacheService } from './lineage-cache.service.js';
import { LineageIndexService } from './lineage-index.service.js';
import { LineageController } from './lineage.controller.js';
import { LineageRepository } from './lineage.repository.js';
import { LineageService } from './lineage.service.js';

/** Redis URL from REDIS_ADDR / REDIS_PASSWORD / REDIS_DB (the password never reaches a log). */
export function redisUrl(config: RedisConfig): string {
  const auth = config.password ? `:${encodeURIComponent(config.password)}@` : '';
  return `redis://${auth}${config.addr}/${config.db}`;
}

/**
 * Read model, traversal, exports and OpenLineage ingestion under /api. The
 * response cache is Redis through @keyv/redis when REDIS_ADDR is set (short
 * connect timeout, no offline queue, errors swallowed), in-process otherwise.
 */
@Module({})
export class LineageModule {
  static forRoot(extra: { controllers?: Type<unknown>[]; providers?: Provider[] } = {}): DynamicModule {
    return {
      module: LineageModule,
      global: true,
      imports: [
        TerminusModule,
        OlStoreModule,
        CacheModule.registerAsync({
          inject: [RedisConfig],
          useFactory: (redis: RedisConfig): CacheModuleOptions => {
            if (!redis.enabled) return { ttl: redis.cacheTtlSeconds * 1000 };
            const store = new KeyvRedis(
              {
                url: redisUrl(redis),
                disableOfflineQueue: true,
                socket: { connectTimeout: redis.connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(1000 * 2 ** Math.min(retries, 5), 30_000) },
              },
              { throwOnConnectError: false, throwOnErrors: false, connectionTimeout: redis.connectTimeoutMs },
            );
            const keyv = new Keyv({ store, namespace: 'lineage', useKeyPrefix: false });
            keyv.on('error', () => undefined);
            return { stores: [keyv], ttl: redis.cacheTtlSeconds * 1000 };
          },
        }),
      ],
      controllers: [LineageController, LineageExportController, OpenLineageIngestionController, ...(extra.controllers ?? [])],
      providers: [
        LineageRepository,
        LineageIndexService,
        GraphRenderPool,
        LineageCacheService,
        LineageService,
        CacheHealthIndicator,
        ExportService,
        IngestionRepository,
        OpenLineageIngestionService,
        ApiKeyGuard,
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        ...(extra.providers ?? []),
      ],
      exports: [LineageService, LineageIndexService, LineageCacheService, CacheHealthIndicator, ExportService, ApiKeyGuard],
    };
  }
}
