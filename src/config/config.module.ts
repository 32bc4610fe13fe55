import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import {
  AdminConfig,
  type AppConfig,
  DatabaseConfig,
  HttpConfig,
  LineageConfig,
  OpenLineageEmitConfig,
  PopulationConfig,
  RedisConfig,
  SchemaConfig,
  UsageConfig,
} from './app-config.js';

/**
 * Provides the validated configuration as typed slices. The configuration is
 * loaded and validated once, before Nest starts (main.ts / cli.ts), so an
 * invalid value stops start-up with one message and no stack trace.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    const slices = [
      { provide: DatabaseConfig, useValue: config.database },
      { provide: HttpConfig, useValue: config.http },
      { provide: RedisConfig, useValue: config.redis },
      { provide: LineageConfig, useValue: config.lineage },
      { provide: PopulationConfig, useValue: config.population },
      { provide: SchemaConfig, useValue: config.schema },
      { provide: AdminConfig, useValue: config.admin },
      { provide: OpenLineageEmitConfig, useValue: config.openLineageEmit },
      { provide: UsageConfig, useValue: config.usage },
    ];
    return {
      module: ConfigModule,
      imports: [NestConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...config })] })],
      providers: slices,
      exports: [...slices.map((s) => s.provide), NestConfigModule],
    };
  }
}
