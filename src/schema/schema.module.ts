import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DictionaryRepository } from './dictionary.repository.js';
import { QvciService } from './qvci.service.js';
import { SCHEMA_OPTIONS, SchemaBootstrap, type SchemaModuleOptions } from './schema.bootstrap.js';
import { QvciHealthIndicator, SchemaHealthIndicator } from './schema.health.js';
import { MigrationRunner } from './migration.runner.js';
import { SchemaVersionRepository } from './schema-version.repository.js';
import { SchemaService } from './schema.service.js';

/** OL_* migrations and status, QVCI detection, dictionary reads, the demo warehouse at first start. */
@Module({})
export class SchemaModule {
  static forRoot(options: SchemaModuleOptions): DynamicModule {
    return {
      module: SchemaModule,
      global: true,
      imports: [TerminusModule],
      providers: [
        { provide: SCHEMA_OPTIONS, useValue: options },
        SchemaVersionRepository,
        MigrationRunner,
        SchemaService,
        SchemaBootstrap,
        QvciService,
        DictionaryRepository,
        SchemaHealthIndicator,
        QvciHealthIndicator,
      ],
      exports: [SchemaService, QvciService, DictionaryRepository, SchemaHealthIndicator, QvciHealthIndicator],
    };
  }
}
