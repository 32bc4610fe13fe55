import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OlStoreModule } from '../ol-store/ol-store.module.js';
import { DbqlPopulation } from './dbql-population.js';
import { DbqlRepository } from './dbql.repository.js';
import { FixturesPopulation } from './fixtures-population.js';
import { LineageExtractorFactory } from './lineage-extractor.js';
import { PoolExtractorFactory } from './pool-extractor.factory.js';
import { PopulationLockRepository } from './population-lock.repository.js';
import { DictionaryMetadataSource, PopulationMetadataSource } from './population-metadata.js';
import { PopulationRunRepository } from './population-run.repository.js';
import { PopulationRunsService } from './population-runs.service.js';
import { PopulationScheduler } from './population.scheduler.js';
import { PopulationService } from './population.service.js';
import { PopulationStartup } from './population.startup.js';

const CORE: Provider[] = [
  DbqlRepository,
  PopulationRunRepository,
  PopulationLockRepository,
  DbqlPopulation,
  FixturesPopulation,
  PopulationService,
  PopulationRunsService,
  { provide: LineageExtractorFactory, useClass: PoolExtractorFactory },
  { provide: PopulationMetadataSource, useClass: DictionaryMetadataSource },
];

/**
 * Population: DBQL and fixtures runs, run history, the single-runner lock.
 * `forApp()` adds the cron schedule and the first-start run on the embedded
 * demo (the HTTP service); `forCli()` is the bare operation for commands.
 */
@Module({})
export class PopulationModule {
  static forApp(): DynamicModule {
    return this.build([PopulationScheduler, PopulationStartup]);
  }

  static forCli(): DynamicModule {
    return this.build([]);
  }

  private static build(extra: Provider[]): DynamicModule {
    return {
      module: PopulationModule,
      imports: [MetricsModule, OlStoreModule],
      providers: [...CORE, ...extra],
      exports: [PopulationService, PopulationRunsService],
    };
  }
}
