import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LineageIndex } from './graph/lineage-index.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { LineageRepository } from './lineage.repository.js';

const POLL_MS = 2000;

/**
 * Holds the in-memory edge index. Built after start-up without blocking it,
 * rebuilt when OL_GRAPH_STATE.generation changes (population and ingestion
 * bump it), swapped in whole when ready; requests never wait for a build.
 */
@Injectable()
export class LineageIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LineageIndexService.name);
  private index?: LineageIndex;
  private timer?: NodeJS.Timeout;
  private building?: Promise<void>;
  private lastSeen = -1;

  constructor(
    private readonly repository: LineageRepository,
    private readonly metrics: LineageMetrics,
  ) {}

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The ready index, or undefined while the first build runs. */
  current(): LineageIndex | undefined {
    return this.index;
  }

  /** The graph generation the answers are based on (the cache keys include it). */
  generation(): number {
    return this.index?.generation ?? this.lastSeen;
  }

  /** Checks the generation and rebuilds when it moved; concurrent calls share one build. */
  refresh(): Promise<void> {
    this.building ??= this.rebuildIfChanged().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async rebuildIfChanged(): Promise<void> {
    try {
      const generation = await this.repository.generation();
      this.lastSeen = generation;
      if (this.index && this.index.generation === generation) return;
      const started = Date.now();
      const builder = LineageIndex.builder(generation);
      for await (const page of this.repository.activeEdgePages()) for (const edge of page) builder.addEdge(edge);
      for (const link of await this.repository.datasetLinks()) builder.addLink(link);
      const index = builder.finish();
      index.view(); // the render threads' view (JSON-ready names) is made here, off the request path
      this.index = index;
      const ms = Date.now() - started;
      const bytes = index.sharedBytes();
      this.metrics.indexEdges.set(index.edgeCount);
      this.metrics.indexFields.set(index.fieldCount);
      this.metrics.indexBytes.set(bytes);
      this.metrics.indexGeneration.set(generation);
      this.metrics.indexBuildSeconds.set(ms / 1000);
      this.logger.log(
        `Lineage index ready: generation ${generation}, ${index.edgeCount} edges, ${index.fieldCount} fields, ${index.datasetCount} datasets, ${(bytes / 1048576).toFixed(1)} MB of arrays, in ${ms} ms`,
      );
    } catch (err) {
      this.logger.warn(`Lineage index not refreshed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}
