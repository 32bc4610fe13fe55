import { type DynamicModule, Module } from '@nestjs/common';
import type { HttpConfig } from '../config/app-config.js';
import { createMetricsController } from './metrics.controller.js';

/** Serves the registry at METRICS_PATH; no route at all when METRICS_ENABLED is false. */
@Module({})
export class MetricsEndpointModule {
  static forRoot(http: HttpConfig): DynamicModule {
    return { module: MetricsEndpointModule, controllers: http.metricsEnabled ? [createMetricsController(http.metricsPath)] : [] };
  }
}
