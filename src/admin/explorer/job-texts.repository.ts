import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryInList } from '../../teradata/database.port.js';
import { MarquezStatements } from '../../teradata/marquez.statements.js';

/** A job as the detail panel names it: its name and its SQL (OL_JOB.description holds the statement of a mined job). */
export interface JobText {
  readonly jobId: string;
  readonly name: string;
  readonly sql: string | null;
}

/**
 * The jobs behind the runs a detail panel lists, by id, through the jobs-by-id
 * statement the Marquez reads already have in both dialects (no second copy
 * of that SQL): the lineage module answers runs by field, not their jobs' text.
 */
@Injectable()
export class JobTextsRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(MarquezStatements) private readonly sql: MarquezStatements,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, JobText>> {
    if (ids.length === 0) return new Map();
    const rows = await queryInList<{ job_id: string; name: string; description: string | null }>(this.database, this.sql.jobsById, [...new Set(ids)]);
    return new Map(rows.map((r) => [String(r.job_id), { jobId: String(r.job_id), name: String(r.name), sql: r.description === null ? null : String(r.description) }]));
  }
}
