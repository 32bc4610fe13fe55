import { Module } from '@nestjs/common';
import { LineageMetrics } from './lineage.metrics.js';

/**
 * The Prometheus registry. Modules that record metrics import this module;
 * it knows none of them (the /metrics route belongs to the HTTP shell).
 */
@Module({ providers: [LineageMetrics], exports: [LineageMetrics] })
export class MetricsModule {}
