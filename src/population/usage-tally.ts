import { normalizeName } from '../model/ids.js';
import type { DatasetUsageDelta, FieldUsageDelta } from '../ol-store/ol-store.types.js';
import type { DbqlStatement } from './dbql.repository.js';
import { qualify } from './lineage-batch.builder.js';
import type { ExtractionOutcome } from './lineage-extractor.js';

/** Statement types whose reads are usage: queries and the read side of DML (a view or table definition reads nothing when it runs). */
const READING_TYPES = new Set(['select', 'insert', 'ctas', 'update', 'merge', 'delete']);

/** A CollectTimeStamp range a run already counted. */
export interface CountedRange {
  readonly from: Date;
  readonly until: Date;
}

/** True when a row collected at `at` lies in a range already counted. */
export function isCounted(at: Date, ranges: readonly CountedRange[]): boolean {
  const t = at.getTime();
  return ranges.some((r) => t >= r.from.getTime() && t < r.until.getTime());
}

/**
 * Pure: sums the columns and tables DBQL statements read into daily usage
 * deltas (issue 21), per (day, dataset[, field], user, application,
 * client). A statement counts once per table and once per column it reads,
 * whatever number of times its text names them; a column read both in the
 * projection and in a predicate adds to both splits. Only tables the run's
 * dictionary knows are counted (DBC and other databases outside
 * DICTIONARY_INCLUDE/EXCLUDE are not the warehouse). Repeated statements
 * share one extraction outcome; each execution counts.
 */
export class UsageTally {
  private fields = new Map<string, FieldUsageDelta>();
  private datasets = new Map<string, DatasetUsageDelta>();
  private counted = 0;

  constructor(private readonly known: (dataset: string) => boolean) {}

  /** Statements counted since the last take(). */
  get statements(): number {
    return this.counted;
  }

  /** Adds one executed statement; false when it reads nothing usage counts (a failure, a definition, only unknown tables). */
  add(statement: DbqlStatement, outcome: ExtractionOutcome): boolean {
    if (outcome.error || !READING_TYPES.has(outcome.statementType ?? '')) return false;
    const day = statement.startTime.toISOString().slice(0, 10);
    const who = { userName: (statement.userName ?? '').trim(), appId: statement.appId ?? '', clientId: statement.clientId ?? '' };
    const at = statement.startTime;
    const tables = new Set<string>();
    for (const t of outcome.inTables) {
      const name = qualify(t, statement.defaultDatabase);
      if (this.known(name)) tables.add(name);
    }
    const columns = new Map<string, { dataset: string; field: string; projection: boolean; predicate: boolean }>();
    for (const r of outcome.reads ?? []) {
      const dataset = qualify(r.dataset, statement.defaultDatabase);
      if (!this.known(dataset)) continue;
      const field = normalizeName(r.field);
      const key = `${dataset}\u0000${field}`;
      const c = columns.get(key) ?? { dataset, field, projection: false, predicate: false };
      if (r.use === 'projection') c.projection = true;
      else c.predicate = true;
      columns.set(key, c);
      tables.add(dataset);
    }
    if (tables.size === 0) return false;
    for (const dataset of tables) {
      const key = [day, dataset, who.userName, who.appId, who.clientId].join('\u0000');
      const d = this.datasets.get(key);
      if (d) {
        d.readCount++;
        if (at > d.lastReadAt) d.lastReadAt = at;
      } else this.datasets.set(key, { day, dataset, ...who, readCount: 1, lastReadAt: at });
    }
    for (const c of columns.values()) {
      const key = [day, c.dataset, c.field, who.userName, who.appId, who.clientId].join('\u0000');
      const f = this.fields.get(key);
      if (f) {
        f.readCount++;
        if (c.projection) f.projectionCount++;
        if (c.predicate) f.predicateCount++;
        if (at > f.lastReadAt) f.lastReadAt = at;
      } else {
        this.fields.set(key, { day, dataset: c.dataset, field: c.field, ...who, readCount: 1, projectionCount: c.projection ? 1 : 0, predicateCount: c.predicate ? 1 : 0, lastReadAt: at });
      }
    }
    this.counted++;
    return true;
  }

  /** The deltas summed so far; the tally starts empty again. */
  take(): { fields: FieldUsageDelta[]; datasets: DatasetUsageDelta[]; statements: number } {
    const out = { fields: [...this.fields.values()], datasets: [...this.datasets.values()], statements: this.counted };
    this.fields = new Map();
    this.datasets = new Map();
    this.counted = 0;
    return out;
  }
}
