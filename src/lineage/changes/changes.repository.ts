import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort } from '../../teradata/database.port.js';
import { type ChangeFilter, changeParams, HistoryStatements } from '../../teradata/history.statements.js';

/** A change row as the history statements return it. */
export interface ChangeRow {
  readonly change: 'added' | 'removed';
  readonly item_kind: 'E' | 'D' | 'F';
  readonly item_key: string;
  readonly at: Date;
  readonly run_id: string | null;
  readonly job_namespace: string | null;
  readonly job_name: string | null;
  readonly source_namespace: string | null;
  readonly source_dataset: string | null;
  readonly source_field: string | null;
  readonly target_namespace: string | null;
  readonly target_dataset: string | null;
  readonly target_field: string | null;
  readonly transformation_type: string | null;
  readonly transformation_subtype: string | null;
  readonly namespace: string | null;
  readonly dataset: string | null;
  readonly field_name: string | null;
}

/** Reads of the lineage history (the intervals the writers keep, ADR 0024). */
@Injectable()
export class ChangesRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(HistoryStatements) private readonly sql: HistoryStatements,
  ) {}

  async page(filter: ChangeFilter, limit: number, offset: number): Promise<ChangeRow[]> {
    const page = this.database.dialect === 'teradata' ? [offset + 1, offset + limit] : [limit, offset];
    return this.database.query<ChangeRow & Record<string, unknown>>(this.sql.changesPage, [...changeParams(filter), ...page]);
  }

  async counts(filter: ChangeFilter): Promise<{ change: 'added' | 'removed'; kind: 'E' | 'D' | 'F'; n: number }[]> {
    const rows = await this.database.query<{ change: 'added' | 'removed'; item_kind: 'E' | 'D' | 'F'; n: number | bigint }>(this.sql.changesCount, changeParams(filter));
    return rows.map((r) => ({ change: r.change, kind: r.item_kind, n: Number(r.n) }));
  }
}
