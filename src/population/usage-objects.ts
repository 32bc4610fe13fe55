import type { DbqlObjectRow } from './dbql.repository.js';
import type { ColumnRead } from './extraction/extraction.types.js';
import type { ExtractionOutcome } from './lineage-extractor.js';

/** TypeOfUse bits of a condition: in a condition (4), an inner (8), outer (16) or full outer (64) join condition. */
const CONDITION_BITS = 4 | 8 | 16 | 64;
/** TypeOfUse bit of a sum node (an aggregate's argument: read in the projection). */
const SUM_BIT = 32;

/**
 * A SELECT's usage from what DBQL object logging recorded for it
 * (DBC.DBQLObjTbl) instead of parsing its text: 'Tab' rows are the tables
 * (and views) read, 'Col' rows the columns — in a predicate when a
 * condition bit of TypeOfUse is set, in the projection when none is (or the
 * sum bit is). Null when the rows name no table (object logging was off
 * for that query): the caller parses it.
 */
export function outcomeFromObjects(rows: readonly DbqlObjectRow[]): ExtractionOutcome | null {
  const tables = new Set<string>();
  const reads = new Map<string, ColumnRead>();
  const name = (v: string | null) => (v ?? '').trim().toLowerCase();
  for (const r of rows) {
    const type = (r.object_type ?? '').trim().toLowerCase();
    const dataset = `${name(r.database_name)}.${name(r.table_name)}`;
    if (!r.database_name || !r.table_name) continue;
    if (type === 'tab' || type === 'viw' || type === 'view') tables.add(dataset);
    if (type !== 'col' || !r.column_name) continue;
    tables.add(dataset);
    const use = Number(r.type_of_use ?? 0);
    const add = (u: ColumnRead['use']) => reads.set(`${dataset}.${name(r.column_name)} ${u}`, { dataset, field: name(r.column_name), use: u });
    if ((use & CONDITION_BITS) !== 0) add('predicate');
    if ((use & CONDITION_BITS) === 0 || (use & SUM_BIT) !== 0) add('projection');
  }
  if (tables.size === 0) return null;
  return { statementType: 'select', inTables: [...tables], outTables: [], columnEdges: [], warnings: [], reads: [...reads.values()] };
}

/**
 * outcomeFromObjects, shared by the queries whose DBQLObjTbl rows are the
 * same set (a BI query repeated with other literals logs the same objects):
 * one outcome object for them, so the usage tally resolves what it reads
 * once, not per execution. Remembers up to `limit` distinct sets, then
 * starts over.
 */
export class ObjectOutcomes {
  private readonly known = new Map<string, ExtractionOutcome | null>();

  constructor(private readonly limit = 20_000) {}

  outcomeOf(rows: readonly DbqlObjectRow[]): ExtractionOutcome | null {
    const signature = rows
      .map((r) => `${r.database_name ?? ''}\u0001${r.table_name ?? ''}\u0001${r.column_name ?? ''}\u0001${r.object_type ?? ''}\u0001${r.type_of_use ?? ''}`)
      .sort()
      .join('\u0002');
    let outcome = this.known.get(signature);
    if (outcome === undefined) {
      if (this.known.size >= this.limit) this.known.clear();
      outcome = outcomeFromObjects(rows);
      this.known.set(signature, outcome);
    }
    return outcome;
  }
}

/**
 * The outcomes of the SELECTs of the slices read so far (their DBQLObjTbl
 * rows, one read a slice), until the pages have gone past them: a slice's
 * statements were all collected before its end, and pages come in
 * CollectTimeStamp order, so a page starting at or after a slice's end
 * needs none of it. Holds a slice or two (the reader runs a page ahead).
 */
export class SliceOutcomes {
  private readonly slices: { end: number; ids: string[] }[] = [];
  private readonly outcomes = new Map<string, ExtractionOutcome>();

  /** A slice's SELECTs (query id → object rows) as outcomes, shared through `known`; queries whose rows name no table are left to parsing. */
  add(end: Date, objects: ReadonlyMap<string, readonly DbqlObjectRow[]>, known: ObjectOutcomes): void {
    const ids: string[] = [];
    for (const [id, rows] of objects) {
      const outcome = known.outcomeOf(rows);
      if (!outcome) continue;
      this.outcomes.set(id, outcome);
      ids.push(id);
    }
    this.slices.push({ end: end.getTime(), ids });
  }

  /** Forgets the slices that end at or before `at` (the first CollectTimeStamp of the page at hand). */
  forgetBefore(at: Date): void {
    while (this.slices.length > 0 && this.slices[0].end <= at.getTime()) for (const id of (this.slices.shift() as { ids: string[] }).ids) this.outcomes.delete(id);
  }

  get(queryId: string): ExtractionOutcome | undefined {
    return this.outcomes.get(queryId);
  }
}
