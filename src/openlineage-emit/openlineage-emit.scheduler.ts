import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OpenLineageEmitter } from './openlineage-emitter.service.js';

/**
 * The background sender of the HTTP service (off unless OPENLINEAGE_URL is
 * set): a delivery pass at start, then one whenever a population run of this
 * process finishes (`wake`) or OPENLINEAGE_POLL_SECONDS passed (runs of
 * other processes: the CLI, another replica). Only decides when; the
 * emitter decides what.
 */
@Injectable()
export class OpenLineageEmitScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OpenLineageEmit');
  private readonly stop = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(@Inject(OpenLineageEmitter) private readonly emitter: OpenLineageEmitter) {}

  onApplicationBootstrap(): void {
    if (!this.emitter.enabled) return;
    this.logger.log(`OpenLineage emission on: population runs are sent to ${this.emitter.config.target}`);
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.stop.signal;
    while (!signal.aborted) {
      try {
        await this.emitter.deliverPending({ signal });
      } catch (err) {
        this.logger.warn(`OpenLineage: delivery pass failed (${(err as Error).message}); next try in ${this.emitter.config.pollSeconds} s`);
      }
      await this.emitter.idle(this.emitter.config.pollSeconds * 1000, signal);
    }
  }
}
