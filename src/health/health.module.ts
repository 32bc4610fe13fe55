import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheHealthIndicator } from '../lineage/cache.health.js';
import { LineageIndexHealthIndicator } from '../lineage/index.health.js';
import { LineageModule } from '../lineage/lineage.module.js';
import { QvciHealthIndicator, SchemaHealthIndicator } from '../schema/schema.health.js';
import { SchemaModule } from '../schema/schema.module.js';
import { DatabaseHealthIndicator } from '../teradata/database.health.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { UsageHealthIndicator } from '../usage/usage.health.js';
import { UsageModule } from '../usage/usage.module.js';
import { HealthController } from './health.controller.js';
import { HEALTH_INDICATORS, type HealthIndicators } from './health.indicators.js';

// Terminus logs no failed check of its own (at error level, for every poll): the error filter says why a replica is not ready, at warn, once per reason and NOT_READY_LOG_MS
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0, logger: false }), TeradataModule, SchemaModule, LineageModule, UsageModule],
  controllers: [HealthController],
  providers: [
    {
      provide: HEALTH_INDICATORS,
      inject: [DatabaseHealthIndicator, SchemaHealthIndicator, QvciHealthIndicator, CacheHealthIndicator, LineageIndexHealthIndicator, UsageHealthIndicator],
      useFactory: (
        database: DatabaseHealthIndicator,
        schema: SchemaHealthIndicator,
        qvci: QvciHealthIndicator,
        cache: CacheHealthIndicator,
        index: LineageIndexHealthIndicator,
        usage: UsageHealthIndicator,
      ): HealthIndicators => ({
        readiness: [() => database.isHealthy('database'), () => schema.isHealthy('schema'), () => index.isHealthy('lineageIndex')],
        details: [() => qvci.isHealthy('qvci'), () => cache.isHealthy('cache'), () => usage.isHealthy('usage')],
      }),
    },
  ],
})
export class HealthModule {}
