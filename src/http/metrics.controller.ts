import { Controller, Get, Header, Inject, Req, Res, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { HttpConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { keyMatches, presentedKey } from './api-key.guard.js';
import { ApiKeyRequiredError } from './http.errors.js';

/** The error body of the scrape's 401 (the one filter's shape, written inline: the HTTP shell knows no feature's DTO). */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'requestId'],
  properties: { statusCode: { type: 'integer' }, code: { type: 'string', example: 'LINEAGE_API_KEY_REQUIRED' }, message: { type: 'string' }, requestId: { type: 'string' } },
};

/**
 * The Prometheus scrape route. Its path comes from configuration
 * (METRICS_PATH), so the controller class is made for that path at start.
 * Exempt from rate limiting; behind an API key when API_KEYS is set, by
 * the API's own rule and answer (ApiKeyGuard covers /api only).
 */
export function createMetricsController(path: string): Type<unknown> {
  @ApiTags('operations')
  @ApiSecurity('api-key')
  @ApiBearerAuth('bearer')
  @SkipThrottle()
  @Controller()
  class MetricsController {
    constructor(
      @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
      @Inject(HttpConfig) private readonly http: HttpConfig,
    ) {}

    @Get(path)
    @ApiOperation({ summary: 'Prometheus metrics (text exposition format); not rate limited', description: 'The path is METRICS_PATH; absent when METRICS_ENABLED is false.' })
    @ApiProduces('text/plain')
    @ApiOkResponse({ description: 'Every metric, in the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
    @ApiUnauthorizedResponse({ description: 'API_KEYS is set and no valid key was sent: code LINEAGE_API_KEY_REQUIRED', content: { 'application/json': { schema: ERROR_BODY } } })
    @Header('Cache-Control', 'no-store')
    async scrape(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
      if (this.http.apiKeys.length > 0 && !keyMatches(presentedKey(req), this.http.apiKeys)) {
        throw new ApiKeyRequiredError('A valid API key is required: send it as X-API-Key: <key> or Authorization: Bearer <key>');
      }
      res.setHeader('Content-Type', this.metrics.registry.contentType);
      return this.metrics.registry.metrics();
    }
  }
  return MetricsController;
}
