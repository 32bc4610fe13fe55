import { join } from 'node:path';
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { PROJECT_ROOT } from '../http/configure-app.js';
import { LineageModule } from '../lineage/lineage.module.js';
import { PopulationModule } from '../population/population.module.js';
import { SchemaModule } from '../schema/schema.module.js';
import { AdminDashboardController } from './admin-dashboard.controller.js';
import { AdminDashboardService } from './admin-dashboard.service.js';
import { AdminExplorerService } from './admin-explorer.service.js';
import { AdminLineageController } from './admin-lineage.controller.js';
import { AdminRunsController } from './admin-runs.controller.js';
import { AdminRunsService } from './admin-runs.service.js';
import { LineageCacheSource, LineageModuleSource } from './admin-lineage.sources.js';
import { QvciModuleSource, SchemaModuleSource } from './admin-schema.sources.js';
import { AdminStatusController } from './admin-status.controller.js';
import { registerAdminViews } from './admin-views.js';
import { AdminCacheSource, AdminLineageSource, AdminQvciSource, AdminSchemaSource } from './admin.sources.js';
import { AdminAuthController } from './auth/admin-auth.controller.js';
import { AdminAuthService } from './auth/admin-auth.service.js';
import { AdminSessionMiddleware } from './auth/admin-session.middleware.js';

/**
 * Server-rendered admin pages over the Schema, Population and Lineage
 * services: login, dashboard, QVCI, schema, population runs, lineage explorer.
 */
@Module({
  imports: [SchemaModule, PopulationModule, LineageModule],
  controllers: [AdminAuthController, AdminDashboardController, AdminStatusController, AdminRunsController, AdminLineageController],
  providers: [
    AdminAuthService,
    AdminDashboardService,
    AdminRunsService,
    AdminExplorerService,
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
