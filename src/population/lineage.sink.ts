import type { SqlExecutor } from '../teradata/database.port.js';
import type { OlStoreWriter } from '../ol-store/ol-store.writer.js';
import { emptyWriteCounts, type LineageBatch, type WriteCounts } from '../ol-store/ol-store.types.js';
import type { EdgeSample } from './population.types.js';

/** Where a run's batches go: the OL_* store, or nowhere (dry run). The run path is the same. */
export interface LineageSink {
  readonly dryRun: boolean;
  /** Writes one batch atomically; `alongside` joins the same transaction (watermark, run counters, failures). */
  write(batch: LineageBatch, alongside?: (tx: SqlExecutor | null, counts: WriteCounts) => Promise<void>): Promise<WriteCounts>;
  /** Edges to show (dry run). */
  samples(): EdgeSample[];
}

export class StoreSink implements LineageSink {
  readonly dryRun = false;
  constructor(private readonly writer: OlStoreWriter) {}

  write(batch: LineageBatch, alongside?: (tx: SqlExecutor | null, counts: WriteCounts) => Promise<void>): Promise<WriteCounts> {
    return this.writer.writeBatch(batch, alongside);
  }

  samples(): EdgeSample[] {
    return [];
  }
}

const SAMPLE_SIZE = 20;

/** Dry run: counts the rows a run would offer (each distinct key once) and keeps a sample of edges; writes nothing. */
export class DryRunSink implements LineageSink {
  readonly dryRun = true;
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

  /** `alongside` is called without a transaction: a dry run records only its run row and failures. */
  async write(batch: LineageBatch, alongside?: (tx: SqlExecutor | null, counts: WriteCounts) => Promise<void>): Promise<WriteCounts> {
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
    if (alongside) await alongside(null, counts);
    return counts;
  }

  samples(): EdgeSample[] {
    return [...this.sample];
  }
}
