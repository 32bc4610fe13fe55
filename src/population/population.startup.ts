import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { PopulationRunsService } from './population-runs.service.js';
import { PopulationService } from './population.service.js';

/**
 * At start-up: sets the watermark age metric, and on the first start on a new embedded demo database: one DBQL population over
 * the demo history, in the background, so the first `npm start` already
 * serves lineage. Only when the engine is embedded, EMBEDDED_DEMO is true
 * and no population run was ever recorded.
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
    if (this.database.engine !== 'embedded' || !this.database.embeddedDemo) return;
    this.pending = this.startIfFirst().catch((err: unknown) => {
      this.logger.warn(`Start-up population did not start: ${(err as Error).message}`);
      return null;
    });
  }

  /** Starts the run when none was ever recorded; resolves with its id (or null). */
  async startIfFirst(): Promise<string | null> {
    if (await this.runs.anyRecorded()) return null;
    const runId = await this.population.start({ method: 'dbql', trigger: 'startup' });
    this.logger.log(`First start on the embedded demo: populating lineage from the demo DBQL history (run ${runId})`);
    return runId;
  }
}
