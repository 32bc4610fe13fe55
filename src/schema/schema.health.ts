import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { QvciService } from './qvci.service.js';
import { SchemaService } from './schema.service.js';

export const SCHEMA_SETUP_COMMAND = 'npm run lineage -- schema setup --openlineage';

/** `schema`: down (→ not ready) when OL_* tables are missing, naming the command that creates them. */
@Injectable()
export class SchemaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly schema: SchemaService,
  ) {}

  async isHealthy(key = 'schema') {
    const indicator = this.health.check(key);
    try {
      const status = await this.schema.status();
      const missing = status.tables.filter((t) => !t.present).map((t) => t.name);
      if (missing.length > 0) {
        return indicator.down({ version: status.version, missing, message: `OL_* tables missing: ${missing.join(', ')}; run \`${SCHEMA_SETUP_COMMAND}\`` });
      }
      return indicator.up({ version: status.version, tables: status.tables.length, pendingMigrations: status.pendingMigrations.length });
    } catch (err) {
      return indicator.down({ message: `Schema status unavailable: ${(err as Error).message.split('\n')[0]}` });
    }
  }
}

/**
 * `qvci`: always up — QVCI never makes the service unready. The details say
 * what was found (state, evidence, when) and what a DBA can do about it.
 */
@Injectable()
export class QvciHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly qvci: QvciService,
  ) {}

  async isHealthy(key = 'qvci') {
    const status = await this.qvci.current();
    return this.health.check(key).up({
      state: status.state,
      evidence: status.detail,
      query: status.query,
      errorCode: status.errorCode,
      checkedAt: status.checkedAt.toISOString(),
      hint: status.hint,
    });
  }
}
