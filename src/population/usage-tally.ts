import { normalizeName } from '../model/ids.js';
import type { DatasetUsageDelta, FieldUsageDelta, StatementReads } from '../ol-store/ol-store.types.js';
import { UsageDeltas } from '../ol-store/usage-deltas.js';
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

/** What one distinct statement reads that usage counts, resolved once (qualified, normalized, filtered by the dictionary). */
interface ReadShape {
  readonly id: number;
  readonly tables: readonly string[];
  readonly columns: readonly { readonly dataset: string; readonly field: string; readonly projection: boolean; readonly predicate: boolean }[];
}

/** Executions of one shape by one reader on one day. */
interface ShapeGroup {
  readonly shape: ReadShape;
  readonly day: string;
  readonly userName: string;
  readonly appId: string;
  readonly clientId: string;
  count: number;
  lastReadAt: Date;
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
 *
 * Cheap per execution: what a distinct statement (an outcome, under a
 * default database) reads is resolved once, and an execution only counts its
 * shape for its day and reader; the per-column deltas are built from those
 * groups when taken. So a BI query repeated with other literals costs one
 * map update, whatever number of columns it reads.
 */
export class UsageTally {
  private groups = new Map<string, ShapeGroup>();
  private counted = 0;
  /** Shapes per outcome and default database, for the tally's life (a run: its dictionary does not change). */
  private readonly shapes = new WeakMap<ExtractionOutcome, Map<string, ReadShape | null>>();
  private nextShape = 0;

  constructor(private readonly known: (dataset: string) => boolean) {}

  /** Statements counted since the last take(). */
  get statements(): number {
    return this.counted;
  }

  /** Executions of distinct (shape, day, reader) held since the last take(): what the tally's memory grows with. */
  get size(): number {
    return this.groups.size;
  }

  /** Adds one executed statement; false when it reads nothing usage counts (a failure, a definition, only unknown tables). */
  add(statement: DbqlStatement, outcome: ExtractionOutcome): boolean {
    const shape = this.shapeOf(outcome, statement.defaultDatabase);
    if (!shape) return false;
    const day = statement.startTime.toISOString().slice(0, 10);
    const userName = (statement.userName ?? '').trim();
    const appId = statement.appId ?? '';
    const clientId = statement.clientId ?? '';
    const at = statement.startTime;
    const key = `${shape.id}\u0000${day}\u0000${userName}\u0000${appId}\u0000${clientId}`;
    const g = this.groups.get(key);
    if (g) {
      g.count++;
      if (at > g.lastReadAt) g.lastReadAt = at;
    } else this.groups.set(key, { shape, day, userName, appId, clientId, count: 1, lastReadAt: at });
    this.counted++;
    return true;
  }

  /** The deltas summed so far; the tally starts empty again. */
  take(): { fields: FieldUsageDelta[]; datasets: DatasetUsageDelta[]; reads: StatementReads[]; statements: number } {
    const deltas = new UsageDeltas();
    const reads: StatementReads[] = [];
    for (const g of this.groups.values()) {
      if (g.shape.columns.length > 0) reads.push({ day: g.day, userName: g.userName, appId: g.appId, clientId: g.clientId, count: g.count, lastReadAt: g.lastReadAt, columns: g.shape.columns });
      for (const dataset of g.shape.tables) deltas.addDataset(g, dataset);
      for (const c of g.shape.columns) deltas.addField(g, c.dataset, c.field, c.projection, c.predicate);
    }
    const out = { fields: deltas.fields, datasets: deltas.datasets, reads, statements: this.counted };
    this.groups = new Map();
    this.counted = 0;
    return out;
  }

  /** What an outcome reads under a default database, resolved on its first execution; null when usage counts none of it. */
  private shapeOf(outcome: ExtractionOutcome, defaultDatabase: string | null): ReadShape | null {
    let byDatabase = this.shapes.get(outcome);
    if (!byDatabase) {
      byDatabase = new Map();
      this.shapes.set(outcome, byDatabase);
    }
    const db = defaultDatabase ?? '';
    let shape = byDatabase.get(db);
    if (shape === undefined) {
      shape = this.resolve(outcome, defaultDatabase);
      byDatabase.set(db, shape);
    }
    return shape;
  }

  private resolve(outcome: ExtractionOutcome, defaultDatabase: string | null): ReadShape | null {
    if (outcome.error || !READING_TYPES.has(outcome.statementType ?? '')) return null;
    const tables = new Set<string>();
    for (const t of outcome.inTables) {
      const name = qualify(t, defaultDatabase);
      if (this.known(name)) tables.add(name);
    }
    const columns = new Map<string, { dataset: string; field: string; projection: boolean; predicate: boolean }>();
    for (const r of outcome.reads ?? []) {
      const dataset = qualify(r.dataset, defaultDatabase);
      if (!this.known(dataset)) continue;
      const field = normalizeName(r.field);
      const key = `${dataset}\u0000${field}`;
      const c = columns.get(key) ?? { dataset, field, projection: false, predicate: false };
      if (r.use === 'projection') c.projection = true;
      else c.predicate = true;
      columns.set(key, c);
      tables.add(dataset);
    }
    if (tables.size === 0) return null;
    return { id: this.nextShape++, tables: [...tables], columns: [...columns.values()] };
  }
}
