import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { HttpConfig } from '../config/app-config.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { createMetricsController } from './metrics.controller.js';

/**
 * The HTTP shell's own routes and guards: API keys on every /api route, and
 * the Prometheus scrape at METRICS_PATH (no route at all when METRICS_ENABLED
 * is false). Feature modules know nothing of either.
 */
@Module({})
export class HttpModule {
  static forRoot(http: HttpConfig): DynamicModule {
    return {
      module: HttpModule,
      imports: [MetricsModule],
      controllers: http.metricsEnabled ? [createMetricsController(http.metricsPath)] : [],
      providers: [ApiKeyGuard, { provide: APP_GUARD, useExisting: ApiKeyGuard }],
    };
  }
}
