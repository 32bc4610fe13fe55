import type { DatasetUsageDelta, FieldUsageDelta, ReaderExecutions } from './ol-store.types.js';

/**
 * Daily usage deltas being summed: per (dataset, field, day, user,
 * application, client) and per (dataset, day, user, application, client),
 * the reads, in the projection and in predicates, and the last read. The
 * tally sums a batch's executions with it, the writer the columns it finds
 * behind views.
 */
export class UsageDeltas {
  private readonly fieldDeltas = new Map<string, FieldUsageDelta>();
  private readonly datasetDeltas = new Map<string, DatasetUsageDelta>();

  /** `e`'s executions read this column, in the projection and/or a predicate. */
  addField(e: ReaderExecutions, dataset: string, field: string, projection: boolean, predicate: boolean): void {
    const key = `${dataset}\u0000${field}${readerKey(e)}`;
    let f = this.fieldDeltas.get(key);
    if (!f) {
      f = { day: e.day, dataset, field, userName: e.userName, appId: e.appId, clientId: e.clientId, readCount: 0, projectionCount: 0, predicateCount: 0, lastReadAt: e.lastReadAt };
      this.fieldDeltas.set(key, f);
    }
    f.readCount += e.count;
    if (projection) f.projectionCount += e.count;
    if (predicate) f.predicateCount += e.count;
    if (e.lastReadAt > f.lastReadAt) f.lastReadAt = e.lastReadAt;
  }

  /** `e`'s executions read this dataset. */
  addDataset(e: ReaderExecutions, dataset: string): void {
    const key = `${dataset}${readerKey(e)}`;
    let d = this.datasetDeltas.get(key);
    if (!d) {
      d = { day: e.day, dataset, userName: e.userName, appId: e.appId, clientId: e.clientId, readCount: 0, lastReadAt: e.lastReadAt };
      this.datasetDeltas.set(key, d);
    }
    d.readCount += e.count;
    if (e.lastReadAt > d.lastReadAt) d.lastReadAt = e.lastReadAt;
  }

  get fields(): FieldUsageDelta[] {
    return [...this.fieldDeltas.values()];
  }

  get datasets(): DatasetUsageDelta[] {
    return [...this.datasetDeltas.values()];
  }
}

function readerKey(e: ReaderExecutions): string {
  return `\u0000${e.day}\u0000${e.userName}\u0000${e.appId}\u0000${e.clientId}`;
}
