import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsModule } from '../metrics/metrics.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { DictionaryRepository } from './dictionary.repository.js';
import { MigrationRunner } from './migration.runner.js';
import { QvciService } from './qvci.service.js';
import { SCHEMA_OPTIONS, SchemaBootstrap, type SchemaModuleOptions } from './schema.bootstrap.js';
import { QvciHealthIndicator, SchemaHealthIndicator } from './schema.health.js';
import { SchemaVersionRepository } from './schema-version.repository.js';
import { SchemaService } from './schema.service.js';

/** OL_* migrations and status, QVCI detection, dictionary reads. */
@Module({
  imports: [TeradataModule, MetricsModule, TerminusModule],
  providers: [SchemaVersionRepository, MigrationRunner, SchemaService, QvciService, DictionaryRepository, SchemaHealthIndicator, QvciHealthIndicator],
  exports: [SchemaService, QvciService, DictionaryRepository, SchemaHealthIndicator, QvciHealthIndicator],
})
export class SchemaModule {}

/**
 * Start-up of the embedded engine: pending migrations (when `autoMigrate`)
 * and the demo warehouse on a new database. Imported once by the process's
 * root module (the service, or a CLI command).
 */
@Module({})
export class SchemaBootstrapModule {
  static forRoot(options: SchemaModuleOptions): DynamicModule {
    return {
      module: SchemaBootstrapModule,
      imports: [SchemaModule, TeradataModule],
      providers: [{ provide: SCHEMA_OPTIONS, useValue: options }, SchemaBootstrap],
    };
  }
}
