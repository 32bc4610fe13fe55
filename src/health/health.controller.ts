import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheckDto, HealthErrorDto, HealthLiveDto } from './health-responses.dto.js';
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
  @ApiOkResponse({ type: HealthCheckDto, description: 'Ready; details may show degraded optional parts (Redis, QVCI)' })
  @ApiServiceUnavailableResponse({ type: HealthErrorDto, description: 'Not ready: database unreachable, OL_* tables missing, or the lineage index still being built after start' })
  check() {
    return this.health.check([...this.indicators.readiness, ...this.indicators.details]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up (no I/O)' })
  @ApiOkResponse({ type: HealthLiveDto, description: 'Alive' })
  live(): HealthLiveDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable, schema present, lineage index ready' })
  @ApiOkResponse({ type: HealthCheckDto, description: 'Ready: database reachable, schema present, lineage index built' })
  @ApiServiceUnavailableResponse({ type: HealthErrorDto, description: 'Not ready (or shutting down): the message names what is down' })
  ready() {
    return this.health.check(this.indicators.readiness);
  }
}
