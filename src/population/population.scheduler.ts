import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { PopulationConfig } from '../config/app-config.js';
import { PopulationAlreadyRunningError } from './population.errors.js';
import { PopulationService } from './population.service.js';

export const POPULATION_CRON_JOB = 'population-dbql';

/**
 * Decides when scheduled DBQL population runs: a cron job registered at
 * boot when POPULATION_SCHEDULE is set (off when empty). The run itself
 * takes the single-runner lock; a tick that finds another runner holding it
 * is skipped. Never throws into the scheduler.
 */
@Injectable()
export class PopulationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PopulationScheduler.name);

  constructor(
    @Inject(SchedulerRegistry) private readonly registry: SchedulerRegistry,
    @Inject(PopulationConfig) private readonly config: PopulationConfig,
    @Inject(PopulationService) private readonly population: PopulationService,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.schedule.trim();
    if (schedule === '') {
      this.logger.log('Scheduled population is off (POPULATION_SCHEDULE is empty)');
      return;
    }
    const job = CronJob.from({ cronTime: schedule, onTick: () => this.tick(), start: false, waitForCompletion: true });
    this.registry.addCronJob(POPULATION_CRON_JOB, job);
    job.start();
    this.logger.log(`Scheduled DBQL population: "${schedule}"`);
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('cron', POPULATION_CRON_JOB)) {
      void this.registry.getCronJob(POPULATION_CRON_JOB).stop();
      this.registry.deleteCronJob(POPULATION_CRON_JOB);
    }
  }

  /** One scheduled run; resolves when it ends. */
  async tick(): Promise<void> {
    try {
      const summary = await this.population.run({ method: 'dbql', trigger: 'schedule' });
      if (summary.run.state === 'failed') this.logger.warn(`Scheduled population run ${summary.run.runId} failed: ${summary.run.message ?? ''}`);
    } catch (err) {
      if (err instanceof PopulationAlreadyRunningError) {
        this.logger.log(`Scheduled population skipped: ${err.message}`);
        return;
      }
      this.logger.error(`Scheduled population could not start: ${(err as Error).message}`, (err as Error).stack);
    }
  }
}
