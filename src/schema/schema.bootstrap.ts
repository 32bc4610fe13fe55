import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { DatabasePort } from '../teradata/database.port.js';
import { DemoWarehouseService } from '../teradata/demo-warehouse.service.js';
import { SchemaService } from './schema.service.js';

export const SCHEMA_OPTIONS = Symbol('SCHEMA_OPTIONS');

export interface SchemaModuleOptions {
  /** Apply pending migrations at start on the embedded engine (the service; not the `schema` CLI). */
  readonly autoMigrate: boolean;
  /** Change nothing at all, the demo warehouse included (a dry run): false by default. */
  readonly readOnly?: boolean;
}

/**
 * Start-up on the embedded engine: pending migrations (when autoMigrate) and,
 * on a new database with EMBEDDED_DEMO, the demo warehouse. On Teradata it
 * changes nothing: missing tables show in /health/ready.
 */
@Injectable()
export class SchemaBootstrap implements OnModuleInit {
  private readonly logger = new Logger('SchemaBootstrap');

  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(DatabaseConfig) private readonly config: DatabaseConfig,
    @Inject(SchemaService) private readonly schema: SchemaService,
    @Inject(DemoWarehouseService) private readonly demo: DemoWarehouseService,
    @Inject(SCHEMA_OPTIONS) private readonly options: SchemaModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.database.dialect !== 'embedded' || this.options.readOnly) return;
    if (this.options.autoMigrate) {
      const result = await this.schema.setup({ dryRun: false });
      if (!result.alreadyUpToDate) this.logger.log(`Embedded schema migrated: ${result.applied.join('; ')}`);
    }
    if (this.config.embeddedDemo && !(await this.demo.isLoaded())) {
      const loaded = await this.demo.load();
      this.logger.log(`Demo warehouse loaded: ${loaded.tables} tables and views, ${loaded.columns} columns, ${loaded.statements} DBQL statements`);
    }
  }
}
