import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PopulationRunsService } from '../population/population-runs.service.js';
import { PopulationService } from '../population/population.service.js';

/**
 * The Population module's exported services, as the application's one
 * instance of them. AppModule imports `PopulationModule.forApp()`; Nest
 * identifies dynamic modules by object reference, so a second
 * `forApp()` import here would start a second population module (its own
 * scheduler, start-up run and in-memory live progress). The admin module
 * therefore looks the services up once, lazily, across modules.
 */
@Injectable()
export class AdminPopulationGateway {
  private cached: { population: PopulationService; runs: PopulationRunsService } | null = null;

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  get population(): PopulationService {
    return this.resolve().population;
  }

  get runs(): PopulationRunsService {
    return this.resolve().runs;
  }

  private resolve(): { population: PopulationService; runs: PopulationRunsService } {
    this.cached ??= {
      population: this.moduleRef.get(PopulationService, { strict: false }),
      runs: this.moduleRef.get(PopulationRunsService, { strict: false }),
    };
    return this.cached;
  }
}
