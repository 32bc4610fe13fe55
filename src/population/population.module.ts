import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { OlStoreModule } from '../ol-store/ol-store.module.js';
import { OpenLineageEmitModule } from '../openlineage-emit/openlineage-emit.module.js';
import { SchemaModule } from '../schema/schema.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { DbqlPopulation } from './dbql-population.js';
import { DbqlRepository } from './dbql.repository.js';
import { FixturesPopulation } from './fixtures-population.js';
import { LineageExtractorFactory } from './lineage-extractor.js';
import { PoolExtractorFactory } from './pool-extractor.factory.js';
import { PopulationLockRepository } from './population-lock.repository.js';
import { DictionaryMetadataSource, PopulationMetadataSource } from './population-metadata.js';
import { RunDictionary } from './run-dictionary.js';
import { PopulationRunRepository } from './population-run.repository.js';
import { PopulationRunsService } from './population-runs.service.js';
import { PopulationScheduler } from './population.scheduler.js';
import { PopulationService } from './population.service.js';
import { PopulationStartup } from './population.startup.js';
import { ViewDefinitionsPopulation } from './view-definitions-population.js';

/**
 * Population: DBQL, view-definition and fixtures runs, run history, the single-runner lock.
 * The one operation every trigger calls (`PopulationService`) and the read
 * side of runs (`PopulationRunsService`); the CLI and the admin pages import
 * this module as it is.
 */
@Module({
  imports: [TeradataModule, OlStoreModule, SchemaModule, MetricsModule, OpenLineageEmitModule],
  providers: [
    DbqlRepository,
    PopulationRunRepository,
    PopulationLockRepository,
    DbqlPopulation,
    ViewDefinitionsPopulation,
    RunDictionary,
    FixturesPopulation,
    PopulationService,
    PopulationRunsService,
    { provide: LineageExtractorFactory, useClass: PoolExtractorFactory },
    { provide: PopulationMetadataSource, useClass: DictionaryMetadataSource },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [PopulationService, PopulationRunsService],
})
export class PopulationModule {}

/**
 * The service's own triggers: the cron schedule and the first-start run on
 * the embedded demo. Imported once, by the HTTP service (not by the CLI).
 */
@Module({
  imports: [PopulationModule, MetricsModule],
  providers: [PopulationScheduler, PopulationStartup],
})
export class PopulationTriggersModule {}
