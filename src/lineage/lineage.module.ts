import { CacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import KeyvRedis from '@keyv/redis';
import { json } from 'express';
import { Keyv } from 'keyv';
import { createKeyv } from 'cacheable';
import { HttpConfig, RedisConfig } from '../config/app-config.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OlStoreModule } from '../ol-store/ol-store.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { ExportService } from './export.service.js';
import { LineageExportController } from './export/lineage-export.controller.js';
import { IngestionRepository } from './ingestion/ingestion.repository.js';
import { OpenLineageIngestionController } from './ingestion/openlineage-ingestion.controller.js';
import { OpenLineageIngestionService } from './ingestion/openlineage-ingestion.service.js';
import { CacheHealthIndicator } from './cache.health.js';
import { LineageIndexHealthIndicator } from './index.health.js';
import { GraphRenderPool } from './graph-render.pool.js';
import { HistoryRetentionService } from './history-retention.service.js';
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

/** Answers the in-process cache holds at most (least recently used go first): up to about a megabyte each. */
const IN_PROCESS_ANSWERS = 256;

/**
 * Read model, traversal, exports and OpenLineage ingestion under /api. The
 * response cache is Redis through @keyv/redis when REDIS_ADDR is set (short
 * connect timeout, no offline queue, errors swallowed), in-process otherwise.
 */
@Module({
  imports: [
    TeradataModule,
    OlStoreModule,
    MetricsModule,
    TerminusModule,
    CacheModule.registerAsync({
      inject: [RedisConfig],
      useFactory: (redis: RedisConfig): CacheModuleOptions => {
        // In process: a bounded LRU whose expired entries are swept. Keys carry the graph generation, so with
        // writers about every answer is soon stale: an unbounded map that drops entries only when read again kept
        // them all (the soak bench saw 1.4 GB in 5 minutes).
        if (!redis.enabled) return { stores: [createKeyv({ ttl: redis.cacheTtlSeconds * 1000, lruSize: IN_PROCESS_ANSWERS, checkInterval: 10_000, useClone: false })], ttl: redis.cacheTtlSeconds * 1000 };
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
  controllers: [LineageController, LineageExportController, OpenLineageIngestionController],
  providers: [
    LineageRepository,
    LineageIndexService,
    GraphRenderPool,
    LineageCacheService,
    LineageService,
    CacheHealthIndicator,
    LineageIndexHealthIndicator,
    ExportService,
    IngestionRepository,
    OpenLineageIngestionService,
    HistoryRetentionService,
  ],
  exports: [LineageService, LineageCacheService, CacheHealthIndicator, LineageIndexHealthIndicator, ExportService],
})
export class LineageModule implements NestModule {
  constructor(@Inject(HttpConfig) private readonly http: HttpConfig) {}

  /** Bodies are parsed only where a route takes one: OpenLineage events are JSON, up to API_BODY_LIMIT_KB. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(json({ limit: `${this.http.bodyLimitKb}kb` })).forRoutes(OpenLineageIngestionController);
  }
}
