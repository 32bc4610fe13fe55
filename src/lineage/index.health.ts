import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LineageIndexService } from './lineage-index.service.js';

/**
 * `lineageIndex`: ready once the in-memory index serves answers (read from
 * its snapshot or built from the store after start); lineage routes answer
 * 503 LINEAGE_INDEX_NOT_READY until then, so a load balancer waits for it.
 */
@Injectable()
export class LineageIndexHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly indexes: LineageIndexService,
  ) {}

  isHealthy(key = 'lineageIndex') {
    const indicator = this.health.check(key);
    const index = this.indexes.current();
    if (!index) {
      const failure = this.indexes.failure();
      return indicator.down(
        failure === undefined ? { state: 'building', message: 'the lineage index is being read from its snapshot or built from the store' } : { state: 'failing', message: `the lineage index cannot be built: ${failure}` },
      );
    }
    return indicator.up({ state: 'ready', generation: index.generation, edges: index.activeEdgeCount });
  }
}
