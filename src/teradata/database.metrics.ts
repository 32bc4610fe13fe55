import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { DatabasePort } from './database.port.js';

/** Points the connection-pool gauge at the database port, read on every scrape. */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
    @Inject(DatabasePort) private readonly database: DatabasePort,
  ) {}

  onModuleInit(): void {
    this.metrics.readPoolStatsFrom(() => this.database.poolStats());
  }
}
