import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LineageModule } from '../lineage/lineage.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { UsageImpactService } from './usage-impact.service.js';
import { UsageHealthIndicator } from './usage.health.js';
import { UsageController } from './usage.controller.js';
import { UsageRepository } from './usage.repository.js';
import { UsageService } from './usage.service.js';

/**
 * Column usage (issue 21) read back under /api/v2/usage: one dataset's or
 * field's reads, the most read and the unused, and the usage-weighted
 * impact of a change (the lineage module's impact walk weighted by who
 * reads what). DBQL population writes the aggregates (ol-store's UsageWriter).
 */
@Module({
  imports: [TeradataModule, LineageModule, TerminusModule],
  controllers: [UsageController],
  providers: [UsageRepository, UsageService, UsageImpactService, UsageHealthIndicator],
  exports: [UsageService, UsageImpactService, UsageHealthIndicator],
})
export class UsageModule {}
