import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { UsageService } from './usage.service.js';

/**
 * `usage`: always up — usage never makes the service unready. The details
 * say which source population reads the columns SELECTs read from
 * (USAGE_SOURCE: parsing the DBQL SQL text, or DBC.DBQLObjTbl), and how far
 * the counted DBQL ranges reach.
 */
@Injectable()
export class UsageHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(UsageService) private readonly usage: UsageService,
  ) {}

  async isHealthy(key = 'usage') {
    const indicator = this.health.check(key);
    try {
      const s = await this.usage.status();
      return indicator.up({ enabled: s.enabled, source: s.source, sourceInUse: s.sourceInUse, message: s.description, runsCounted: s.runsCounted, countedUntil: s.countedUntil });
    } catch (err) {
      return indicator.up({ message: `Usage status unavailable: ${(err as Error).message.split('\n')[0]}` });
    }
  }
}
