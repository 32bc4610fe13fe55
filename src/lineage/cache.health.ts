import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LineageCacheService } from './lineage-cache.service.js';

/** `cache`: Redis state as a detail; a dead Redis is "degraded", never unready. */
@Injectable()
export class CacheHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly cache: LineageCacheService,
  ) {}

  async isHealthy(key = 'cache') {
    const state = await this.cache.state();
    const indicator = this.health.check(key);
    const details = { kind: state.kind, state: state.state, detail: state.detail };
    return state.state === 'down' ? indicator.degraded(details) : indicator.up(details);
  }
}
