import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

/** Per indicator (database, schema, lineageIndex, cache, qvci…): its status and what it reports. */
const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string', example: 'up' } } },
  example: { database: { status: 'up' } },
};

/** GET /health/live: the process is up. */
export class HealthLiveDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

/** GET /health and /health/ready when ready (Terminus' answer). */
export class HealthCheckDto {
  @ApiProperty({ enum: ['ok'], description: 'ok: every readiness indicator is up (optional parts may still report degraded details)' }) status: string;
  @ApiPropertyOptional({ ...INDICATORS, description: 'Indicators that are up' }) info?: Record<string, unknown>;
  @ApiPropertyOptional({ ...INDICATORS, description: 'Indicators that are down (empty when ready)' }) error?: Record<string, unknown>;
  @ApiProperty({ ...INDICATORS, description: 'Every indicator' }) details: Record<string, unknown>;
}

/** GET /health and /health/ready when not ready: the service's error body, with the indicators' report as details. */
export class HealthErrorDto {
  @ApiProperty({ type: 'integer', example: 503 }) statusCode: number;
  @ApiProperty({ example: 'SERVICE_UNAVAILABLE' }) code: string;
  @ApiProperty({ example: 'Not ready: schema: OL_* tables missing: OL_RUN_OUTPUT; run `lineage schema setup`' }) message: string;
  @ApiPropertyOptional({ ...INDICATORS, description: 'Every indicator, as in the ready answer (absent while shutting down)' }) details?: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, example: '6c1f2a0e-…', description: 'The X-Request-Id of the request' }) requestId: string | null;
}
