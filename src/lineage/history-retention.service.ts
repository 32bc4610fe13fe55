import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LineageConfig } from '../config/app-config.js';
import { OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { LineageIndexService } from './lineage-index.service.js';

/** How often the service looks whether a day has passed since it last pruned. */
const CHECK_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * LINEAGE_HISTORY_DAYS (ADR 0024): once a day (and at start), deletes the
 * history that ended before the horizon (earlier intervals, recorded
 * definitions, edges whose last interval ended then). Answers as of any
 * instant from the horizon on never change by it: only what ended before it
 * goes, and asOf, compare and /changes before the horizon are refused. The
 * lineage index leaves what ended before the horizon out of its next build
 * or merge. Nothing happens when the variable is unset (everything is kept).
 * Replicas each prune: the deletes are idempotent.
 */
@Injectable()
export class HistoryRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HistoryRetentionService.name);
  private timer?: NodeJS.Timeout;
  private lastPruned = 0;
  private running?: Promise<void>;

  constructor(
    private readonly config: LineageConfig,
    private readonly writer: OlStoreWriter,
    private readonly indexes: LineageIndexService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.historyDays === undefined) return;
    void this.pruneIfDue();
    this.timer = setInterval(() => void this.pruneIfDue(), CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Prunes when a day has passed since the last time (one at a time). */
  pruneIfDue(): Promise<void> {
    if (this.running) return this.running;
    if (Date.now() - this.lastPruned < DAY_MS) return Promise.resolve();
    const running = this.prune()
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
      });
    this.running = running;
    return running;
  }

  /** Deletes what ended before the horizon now; returns what it deleted. */
  async prune(): Promise<{ history: number; edges: number }> {
    const horizon = this.indexes.horizonDate();
    try {
      const deleted = await this.writer.pruneHistory(horizon);
      this.lastPruned = Date.now();
      if (deleted.history + deleted.edges > 0) this.logger.log(`Lineage history before ${horizon.toISOString()} pruned (LINEAGE_HISTORY_DAYS=${this.config.historyDays}): ${deleted.edges} ended edges, ${deleted.history} earlier intervals and definitions`);
      return deleted;
    } catch (err) {
      this.logger.warn(`Lineage history not pruned: ${(err as Error).message.split('\n')[0]}; trying again within the hour`);
      return { history: 0, edges: 0 };
    }
  }
}
