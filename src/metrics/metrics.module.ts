import { Global, Module } from '@nestjs/common';
import { LineageMetrics } from './lineage.metrics.js';

/** Global: any module may record metrics; the /metrics route is added by the HTTP app. */
@Global()
@Module({ providers: [LineageMetrics], exports: [LineageMetrics] })
export class MetricsModule {}
