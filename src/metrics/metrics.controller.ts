import { Controller, Get, Header, Inject, Req, Res, type Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { HttpConfig } from '../config/app-config.js';
import { LineageMetrics } from './lineage.metrics.js';
import { isKnownApiKey, presentedApiKey } from './metrics-access.js';
import { MetricsAccessError } from './metrics.errors.js';

/**
 * The Prometheus scrape route. Its path comes from configuration
 * (METRICS_PATH), so the controller class is made for that path at start.
 * Exempt from rate limiting; behind an API key when API_KEYS is set.
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
      if (this.http.apiKeys.length > 0) {
        const key = presentedApiKey(req.headers);
        if (key === undefined) throw new MetricsAccessError('API_KEY_MISSING');
        if (!isKnownApiKey(key, this.http.apiKeys)) throw new MetricsAccessError('API_KEY_INVALID');
      }
      res.setHeader('Content-Type', this.metrics.registry.contentType);
      return this.metrics.registry.metrics();
    }
  }
  return MetricsController;
}
