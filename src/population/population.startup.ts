import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { PopulationRunsService } from './population-runs.service.js';
import { PopulationService } from './population.service.js';

/**
 * At start-up: sets the watermark age metric, marks runs left 'running' by a
 * runner that is gone as interrupted (freeing its lock), and on the embedded
 * demo: one DBQL population over the demo history, in the background, so the
 * first `npm start` already serves lineage. That run happens while no real
 * run has ever succeeded, so a first start that was killed or stopped midway
 * is resumed (from the watermark its committed batches reached) at the next
 * start. Only when the engine is embedded and EMBEDDED_DEMO is true.
 */
@Injectable()
export class PopulationStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger(PopulationStartup.name);
  /** The background start, for tests and shutdown. */
  pending: Promise<string | null> = Promise.resolve(null);

  constructor(
    @Inject(DatabaseConfig) private readonly database: DatabaseConfig,
    @Inject(PopulationRunsService) private readonly runs: PopulationRunsService,
    @Inject(PopulationService) private readonly population: PopulationService,
    @Inject(LineageMetrics) private readonly metrics: LineageMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // the watermark age gauge starts from the stored watermark (-1: none), then follows each run
    void this.runs
      .watermark()
      .then((at) => this.metrics.watermarkAge.set(at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : -1))
      .catch(() => undefined);
    const demo = this.database.engine === 'embedded' && this.database.embeddedDemo;
    this.pending = this.population
      .interruptOrphanedRuns()
      .then(() => (demo ? this.startIfFirst() : null))
      .catch((err: unknown) => {
        this.logger.warn(`Start-up population did not start: ${(err as Error).message}`);
        return null;
      });
  }

  /** Starts the demo run while no run has ever succeeded (first start, or a first start that did not finish); resolves with its id (or null). */
  async startIfFirst(): Promise<string | null> {
    if (await this.runs.anySucceeded()) return null;
    const resumed = await this.runs.anyRecorded();
    const runId = await this.population.start({ method: 'dbql', trigger: 'startup' });
    this.logger.log(
      resumed
        ? `The first population of the embedded demo did not finish: resuming it (run ${runId})`
        : `First start on the embedded demo: populating lineage from the demo DBQL history (run ${runId})`,
    );
    return runId;
  }
}
