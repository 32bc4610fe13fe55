import { Inject, Injectable } from '@nestjs/common';
import { csvLine } from '../../common/csv.js';
import { nameKey } from '../../model/ids.js';
import type { ChangeFilter } from '../../teradata/history.statements.js';
import { LineageInvalidQueryError } from '../lineage.errors.js';
import { LineageService } from '../lineage.service.js';
import { type ChangeRow, ChangesRepository } from './changes.repository.js';
import type { ChangeTotals, LineageChange, LineageChanges } from './changes.types.js';

/** Default window: the week before `until`. */
const DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** A CSV answer holds every change of the window up to this many rows (read in pages of CSV_PAGE). */
export const CHANGES_CSV_MAX_ROWS = 100_000;
const CSV_PAGE = 5_000;

export interface ChangesQuery {
  readonly since?: string;
  readonly until?: string;
  readonly namespace?: string;
  readonly dataset?: string;
  readonly field?: string;
  readonly limit?: number;
  readonly offset?: number;
}

const CSV_HEADER = [
  'change', 'item', 'at',
  'source_namespace', 'source_dataset', 'source_field', 'target_namespace', 'target_dataset', 'target_field', 'transformation_type', 'transformation_subtype',
  'namespace', 'dataset', 'field', 'run_id', 'job_namespace', 'job_name',
];

/**
 * What changed in the lineage over a window (issue 20): the edges, datasets
 * and fields that became true or stopped being true, each with the instant
 * and the run (DBQL statement or OpenLineage event) responsible. Read from
 * the intervals the writers keep (ADR 0024), in SQL: a window's changes are
 * a range read, not a walk.
 */
@Injectable()
export class LineageChangesService {
  constructor(
    @Inject(ChangesRepository) private readonly repository: ChangesRepository,
    @Inject(LineageService) private readonly lineage: LineageService,
  ) {}

  async changes(query: ChangesQuery, now = new Date()): Promise<LineageChanges> {
    const filter = await this.filter(query, now);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [counts, rows] = await Promise.all([this.repository.counts(filter), this.repository.page(filter, limit, offset)]);
    const totals = totalsOf(counts);
    return {
      since: filter.since.toISOString(),
      until: filter.until.toISOString(),
      node: filter.node ?? null,
      totals,
      total: Object.values(totals).reduce((a, b) => a + b, 0),
      limit,
      offset,
      items: rows.map(toChange),
    };
  }

  /** The window's changes as CSV, oldest first: every row up to CHANGES_CSV_MAX_ROWS; `truncated` when there were more. */
  async changesCsv(query: ChangesQuery, now = new Date()): Promise<{ csv: string; truncated: boolean }> {
    const filter = await this.filter(query, now);
    const lines = [csvLine(CSV_HEADER)];
    let offset = 0;
    for (;;) {
      const rows = await this.repository.page(filter, Math.min(CSV_PAGE, CHANGES_CSV_MAX_ROWS + 1 - offset), offset);
      for (const r of rows.slice(0, CHANGES_CSV_MAX_ROWS - offset)) lines.push(csvLine(csvValues(r)));
      offset += rows.length;
      if (offset > CHANGES_CSV_MAX_ROWS) return { csv: `${lines.join('\n')}\n`, truncated: true };
      if (rows.length < CSV_PAGE) return { csv: `${lines.join('\n')}\n`, truncated: false };
    }
  }

  private async filter(query: ChangesQuery, now: Date): Promise<ChangeFilter> {
    const until = query.until ? instant('until', query.until) : now;
    const since = query.since ? instant('since', query.since) : new Date(until.getTime() - DEFAULT_WINDOW_MS);
    if (since.getTime() >= until.getTime()) throw new LineageInvalidQueryError(`since (${since.toISOString()}) must be before until (${until.toISOString()})`);
    if (query.field && !query.dataset) throw new LineageInvalidQueryError('field needs dataset: give the dataset the field belongs to');
    if (!query.dataset) return { since, until };
    // The dataset as every lineage route finds it (namespace resolved, case folded for teradata:// namespaces); 404 when the store never held it.
    const found = await this.lineage.dataset(query.dataset, query.namespace);
    const field = query.field ? nameKey(found.namespace, query.field) : undefined;
    return { since, until, node: { namespace: found.namespace, dataset: found.name, ...(field ? { field } : {}) } };
  }
}

function instant(name: string, text: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new LineageInvalidQueryError(`${name} must be an ISO 8601 date or date-time, got "${text}"`);
  return at;
}

function totalsOf(counts: readonly { change: 'added' | 'removed'; kind: 'E' | 'D' | 'F'; n: number }[]): ChangeTotals {
  const n = (change: 'added' | 'removed', kind: 'E' | 'D' | 'F') => counts.find((c) => c.change === change && c.kind === kind)?.n ?? 0;
  return {
    edgesAdded: n('added', 'E'),
    edgesRemoved: n('removed', 'E'),
    datasetsAdded: n('added', 'D'),
    datasetsRemoved: n('removed', 'D'),
    fieldsAdded: n('added', 'F'),
    fieldsRemoved: n('removed', 'F'),
  };
}

const ITEMS = { E: 'edge', D: 'dataset', F: 'field' } as const;

function toChange(r: ChangeRow): LineageChange {
  const base = { change: r.change, item: ITEMS[r.item_kind], at: new Date(r.at).toISOString(), run: r.run_id ? { runId: r.run_id, jobNamespace: r.job_namespace, jobName: r.job_name } : null };
  if (r.item_kind === 'E') {
    return {
      ...base,
      edge: {
        source: { namespace: r.source_namespace ?? '', dataset: r.source_dataset ?? '', field: r.source_field ?? '' },
        target: { namespace: r.target_namespace ?? '', dataset: r.target_dataset ?? '', field: r.target_field ?? '' },
        transformationType: r.transformation_type ?? '',
        transformationSubtype: r.transformation_subtype,
      },
    };
  }
  if (r.item_kind === 'D') return { ...base, dataset: { namespace: r.namespace ?? '', name: r.dataset ?? '' } };
  return { ...base, field: { namespace: r.namespace ?? '', dataset: r.dataset ?? '', field: r.field_name ?? '' } };
}

function csvValues(r: ChangeRow): (string | null)[] {
  return [
    r.change, ITEMS[r.item_kind], new Date(r.at).toISOString(),
    r.source_namespace, r.source_dataset, r.source_field, r.target_namespace, r.target_dataset, r.target_field, r.transformation_type, r.transformation_subtype,
    r.namespace, r.dataset, r.field_name, r.run_id, r.job_namespace, r.job_name,
  ];
}
