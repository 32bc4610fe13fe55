import { join } from 'node:path';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { PROJECT_ROOT } from '../http/configure-app.js';
import { LineageModule } from '../lineage/lineage.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PopulationModule } from '../population/population.module.js';
import { SchemaModule } from '../schema/schema.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { UsageModule } from '../usage/usage.module.js';
import { LineageCacheSource, LineageModuleSource } from './admin-lineage.sources.js';
import { QvciModuleSource, SchemaModuleSource } from './admin-schema.sources.js';
import { registerAdminViews } from './admin-views.js';
import { AdminCacheSource, AdminLineageSource, AdminQvciSource, AdminSchemaSource } from './admin.sources.js';
import { AdminAuthController } from './auth/admin-auth.controller.js';
import { AdminAuthService } from './auth/admin-auth.service.js';
import { AdminSessionMiddleware } from './auth/admin-session.middleware.js';
import { AdminDashboardController } from './dashboard/dashboard.controller.js';
import { AdminDashboardService } from './dashboard/dashboard.service.js';
import { IngestionStatsReader } from './dashboard/ingestion-stats.reader.js';
import { AdminExplorerController } from './explorer/explorer.controller.js';
import { AdminExplorerService } from './explorer/explorer.service.js';
import { ExplorerDetailService } from './explorer/explorer-detail.service.js';
import { JobTextsRepository } from './explorer/job-texts.repository.js';
import { AdminRunsController } from './runs/runs.controller.js';
import { AdminRunsService } from './runs/runs.service.js';
import { AdminStatusController } from './status/status.controller.js';
import { AdminUsageController } from './usage/usage.controller.js';

/**
 * Server-rendered admin pages over the Schema, Population and Lineage
 * services: login, dashboard, QVCI, schema, population runs, lineage explorer,
 * column usage (the unused report, usage-weighted impact, the explorer panel's JSON).
 */
@Module({
  imports: [SchemaModule, PopulationModule, LineageModule, TeradataModule, MetricsModule, UsageModule],
  controllers: [AdminAuthController, AdminDashboardController, AdminStatusController, AdminRunsController, AdminExplorerController, AdminUsageController],
  providers: [
    AdminAuthService,
    AdminDashboardService,
    IngestionStatsReader,
    AdminRunsService,
    AdminExplorerService,
    ExplorerDetailService,
    JobTextsRepository,
    { provide: AdminSchemaSource, useClass: SchemaModuleSource },
    { provide: AdminQvciSource, useClass: QvciModuleSource },
    { provide: AdminLineageSource, useClass: LineageModuleSource },
    { provide: AdminCacheSource, useClass: LineageCacheSource },
  ],
})
export class AdminModule implements NestModule {
  constructor() {
    registerAdminViews(join(PROJECT_ROOT, 'views'));
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminSessionMiddleware).forRoutes('admin', 'admin/*path');
  }
}

/** What the start-up banner asks of the admin side: the password generated for this start, once. */
export { AdminAuthService };
