import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from '../teradata/database.health.js';
import { HealthController } from './health.controller.js';
import { HEALTH_INDICATORS, type HealthIndicators } from './health.indicators.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
  controllers: [HealthController],
  providers: [
    {
      provide: HEALTH_INDICATORS,
      inject: [DatabaseHealthIndicator],
      useFactory: (database: DatabaseHealthIndicator): HealthIndicators => ({
        readiness: [() => database.isHealthy('database')],
        details: [],
      }),
    },
  ],
})
export class HealthModule {}
