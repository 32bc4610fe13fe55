import type { HealthIndicatorFunction } from '@nestjs/terminus';

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

export interface HealthIndicators {
  /** Checks that make the service unready when down. */
  readonly readiness: HealthIndicatorFunction[];
  /** Details only: optional parts (Redis, QVCI) that never make it unready. */
  readonly details: HealthIndicatorFunction[];
}
