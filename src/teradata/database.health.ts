import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from './database.port.js';
import { withDeadline } from '../common/deadline.js';

const PING_TIMEOUT_MS = 3000;

/** `database`: the port answers a trivial query within a few seconds. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly database: DatabasePort,
    private readonly config: DatabaseConfig,
  ) {}

  async isHealthy(key = 'database') {
    const indicator = this.health.check(key);
    const engine = this.config.engine === 'teradata' ? `teradata ${this.config.host}:${this.config.port}` : 'embedded (DuckDB)';
    const started = Date.now();
    try {
      await withDeadline(this.database.ping(), PING_TIMEOUT_MS, `no answer within ${PING_TIMEOUT_MS} ms`);
      return indicator.up({ engine, responseTimeMs: Date.now() - started });
    } catch (err) {
      return indicator.down({ engine, message: (err as Error).message });
    }
  }
}
