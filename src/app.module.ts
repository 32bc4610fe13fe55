import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module.js';
import { type AppConfig, secretValues } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { pinoParams, serviceLogDestination } from './common/logging.js';
import { FixedWindowThrottlerStorage } from './http/fixed-window-throttler.storage.js';
import { RedisThrottlerStorage } from './http/redis-throttler.storage.js';
import { throttlerKeys } from './http/throttler-keys.js';
import { HealthModule } from './health/health.module.js';
import { LineageModule } from './lineage/lineage.module.js';
import { HttpModule } from './http/http.module.js';
import { MarquezModule } from './marquez/marquez.module.js';
import { OpenLineageEmitTriggersModule } from './openlineage-emit/openlineage-emit.module.js';
import { PopulationTriggersModule } from './population/population.module.js';
import { SchemaBootstrapModule } from './schema/schema.module.js';
import { UsageModule } from './usage/usage.module.js';

/** Token of the rate-limit storage instance (in memory, or shared in Redis). */
const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** The HTTP service: every feature module plus the global logger, scheduler and rate limiter. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const throttlerStorage =
      config.http.rateLimitStore === 'redis' ? new RedisThrottlerStorage(config.redis, config.database.storeKey) : new FixedWindowThrottlerStorage();
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(pinoParams(config.http.logLevel, secretValues(config), serviceLogDestination(config.http.logFormat, config.http.noColor))),
        ScheduleModule.forRoot(),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.http.rateLimitTtlSeconds * 1000, limit: config.http.rateLimitMax }],
          storage: throttlerStorage,
          errorMessage: `Too many requests: at most ${config.http.rateLimitMax} per ${config.http.rateLimitTtlSeconds} s per client`,
          ...throttlerKeys(),
        }),
        HttpModule.forRoot(config.http),
        SchemaBootstrapModule.forRoot({ autoMigrate: true }),
        LineageModule,
        MarquezModule,
        UsageModule,
        HealthModule,
        PopulationTriggersModule,
        OpenLineageEmitTriggersModule,
        AdminModule,
      ],
      // The storage is a provider too, so Nest closes its Redis connection on shutdown.
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }, { provide: RATE_LIMIT_STORAGE, useValue: throttlerStorage }],
    };
  }
}
