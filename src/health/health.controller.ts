import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { HEALTH_INDICATORS, type HealthIndicators } from './health.indicators.js';

export const HEALTH_ROUTE = 'health';

/** Composes the indicators other modules contribute; holds no checks of its own. */
@ApiTags('health')
@SkipThrottle()
@Controller(HEALTH_ROUTE)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicators,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Overall status with every detail (database, schema, QVCI, cache)' })
  @ApiResponse({ status: 200, description: 'Ready; details may show degraded optional parts (Redis, QVCI)' })
  @ApiResponse({ status: 503, description: 'Not ready: database unreachable, OL_* tables missing, or the lineage index still being built after start' })
  check() {
    return this.health.check([...this.indicators.readiness, ...this.indicators.details]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up (no I/O)' })
  @ApiResponse({ status: 200, description: 'Alive' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable, schema present, lineage index ready' })
  @ApiResponse({ status: 200, description: 'Ready' })
  @ApiResponse({ status: 503, description: 'Not ready' })
  ready() {
    return this.health.check(this.indicators.readiness);
  }
}
