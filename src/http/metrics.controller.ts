import { Controller, Get, Header, Inject, Req, Res, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { HttpConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { keyMatches, presentedKey } from './api-key.guard.js';
import { ApiKeyRequiredError } from './http.errors.js';

/**
 * The Prometheus scrape route. Its path comes from configuration
 * (METRICS_PATH), so the controller class is made for that path at start.
 * Exempt from rate limiting; behind an API key when API_KEYS is set, by
 * the API's own rule and answer (ApiKeyGuard covers /api only).
 */
export function createMetricsController(path: string): Type<unknown> {
  @ApiExcludeController()
  @SkipThrottle()
  @Controller()
  class MetricsController {
    constructor(
      @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
      @Inject(HttpConfig) private readonly http: HttpConfig,
    ) {}

    @Get(path)
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
