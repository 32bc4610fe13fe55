import { Inject, Injectable } from '@nestjs/common';
import { DatabasePort, queryInList, type Row } from '../teradata/database.port.js';
import { OpenLineageEmitStatements, POPULATION_PRODUCER_PATTERN } from '../teradata/openlineage-emit.statements.js';
import type { DatasetRef, EdgeFacts, EmittedEventType, PopulationRunFacts, StatementRunFacts } from './run-events.js';
import type { ColumnLineageColumns } from '../ol-store/ol-store.types.js';

/** OL_WATERMARK row holding the finished_at of the last population run delivered. */
const CURSOR_NAME = 'openlineage_emit';

/** Where a page of statement runs resumes: after (createdAt, runId). */
export interface StatementRunPosition {
  readonly createdAt: Date;
  readonly runId: string;
}

type RunRow = Row & {
  run_id: string;
  method: string;
  state: string;
  started_at: Date | string;
  finished_at: Date | string;
  message: string | null;
};

type StatementRow = Row & {
  run_id: string;
  event_type: string;
  event_time: Date | string;
  created_at: Date | string;
  job_name: string;
  job_description: string | null;
  job_type: string | null;
  job_namespace: string;
};

type SideRow = Row & {
  run_id: string;
  namespace: string;
  name: string;
};

type EdgeRowOut = Row & ColumnLineageColumns & { run_id: string };

const text = (value: unknown): string => String(value).trim();
const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const STATES = new Set(['succeeded', 'failed', 'cancelled']);
const EVENT_TYPES = new Set<string>(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']);

function toPopulationRun(row: RunRow): PopulationRunFacts {
  const state = text(row.state);
  return {
    runId: text(row.run_id),
    method: text(row.method),
    state: (STATES.has(state) ? state : 'failed') as PopulationRunFacts['state'],
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
    message: row.message === null ? null : String(row.message),
  };
}

/**
 * What OpenLineage emission reads from the store (the finished population
 * runs, the OL_RUN rows each created, their datasets and active edges) and
 * the delivery cursor it keeps in OL_WATERMARK. Rows become the plain facts
 * of `run-events.ts` here.
 */
@Injectable()
export class OpenLineageEmitRepository {
  constructor(
    @Inject(DatabasePort) private readonly database: DatabasePort,
    @Inject(OpenLineageEmitStatements) private readonly sql: OpenLineageEmitStatements,
  ) {}

  /** finished_at of the last population run delivered; null when none was (emission starts with the runs finishing from now on). */
  async cursor(): Promise<Date | null> {
    const [row] = await this.database.query<{ watermark_at: Date | string }>(this.sql.getCursor, [CURSOR_NAME]);
    return row ? date(row.watermark_at) : null;
  }

  async setCursor(at: Date): Promise<void> {
    await this.database.execute(this.sql.setCursor, [CURSOR_NAME, at, new Date()]);
  }

  /** The next finished population runs from the cursor on (its instant included), oldest first (a page). */
  async finishedRunsFrom(from: Date): Promise<PopulationRunFacts[]> {
    return (await this.database.query<RunRow>(this.sql.finishedRunsFrom, [from])).map(toPopulationRun);
  }

  async countFinishedRunsAfter(after: Date): Promise<number> {
    const [row] = await this.database.query<{ pending: number | bigint }>(this.sql.countFinishedRunsAfter, [after]);
    return Number(row?.pending ?? 0);
  }

  /** Every finished population run started in [since, until), oldest first. */
  async finishedRunsStartedBetween(since: Date, until: Date): Promise<PopulationRunFacts[]> {
    const out: PopulationRunFacts[] = [];
    let after = { startedAt: new Date(since.getTime() - 1), runId: '' };
    for (;;) {
      const page = (await this.database.query<RunRow>(this.sql.finishedRunsStartedBetween, [since, until, after.startedAt, after.startedAt, after.runId])).map(toPopulationRun);
      out.push(...page);
      if (page.length === 0) return out;
      const last = page[page.length - 1];
      after = { startedAt: last.startedAt, runId: last.runId };
    }
  }

  /**
   * One page of the statement runs a population run created (OL_RUN rows
   * of a population producer whose created_at lies in its [start, end]),
   * after `position`, with their datasets and active edges; `next` is where
   * the following page starts (null: this was the last).
   */
  async statementRuns(from: Date, to: Date, position: StatementRunPosition | null): Promise<{ runs: StatementRunFacts[]; next: StatementRunPosition | null }> {
    const after = position ?? { createdAt: new Date(from.getTime() - 1000), runId: '' };
    const rows = await this.database.query<StatementRow>(this.sql.statementRunsPage, [POPULATION_PRODUCER_PATTERN, from, to, after.createdAt, after.createdAt, after.runId]);
    if (rows.length === 0) return { runs: [], next: null };
    const ids = rows.map((r) => text(r.run_id));
    const [inputs, outputs, edges] = await Promise.all([
      queryInList<SideRow>(this.database, this.sql.runInputs, ids),
      queryInList<SideRow>(this.database, this.sql.runOutputs, ids),
      queryInList<EdgeRowOut>(this.database, this.sql.edgesOfRuns, ids),
    ]);
    const sides = (list: readonly SideRow[]) => {
      const by = new Map<string, DatasetRef[]>();
      for (const r of list) {
        const id = text(r.run_id);
        (by.get(id) ?? by.set(id, []).get(id)!).push({ namespace: text(r.namespace), name: text(r.name) });
      }
      return by;
    };
    const ins = sides(inputs);
    const outs = sides(outputs);
    const edgesBy = new Map<string, EdgeFacts[]>();
    for (const e of edges) {
      const id = text(e.run_id);
      (edgesBy.get(id) ?? edgesBy.set(id, []).get(id)!).push({
        sourceNamespace: text(e.source_namespace),
        sourceDataset: text(e.source_dataset),
        sourceField: text(e.source_field),
        targetNamespace: text(e.target_namespace),
        targetDataset: text(e.target_dataset),
        targetField: text(e.target_field),
        transformationType: text(e.transformation_type),
        transformationSubtype: e.transformation_subtype === null ? null : text(e.transformation_subtype),
        description: e.transformation_description === null ? null : String(e.transformation_description),
        masking: e.masking !== null && text(e.masking) === 'Y',
      });
    }
    const runs = rows.map((r): StatementRunFacts => {
      const id = text(r.run_id);
      const type = text(r.event_type);
      return {
        runId: id,
        eventType: (EVENT_TYPES.has(type) ? type : 'OTHER') as EmittedEventType,
        eventTime: date(r.event_time),
        job: {
          namespace: text(r.job_namespace),
          name: text(r.job_name),
          description: r.job_description === null ? null : String(r.job_description),
          jobType: r.job_type === null ? null : text(r.job_type),
        },
        inputs: ins.get(id) ?? [],
        outputs: outs.get(id) ?? [],
        edges: edgesBy.get(id) ?? [],
      };
    });
    const last = rows[rows.length - 1];
    return { runs, next: { createdAt: date(last.created_at), runId: text(last.run_id) } };
  }
}
