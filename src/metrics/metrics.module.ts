import { Global, Inject, Injectable, Module, type OnModuleInit, Optional } from '@nestjs/common';
import { DatabasePort } from '../teradata/database.port.js';
import { LineageMetrics } from './lineage.metrics.js';

/** Points the pool gauge at the database port, read on every scrape. */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
    @Optional() @Inject(DatabasePort) private readonly database?: DatabasePort,
  ) {}

  onModuleInit(): void {
    const database = this.database;
    if (database) this.metrics.readPoolStatsFrom(() => database.poolStats());
  }
}

/** Global: any module may record metrics; the /metrics route is MetricsEndpointModule's. */
@Global()
@Module({ providers: [LineageMetrics, DatabasePoolMetrics], exports: [LineageMetrics] })
export class MetricsModule {}
