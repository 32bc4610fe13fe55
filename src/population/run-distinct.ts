import type { InsertCount, LineageBatch, WriteCounts } from '../ol-store/ol-store.types.js';

type Kind = 'namespaces' | 'datasets' | 'fields' | 'jobs' | 'edges';

const KEYS: { readonly [K in Kind]: (batch: LineageBatch) => Iterable<string> } = {
  namespaces: (b) => b.namespaces.map((r) => r.namespaceId),
  datasets: (b) => b.datasets.map((r) => r.datasetId),
  fields: (b) => b.fields.map((r) => r.fieldId),
  jobs: (b) => b.jobs.map((r) => r.jobId),
  edges: (b) => b.edges.map((r) => r.lineageId),
};

/**
 * "Already present", counted once per run. The writer counts per batch: a
 * row offered by two batches of the run is "present" in the second, and how
 * rows fall into batches depends on timing (extraction workers, writes
 * overlapping reads), so identical runs reported different counts. Here a
 * row counts as present only the first time the run offers it, and only
 * when it was in the store before (not inserted then): the same store and
 * the same window give the same counts, whatever the batches.
 * (OL runs and their inputs/outputs are keyed by the statement, which one
 * batch holds: their per-batch counts are already per run.)
 */
export class RunDistinct {
  private readonly seen = new Map<Kind, Set<string>>((Object.keys(KEYS) as Kind[]).map((k) => [k, new Set<string>()]));

  /** Rewrites the batch's `present` counts as rows first offered by this run less those inserted; call once the batch committed. */
  recount(batch: LineageBatch, counts: WriteCounts): void {
    for (const kind of Object.keys(KEYS) as Kind[]) {
      const seen = this.seen.get(kind) as Set<string>;
      let first = 0;
      for (const key of KEYS[kind](batch)) {
        if (seen.has(key)) continue;
        seen.add(key);
        first++;
      }
      const count: InsertCount = counts[kind];
      count.present = Math.max(0, first - count.inserted);
    }
  }
}
