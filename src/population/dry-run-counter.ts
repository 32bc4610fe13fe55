import { emptyWriteCounts, type LineageBatch, type WriteCounts } from '../ol-store/ol-store.types.js';
import type { EdgeSample } from './population.types.js';

const SAMPLE_SIZE = 20;

/**
 * A dry run's stand-in for the OL_* store: counts the rows a run would
 * offer (each distinct key once, as the store's idempotent inserts would)
 * and keeps a sample of edges to show. Writes nothing.
 */
export class DryRunCounter {
  private readonly sample: EdgeSample[] = [];
  private readonly seen = {
    datasets: new Set<string>(),
    fields: new Set<string>(),
    jobs: new Set<string>(),
    runs: new Set<string>(),
    runInputs: new Set<string>(),
    runOutputs: new Set<string>(),
    edges: new Set<string>(),
    namespaces: new Set<string>(),
  };

  count(batch: LineageBatch): WriteCounts {
    const counts = emptyWriteCounts();
    const offer = (key: keyof typeof this.seen, ids: string[]): void => {
      for (const id of ids) {
        if (this.seen[key].has(id)) counts[key].present++;
        else {
          this.seen[key].add(id);
          counts[key].inserted++;
        }
      }
    };
    offer('namespaces', batch.namespaces.map((r) => r.namespaceId));
    offer('datasets', batch.datasets.map((r) => r.datasetId));
    offer('fields', batch.fields.map((r) => r.fieldId));
    offer('jobs', batch.jobs.map((r) => r.jobId));
    offer('runs', batch.runs.map((r) => r.runId));
    offer('runInputs', batch.runInputs.map((r) => `${r.runId}/${r.datasetId}`));
    offer('runOutputs', batch.runOutputs.map((r) => `${r.runId}/${r.datasetId}`));
    offer('edges', batch.edges.map((r) => r.lineageId));
    for (const e of batch.edges) {
      if (this.sample.length >= SAMPLE_SIZE) break;
      this.sample.push({
        source: `${e.sourceDataset}.${e.sourceField}`,
        target: `${e.targetDataset}.${e.targetField}`,
        transformation: `${e.transformationType}/${e.transformationSubtype}`,
      });
    }
    return counts;
  }

  samples(): EdgeSample[] {
    return [...this.sample];
  }
}
